"""What ingest returns: a Document of Pages, plus warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

Method = Literal["text_layer", "ocr"]


class IngestWarning(NamedTuple):
    """Something the clerk should know that did not stop the reading (code, message)."""

    code: str
    message: str


@dataclass(frozen=True)
class Page:
    """One page: 1-based number, normalized text, how it was read, OCR confidence, time taken."""

    number: int
    text: str
    method: Method
    confidence: float | None  # 0-1 for OCR, None for a text layer
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        """The page as the CLI's JSON contract spells it."""
        return {
            "number": self.number,
            "text": self.text,
            "method": self.method,
            "confidence": None if self.confidence is None else round(self.confidence, 4),
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True)
class Document:
    """A whole file: text (pages joined by a blank line), pages, warnings, detected MIME type."""

    text: str
    pages: list[Page]
    warnings: list[IngestWarning] = field(default_factory=list)
    mime: str = "application/octet-stream"
