"""ingest: file bytes → clean NFC Vietnamese text, page by page.

    from ingest import extract, OcrOptions, Document, Page, IngestError
    doc = extract("scan.pdf", options=OcrOptions())   # raises IngestError (code, message)

Type from content, PDF text layer when real else OCR (tesseract) after clean-up, pages in
parallel, one normalization (`ingest.normalize.normalize_text`). Pure: no web, DB or Celery.
"""

from ingest.document import Document, IngestWarning, Page
from ingest.errors import (
    CorruptFileError,
    EmptyDocumentError,
    EncryptedPdfError,
    FileMissingError,
    FileTooLargeError,
    ImageTooLargeError,
    IngestError,
    OcrError,
    PageTimeoutError,
    TooManyPagesError,
    UnsupportedFileError,
)
from ingest.extract import extract
from ingest.options import OcrOptions

__all__ = [
    "CorruptFileError",
    "Document",
    "EmptyDocumentError",
    "EncryptedPdfError",
    "FileMissingError",
    "FileTooLargeError",
    "ImageTooLargeError",
    "IngestError",
    "IngestWarning",
    "OcrError",
    "OcrOptions",
    "Page",
    "PageTimeoutError",
    "TooManyPagesError",
    "UnsupportedFileError",
    "extract",
]
