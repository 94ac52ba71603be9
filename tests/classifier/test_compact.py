"""The compiled serving model computes what the scikit-learn model computes."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifier.compact import compile_model
from classifier.corpus import read_corpus
from classifier.model import ServingClassifier
from classifier.train import TrainConfig, train

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_compiled_model_matches_scikit_learn() -> None:
    records = read_corpus([ROOT / "samples" / "corpus" / "train"])[::6]  # ~270, every writer
    model = train(records, TrainConfig(folds=3, n_jobs=1))
    texts = [r["text"] for r in read_corpus([ROOT / "samples" / "corpus" / "heldout"])[::12]]
    texts.append("toi ten la a, o q cau giay")  # short, no diacritics: few known n-grams
    expected = model.classify_many(texts)
    got = ServingClassifier(compile_model(model)).classify_many(texts)
    for want, have in zip(expected, got, strict=True):
        assert {k: want[k] for k in ("kind", "domains", "flags", "signers", "district")} == {
            k: have[k] for k in ("kind", "domains", "flags", "signers", "district")
        }
        assert want["confidence"]["kind"] == pytest.approx(have["confidence"]["kind"], abs=2e-3)
        for group in ("domains", "flags"):
            for label, p in want["confidence"][group].items():
                assert p == pytest.approx(have["confidence"][group][label], abs=2e-3), label
