"""The pure pipeline (ingest → classifier → routing) as this process sees it.

The model and the rules are loaded once per process (a Celery prefork child, the API for
re-routing) on first use. Nothing here touches the database.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

log = logging.getLogger(__name__)

_lock = threading.Lock()
_model: Any = None
_ruleset: Any = None


@dataclass(frozen=True)
class ExtractionFailure(Exception):
    """A file could not be read: the ingest error's code and Vietnamese message."""

    code: str
    message: str


@dataclass(frozen=True)
class RoutingFailure(Exception):
    """Labels the routing rules reject (LabelError): code and Vietnamese message."""

    code: str
    message: str


@dataclass(frozen=True)
class Extracted:
    """The text of all files of one petition, and ingest's warnings."""

    text: str
    warnings: list[list[str]]


def extract_files(files: list[tuple[str, bytes]]) -> Extracted:
    """Extract each file and join the texts with a blank line; ExtractionFailure on a bad file."""
    from ingest import IngestError, OcrOptions, extract

    texts: list[str] = []
    warnings: list[list[str]] = []
    for filename, data in files:
        try:
            doc = extract(data, options=OcrOptions(), filename=filename)
        except IngestError as exc:
            code = str(getattr(exc, "code", "ingest_error"))
            message = str(getattr(exc, "message", "") or "Không đọc được tệp.")
            raise ExtractionFailure(code, f"{filename}: {message}") from exc
        texts.append(doc.text.strip())
        warnings.extend([str(part) for part in w] for w in (doc.warnings or []))
    return Extracted(text="\n\n".join(t for t in texts if t), warnings=warnings)


def get_model() -> Any:
    """The classifier model of this process (loaded once)."""
    global _model
    with _lock:
        if _model is None:
            from classifier import load_model

            _model = load_model()
            log.info("classifier model loaded")
        return _model


def get_ruleset() -> Any:
    """The routing rules of this process (loaded and validated once)."""
    global _ruleset
    with _lock:
        if _ruleset is None:
            from routing import load_ruleset

            _ruleset = load_ruleset()
        return _ruleset


def classify(text: str) -> dict[str, Any]:
    """The LABELS.md fields of `text`; ExtractionFailure when the classifier refuses the text."""
    from classifier import ClassifierError

    try:
        return dict(get_model().classify(text))
    except ClassifierError as exc:  # empty or over-long text: the petition's fault, not ours
        raise ExtractionFailure(
            str(getattr(exc, "code", "classifier_error")), str(getattr(exc, "message", exc))
        ) from exc


def route_labels(labels: dict[str, Any], *, received_at: date, channel: str, text: str) -> dict:
    """The routing decision for `labels` under the loaded rules."""
    from routing import LabelError, route

    try:
        decision = route(
            labels, received_at=received_at, channel=channel, text=text, ruleset=get_ruleset()
        )
    except LabelError as exc:
        raise RoutingFailure(exc.code, exc.message) from exc
    return dict(decision)


def known_units() -> set[str]:
    """Unit codes of the routing directory."""
    return set(get_ruleset().directory.units)
