"""Error examples the OpenAPI schema shows for the incoming-documents endpoints: the real messages
and stable codes the services and serializers produce, translated when the schema is generated."""

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from edesk.inbound.models import State
from edesk.inbound.transitions import refusal

# The 409 a workflow action answers with, worded by the same function the services use.
_refusal = lazy(refusal, str)


def _error(summary: str | Promise, detail: str | Promise, code: str, field: str | None = None) -> tuple:
    value = {"detail": detail, "code": code}
    if field:
        value["field"] = field
    return summary, value


BAD_CURSOR = _error(_("Con trỏ trang sai"), _("Tham số phân trang không hợp lệ."), "bad_cursor")
BAD_CHOICE = _error(
    _("Giá trị lọc sai"), _("“done” không phải giá trị hợp lệ của “Trạng thái”."), "invalid_choice", "state"
)
LIST = {400: [BAD_CURSOR, BAD_CHOICE]}

REGISTER = {
    400: [
        _error(_("Thiếu trích yếu"), _("Thiếu “Trích yếu”."), "required", "subject"),
        _error(
            _("Loại văn bản sai"),
            _("“Thông tư” không phải tên loại văn bản theo Nghị định 30."),
            "doc_type",
            "doc_type",
        ),
        _error(
            _("Ngày ban hành sau ngày đến"),
            _("Ngày ban hành không thể sau ngày đến."),
            "issued_in_future",
            "issued_date",
        ),
        _error(
            _("Hạn trước ngày đến"),
            _("Hạn xử lý không thể trước ngày đến."),
            "due_before_arrival",
            "due_date",
        ),
        _error(
            _("Cơ quan ban hành không có"),
            _("Cơ quan ban hành không có trong hệ thống."),
            "unknown_issuer",
            "issuer",
        ),
        _error(
            _("Tệp giả dạng PDF"),
            _("Tệp “van-ban.pdf” không phải là PDF hợp lệ: nội dung là tệp chương trình (EXE)."),
            "file_type",
        ),
        _error(_("PDF hỏng"), _("Tệp PDF bị hỏng hoặc không đọc được."), "pdf_corrupt"),
        _error(
            _("PDF có mật khẩu"),
            _("Tệp PDF được đặt mật khẩu; hãy gửi bản không đặt mật khẩu."),
            "pdf_encrypted",
        ),
        _error(
            _("Văn bản mật kèm tệp"),
            _("Văn bản mật chỉ được vào sổ; không đưa tệp văn bản mật lên hệ thống."),
            "secret_file",
            "files",
        ),
    ],
    403: [
        _error(_("Không phải văn thư"), _("Chỉ văn thư của cơ quan được vào sổ văn bản đến."), "forbidden")
    ],
}

PRESENT = {
    400: [
        _error(
            _("Không phải lãnh đạo"),
            _("Người nhận trình phải là lãnh đạo của cơ quan."),
            "not_a_leader",
            "leader",
        )
    ],
    409: [
        _error(
            _("Đã trình, đã chỉ đạo"),
            _refusal(State.DIRECTED, "present"),
            "invalid_state",
        )
    ],
}
RETURN = {
    400: [_error(_("Thiếu lý do"), _("“Lý do trả lại” không được để trống."), "blank", "reason")],
    409: [
        _error(
            _("Không còn chờ chỉ đạo"),
            _refusal(State.DIRECTED, "return"),
            "invalid_state",
        )
    ],
}
DIRECT = {
    400: [
        _error(_("Hai đơn vị chủ trì"), _("Phải có đúng một đơn vị hoặc cá nhân xử lý chính."), "one_lead"),
        _error(
            _("Thiếu đối tượng"),
            _("Mỗi phân công phải chọn một đơn vị (org) hoặc một cá nhân (user)."),
            "target",
            "assignments[0]",
        ),
        _error(_("Ngoài cơ quan"), _("Người được phân công không thuộc cơ quan."), "target_outside"),
    ],
    409: [
        _error(
            _("Đã chỉ đạo"),
            _refusal(State.DIRECTED, "direct"),
            "invalid_state",
        )
    ],
}
REASSIGN = {
    400: DIRECT[400],
    409: [
        _error(
            _("Chưa chỉ đạo"),
            _refusal(State.PRESENTED, "reassign"),
            "invalid_state",
        )
    ],
}

PART_DONE = _error(_("Phần việc đã xong"), _("Phần việc này đã ở trạng thái “Hoàn thành”."), "invalid_state")
NOT_HOLDER = _error(_("Không phải người được giao"), _("Phần việc này không được giao cho bạn."), "forbidden")
DELEGATE = {
    400: [
        _error(_("Ngoài đơn vị"), _("Người được giao phải thuộc đơn vị của bạn."), "target_outside", "user")
    ],
    403: [
        _error(
            _("Không phải lãnh đạo đơn vị"), _("Chỉ lãnh đạo đơn vị được giao tiếp phần việc."), "forbidden"
        ),
        NOT_HOLDER,
    ],
    409: [PART_DONE],
}
PROGRESS = {
    400: [
        _error(_("Thiếu nội dung"), _("Thiếu “Nội dung tiến độ”."), "required", "note"),
        _error(
            _("Văn bản mật kèm tệp"),
            _("Văn bản mật không đưa tệp lên hệ thống; chỉ ghi nội dung tiến độ."),
            "secret_file",
            "files",
        ),
    ],
    403: [NOT_HOLDER],
    409: [PART_DONE],
}
COMPLETE = {
    400: [_error(_("Thiếu kết quả"), _("Thiếu “Kết quả xử lý”."), "required", "note")],
    403: [NOT_HOLDER],
    409: [PART_DONE],
}
ASSIGNMENTS = {
    400: [
        BAD_CURSOR,
        _error(
            _("Không phải của tôi"), _("Chỉ liệt kê được phần việc của bạn (mine=1)."), "mine_only", "mine"
        ),
    ]
}
SEARCH = {400: [_error(_("Thiếu từ khóa"), _("Thiếu “Từ khóa”."), "required", "q")]}
