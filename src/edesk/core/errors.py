"""Errors a user can cause. Views and the API turn them into 400/403/404/409 with the message in the
request's language (Vietnamese unless the person chose English)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class UserError(Exception):
    """An error the user caused; carries a translated message and a stable code."""

    status = 400
    code = "invalid"
    # Lazy: class attributes are built at import, before any request has chosen a language.
    default_message: str | Promise = _("Yêu cầu không hợp lệ.")

    def __init__(
        self, message: str | Promise | None = None, *, code: str | None = None, field: str | None = None
    ):
        # Resolved now, in the language of the request being answered, so the message stays a plain
        # string wherever it goes next (JSON, the messages framework, a log line).
        self.message = str(message or self.default_message)
        if code:
            self.code = code
        self.field = field
        super().__init__(self.message)


class NotFound(UserError):
    """Missing and forbidden look the same, so ids cannot be probed."""

    status = 404
    code = "not_found"
    default_message = _("Không tìm thấy hoặc bạn không có quyền truy cập.")


class Forbidden(UserError):
    """The actor may see the object but may not do this to it."""

    status = 403
    code = "forbidden"
    default_message = _("Bạn không có quyền thực hiện thao tác này.")


class Conflict(UserError):
    """The object changed under the actor (another user acted first)."""

    status = 409
    code = "conflict"
    default_message = _("Văn bản đã được người khác xử lý; hãy tải lại trang.")
