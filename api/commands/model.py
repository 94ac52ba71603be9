"""CLI commands for the classifier: train, evaluate, classify (JSON lines in, JSON lines out)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

ROOT = Path(__file__).resolve().parent.parent.parent
BATCH = 64


def register(app: typer.Typer) -> None:
    """Add train, evaluate and classify to the donthu CLI."""
    app.command("train")(train)
    app.command("evaluate")(evaluate)
    app.command("classify")(classify)


def train(
    samples: Annotated[Path, typer.Option(help="Corpus folder with train/ and heldout/")] = ROOT
    / "samples"
    / "corpus",
    models: Annotated[Path, typer.Option(help="Where to write models/<version>/")] = ROOT
    / "models",
    extra: Annotated[
        list[Path] | None, typer.Option(help="More labelled JSONL to train on (corrections)")
    ] = None,
    if_needed: Annotated[
        bool, typer.Option(help="Only when no usable model matches the training data")
    ] = False,
) -> None:
    """Huấn luyện mô hình phân loại từ samples/ (và các bản sửa của người duyệt)."""
    from classifier.corpus import data_hash, read_corpus
    from classifier.train import build_and_write

    train_records = read_corpus([samples / "train", *(extra or [])])
    if if_needed and _up_to_date(models, data_hash(train_records)):
        typer.echo("model is up to date with the training data", err=True)
        return
    heldout = read_corpus([samples / "heldout"]) if (samples / "heldout").exists() else []
    typer.echo(f"training on {len(train_records)} records, {len(heldout)} held out", err=True)
    directory = build_and_write(train_records, heldout, models)
    metrics = json.loads((directory / "metrics.json").read_text(encoding="utf-8"))["heldout"]
    typer.echo(str(directory))
    if metrics:
        typer.echo(_headline(metrics))


def evaluate(
    jsonl: Annotated[Path, typer.Option(help="Labelled JSONL file (LABELS.md records)")],
    model: Annotated[Path | None, typer.Option(help="A model.joblib; default the newest")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print metrics as JSON")] = False,
    fold: Annotated[bool, typer.Option(help="Strip all diacritics from the texts first")] = False,
) -> None:
    """Đánh giá mô hình trên một tệp JSONL đã gán nhãn (độ chính xác, P/R/F1 từng nhãn)."""
    from classifier import load_model
    from classifier.corpus import read_jsonl
    from classifier.metrics import evaluate as compute
    from classifier.metrics import metrics_table
    from ingest.normalize import fold_diacritics

    records = read_jsonl(jsonl)
    texts = [fold_diacritics(r["text"]) if fold else r["text"] for r in records]
    classifier = load_model(model)
    metrics = compute(records, classifier.classify_many(texts))
    typer.echo(
        json.dumps(metrics, ensure_ascii=False, indent=2)
        if as_json
        else metrics_table(metrics, f"{jsonl.name}{' (no diacritics)' if fold else ''}")
    )


def classify(
    jsonl: Annotated[str, typer.Option(help="JSONL with id and text per line; - for stdin")],
    model: Annotated[Path | None, typer.Option(help="A model.joblib; default the newest")] = None,
) -> None:
    """Phân loại và định tuyến đơn: mỗi dòng vào {id, text}, mỗi dòng ra nhãn + định tuyến."""
    from classifier import ClassifierError, load_model
    from routing import load_ruleset, route

    classifier = load_model(model)
    ruleset = load_ruleset()
    for record in _read_lines(jsonl):
        if "error" in record:
            _emit(record)
            continue
        try:
            labels = classifier.classify(record["text"])
            decision = route(
                labels,
                received_at=_date(record.get("received_at")),
                channel=record.get("channel"),
                text=record["text"],
                ruleset=ruleset,
            )
        except (ClassifierError, ValueError) as exc:
            code = getattr(exc, "code", "invalid_record")
            _emit(
                {
                    "id": record["id"],
                    "error": {"code": code, "message": getattr(exc, "message", str(exc))},
                }
            )
            continue
        _emit({"id": record["id"], **labels, **decision})


def _up_to_date(models: Path, digest: str) -> bool:
    """Whether the newest artifact loads here and was trained on exactly this data."""
    from classifier.model import ModelError, latest_model_path, load_model

    path = latest_model_path(models)
    if path is None:
        return False
    try:
        model = load_model(path, fallback=False)
    except ModelError as exc:
        typer.echo(f"retraining: {exc.message}", err=True)
        return False
    return model.meta.get("data_hash") == digest


def _date(value: Any) -> Any:
    from datetime import date

    return date.fromisoformat(value[:10]) if isinstance(value, str) and value else None


def _read_lines(source: str) -> Iterator[dict[str, Any]]:
    """Yield input records; a line that is not a usable record yields an error record."""
    stream = sys.stdin if source == "-" else open(source, encoding="utf-8")  # noqa: SIM115
    with stream:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                yield {
                    "id": None,
                    "error": {
                        "code": "invalid_json",
                        "message": f"Dòng {number} không phải JSON hợp lệ.",
                    },
                }
                continue
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                rid = record.get("id") if isinstance(record, dict) else None
                yield {
                    "id": rid,
                    "error": {
                        "code": "missing_text",
                        "message": f"Dòng {number} thiếu trường text.",
                    },
                }
                continue
            record.setdefault("id", str(number))
            yield record


def _emit(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _headline(m: dict[str, Any]) -> str:
    return (
        f"held-out: kind {m['kind_accuracy']:.3f}, domains macro-F1 {m['domain_macro_f1']:.3f}, "
        f"flags macro-F1 {m['flags_macro_f1']:.3f}, district {m['district_accuracy']:.3f}, "
        f"religion_sensitive R {m['domains']['religion_sensitive']['recall']:.3f} "
        f"P {m['domains']['religion_sensitive']['precision']:.3f}, "
        f"mass_complaint F1 {m['domains']['mass_complaint']['f1']:.3f}"
    )
