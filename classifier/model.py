"""The petition classifier: text in, LABELS.md labels with confidences out.

    model = load_model()                # newest models/<version>/, or the rules-only fallback
    labels = model.classify(text)       # {"kind", "domains", "flags", "signers", "district",
                                        #  "confidence", "needs_review"}

Statistics decide kind, domains and flags (logistic regression on accent-folded word and
character n-grams plus cue features, per-label thresholds chosen on out-of-fold predictions).
Rules decide the signer count and the district (classifier.signers, classifier.district), and
mass_complaint follows the signer count, as LABELS.md defines it. A missing or incompatible
artifact degrades to rules with needs_review instead of failing.

Errors: ClassifierError (code, Vietnamese message) → EmptyTextError, TextTooLongError,
ModelError (an artifact that cannot be read).
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import joblib

from classifier.cues import cue_counts
from classifier.district import find_district
from classifier.features import FeatureSet, PreparedText, dense_features, prepare
from classifier.labels import DOMAINS, FLAGS, KINDS, MASS_SIGNERS
from classifier.signers import count_signers

log = logging.getLogger(__name__)

# Bump when the artifact layout or the features change: an older artifact is then retrained.
FORMAT_VERSION = 4
MODEL_FILE = "model.joblib"
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


@dataclass
class PetitionClassifier:
    """A trained model: feature views, one head per label, and their decision thresholds."""

    features: FeatureSet
    kind_model: Any
    heads: dict[str, Any]
    thresholds: dict[str, float]
    # Per head, the probability band [low, high) where out-of-fold decisions were unreliable.
    bands: dict[str, tuple[float, float]] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    def classify(self, text: str) -> dict[str, Any]:
        """Return the labels of one petition text (raises ClassifierError on bad input)."""
        doc = prepare(check_text(text))
        return self.classify_prepared([doc], [text])[0]

    def classify_many(self, texts: list[str]) -> list[dict[str, Any]]:
        """Classify several texts at once (faster: one matrix); texts must be valid."""
        docs = [prepare(check_text(t)) for t in texts]
        return self.classify_prepared(docs, texts)

    def classify_prepared(self, docs: list[PreparedText], texts: list[str]) -> list[dict[str, Any]]:
        """Classify texts already prepared by features.prepare."""
        matrix = self.features.transform(docs)
        kind_p = self.kind_model.predict_proba(matrix)
        head_p = {name: model.predict_proba(matrix)[:, 1] for name, model in self.heads.items()}
        results = []
        for i, text in enumerate(texts):
            kinds = dict(zip(self.kind_model.classes_, kind_p[i], strict=True))
            probs = {name: float(p[i]) for name, p in head_p.items()}
            results.append(_decide(text, kinds, probs, self.thresholds, self.bands))
        return results

    def save(self, directory: Path) -> Path:
        """Write the artifact atomically (temporary file, then rename) into directory."""
        directory.mkdir(parents=True, exist_ok=True)
        target = directory / MODEL_FILE
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        os.close(fd)
        payload = {"format_version": FORMAT_VERSION, "model": self, "meta": self.meta}
        joblib.dump(payload, tmp, compress=3)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
        return target


class RulesOnlyClassifier:
    """Used when no compatible model exists: rules and cues, every petition sent to review."""

    meta: ClassVar[dict[str, Any]] = {"version": "rules-only"}

    def classify(self, text: str) -> dict[str, Any]:
        """Classify one text with rules alone; needs_review is always true."""
        doc = prepare(check_text(text))
        cues = cue_counts(doc.folded)
        kind = (
            "to_cao"
            if cues["denounce"] > cues["complain"]
            else ("khieu_nai" if cues["complain"] else "kien_nghi")
        )
        kinds = {k: (0.5 if k == kind else 0.25) for k in KINDS}
        probs = {
            "land": 0.6
            if any(w in doc.folded for w in ("thua dat", "thu hoi dat", "so do"))
            else 0.1,
            "construction": 0.6 if any(w in doc.folded for w in ("xay dung", "giay phep")) else 0.1,
            "religion_sensitive": 0.6 if cues["religion"] else 0.1,
            "anonymous": 0.6 if cues["anonymous"] and not cues["named_writer"] else 0.1,
            "central_referral": 0.6 if cues["forward_slip"] else 0.1,
            "hotspot": 0.6 if cues["hotspot"] >= 2 else 0.1,
            "backlog": 0.6 if cues["formal_answer"] or cues["long_running"] else 0.1,
            "re_complaint": 0.6 if cues["second_round"] and cues["formal_answer"] else 0.1,
            "beyond_level": 0.6 if cues["beyond_level"] else 0.1,
        }
        labels = _decide(text, kinds, probs, dict.fromkeys(probs, 0.5), {})
        labels["needs_review"] = True
        return labels

    def classify_many(self, texts: list[str]) -> list[dict[str, Any]]:
        """Classify several texts."""
        return [self.classify(t) for t in texts]


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


def _decide(
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


def default_models_dir() -> Path:
    """The repository's models/ folder (next to the installed packages in a checkout)."""
    return Path(__file__).resolve().parent.parent / "models"


def latest_model_path(models_dir: Path | None = None) -> Path | None:
    """The newest artifact under models_dir (versions sort by name), or None."""
    root = models_dir or default_models_dir()
    found = sorted(root.glob(f"*/{MODEL_FILE}"))
    return found[-1] if found else None


def load_model(
    path: Path | None = None, *, fallback: bool = True
) -> PetitionClassifier | RulesOnlyClassifier:
    """Load a model artifact (the newest when path is None); fall back to rules when allowed."""
    target = path or latest_model_path()
    try:
        if target is None:
            raise ModelError("Chưa có mô hình phân loại đã huấn luyện (chạy `donthu train`).")
        return _read_artifact(target)
    except ModelError:
        if not fallback:
            raise
        log.warning("no usable model at %s: classifying with rules only", target)
        return RulesOnlyClassifier()


def _read_artifact(target: Path) -> PetitionClassifier:
    import sklearn

    try:
        payload = joblib.load(target)
    except Exception as exc:  # joblib raises many kinds on a damaged file
        raise ModelError(f"Không đọc được tệp mô hình {target.name}.") from exc
    meta = payload.get("meta", {}) if isinstance(payload, dict) else {}
    if payload.get("format_version") != FORMAT_VERSION:
        raise ModelError("Tệp mô hình thuộc phiên bản định dạng khác; cần huấn luyện lại.")
    trained_with = meta.get("libraries", {}).get("scikit-learn")
    if trained_with != sklearn.__version__:
        raise ModelError(
            f"Mô hình được huấn luyện với scikit-learn {trained_with}, máy này có "
            f"{sklearn.__version__}; cần huấn luyện lại."
        )
    model = payload["model"]
    if not isinstance(model, PetitionClassifier):
        raise ModelError("Tệp mô hình không đúng loại.")
    if meta.get("dense_features") != len(dense_features(prepare("x"))):
        raise ModelError("Mô hình được huấn luyện với bộ đặc trưng khác; cần huấn luyện lại.")
    return model
