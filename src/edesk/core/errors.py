"""Errors a user can cause. Views and the API turn them into 400/403/404/409 with the Vietnamese message."""


class UserError(Exception):
    """An error the user caused; carries a Vietnamese message and a stable code."""

    status = 400
    code = "invalid"
    default_message = "Yêu cầu không hợp lệ."

    def __init__(self, message: str | None = None, *, code: str | None = None, field: str | None = None):
        self.message = message or self.default_message
        if code:
            self.code = code
        self.field = field
        super().__init__(self.message)


class NotFound(UserError):
    """Missing and forbidden look the same, so ids cannot be probed."""

    status = 404
    code = "not_found"
    default_message = "Không tìm thấy hoặc bạn không có quyền truy cập."


class Forbidden(UserError):
    """The actor may see the object but may not do this to it."""

    status = 403
    code = "forbidden"
    default_message = "Bạn không có quyền thực hiện thao tác này."


class Conflict(UserError):
    """The object changed under the actor (another user acted first)."""

    status = 409
    code = "conflict"
    default_message = "Văn bản đã được người khác xử lý; hãy tải lại trang."
