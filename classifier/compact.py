"""The trained model as plain arrays, for fast loading: no scikit-learn at classification time.

Importing scikit-learn costs more than a second (it pulls in scipy.stats), which alone would
break "the model loads in under 2 s". Training still uses scikit-learn; `compile_model` then
copies what classification needs — vocabularies, idf weights, one weight matrix for the kind
model and every head, the calibrators — and `CompactClassifier` recomputes exactly what the
scikit-learn pipeline computes (tf-idf with sublinear tf and l2 norm per view, char_wb n-grams,
linear scores, Platt calibration). `tests/classifier/test_compact.py` checks they agree.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from classifier.features import PreparedText, dense_features

_WHITESPACE = re.compile(r"\s\s+")
_TOKEN = re.compile(r"\S+")


@dataclass
class _View:
    """One tf-idf view: its vocabulary, idf weights and n-gram settings."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    ngrams: tuple[int, int]
    chars: bool

    def grams(self, text: str) -> list[str]:
        """The n-grams scikit-learn's analyzer ("word" on \\S+ tokens, or "char_wb") makes."""
        low, high = self.ngrams
        if not self.chars:
            tokens = _TOKEN.findall(text)
            out = list(tokens) if low == 1 else []
            for n in range(max(low, 2), min(high, len(tokens)) + 1):
                out.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
            return out
        out = []
        for word in _WHITESPACE.sub(" ", text).split():
            padded = f" {word} "
            for n in range(low, high + 1):
                if len(padded) <= n:
                    out.append(padded)
                    break
                out.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
        return out

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(column indices, l2-normalized sublinear tf-idf values) of one text."""
        counts = Counter(g for g in self.grams(text) if g in self.vocabulary)
        if not counts:
            return np.empty(0, dtype=np.int64), np.empty(0)
        idx = np.fromiter((self.vocabulary[g] for g in counts), dtype=np.int64, count=len(counts))
        tf = np.fromiter(
            (1.0 + math.log(c) for c in counts.values()), dtype=float, count=len(counts)
        )
        values = tf * self.idf[idx]
        return idx, values / np.linalg.norm(values)


@dataclass
class CompactClassifier:
    """Everything classification needs, as arrays; see compile_model."""

    words: _View
    chars: _View
    kind_classes: list[str]
    head_names: list[str]
    weights: np.ndarray  # (3 kinds + heads, features): kind margins, then head log-odds
    biases: np.ndarray
    kind_calibration: tuple[np.ndarray, np.ndarray]  # multinomial: coef (3, 3), intercept (3,)
    head_calibration: np.ndarray  # (heads, 2): slope and intercept of each head's sigmoid
    thresholds: dict[str, float]
    bands: dict[str, tuple[float, float]]
    meta: dict[str, Any] = field(default_factory=dict)

    def scores(self, doc: PreparedText) -> np.ndarray:
        """Raw linear scores of one prepared text: kind margins, then head log-odds."""
        w_idx, w_val = self.words.vector(doc.tokens)
        c_idx, c_val = self.chars.vector(doc.folded)
        offset = len(self.words.vocabulary)
        dense = np.asarray(dense_features(doc))
        dense_start = offset + len(self.chars.vocabulary)
        idx = np.concatenate([w_idx, c_idx + offset, np.arange(len(dense)) + dense_start])
        values = np.concatenate([w_val, c_val, dense])
        return self.weights[:, idx] @ values + self.biases

    def probabilities(self, doc: PreparedText) -> tuple[dict[str, float], dict[str, float]]:
        """Calibrated kind probabilities and head probabilities of one prepared text."""
        raw = self.scores(doc)
        n_kinds = len(self.kind_classes)
        coef, intercept = self.kind_calibration
        z = coef @ raw[:n_kinds] + intercept
        z = np.exp(z - z.max())
        kinds = dict(zip(self.kind_classes, (z / z.sum()).tolist(), strict=True))
        slope, bias = self.head_calibration[:, 0], self.head_calibration[:, 1]
        p = 1.0 / (1.0 + np.exp(-(slope * raw[n_kinds:] + bias)))
        return kinds, dict(zip(self.head_names, p.tolist(), strict=True))


def _view(vectorizer: Any, chars: bool) -> _View:
    vocabulary = {str(k): int(v) for k, v in vectorizer.vocabulary_.items()}
    return _View(
        vocabulary,
        np.asarray(vectorizer.idf_, dtype=np.float32),
        tuple(vectorizer.ngram_range),
        chars,
    )


def compile_model(model: Any) -> CompactClassifier:
    """Copy a trained classifier.model.PetitionClassifier's parameters into arrays."""
    kind_svm, kind_cal = model.kind_model.model, model.kind_model.calibrator
    names = list(model.heads)
    head_coefs = [model.heads[n].model.coef_.ravel() for n in names]
    head_biases = [float(model.heads[n].model.intercept_[0]) for n in names]
    calibration = np.array(
        [
            [
                float(model.heads[n].calibrator.coef_[0, 0]),
                float(model.heads[n].calibrator.intercept_[0]),
            ]
            for n in names
        ]
    )
    if list(kind_cal.classes_) != list(kind_svm.classes_):
        raise ValueError("kind calibrator and model disagree on class order")
    return CompactClassifier(
        words=_view(model.features.words, chars=False),
        chars=_view(model.features.chars, chars=True),
        kind_classes=[str(c) for c in kind_svm.classes_],
        head_names=names,
        weights=np.vstack([kind_svm.coef_, *head_coefs]).astype(np.float32),
        biases=np.concatenate([kind_svm.intercept_, head_biases]).astype(float),
        kind_calibration=(
            np.asarray(kind_cal.coef_, float),
            np.asarray(kind_cal.intercept_, float),
        ),
        head_calibration=calibration,
        thresholds=dict(model.thresholds),
        bands=dict(model.bands),
        meta=dict(model.meta),
    )
