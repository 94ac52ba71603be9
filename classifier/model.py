"""The petition classifier: text in, LABELS.md labels with confidences out.

    model = load_model()                # newest models/<version>/, or the rules-only fallback
    labels = model.classify(text)       # {"kind", "domains", "flags", "signers", "district",
                                        #  "confidence", "needs_review"}

Statistics decide kind, domains and flags (a linear SVM for kind, logistic heads for domains
and flags, on accent-folded word and character n-grams plus cue features; probabilities
calibrated and thresholds chosen on out-of-fold predictions). Rules decide the signer count
and the district (classifier.signers, classifier.district), and mass_complaint follows the
signer count, as LABELS.md defines it. Training uses scikit-learn (PetitionClassifier); the
artifact holds the compiled arrays (classifier.compact), so loading needs no scikit-learn. A
missing or incompatible artifact degrades to rules with needs_review instead of failing.

Errors (classifier.decide): ClassifierError (code, Vietnamese message) → EmptyTextError,
TextTooLongError, ModelError.
"""

from __future__ import annotations

import logging
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from classifier.compact import CompactClassifier
from classifier.cues import cue_counts
from classifier.decide import (
    TEXT_DOMAINS,
    ClassifierError,
    EmptyTextError,
    ModelError,
    TextTooLongError,
    check_text,
    decide,
)
from classifier.features import PreparedText, dense_features, prepare
from classifier.labels import KINDS

log = logging.getLogger(__name__)

# Bump when the artifact layout or the features change: an older artifact is then retrained.
FORMAT_VERSION = 5
MODEL_FILE = "model.pkl"

__all__ = [
    "TEXT_DOMAINS",
    "ClassifierError",
    "CompactClassifier",
    "EmptyTextError",
    "ModelError",
    "PetitionClassifier",
    "RulesOnlyClassifier",
    "TextTooLongError",
    "load_model",
]


@dataclass
class PetitionClassifier:
    """A model as trained (scikit-learn objects): feature views, kind model, one head per label."""

    features: Any  # classifier.features.FeatureSet
    kind_model: Any
    heads: dict[str, Any]
    thresholds: dict[str, float]
    # Per head, the probability band [low, high) where out-of-fold decisions were unreliable.
    bands: dict[str, tuple[float, float]] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    def classify_many(self, texts: list[str]) -> list[dict[str, Any]]:
        """Classify several texts with the scikit-learn objects (one matrix)."""
        docs = [prepare(check_text(t)) for t in texts]
        matrix = self.features.transform(docs)
        kind_p = self.kind_model.predict_proba(matrix)
        head_p = {name: model.predict_proba(matrix)[:, 1] for name, model in self.heads.items()}
        results = []
        for i, text in enumerate(texts):
            kinds = dict(zip(self.kind_model.classes_, kind_p[i].tolist(), strict=True))
            probs = {name: float(p[i]) for name, p in head_p.items()}
            results.append(decide(text, kinds, probs, self.thresholds, self.bands))
        return results


def classify_compact(model: CompactClassifier, texts: list[str]) -> list[dict[str, Any]]:
    """Classify texts with a compiled model (raises ClassifierError on a bad text)."""
    results = []
    for text in texts:
        doc: PreparedText = prepare(check_text(text))
        kinds, probs = model.probabilities(doc)
        results.append(decide(text, kinds, probs, model.thresholds, model.bands))
    return results


class ServingClassifier:
    """The loaded artifact: a compiled model behind classify / classify_many."""

    def __init__(self, model: CompactClassifier) -> None:
        self.model = model
        self.meta = model.meta

    def classify(self, text: str) -> dict[str, Any]:
        """Return the labels of one petition text (raises ClassifierError on bad input)."""
        return classify_compact(self.model, [text])[0]

    def classify_many(self, texts: list[str]) -> list[dict[str, Any]]:
        """Classify several texts."""
        return classify_compact(self.model, texts)


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
        labels = decide(text, kinds, probs, dict.fromkeys(probs, 0.5), {})
        labels["needs_review"] = True
        return labels

    def classify_many(self, texts: list[str]) -> list[dict[str, Any]]:
        """Classify several texts."""
        return [self.classify(t) for t in texts]


def save_artifact(model: CompactClassifier, directory: Path) -> Path:
    """Write the artifact atomically (temporary file, then rename) into directory."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / MODEL_FILE
    fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
    with os.fdopen(fd, "wb") as out:
        pickle.dump(
            {"format_version": FORMAT_VERSION, "model": model, "meta": model.meta}, out, protocol=5
        )
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)
    return target


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
) -> ServingClassifier | RulesOnlyClassifier:
    """Load a model artifact (the newest when path is None); fall back to rules when allowed."""
    target = path or latest_model_path()
    try:
        if target is None:
            raise ModelError("Chưa có mô hình phân loại đã huấn luyện (chạy `donthu train`).")
        return ServingClassifier(_read_artifact(target))
    except ModelError:
        if not fallback:
            raise
        log.warning("no usable model at %s: classifying with rules only", target)
        return RulesOnlyClassifier()


def _read_artifact(target: Path) -> CompactClassifier:
    try:
        with target.open("rb") as stream:
            payload = pickle.load(stream)  # our own artifact, written by save_artifact
    except Exception as exc:  # a damaged pickle raises many kinds
        raise ModelError(f"Không đọc được tệp mô hình {target.name}.") from exc
    if not isinstance(payload, dict) or payload.get("format_version") != FORMAT_VERSION:
        raise ModelError("Tệp mô hình thuộc phiên bản định dạng khác; cần huấn luyện lại.")
    model = payload["model"]
    if not isinstance(model, CompactClassifier):
        raise ModelError("Tệp mô hình không đúng loại.")
    if model.meta.get("dense_features") != len(dense_features(prepare("x"))):
        raise ModelError("Mô hình được huấn luyện với bộ đặc trưng khác; cần huấn luyện lại.")
    return model
