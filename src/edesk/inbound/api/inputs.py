"""What the incoming-documents API accepts: one input serializer per operation, and the
conversions from validated input to the arguments of the services and selectors."""

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from edesk.core.api_errors import VietnameseErrors
from edesk.core.enums import SECRECY_CODES, URGENCY_CODES, Channel, Secrecy, Urgency
from edesk.documents.doctypes import parse_doc_type
from edesk.documents.services import Upload
from edesk.inbound.models import AssignmentRole, State
from edesk.inbound.selectors import QUEUE_LABELS, Queue, RegisterFilters
from edesk.inbound.services import AssignmentSpec, IncomingData

if TYPE_CHECKING:
    # Only in django-stubs: the type of a lazy translated string.
    from django.utils.functional import _StrPromise

MAX_FILES = 20
MAX_NOTE = 4000
MAX_PAGE_SIZE = 200
SEARCH_PAGE_SIZE = 20
ASSIGNMENT_QUEUES = (Queue.TO_HANDLE, Queue.IN_PROGRESS, Queue.OVERDUE, Queue.FOR_INFO)


class CodeChoiceField(serializers.ChoiceField):
    """An IntegerChoices value exchanged as its stable API code: "urgent" for Urgency.URGENT."""

    def __init__(self, codes: dict, **kwargs):
        self.codes = codes
        self.members = {code: member for member, code in codes.items()}
        super().__init__(choices=[(code, member.label) for member, code in codes.items()], **kwargs)

    def to_internal_value(self, data):
        return int(self.members[super().to_internal_value(data)])

    def to_representation(self, value):
        return self.codes[value]


def _text(label: "str | _StrPromise", max_length: int, **kwargs) -> serializers.CharField:
    return serializers.CharField(
        label=label, max_length=max_length, required=False, allow_blank=True, **kwargs
    )


def _files(label: "str | _StrPromise") -> serializers.ListField:
    # Empty files are let through to the content check, whose message names the file.
    return serializers.ListField(
        label=label,
        child=serializers.FileField(allow_empty_file=True),
        required=False,
        max_length=MAX_FILES,
        help_text=_("Gửi bằng multipart/form-data; lặp lại trường cho mỗi tệp. Tệp đầu là văn bản chính."),
    )


class DocTypeField(serializers.CharField):
    """A Decree 30 type by name ("Kế hoạch"), abbreviation ("KH") or code ("ke_hoach")."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        try:
            return parse_doc_type(value).value
        except ValueError:
            raise serializers.ValidationError(
                _("“%(value)s” không phải tên loại văn bản theo Nghị định 30.") % {"value": value},
                code="doc_type",
            ) from None


class IncomingRegisterSerializer(VietnameseErrors, serializers.Serializer):
    files = _files(_("Tệp văn bản"))
    doc_type = DocTypeField(
        label=_("Loại văn bản"),
        max_length=50,
        help_text=_(
            "Tên loại theo Nghị định 30 (“Công văn”, “Kế hoạch”), chữ viết tắt (“KH”) hoặc mã (“ke_hoach”)."
        ),
    )
    code_number = _text(_("Số"), 11)
    code_notation = _text(_("Ký hiệu"), 30)
    issued_date = serializers.DateField(label=_("Ngày ban hành"), required=False, allow_null=True)
    issuer = serializers.IntegerField(
        label=_("Cơ quan ban hành"),
        required=False,
        allow_null=True,
        help_text=_("Id của cơ quan trong hệ thống; nếu không có, gửi issuer_name."),
    )
    issuer_name = _text(_("Tên cơ quan ban hành"), 200)
    issuer_code = _text(_("Mã định danh cơ quan ban hành"), 13)
    signer_name = _text(_("Người ký"), 50)
    signer_position = _text(_("Chức vụ người ký"), 100)
    subject = serializers.CharField(label=_("Trích yếu"), max_length=500)
    urgency = CodeChoiceField(URGENCY_CODES, label=_("Độ khẩn"), required=False)
    secrecy = CodeChoiceField(
        SECRECY_CODES,
        label=_("Độ mật"),
        required=False,
        help_text=_("Văn bản mật chỉ được vào sổ, không kèm tệp."),
    )
    due_date = serializers.DateField(label=_("Hạn xử lý"), required=False, allow_null=True)
    channel = serializers.ChoiceField(label=_("Hình thức nhận"), choices=Channel.choices, required=False)
    page_amount = serializers.IntegerField(
        label=_("Số trang"), min_value=1, max_value=999, required=False, allow_null=True
    )
    description = _text(_("Ghi chú"), 500)
    agency = serializers.IntegerField(
        label=_("Cơ quan vào sổ"),
        required=False,
        allow_null=True,
        help_text=_("Bắt buộc khi bạn là văn thư của nhiều cơ quan."),
    )
    request_key = _text(
        _("Mã chống gửi trùng"),
        64,
        help_text=_("Như tiêu đề Idempotency-Key: gửi lại cùng mã trả về văn bản đã vào sổ."),
    )


def incoming_data(attrs: dict, request_key: str | None) -> IncomingData:
    return IncomingData(
        doc_type=attrs["doc_type"],
        subject=attrs["subject"],
        code_number=attrs.get("code_number", ""),
        code_notation=attrs.get("code_notation", ""),
        issued_date=attrs.get("issued_date"),
        issuer_id=attrs.get("issuer"),
        issuer_name=attrs.get("issuer_name", ""),
        issuer_code=attrs.get("issuer_code", ""),
        signer_name=attrs.get("signer_name", ""),
        signer_position=attrs.get("signer_position", ""),
        urgency=attrs.get("urgency", Urgency.NORMAL),
        secrecy=attrs.get("secrecy", Secrecy.NONE),
        due_date=attrs.get("due_date"),
        channel=attrs.get("channel", Channel.ELECTRONIC),
        page_amount=attrs.get("page_amount"),
        description=attrs.get("description", ""),
        request_key=request_key or None,
        files=uploads(attrs.get("files", [])),
    )


def uploads(files) -> list[Upload]:
    return [Upload(name=f.name or "", fileobj=f, size=f.size) for f in files]


class PageParamsSerializer(VietnameseErrors, serializers.Serializer):
    cursor = serializers.CharField(
        label=_("Con trỏ trang"),
        required=False,
        max_length=500,
        help_text=_("Lấy từ địa chỉ `next` của trang trước."),
    )
    page_size = serializers.IntegerField(
        label=_("Số dòng mỗi trang"), required=False, min_value=1, max_value=MAX_PAGE_SIZE
    )


class IncomingListParamsSerializer(PageParamsSerializer):
    date_from = serializers.DateField(label=_("Từ ngày đến"), required=False)
    date_to = serializers.DateField(label=_("Đến ngày đến"), required=False)
    doc_type = DocTypeField(label=_("Loại văn bản"), max_length=50, required=False)
    issuer = _text(_("Cơ quan ban hành"), 200, help_text=_("Một phần tên cơ quan ban hành."))
    state = serializers.ChoiceField(label=_("Trạng thái"), choices=State.choices, required=False)
    urgency = CodeChoiceField(URGENCY_CODES, label=_("Độ khẩn"), required=False)
    overdue = serializers.BooleanField(label=_("Chỉ văn bản quá hạn"), required=False)
    due_before = serializers.DateField(label=_("Hạn xử lý trước ngày"), required=False)
    q = _text(_("Từ khóa"), 200)
    year = serializers.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)
    secret = serializers.BooleanField(
        label=_("Sổ văn bản mật"),
        required=False,
        help_text=_("1: sổ văn bản mật (văn thư, lãnh đạo); mặc định sổ thường."),
    )


def register_filters(attrs: dict) -> RegisterFilters:
    return RegisterFilters(
        q=attrs.get("q", ""),
        date_from=attrs.get("date_from"),
        date_to=attrs.get("date_to"),
        doc_type=attrs.get("doc_type", ""),
        issuer=attrs.get("issuer", ""),
        state=attrs.get("state", ""),
        urgency=attrs.get("urgency"),
        secret=attrs.get("secret", False),
        overdue=attrs.get("overdue", False),
        due_before=attrs.get("due_before"),
        year=attrs.get("year"),
    )


class AssignmentListParamsSerializer(PageParamsSerializer):
    mine = serializers.BooleanField(
        label=_("Phần việc của tôi"),
        required=False,
        default=True,
        help_text=_("Chỉ hỗ trợ 1: các phần việc đang mở trên bàn làm việc của bạn."),
    )
    queue = serializers.ChoiceField(
        label=_("Hàng đợi"), required=False, choices=[(q, QUEUE_LABELS[q]) for q in ASSIGNMENT_QUEUES]
    )

    def validate_mine(self, value):
        if not value:
            raise serializers.ValidationError(
                _("Chỉ liệt kê được phần việc của bạn (mine=1)."), code="mine_only"
            )
        return value


class SearchParamsSerializer(VietnameseErrors, serializers.Serializer):
    q = serializers.CharField(label=_("Từ khóa"), max_length=200)
    offset = serializers.IntegerField(
        label=_("Vị trí bắt đầu"), required=False, min_value=0, max_value=10_000
    )
    page_size = serializers.IntegerField(
        label=_("Số dòng mỗi trang"), required=False, min_value=1, max_value=100
    )


class PresentSerializer(VietnameseErrors, serializers.Serializer):
    leader = serializers.IntegerField(label=_("Lãnh đạo nhận trình"), help_text=_("Id người dùng."))


class ReturnSerializer(VietnameseErrors, serializers.Serializer):
    reason = serializers.CharField(label=_("Lý do trả lại"), max_length=MAX_NOTE)


class AssignmentSpecSerializer(VietnameseErrors, serializers.Serializer):
    role = serializers.ChoiceField(label=_("Vai trò"), choices=AssignmentRole.choices)
    user = serializers.IntegerField(label=_("Cá nhân"), required=False, allow_null=True)
    org = serializers.IntegerField(label=_("Đơn vị"), required=False, allow_null=True)
    due_date = serializers.DateField(label=_("Hạn xử lý"), required=False, allow_null=True)

    def validate(self, attrs):
        if (attrs.get("user") is None) == (attrs.get("org") is None):
            raise serializers.ValidationError(
                _("Mỗi phân công phải chọn một đơn vị (org) hoặc một cá nhân (user)."), code="target"
            )
        return attrs


class DirectSerializer(VietnameseErrors, serializers.Serializer):
    note = _text(_("Ý kiến chỉ đạo"), MAX_NOTE)
    assignments: serializers.ListSerializer = serializers.ListSerializer(
        child=AssignmentSpecSerializer(),
        label=_("Phân công"),
        max_length=50,
        help_text=_("Đúng một phần “lead” (xử lý chính); “co” phối hợp; “info” nhận để biết."),
    )


def assignment_specs(attrs: dict) -> list[AssignmentSpec]:
    return [
        AssignmentSpec(role=a["role"], user_id=a.get("user"), org_id=a.get("org"), due_date=a.get("due_date"))
        for a in attrs["assignments"]
    ]


class DelegateSerializer(VietnameseErrors, serializers.Serializer):
    user = serializers.IntegerField(
        label=_("Cán bộ được giao"), help_text=_("Id người dùng trong đơn vị của bạn.")
    )
    note = _text(_("Ý kiến giao việc"), MAX_NOTE)
    due_date = serializers.DateField(label=_("Hạn xử lý"), required=False, allow_null=True)


class ProgressSerializer(VietnameseErrors, serializers.Serializer):
    note = serializers.CharField(label=_("Nội dung tiến độ"), max_length=MAX_NOTE)
    files = _files(_("Tệp kèm theo"))


class CompleteSerializer(VietnameseErrors, serializers.Serializer):
    note = serializers.CharField(label=_("Kết quả xử lý"), max_length=MAX_NOTE)
