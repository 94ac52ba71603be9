"""Errors of the service layer, mapped to HTTP statuses in one handler (api/app.py).

ServiceError (code, Vietnamese message, http_status)
├── NotFoundError        404  absent, or outside the caller's scope (no hint which)
├── ForbiddenError       403  the caller's role may not do this
├── ConflictError        409  the petition is not in a state that allows it
├── InvalidRequestError  422  the request itself is wrong
├── PayloadTooLargeError 413  upload larger than DONTHU_MAX_UPLOAD_BYTES
└── UnauthorizedError    401  no token, or an unknown one
"""

from __future__ import annotations


class ServiceError(Exception):
    """Base error: a stable `code` for machines, a Vietnamese `message` for clerks."""

    http_status = 400
    code = "service_error"
    message = "Yêu cầu không thực hiện được."

    def __init__(self, message: str | None = None, *, code: str | None = None) -> None:
        if message is not None:
            self.message = message
        if code is not None:
            self.code = code
        super().__init__(self.message)


class NotFoundError(ServiceError):
    """The object does not exist or the caller may not know that it exists."""

    http_status = 404
    code = "not_found"
    message = "Không tìm thấy."


class ForbiddenError(ServiceError):
    """The caller's role may not use this route or action."""

    http_status = 403
    code = "forbidden"
    message = "Bạn không có quyền thực hiện thao tác này."


class ConflictError(ServiceError):
    """The petition's current state does not allow the action."""

    http_status = 409
    code = "conflict"
    message = "Trạng thái hiện tại của đơn không cho phép thao tác này."


class InvalidRequestError(ServiceError):
    """The request is malformed or names unknown values."""

    http_status = 422
    code = "invalid_request"
    message = "Yêu cầu không hợp lệ."


class PayloadTooLargeError(ServiceError):
    """The upload is larger than allowed."""

    http_status = 413
    code = "payload_too_large"
    message = "Tệp tải lên quá lớn."


class UnauthorizedError(ServiceError):
    """No token, or an unknown or revoked one."""

    http_status = 401
    code = "unauthorized"
    message = "Thiếu hoặc sai mã truy cập (Authorization: Bearer <token>)."
