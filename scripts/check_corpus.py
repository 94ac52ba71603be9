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

KINDS = {"khieu_nai", "to_cao", "kien_nghi"}
DOMAINS = {"land", "construction", "religion_sensitive", "mass_complaint"}
FLAGS = {"backlog", "re_complaint", "hotspot", "anonymous", "central_referral", "beyond_level"}
TOPICS = set(
    "land_recovery compensation land_certificate land_dispute encroachment illegal_construction "
    "building_permit apartment construction_damage religion political social_policy "
    "officials_conduct corruption environment justice labor health education traffic other".split()
)
DISTRICTS = [
    "Ba Đình", "Hoàn Kiếm", "Tây Hồ", "Long Biên", "Cầu Giấy", "Đống Đa", "Hai Bà Trưng",
    "Hoàng Mai", "Thanh Xuân", "Nam Từ Liêm", "Bắc Từ Liêm", "Hà Đông", "Sơn Tây", "Sóc Sơn",
    "Đông Anh", "Gia Lâm", "Thanh Trì", "Mê Linh", "Ba Vì", "Phúc Thọ", "Đan Phượng",
    "Hoài Đức", "Quốc Oai", "Thạch Thất", "Chương Mỹ", "Thanh Oai", "Thường Tín", "Phú Xuyên",
    "Ứng Hòa", "Mỹ Đức",
]
FIELDS = {"id", "text", "kind", "domains", "topic", "signers", "district", "flags"}


def check_record(rec: dict) -> list[str]:
    """Return the rule violations of one record (empty when it is valid)."""
    errs = []
    missing = {"id", "text", "kind", "domains", "signers", "district", "flags"} - rec.keys()
    if missing:
        return [f"missing fields {sorted(missing)}"]
    extra = rec.keys() - FIELDS
    if extra:
        errs.append(f"unknown fields {sorted(extra)}")
    if not isinstance(rec["text"], str) or len(rec["text"].strip()) < 20:
        errs.append("text too short")
    elif unicodedata.normalize("NFC", rec["text"]) != rec["text"]:
        errs.append("text not NFC")
    if rec["kind"] not in KINDS:
        errs.append(f"bad kind {rec['kind']!r}")
    if not isinstance(rec["domains"], list) or set(rec["domains"]) - DOMAINS:
        errs.append(f"bad domains {rec['domains']!r}")
    if not isinstance(rec["flags"], list) or set(rec["flags"]) - FLAGS:
        errs.append(f"bad flags {rec['flags']!r}")
    if "topic" in rec and rec["topic"] not in TOPICS:
        errs.append(f"bad topic {rec['topic']!r}")
    if rec["district"] is not None and rec["district"] not in DISTRICTS:
        errs.append(f"bad district {rec['district']!r}")
    signers = rec["signers"]
    if not isinstance(signers, int) or isinstance(signers, bool) or signers < 1:
        errs.append(f"bad signers {signers!r}")
    elif (signers >= 5) != ("mass_complaint" in rec["domains"]):
        errs.append("signers >= 5 must hold exactly when mass_complaint is a domain")
    if "re_complaint" in rec["flags"] and "backlog" not in rec["flags"]:
        errs.append("re_complaint without backlog")
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
    print("domains:", dict(count(d for r in recs for d in r.get("domains", []))),
          "none:", sum(1 for r in recs if not r.get("domains")))
    print("flags:", dict(count(f for r in recs for f in r.get("flags", []))))
    print("topic:", dict(count(r.get("topic") for r in recs)))
    print("district:", dict(count(r.get("district") for r in recs)))
    words = sorted(len(r.get("text", "").split()) for r in recs) or [0]
    print("words: min", words[0], "median", words[len(words) // 2], "max", words[-1])


if __name__ == "__main__":
    sys.exit(main())
