"""Error examples the OpenAPI schema shows for the outgoing-documents endpoints: the real messages
and stable codes the services produce, translated when the schema is generated."""

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from edesk.outbound.convert import ConversionFailed, ConversionUnavailable
from edesk.outbound.models import State
from edesk.outbound.transitions import refusal

_refusal = lazy(refusal, str)


def _error(summary: str | Promise, detail: str | Promise, code: str, field: str | None = None) -> tuple:
    value = {"detail": detail, "code": code}
    if field:
        value["field"] = field
    return summary, value


_CONVERT = [
    _error(_("Không chuyển đổi được DOCX"), ConversionFailed.default_message, ConversionFailed.code),
    _error(
        _("Máy chủ không có LibreOffice"), ConversionUnavailable.default_message, ConversionUnavailable.code
    ),
    _error(
        _("PDF đặt mật khẩu"),
        _("Tệp PDF được đặt mật khẩu; hãy gửi bản không đặt mật khẩu."),
        "pdf_encrypted",
    ),
]

CREATE = {
    400: [
        _error(_("Thiếu trích yếu"), _("Thiếu “Trích yếu”."), "required", "subject"),
        _error(
            _("Người ký không phải lãnh đạo"),
            _("Người ký phải là lãnh đạo của cơ quan."),
            "not_a_leader",
            "signer",
        ),
        _error(
            _("Văn bản mật kèm tệp"),
            _("Văn bản mật chỉ được đăng ký; không đưa tệp văn bản mật lên hệ thống."),
            "secret_file",
            "file",
        ),
        *_CONVERT,
    ]
}
UPLOAD = {
    400: _CONVERT,
    409: [_error(_("Dự thảo đã trình"), _refusal(State.IN_REVIEW, "upload"), "invalid_state")],
}
SUBMIT = {
    400: [_error(_("Chưa chọn người ký"), _("Hãy chọn người ký trước khi trình."), "no_signer", "signer")],
    409: [_error(_("Đã trình"), _refusal(State.IN_REVIEW, "submit"), "invalid_state")],
}
APPROVE = {
    409: [
        _error(
            _("Người khác vừa duyệt"), _("Văn bản đã được người khác xử lý; hãy tải lại trang."), "conflict"
        )
    ]
}
SIGN = {
    400: [
        _error(_("Sai PIN"), _("Mã PIN không đúng."), "wrong_pin"),
        _error(
            _("Văn bản mật"),
            _("Văn bản mật được ký trên bản giấy, không ký số trên hệ thống."),
            "secret_paper",
        ),
    ],
    409: [_error(_("Chưa được duyệt"), _refusal(State.IN_REVIEW, "sign"), "invalid_state")],
}
COMPLETE = {
    400: [
        _error(_("Hết hạn"), _("Yêu cầu ký đã hết hạn; hãy ký lại."), "expired"),
        _error(_("Chữ ký CMS không hợp lệ"), _("Chữ ký không khớp với văn bản."), "bad_signature"),
    ],
    409: SIGN[409],
}
NUMBER = {
    400: [
        _error(
            _("Cơ quan chưa có chứng thư số"),
            _("Cơ quan chưa có chứng thư số của cơ quan (con dấu điện tử); hãy liên hệ quản trị."),
            "no_agency_credential",
        )
    ],
    409: [_error(_("Đã cấp số"), _refusal(State.NUMBERED, "number"), "invalid_state")],
}
SIGN_BATCH = {
    400: [
        SIGN[400][0],
        _error(
            _("Không có chứng thư số"),
            _("Bạn chưa có chứng thư số còn hiệu lực trên hệ thống; hãy liên hệ quản trị."),
            "no_credential",
        ),
        _error(
            _("Không chọn văn bản"),
            _("“Các văn bản cần ký (public_id)” cần ít nhất 1 mục."),
            "min_length",
            "ids",
        ),
    ]
}
