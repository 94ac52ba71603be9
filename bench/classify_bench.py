"""Classifier benchmark: load time, throughput per core, held-out quality with and without
diacritics, against the rules-only fallback (a careful clerk's cue list) in the same run.

    python -m bench.classify_bench        # writes docs/benchmarks/classify.md
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "benchmarks" / "classify.md"


def _rate(fn, texts: list[str], repeats: int = 3) -> float:
    """Best-of-N petitions per second for fn(texts) in this one process (one core)."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        fn(texts)
        best = min(best, time.perf_counter() - started)
    return len(texts) / best


def main(argv: list[str]) -> int:
    """Measure and write the classifier section."""
    import subprocess

    from classifier import RulesOnlyClassifier, load_model
    from classifier.corpus import read_corpus
    from classifier.features import prepare
    from classifier.metrics import evaluate
    from ingest.normalize import fold_diacritics

    load = subprocess.run(
        [
            sys.executable,
            "-c",
            "import time; t=time.perf_counter(); from classifier import "
            "load_model; m=load_model(fallback=False); m.classify('Kính gửi UBND quận Ba Đình, tôi "
            "đề nghị sửa đường.'); print(time.perf_counter()-t)",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    load_s = float(load.stdout.strip().splitlines()[-1])
    model = load_model(fallback=False)
    heldout = read_corpus([ROOT / "samples" / "corpus" / "heldout"])
    texts = [r["text"] for r in heldout]
    words = statistics.median(len(t.split()) for t in texts)
    model.classify_many(texts[:5])  # warm caches
    tokenize_rate = _rate(lambda ts: [prepare(t) for t in ts], texts)
    model_rate = _rate(model.classify_many, texts)
    from datetime import date

    from routing import load_ruleset, route

    ruleset = load_ruleset()
    received = date(2024, 6, 3)
    predicted = model.classify_many(texts)
    unit_ok = prio_ok = 0
    for gold, pred, text in zip(heldout, predicted, texts, strict=True):
        want = route(gold, received_at=received, text=text, ruleset=ruleset)
        got = route(pred, received_at=received, text=text, ruleset=ruleset)
        unit_ok += want["unit"] == got["unit"]
        prio_ok += want["priority"] == got["priority"]
    rows = []
    for name, clf in (("model", model), ("rules only (cue list)", RulesOnlyClassifier())):
        for folded in (False, True):
            batch = [fold_diacritics(t) for t in texts] if folded else texts
            m = evaluate(heldout, clf.classify_many(batch))
            rows.append((name, "removed" if folded else "kept", m))
    lines = [
        "## Classifier",
        "",
        f"Held-out letters: {len(heldout)} (median {words:.0f} words), never trained on. Model "
        f"`{model.meta.get('version')}`. Command: `python -m bench.classify_bench`.",
        "",
        f"- Load model + first classification in a fresh process: **{load_s:.2f} s** (target < 2 s)",
        f"- Throughput on one core, tokenization included: **{model_rate:.0f} petitions/s** "
        f"(target >= 50); underthesea preparation alone: {tokenize_rate:.0f}/s",
        "",
        f"- End to end from text (classifier + routing) against routing of the gold labels: "
        f"primary unit right **{unit_ok / len(texts):.1%}** (target >= 92%), priority right "
        f"**{prio_ok / len(texts):.1%}** (target >= 88%)", "",
        "| classifier | diacritics | kind acc | domain macro-F1 | religion R / P | mass F1 | "
        "district acc | flags macro-F1 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, dia, m in rows:
        rel = m["domains"]["religion_sensitive"]
        lines.append(
            f"| {name} | {dia} | {m['kind_accuracy']:.3f} | {m['domain_macro_f1']:.3f} | "
            f"{rel['recall']:.3f} / {rel['precision']:.3f} | "
            f"{m['domains']['mass_complaint']['f1']:.3f} | {m['district_accuracy']:.3f} | "
            f"{m['flags_macro_f1']:.3f} |"
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
