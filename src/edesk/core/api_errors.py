"""API errors as JSON `{"detail": "<message>", "code": "<stable_code>"}` (+ "field").

The message is in the request's language (Accept-Language; Vietnamese by default), the code never
changes. Also the pieces every API module shares to keep that promise: our own wording for DRF's
validation messages (DRF's Vietnamese catalogue leaves most of them in English), translated through
edesk's catalogue, and the error responses documented in the OpenAPI schema.
"""

from collections.abc import Mapping, Sequence

from django.core.exceptions import RequestDataTooBig
from django.core.validators import BaseValidator
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_handler

from edesk.core.errors import Conflict, Forbidden, NotFound, UserError

NOT_AUTHENTICATED = _("Bạn cần đăng nhập.")
REQUEST_TOO_LARGE = _("Dữ liệu gửi lên quá lớn.")
METHOD_NOT_ALLOWED = _("Phương thức không được hỗ trợ.")
UNSUPPORTED_MEDIA_TYPE = _("Kiểu dữ liệu gửi lên không được hỗ trợ.")
PARSE_ERROR = _("Dữ liệu gửi lên không đọc được.")
NOT_ACCEPTABLE = _("Không trả lời được theo kiểu dữ liệu yêu cầu (Accept).")
THROTTLED = _("Quá nhiều yêu cầu; hãy thử lại sau.")


def _first_error(detail, path: str = "") -> tuple[str, str] | None:
    """The first message in DRF's nested error structure and the dotted path of its field.

    Valid items of a list come back as empty dicts, so they are skipped rather than reported.
    """
    if isinstance(detail, dict):
        for key, value in detail.items():
            if isinstance(key, int):
                sub = f"{path}[{key}]"
            elif key == api_settings.NON_FIELD_ERRORS_KEY:
                sub = path
            else:
                sub = f"{path}.{key}" if path else str(key)
            found = _first_error(value, sub)
            if found:
                return found
        return None
    if isinstance(detail, list):
        for index, item in enumerate(detail):
            found = _first_error(item, f"{path}[{index}]" if isinstance(item, dict | list) else path)
            if found:
                return found
        return None
    return detail, path


def _validation_body(exc: exceptions.ValidationError) -> dict:
    found = _first_error(exc.detail)
    if found is None:
        return {"detail": str(UserError.default_message), "code": "invalid"}
    message, field = found
    body = {"detail": str(message), "code": getattr(message, "code", None) or "invalid"}
    if field:
        body["field"] = field
    return body


def exception_handler(exc, context):
    if isinstance(exc, UserError):
        body = {"detail": exc.message, "code": exc.code}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=exc.status)
    if isinstance(exc, Http404 | exceptions.NotFound):
        return Response(
            {"detail": str(NotFound.default_message), "code": "not_found"}, status=status.HTTP_404_NOT_FOUND
        )
    if isinstance(exc, RequestDataTooBig):
        return Response(
            {"detail": str(REQUEST_TOO_LARGE), "code": "request_too_large"},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    response = drf_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = _validation_body(exc)
    elif isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        response.data = {
            "detail": str(exc.detail)
            if isinstance(exc, exceptions.AuthenticationFailed)
            else str(NOT_AUTHENTICATED),
            "code": "not_authenticated",
        }
    elif isinstance(exc, exceptions.PermissionDenied):
        response.data = {"detail": str(Forbidden.default_message), "code": "forbidden"}
    elif isinstance(exc, exceptions.MethodNotAllowed):
        response.data = {"detail": str(METHOD_NOT_ALLOWED), "code": "method_not_allowed"}
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        response.data = {"detail": str(UNSUPPORTED_MEDIA_TYPE), "code": "unsupported_media_type"}
    elif isinstance(exc, exceptions.ParseError):
        response.data = {"detail": str(PARSE_ERROR), "code": "parse_error"}
    elif isinstance(exc, exceptions.NotAcceptable):
        response.data = {"detail": str(NOT_ACCEPTABLE), "code": "not_acceptable"}
    elif isinstance(exc, exceptions.Throttled):
        response.data = {"detail": str(THROTTLED), "code": "throttled"}
    else:
        data = response.data
        found = _first_error(data.get("detail", data) if isinstance(data, dict) else data)
        message = found[0] if found else exc
        response.data = {"detail": str(message), "code": getattr(exc, "default_code", "error")}
    return response


# DRF's messages by field class and error code, translated like the rest of edesk; "{label}" is the
# field's label and the other placeholders are DRF's own. The most specific class in a field's MRO wins.
_FIELD_MESSAGES: dict[type, dict[str, str | Promise]] = {
    serializers.Field: {
        "required": _("Thiếu “{label}”."),
        "null": _("“{label}” không được để trống."),
    },
    serializers.CharField: {
        "invalid": _("“{label}” phải là chuỗi ký tự."),
        "blank": _("“{label}” không được để trống."),
        "max_length": _("“{label}” dài quá {max_length} ký tự."),
        "min_length": _("“{label}” phải có ít nhất {min_length} ký tự."),
    },
    serializers.IntegerField: {
        "invalid": _("“{label}” phải là một số nguyên."),
        "max_value": _("“{label}” không được lớn hơn {max_value}."),
        "min_value": _("“{label}” không được nhỏ hơn {min_value}."),
        "max_string_length": _("“{label}” quá dài."),
    },
    serializers.BooleanField: {"invalid": _("“{label}” phải là true/false hoặc 1/0.")},
    serializers.DateField: {
        "invalid": _("“{label}” phải là ngày theo dạng YYYY-MM-DD."),
        "datetime": _("“{label}” phải là ngày, không kèm giờ."),
    },
    serializers.DateTimeField: {
        "invalid": _("“{label}” phải là thời điểm theo ISO 8601."),
        "date": _("“{label}” phải là thời điểm, không chỉ là ngày."),
    },
    serializers.ChoiceField: {"invalid_choice": _("“{input}” không phải giá trị hợp lệ của “{label}”.")},
    serializers.FileField: {
        "invalid": _("“{label}” phải là tệp gửi lên theo multipart/form-data."),
        "no_name": _("Không xác định được tên tệp."),
        "empty": _("Tệp rỗng."),
        "max_length": _("Tên tệp dài quá {max_length} ký tự."),
    },
    serializers.ListField: {
        "not_a_list": _("“{label}” phải là một danh sách."),
        "empty": _("“{label}” không được để trống."),
        "max_length": _("“{label}” có nhiều nhất {max_length} mục."),
        "min_length": _("“{label}” cần ít nhất {min_length} mục."),
    },
    serializers.ListSerializer: {
        "not_a_list": _("“{label}” phải là một danh sách."),
        "empty": _("“{label}” không được để trống."),
        "max_length": _("“{label}” có nhiều nhất {max_length} mục."),
        "min_length": _("“{label}” cần ít nhất {min_length} mục."),
    },
    serializers.Serializer: {"invalid": _("“{label}” phải là một đối tượng JSON.")},
}
_LIMIT_CODES = frozenset({"max_length", "min_length", "max_value", "min_value"})


def _translate(field: serializers.Field, label: str) -> None:
    safe_label = str(label).replace("{", "{{").replace("}", "}}")
    done: set[str] = set()
    for cls in type(field).__mro__:
        for code, template in _FIELD_MESSAGES.get(cls, {}).items():
            if code in field.error_messages and code not in done:
                field.error_messages[code] = str(template).replace("{label}", safe_label)
                done.add(code)
    # Length and value limits are checked by validators built in __init__ from the English messages.
    for validator in field.validators:
        if isinstance(validator, BaseValidator) and validator.code in _LIMIT_CODES and validator.code in done:
            limit = validator.code
            validator.message = field.error_messages[limit].format(**{limit: validator.limit_value})
    # A nested serializer's own message ("not an object") too; its fields are its own get_fields' job.
    child = getattr(field, "child", None)
    if isinstance(child, serializers.Field):
        _translate(child, label)


class VietnameseErrors:
    """Serializer mixin: DRF's validation messages in edesk's own words, naming each field by its label."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A request body that is not an object fails before any field is looked at.
        self.error_messages["invalid"] = str(_("Dữ liệu gửi lên phải là một đối tượng JSON."))

    def get_fields(self):
        fields = super().get_fields()
        for name, field in fields.items():
            _translate(field, field.label or name)
        return fields


class ErrorSerializer(serializers.Serializer):
    """Every error the API returns has this shape."""

    detail = serializers.CharField(
        help_text=_(
            "Thông báo lỗi theo ngôn ngữ của yêu cầu (Accept-Language; mặc định tiếng Việt), "
            "để hiển thị cho người dùng."
        )
    )
    code = serializers.CharField(
        help_text=_("Mã lỗi ổn định, để chương trình xử lý (không đổi theo ngôn ngữ).")
    )
    field = serializers.CharField(
        required=False, help_text=_("Trường gây lỗi, nếu có (ví dụ assignments[0].role).")
    )


# Per status: what the response means, and the example shown when an endpoint gives none of its own.
# Lazy throughout: the schema is generated in the language asked for (`?lang=`, Accept-Language).
_DEFAULT_ERRORS: dict[int, tuple[str | Promise, tuple[str | Promise, dict]]] = {
    400: (
        _("Dữ liệu gửi lên không hợp lệ"),
        (_("Dữ liệu không hợp lệ"), {"detail": UserError.default_message, "code": "invalid"}),
    ),
    401: (
        _("Chưa đăng nhập, hoặc mã truy cập sai, hết hạn hay đã thu hồi"),
        (_("Chưa đăng nhập"), {"detail": NOT_AUTHENTICATED, "code": "not_authenticated"}),
    ),
    403: (
        _("Không có quyền thực hiện thao tác"),
        (_("Không có quyền"), {"detail": Forbidden.default_message, "code": "forbidden"}),
    ),
    404: (
        _("Không tìm thấy, hoặc không có quyền xem: hai trường hợp trả lời như nhau"),
        (_("Không tìm thấy"), {"detail": NotFound.default_message, "code": "not_found"}),
    ),
    409: (
        _("Văn bản, phần việc đã được người khác xử lý trước"),
        (_("Xung đột"), {"detail": Conflict.default_message, "code": "conflict"}),
    ),
    413: (
        _("Tệp vượt giới hạn dung lượng"),
        (
            _("Tệp quá lớn"),
            {
                "detail": _("Tệp “bao-cao.pdf” dung lượng 62,5 MB, vượt giới hạn 50 MB."),
                "code": "file_too_large",
            },
        ),
    ),
}


def error_responses(
    *statuses: int, examples: Mapping[int, Sequence[tuple[str | Promise, dict]]] | None = None
) -> dict:
    """OpenAPI responses for the given error statuses, each with examples in the schema's language.

    `examples` gives an endpoint's own examples for a status, replacing the default one:
    {400: [("Ngày ban hành sau ngày đến", {"detail": "…", "code": "issued_in_future"})]}.
    """
    responses = {}
    for status_code in statuses:
        description, default = _DEFAULT_ERRORS[status_code]
        shown = (examples or {}).get(status_code) or [default]
        responses[status_code] = OpenApiResponse(
            response=ErrorSerializer,
            description=description,
            # The example's key in the schema is its stable code; the summary is the translated title.
            examples=[
                OpenApiExample(value["code"], value=value, summary=summary) for summary, value in shown
            ],
        )
    return responses


def parse(serializer_class: type[serializers.Serializer], data) -> dict:
    """Validate request input with `serializer_class`; invalid input becomes a 400 in the shape above."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
