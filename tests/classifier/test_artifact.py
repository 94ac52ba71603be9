"""Model artifacts: built from samples/, and a broken one degrades instead of crashing."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifier import ModelError, RulesOnlyClassifier, load_model
from classifier.corpus import data_hash, read_corpus
from classifier.model import latest_model_path

ROOT = Path(__file__).resolve().parents[2]


def test_newest_model_was_trained_on_the_current_samples(trained_model) -> None:
    records = read_corpus([ROOT / "samples" / "corpus" / "train"])
    assert trained_model.meta["data_hash"] == data_hash(records), (
        "models/ is stale: run `donthu train` after changing samples/corpus/train"
    )
    assert trained_model.meta["train_records"] == len(records)
    card = latest_model_path().parent / "MODEL_CARD.md"
    assert trained_model.meta["data_hash"] in card.read_text(encoding="utf-8")


def test_held_out_letters_are_never_trained_on() -> None:
    train = {r["text"] for r in read_corpus([ROOT / "samples" / "corpus" / "train"])}
    heldout = read_corpus([ROOT / "samples" / "corpus" / "heldout"])
    assert len(heldout) >= 250
    assert not [r["id"] for r in heldout if r["text"] in train]


def test_corrupt_artifact_falls_back_to_rules(tmp_path: Path) -> None:
    broken = tmp_path / "model.joblib"
    broken.write_bytes(b"not a model at all")
    with pytest.raises(ModelError) as info:
        load_model(broken, fallback=False)
    assert info.value.code == "model_error" and info.value.message
    model = load_model(broken)
    assert isinstance(model, RulesOnlyClassifier)
    labels = model.classify("Kính gửi UBND quận Tây Hồ. Tôi đề nghị sửa đèn đường ngõ 12 Âu Cơ.")
    assert labels["needs_review"] is True and labels["district"] == "Tây Hồ"
