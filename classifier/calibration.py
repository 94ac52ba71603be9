"""Probabilities a reviewer can read as frequencies: Platt scaling fitted on out-of-fold scores.

Class weights and strong features push logistic regression towards 0 and 1; re-mapping its
scores with a small logistic model fitted on predictions for letters it did not train on makes
"0.8" mean "right about 8 times in 10". The mapping is monotonic, so decisions do not change.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

_EPS = 1e-6


def calibration_scores(proba: np.ndarray) -> np.ndarray:
    """Log-odds for a binary model, log-probabilities for a multi-class one."""
    p = np.clip(proba, _EPS, 1 - _EPS)
    if p.shape[1] == 2:
        return np.log(p[:, 1:] / p[:, :1])
    return np.log(p)


class Calibrated:
    """A fitted classifier whose predict_proba is re-mapped by a calibrator."""

    def __init__(self, model: Any, calibrator: LogisticRegression) -> None:
        self.model = model
        self.calibrator = calibrator

    @property
    def classes_(self) -> np.ndarray:
        """The wrapped model's classes, in predict_proba's column order."""
        return self.model.classes_

    def predict_proba(self, matrix: Any) -> np.ndarray:
        """Calibrated class probabilities."""
        return self.calibrator.predict_proba(calibration_scores(self.model.predict_proba(matrix)))


def fit_calibrator(oof_proba: np.ndarray, y: np.ndarray) -> LogisticRegression:
    """Fit the re-mapping on out-of-fold probabilities and the true labels."""
    return LogisticRegression(C=1.0, max_iter=1000).fit(calibration_scores(oof_proba), y)
