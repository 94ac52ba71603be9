"""classifier: petition text → LABELS.md labels (kind, domains, signers, district, flags).

Public surface:
    load_model(path=None) -> ServingClassifier | RulesOnlyClassifier
    model.classify(text) -> dict;  model.classify_many(texts) -> list[dict]
    ClassifierError (code, Vietnamese message) → EmptyTextError, TextTooLongError, ModelError
Training lives in classifier.train (TrainConfig, build_and_write), metrics in classifier.metrics.
The names are loaded on first use, so `classifier.labels` imports without the model's libraries.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "ClassifierError",
    "EmptyTextError",
    "ModelError",
    "PetitionClassifier",
    "RulesOnlyClassifier",
    "ServingClassifier",
    "TextTooLongError",
    "load_model",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("classifier.model"), name)
    raise AttributeError(f"module 'classifier' has no attribute {name!r}")
