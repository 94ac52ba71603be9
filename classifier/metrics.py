"""Per-label precision, recall and F1, kind confusion matrix, and the markdown table for both."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from classifier.labels import DOMAINS, FLAGS, KINDS, MASS_SIGNERS


def _prf(gold: Sequence[bool], pred: Sequence[bool]) -> dict[str, float]:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    fp = sum(p and not g for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    precision = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "support": tp + fn,
    }


def evaluate(
    gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """Compare predictions with gold labels, record by record; returns a metrics dict."""
    if len(gold) != len(pred):
        raise ValueError("gold and predictions differ in length")
    n = len(gold) or 1
    domains = {
        d: _prf([d in g["domains"] for g in gold], [d in p["domains"] for p in pred])
        for d in DOMAINS
    }
    flags = {
        f: _prf([f in g["flags"] for g in gold], [f in p["flags"] for p in pred]) for f in FLAGS
    }
    confusion = {
        k: {
            k2: sum(g["kind"] == k and p["kind"] == k2 for g, p in zip(gold, pred, strict=True))
            for k2 in KINDS
        }
        for k in KINDS
    }
    return {
        "records": len(gold),
        "kind_accuracy": round(
            sum(g["kind"] == p["kind"] for g, p in zip(gold, pred, strict=True)) / n, 4
        ),
        "kind_confusion": confusion,
        "domains": domains,
        "domain_macro_f1": round(sum(v["f1"] for v in domains.values()) / len(domains), 4),
        "flags": flags,
        "flags_macro_f1": round(sum(v["f1"] for v in flags.values()) / len(flags), 4),
        "district_accuracy": round(
            sum(g["district"] == p["district"] for g, p in zip(gold, pred, strict=True)) / n, 4
        ),
        "signers_exact": round(
            sum(g["signers"] == p["signers"] for g, p in zip(gold, pred, strict=True)) / n, 4
        ),
        "mass_from_signers_agree": round(
            sum(
                (g["signers"] >= MASS_SIGNERS) == (p["signers"] >= MASS_SIGNERS)
                for g, p in zip(gold, pred, strict=True)
            )
            / n,
            4,
        ),
        "needs_review_rate": round(sum(bool(p.get("needs_review")) for p in pred) / n, 4),
    }


def metrics_table(metrics: Mapping[str, Any], title: str = "") -> str:
    """Render a metrics dict as markdown (used by the model card and `donthu evaluate`)."""
    lines = [f"### {title}" if title else "", ""]
    lines += [
        f"Records: {metrics['records']}. Kind accuracy **{metrics['kind_accuracy']:.3f}**, "
        f"domain macro-F1 **{metrics['domain_macro_f1']:.3f}**, flags macro-F1 "
        f"**{metrics['flags_macro_f1']:.3f}**, district accuracy **{metrics['district_accuracy']:.3f}**, "
        f"signers exact {metrics['signers_exact']:.3f}, needs_review "
        f"{metrics['needs_review_rate']:.1%}.",
        "",
        "| label | precision | recall | F1 | support |",
        "|---|---|---|---|---|",
    ]
    for group in ("domains", "flags"):
        for name, m in metrics[group].items():
            lines.append(
                f"| {name} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | "
                f"{m['support']} |"
            )
    lines += [
        "",
        "Kind confusion (rows gold, columns predicted):",
        "",
        "| gold \\ pred | " + " | ".join(KINDS) + " |",
        "|---" * (len(KINDS) + 1) + "|",
    ]
    for k, row in metrics["kind_confusion"].items():
        lines.append(f"| {k} | " + " | ".join(str(row[k2]) for k2 in KINDS) + " |")
    return "\n".join(lines) + "\n"
