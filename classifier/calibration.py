"""Probabilities a reviewer can read as frequencies: Platt scaling fitted on out-of-fold scores.

A linear model's decision scores (log-odds for logistic regression, margins for a linear SVM)
are re-mapped by a small logistic model fitted on scores for letters the model did not train
on, so that "0.8" means "right about 8 times in 10". The mapping is monotonic per class, so a
binary head's decisions do not change.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression


def as_features(scores: np.ndarray) -> np.ndarray:
    """Decision scores as a 2-D feature matrix (one column for a binary model)."""
    return scores.reshape(-1, 1) if scores.ndim == 1 else scores


class Calibrated:
    """A fitted linear classifier whose decision scores are mapped to probabilities."""

    def __init__(self, model: Any, calibrator: LogisticRegression) -> None:
        self.model = model
        self.calibrator = calibrator

    @property
    def classes_(self) -> np.ndarray:
        """The classes, in predict_proba's column order."""
        return self.calibrator.classes_

    def predict_proba(self, matrix: Any) -> np.ndarray:
        """Calibrated class probabilities."""
        return self.calibrator.predict_proba(as_features(self.model.decision_function(matrix)))


def fit_calibrator(oof_scores: np.ndarray, y: np.ndarray) -> LogisticRegression:
    """Fit the re-mapping on out-of-fold decision scores and the true labels."""
    return LogisticRegression(C=1.0, max_iter=1000).fit(as_features(oof_scores), y)
