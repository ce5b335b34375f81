"""API errors as JSON `{"detail": "<Vietnamese message>", "code": "<stable_code>"}`."""

from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from edesk.core.errors import UserError


def _first_message(detail) -> tuple[str, str | None]:
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    if isinstance(detail, dict) and detail:
        field, value = next(iter(detail.items()))
        message, _ = _first_message(value)
        return message, field
    return str(detail), None


def exception_handler(exc, context):
    if isinstance(exc, UserError):
        body = {"detail": exc.message, "code": exc.code}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=exc.status)
    if isinstance(exc, Http404):
        return Response(
            {"detail": "Không tìm thấy hoặc bạn không có quyền truy cập.", "code": "not_found"},
            status=status.HTTP_404_NOT_FOUND,
        )
    response = drf_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        message, field = _first_message(exc.detail)
        body = {"detail": message, "code": "invalid"}
        if field and field != "non_field_errors":
            body["field"] = field
        response.data = body
    elif isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        response.data = {
            "detail": str(exc.detail)
            if isinstance(exc, exceptions.AuthenticationFailed)
            else "Bạn cần đăng nhập.",
            "code": "not_authenticated",
        }
    elif isinstance(exc, exceptions.PermissionDenied):
        response.data = {"detail": "Bạn không có quyền thực hiện thao tác này.", "code": "forbidden"}
    elif isinstance(exc, exceptions.MethodNotAllowed):
        response.data = {"detail": "Phương thức không được hỗ trợ.", "code": "method_not_allowed"}
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        response.data = {
            "detail": "Kiểu dữ liệu gửi lên không được hỗ trợ.",
            "code": "unsupported_media_type",
        }
    elif isinstance(exc, exceptions.ParseError):
        response.data = {"detail": "Dữ liệu gửi lên không đọc được.", "code": "parse_error"}
    elif isinstance(exc, exceptions.Throttled):
        response.data = {"detail": "Quá nhiều yêu cầu; hãy thử lại sau.", "code": "throttled"}
    else:
        message, _ = _first_message(response.data.get("detail", response.data))
        response.data = {"detail": message, "code": getattr(exc, "default_code", "error")}
    return response
