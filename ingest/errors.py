"""Ingest errors: a stable `code` for machines and a Vietnamese `message` for clerks.

    IngestError
    ├── FileTooLargeError      file_too_large    the file is over OcrOptions.max_file_bytes
    ├── TooManyPagesError      too_many_pages    more pages than OcrOptions.max_pages
    ├── ImageTooLargeError     image_too_large   a page over OcrOptions.max_pixels (bombs)
    ├── PageTimeoutError       page_timeout      OCR of one page took over page_timeout_s
    ├── EncryptedPdfError      encrypted_pdf     a PDF that needs a password
    ├── CorruptFileError       corrupt_file      truncated or damaged content
    ├── UnsupportedFileError   unsupported_type  not a PDF, image or text (by content)
    ├── EmptyDocumentError     empty_document    nothing readable in it
    ├── OcrError               ocr_failed        the OCR engine is missing or crashed
    └── FileMissingError       file_not_found    no such file, or it cannot be opened

Third-party exceptions are translated into these at the boundary (`raise ... from exc`).
"""

from __future__ import annotations


class IngestError(Exception):
    """Base of all ingest errors: `code` (stable, English) and `message` (Vietnamese)."""

    code = "ingest_error"
    default_message = "Không đọc được tệp."

    def __init__(self, message: str | None = None, *, detail: str | None = None) -> None:
        self.message = message or self.default_message
        self.detail = detail  # English detail for logs; never shown to clerks
        super().__init__(self.message)

    def to_dict(self) -> dict[str, str]:
        """The `{"code", "message"}` pair the CLI and API show."""
        return {"code": self.code, "message": self.message}


class FileTooLargeError(IngestError):
    """The file is bigger than the configured limit."""

    code = "file_too_large"
    default_message = "Tệp quá lớn, vượt giới hạn cho phép."


class TooManyPagesError(IngestError):
    """The document has more pages than the configured limit."""

    code = "too_many_pages"
    default_message = "Tài liệu có quá nhiều trang, vượt giới hạn cho phép."


class ImageTooLargeError(IngestError):
    """A page image has more pixels than allowed (protects against decompression bombs)."""

    code = "image_too_large"
    default_message = "Ảnh trang quá lớn (quá nhiều điểm ảnh), không thể xử lý an toàn."


class PageTimeoutError(IngestError):
    """Reading one page took longer than the configured time."""

    code = "page_timeout"
    default_message = "Nhận dạng một trang mất quá nhiều thời gian nên đã dừng lại."


class EncryptedPdfError(IngestError):
    """The PDF is protected by a password."""

    code = "encrypted_pdf"
    default_message = "Tệp PDF được đặt mật khẩu, không mở được. Đề nghị gửi bản không có mật khẩu."


class CorruptFileError(IngestError):
    """The content is damaged or truncated."""

    code = "corrupt_file"
    default_message = "Tệp bị hỏng hoặc không đầy đủ, không đọc được."


class UnsupportedFileError(IngestError):
    """The content is not a PDF, a supported image or plain text."""

    code = "unsupported_type"
    default_message = (
        "Loại tệp không được hỗ trợ. Chỉ nhận PDF, ảnh (PNG, JPEG, TIFF, WebP, BMP) hoặc văn bản."
    )


class EmptyDocumentError(IngestError):
    """Nothing readable: an empty file, or pages with no text at all."""

    code = "empty_document"
    default_message = "Tệp không có nội dung đọc được."


class OcrError(IngestError):
    """The OCR engine is missing or failed."""

    code = "ocr_failed"
    default_message = "Máy nhận dạng chữ gặp lỗi khi đọc trang."


class FileMissingError(IngestError):
    """The path does not exist or is not a readable file."""

    code = "file_not_found"
    default_message = "Không tìm thấy tệp hoặc không mở được tệp."
