"""Text → feature matrix, robust to OCR noise and missing diacritics.

Everything the model sees is accent-folded ("quyết định" and "quyet dinh" are one token), so a
letter typed without diacritics looks the same as one with them. Three views are stacked:
underthesea word segments (1-2 grams), character 2-5 grams within words (they survive OCR
errors inside a word), and dense cue features (hand-written phrase groups, the span of years a
letter mentions, its length). Tokenization runs once per text and is shared by all views.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from classifier.cues import cue_vector, identity_vector
from ingest.normalize import fold_diacritics, normalize_text

_YEAR = re.compile(r"\b(19[89]\d|20[0-3]\d)\b")


@dataclass(frozen=True)
class PreparedText:
    """A petition text prepared once for every feature view."""

    folded: str  # normalized, accent-folded, lower case
    tokens: str  # folded underthesea word segments, space-separated, syllables joined by "_"


def prepare(text: str) -> PreparedText:
    """Normalize, segment (underthesea) and fold a text; the one tokenization per letter."""
    from underthesea import word_tokenize

    clean = normalize_text(text)
    words = word_tokenize(clean)
    tokens = " ".join(
        fold_diacritics(w).lower().replace(" ", "_") for w in words if any(c.isalnum() for c in w)
    )
    return PreparedText(folded=fold_diacritics(clean).lower(), tokens=tokens)


def prepare_many(texts: list[str], n_jobs: int = 1) -> list[PreparedText]:
    """Prepare many texts, across n_jobs processes (training only: a Celery worker's
    daemonic process may not start children, so classification prepares in-process)."""
    if n_jobs <= 1 or len(texts) < 200:
        return [prepare(t) for t in texts]
    from joblib import Parallel, delayed

    return Parallel(n_jobs=n_jobs, batch_size=32)(delayed(prepare)(t) for t in texts)


def dense_features(doc: PreparedText) -> list[float]:
    """Cue counts, span of years mentioned, and length, as one dense row."""
    years = [int(y) for y in _YEAR.findall(doc.folded)]
    span = (max(years) - min(years)) if years else 0
    return [
        *cue_vector(doc.folded),
        *identity_vector(doc.folded),
        math.log1p(min(span, 30)),
        math.log1p(len(doc.tokens) / 50),
    ]


def _identity(text: str) -> str:
    return text


class FeatureSet:
    """Fits the three views on training texts and turns prepared texts into one matrix."""

    def __init__(self) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer  # training only: slow import

        self.words = TfidfVectorizer(
            token_pattern=r"\S+",
            lowercase=False,
            ngram_range=(1, 2),
            min_df=2,
            sublinear_tf=True,
            max_features=60000,
            dtype=np.float32,
        )
        self.chars = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 5),
            min_df=2,
            sublinear_tf=True,
            max_features=120000,
            dtype=np.float32,
            preprocessor=_identity,
        )

    def fit(self, docs: list[PreparedText]) -> FeatureSet:
        """Learn the vocabularies from training texts."""
        self.words.fit([d.tokens for d in docs])
        self.chars.fit([d.folded for d in docs])
        return self

    def transform(self, docs: list[PreparedText]) -> Any:
        """Return the stacked feature matrix (scipy CSR) for prepared texts."""
        from scipy import sparse

        dense = sparse.csr_matrix(np.array([dense_features(d) for d in docs], dtype=np.float32))
        return sparse.hstack(
            [
                self.words.transform([d.tokens for d in docs]),
                self.chars.transform([d.folded for d in docs]),
                dense,
            ],
            format="csr",
        )
