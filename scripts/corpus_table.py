"""Print the corpus distribution as markdown tables (for samples/corpus/DATASHEET.md).

Usage: python scripts/corpus_table.py   (reads samples/corpus/train and samples/corpus/heldout)
"""

from __future__ import annotations

import collections
import statistics
import sys
from pathlib import Path

from classifier.corpus import read_corpus
from classifier.labels import DISTRICTS, DOMAINS, FLAGS, KINDS

ROOT = Path(__file__).resolve().parent.parent / "samples" / "corpus"


def main() -> int:
    """Print one table per label family, train and held-out side by side."""
    splits = {name: read_corpus([ROOT / name]) for name in ("train", "heldout")}
    writers = {
        n: collections.Counter(r["id"].split("-")[0] for r in recs) for n, recs in splits.items()
    }
    print("| | train | held-out |\n|---|---|---|")
    print(f"| letters | {len(splits['train'])} | {len(splits['heldout'])} |")
    print(
        f"| writers | {', '.join(f'{k} {v}' for k, v in sorted(writers['train'].items()))} | "
        f"{', '.join(f'{k} {v}' for k, v in sorted(writers['heldout'].items()))} |"
    )
    for split, recs in splits.items():
        words = [len(r["text"].split()) for r in recs]
        print(
            f"| words ({split}) | min {min(words)}, median {statistics.median(words):.0f}, max {max(words)} | |"
        )

    def row(name: str, test) -> None:
        cells = []
        for recs in splits.values():
            n = sum(1 for r in recs if test(r))
            cells.append(f"{n} ({n / len(recs):.0%})")
        print(f"| {name} | {' | '.join(cells)} |")

    for kind in KINDS:
        row(f"kind {kind}", lambda r, k=kind: r["kind"] == k)
    for domain in DOMAINS:
        row(f"domain {domain}", lambda r, d=domain: d in r["domains"])
    row("no domain", lambda r: not r["domains"])
    for flag in FLAGS:
        row(f"flag {flag}", lambda r, f=flag: f in r["flags"])
    row("no district", lambda r: r["district"] is None)
    row("no diacritics (ASCII letters only)", lambda r: r["text"].isascii())
    row("signers 2-4", lambda r: 2 <= r["signers"] <= 4)
    per = [collections.Counter(r["district"] for r in recs) for recs in splits.values()]
    print(
        f"| letters per district (min-max) | {min(per[0][d] for d in DISTRICTS)}-"
        f"{max(per[0][d] for d in DISTRICTS)} | {min(per[1][d] for d in DISTRICTS)}-"
        f"{max(per[1][d] for d in DISTRICTS)} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
