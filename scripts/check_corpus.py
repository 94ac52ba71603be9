"""Check labelled petitions against ../shared/spec/LABELS.md and report the distribution.

Usage: python scripts/check_corpus.py samples/corpus/*.jsonl [--near 0.5]

Exit status 1 when any record breaks a rule. Near-duplicates (letters sharing most of their
word 5-grams) are listed as warnings: a corpus of templates teaches a model templates.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import unicodedata
from pathlib import Path

from classifier.labels import TOPICS, label_errors

FIELDS = {"id", "text", "kind", "domains", "topic", "signers", "district", "flags"}


def check_record(rec: dict) -> list[str]:
    """Return the rule violations of one record (empty when it is valid)."""
    missing = {"id", "text", "kind", "domains", "signers", "district", "flags"} - rec.keys()
    if missing:
        return [f"missing fields {sorted(missing)}"]
    errs = label_errors(rec)
    if rec.keys() - FIELDS:
        errs.append(f"unknown fields {sorted(rec.keys() - FIELDS)}")
    if not isinstance(rec["text"], str) or len(rec["text"].strip()) < 20:
        errs.append("text too short")
    elif unicodedata.normalize("NFC", rec["text"]) != rec["text"]:
        errs.append("text not NFC")
    if "topic" in rec and rec["topic"] not in TOPICS:
        errs.append(f"bad topic {rec['topic']!r}")
    return errs


def shingles(text: str, n: int = 5) -> set[int]:
    words = text.lower().split()
    return {hash(" ".join(words[i : i + n])) for i in range(max(0, len(words) - n + 1))}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--near", type=float, default=0.5, help="Jaccard of word 5-grams to warn at")
    args = ap.parse_args()
    records, bad, ids = [], 0, collections.Counter()
    for path in args.files:
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                print(f"{path}:{no}: not JSON: {exc}")
                bad += 1
                continue
            for err in check_record(rec):
                print(f"{path}:{no}: {rec.get('id')}: {err}")
                bad += 1
            ids[rec.get("id")] += 1
            records.append((path, no, rec))
    for rid, n in ids.items():
        if n > 1:
            print(f"duplicate id {rid!r} ({n} times)")
            bad += 1
    sets = [(p, no, r, shingles(r.get("text", ""))) for p, no, r in records]
    near = 0
    for i in range(len(sets)):
        for j in range(i + 1, len(sets)):
            a, b = sets[i][3], sets[j][3]
            if a and b and len(a & b) / len(a | b) >= args.near:
                near += 1
                print(f"near-duplicate: {sets[i][2]['id']} ~ {sets[j][2]['id']}")
    _report([r for _, _, r in records])
    print(f"{len(records)} records, {bad} errors, {near} near-duplicate pairs")
    return 1 if bad else 0


def _report(recs: list[dict]) -> None:
    count = collections.Counter
    print("kind:", dict(count(r.get("kind") for r in recs)))
    print(
        "domains:",
        dict(count(d for r in recs for d in r.get("domains", []))),
        "none:",
        sum(1 for r in recs if not r.get("domains")),
    )
    print("flags:", dict(count(f for r in recs for f in r.get("flags", []))))
    print("topic:", dict(count(r.get("topic") for r in recs)))
    print("district:", dict(count(r.get("district") for r in recs)))
    words = sorted(len(r.get("text", "").split()) for r in recs) or [0]
    print("words: min", words[0], "median", words[len(words) // 2], "max", words[-1])


if __name__ == "__main__":
    sys.exit(main())
