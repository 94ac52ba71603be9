"""From probabilities and rules to one LABELS.md record: thresholds, review, bad input.

Shared by every classifier (the compact serving model, the scikit-learn training model, the
rules-only fallback), so they decide alike.

Errors: ClassifierError (code, Vietnamese message) → EmptyTextError, TextTooLongError,
ModelError (an artifact that cannot be read).
"""

from __future__ import annotations

from typing import Any

from classifier.district import find_district
from classifier.labels import DOMAINS, FLAGS, MASS_SIGNERS
from classifier.signers import count_signers

TEXT_DOMAINS = ("land", "construction", "religion_sensitive")  # mass_complaint follows signers
MAX_TEXT_CHARS = 200_000
# Below these a field is "unsure" and the petition goes to a reviewer.
REVIEW_KIND = 0.70
REVIEW_MARGIN = 0.15
REVIEW_DISTRICT = 0.60
REVIEW_SIGNERS = 0.70


class ClassifierError(Exception):
    """Base of the classifier's errors: a stable code and a Vietnamese message for clerks."""

    code = "classifier_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class EmptyTextError(ClassifierError):
    """The petition has no readable text."""

    code = "empty_text"


class TextTooLongError(ClassifierError):
    """The text is longer than any petition could be."""

    code = "text_too_long"


class ModelError(ClassifierError):
    """A model artifact is missing, corrupt or built by incompatible library versions."""

    code = "model_error"


def check_text(text: str) -> str:
    """Refuse what cannot be a petition's text, with a reason a clerk understands."""
    if not isinstance(text, str) or not text.strip():
        raise EmptyTextError("Đơn không có nội dung chữ để phân loại.")
    if len(text) > MAX_TEXT_CHARS:
        raise TextTooLongError(
            f"Nội dung đơn quá dài ({len(text):,} ký tự, tối đa {MAX_TEXT_CHARS:,}); "
            "hãy kiểm tra lại tệp đã nhận dạng."
        )
    letters = sum(ch.isalpha() for ch in text)
    if letters < 10 or letters / max(1, len(text.strip())) < 0.3:
        raise EmptyTextError(
            "Nội dung đơn không đọc được (không phải chữ viết), cần kiểm tra bản gốc."
        )
    return text


def decide(
    text: str,
    kinds: dict[str, float],
    probs: dict[str, float],
    thresholds: dict[str, float],
    bands: dict[str, tuple[float, float]],
) -> dict[str, Any]:
    """Turn probabilities and rule results into one LABELS.md record with confidences."""
    kind = max(kinds, key=kinds.__getitem__)
    signer_count = count_signers(text)
    district = find_district(text)
    domains = [d for d in TEXT_DOMAINS if probs[d] >= thresholds[d]]
    mass = signer_count.signers >= MASS_SIGNERS
    if mass:
        domains.append("mass_complaint")
    flags = [f for f in FLAGS if probs[f] >= thresholds[f]]
    if "re_complaint" in flags and "backlog" not in flags:
        flags.insert(0, "backlog")  # LABELS.md: a re-complaint is always a long-running case
    mass_p = signer_count.confidence if mass else 1 - signer_count.confidence
    confidence = {
        "kind": round(kinds[kind], 3),
        "signers": round(signer_count.confidence, 3),
        "district": round(district.confidence, 3),
        "domains": {d: round(probs[d], 3) for d in TEXT_DOMAINS}
        | {"mass_complaint": round(mass_p, 3)},
        "flags": {f: round(probs[f], 3) for f in FLAGS},
    }
    unsure = (
        kinds[kind] < REVIEW_KIND
        or district.confidence < REVIEW_DISTRICT
        or signer_count.confidence < REVIEW_SIGNERS
        or any(_unsure(probs[n], thresholds[n], bands.get(n)) for n in (*TEXT_DOMAINS, *FLAGS))
    )
    return {
        "kind": kind,
        "domains": [d for d in DOMAINS if d in domains],
        "flags": [f for f in FLAGS if f in flags],
        "signers": signer_count.signers,
        "district": district.district,
        "confidence": confidence,
        "needs_review": bool(unsure or "religion_sensitive" in domains),
    }


def _unsure(p: float, threshold: float, band: tuple[float, float] | None) -> bool:
    """Whether a head's probability falls where its out-of-fold decisions were unreliable."""
    if band is None:
        return abs(p - threshold) < REVIEW_MARGIN
    return band[0] <= p < band[1]
