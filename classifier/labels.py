"""The label vocabulary of ../shared/spec/LABELS.md, and the rules a labelled record obeys."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

KINDS = ("khieu_nai", "to_cao", "kien_nghi")
DOMAINS = ("land", "construction", "religion_sensitive", "mass_complaint")
FLAGS = ("backlog", "re_complaint", "hotspot", "anonymous", "central_referral", "beyond_level")
TOPICS = (
    "land_recovery",
    "compensation",
    "land_certificate",
    "land_dispute",
    "encroachment",
    "illegal_construction",
    "building_permit",
    "apartment",
    "construction_damage",
    "religion",
    "political",
    "social_policy",
    "officials_conduct",
    "corruption",
    "environment",
    "justice",
    "labor",
    "health",
    "education",
    "traffic",
    "other",
)
# The plan's 2014 map, canonical spelling (NFC), in the order LABELS.md lists them.
DISTRICTS = (
    "Ba Đình",
    "Hoàn Kiếm",
    "Tây Hồ",
    "Long Biên",
    "Cầu Giấy",
    "Đống Đa",
    "Hai Bà Trưng",
    "Hoàng Mai",
    "Thanh Xuân",
    "Nam Từ Liêm",
    "Bắc Từ Liêm",
    "Hà Đông",
    "Sơn Tây",
    "Sóc Sơn",
    "Đông Anh",
    "Gia Lâm",
    "Thanh Trì",
    "Mê Linh",
    "Ba Vì",
    "Phúc Thọ",
    "Đan Phượng",
    "Hoài Đức",
    "Quốc Oai",
    "Thạch Thất",
    "Chương Mỹ",
    "Thanh Oai",
    "Thường Tín",
    "Phú Xuyên",
    "Ứng Hòa",
    "Mỹ Đức",
)
# Signers from this many up make a mass complaint (Luật Tiếp công dân 2013, art. 29).
MASS_SIGNERS = 5


def label_errors(record: Mapping[str, Any]) -> list[str]:
    """Return the ways a labelled record breaks LABELS.md (empty when it is valid)."""
    errors = []
    if record.get("kind") not in KINDS:
        errors.append(f"kind must be one of {KINDS}")
    domains, flags = record.get("domains"), record.get("flags")
    if not isinstance(domains, list) or not set(domains) <= set(DOMAINS):
        errors.append(f"domains must be a list drawn from {DOMAINS}")
        domains = []
    if not isinstance(flags, list) or not set(flags) <= set(FLAGS):
        errors.append(f"flags must be a list drawn from {FLAGS}")
        flags = []
    district = record.get("district")
    if district is not None and district not in DISTRICTS:
        errors.append(f"unknown district {district!r}")
    signers = record.get("signers")
    if not isinstance(signers, int) or isinstance(signers, bool) or signers < 1:
        errors.append("signers must be a whole number >= 1")
    elif (signers >= MASS_SIGNERS) != ("mass_complaint" in domains):
        errors.append("mass_complaint must be a domain exactly when signers >= 5")
    if "re_complaint" in flags and "backlog" not in flags:
        errors.append("re_complaint requires backlog")
    return errors
