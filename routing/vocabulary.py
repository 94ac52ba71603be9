"""The vocabulary routing conditions may name: LABELS.md's labels (defined once, in
``classifier.labels``, a light module) plus routing's own channels, priorities and deadlines.
"""

from __future__ import annotations

from classifier.labels import DOMAINS, FLAGS, KINDS

__all__ = ["CHANNELS", "DEADLINE_NAMES", "DOMAINS", "FLAGS", "KINDS", "PRIORITIES"]
CHANNELS = ("mail", "in_person", "online", "referral")
PRIORITIES = ("P1", "P2", "P3")
DEADLINE_NAMES = ("processing", "acceptance", "resolution")
# LABELS.md: "re_complaint ... always comes with backlog".
FLAG_IMPLIES = {"re_complaint": {"backlog"}}

KIND_VI = {"khieu_nai": "khiếu nại", "to_cao": "tố cáo", "kien_nghi": "kiến nghị, phản ánh"}
DOMAIN_VI = {
    "land": "đất đai",
    "construction": "xây dựng",
    "religion_sensitive": "tôn giáo / nhạy cảm",
    "mass_complaint": "đông người",
}
FLAG_VI = {
    "backlog": "tồn đọng, kéo dài",
    "re_complaint": "khiếu nại/tố cáo lại sau khi đã giải quyết",
    "hotspot": "nguy cơ điểm nóng",
    "anonymous": "nặc danh",
    "central_referral": "do cơ quan Trung ương chuyển",
    "beyond_level": "vượt cấp",
}
