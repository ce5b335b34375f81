"""What the outgoing-documents API accepts: one input serializer per operation, and the
conversions from validated input to the arguments of the services."""

import base64
import binascii
import json

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from edesk.core.api_errors import VietnameseErrors
from edesk.core.enums import SECRECY_CODES, URGENCY_CODES
from edesk.core.errors import UserError
from edesk.documents.services import Upload
from edesk.inbound.api.inputs import CodeChoiceField, DocTypeField
from edesk.outbound.models import Authority, RecipientKind
from edesk.outbound.selectors import Queue
from edesk.outbound.services import SIGN_BATCH_MAX, DraftData, RecipientSpec
from edesk.signing.pades import Placement

MAX_PAGE_SIZE = 200
MAX_RECIPIENTS = 200
MAX_APPENDICES = 20
MAX_COMMENT = 4000


def _text(label, max_length: int, **kwargs) -> serializers.CharField:
    return serializers.CharField(
        label=label, max_length=max_length, required=False, allow_blank=True, **kwargs
    )


class RecipientSerializer(VietnameseErrors, serializers.Serializer):
    kind = serializers.ChoiceField(label=_("Loại nơi nhận"), choices=RecipientKind.choices)
    org = serializers.IntegerField(label=_("Cơ quan, đơn vị"), required=False, allow_null=True)
    user = serializers.IntegerField(label=_("Người nhận"), required=False, allow_null=True)
    external_name = _text(_("Tên cơ quan ngoài hệ thống"), 200)
    external_code = _text(_("Mã định danh"), 13)


class DraftSerializer(VietnameseErrors, serializers.Serializer):
    """The draft's metadata (create and update). On create a `file` may come with it (multipart)."""

    doc_type = DocTypeField(label=_("Loại văn bản"), max_length=50)
    subject = serializers.CharField(label=_("Trích yếu"), max_length=500)
    drafting_unit = serializers.IntegerField(label=_("Đơn vị soạn thảo"))
    signer = serializers.IntegerField(label=_("Người ký"), required=False, allow_null=True)
    authority = serializers.ChoiceField(label=_("Thẩm quyền ký"), choices=Authority.choices, required=False)
    authority_for = _text(_("Thay mặt"), 100)
    urgency = CodeChoiceField(URGENCY_CODES, label=_("Độ khẩn"), required=False)
    secrecy = CodeChoiceField(
        SECRECY_CODES,
        label=_("Độ mật"),
        required=False,
        help_text=_("Văn bản mật chỉ đăng ký, không kèm tệp."),
    )
    issued_amount = serializers.IntegerField(
        label=_("Số bản phát hành"), min_value=1, max_value=999, required=False
    )
    reply_due = serializers.DateField(label=_("Hạn trả lời"), required=False, allow_null=True)
    reply_to = serializers.IntegerField(
        label=_("Trả lời văn bản đến"), required=False, allow_null=True, help_text=_("Id của văn bản đến.")
    )
    replaces = serializers.IntegerField(
        label=_("Thay thế văn bản"),
        required=False,
        allow_null=True,
        help_text=_("Id của văn bản đi đã phát hành."),
    )
    recipients_text = _text(_("Nơi nhận (in ở cuối văn bản)"), 2000)
    recipients = RecipientSerializer(many=True, required=False, max_length=MAX_RECIPIENTS)
    description = _text(_("Ghi chú"), 500)
    agency = serializers.IntegerField(
        label=_("Cơ quan"),
        required=False,
        allow_null=True,
        help_text=_("Bắt buộc khi bạn thuộc nhiều cơ quan."),
    )


class DraftCreateSerializer(DraftSerializer):
    file = serializers.FileField(label=_("Tệp dự thảo"), required=False, allow_empty_file=True)
    comment = _text(_("Ghi chú phiên bản"), MAX_COMMENT)
    request_key = _text(_("Mã chống gửi trùng"), 64)


def draft_data(params: dict, request_key: str | None = None) -> DraftData:
    return DraftData(
        doc_type=params["doc_type"],
        subject=params["subject"],
        drafting_unit_id=params["drafting_unit"],
        signer_id=params.get("signer"),
        authority=params.get("authority", ""),
        authority_for=params.get("authority_for", ""),
        urgency=params.get("urgency", 0),
        secrecy=params.get("secrecy", 0),
        issued_amount=params.get("issued_amount", 1),
        reply_due=params.get("reply_due"),
        reply_to_id=params.get("reply_to"),
        replaces_id=params.get("replaces"),
        recipients_text=params.get("recipients_text", ""),
        recipients=[
            RecipientSpec(
                kind=r["kind"],
                org_id=r.get("org"),
                user_id=r.get("user"),
                external_name=r.get("external_name", ""),
                external_code=r.get("external_code", ""),
            )
            for r in params.get("recipients", [])
        ],
        description=params.get("description", ""),
        request_key=request_key,
    )


def upload_of(file) -> Upload:
    return Upload(name=file.name, fileobj=file, size=file.size)


class ListParamsSerializer(VietnameseErrors, serializers.Serializer):
    queue = serializers.ChoiceField(label=_("Hàng đợi"), choices=[(q.value, q.value) for q in Queue])
    cursor = serializers.CharField(label=_("Con trỏ trang"), required=False)
    page_size = serializers.IntegerField(
        label=_("Cỡ trang"), min_value=1, max_value=MAX_PAGE_SIZE, required=False
    )


class VersionUploadSerializer(VietnameseErrors, serializers.Serializer):
    file = serializers.FileField(label=_("Tệp dự thảo"), allow_empty_file=True)
    comment = _text(_("Ghi chú phiên bản"), MAX_COMMENT)


class AppendicesSerializer(VietnameseErrors, serializers.Serializer):
    files = serializers.ListField(
        label=_("Phụ lục"),
        child=serializers.FileField(allow_empty_file=True),
        required=False,
        max_length=MAX_APPENDICES,
        help_text=_("multipart/form-data; lặp lại trường cho mỗi tệp. Gửi rỗng để bỏ mọi phụ lục."),
    )


class ReviewCommentSerializer(VietnameseErrors, serializers.Serializer):
    comment = _text(_("Ý kiến"), MAX_COMMENT)


class DraftReturnSerializer(VietnameseErrors, serializers.Serializer):
    comment = serializers.CharField(label=_("Ý kiến"), max_length=MAX_COMMENT)


class OutgoingRecallSerializer(VietnameseErrors, serializers.Serializer):
    reason = serializers.CharField(label=_("Lý do thu hồi"), max_length=2000)


class PlacementSerializer(VietnameseErrors, serializers.Serializer):
    page = serializers.IntegerField(label=_("Trang"), min_value=0)
    box = serializers.ListField(
        label=_("Khung chữ ký"),
        child=serializers.FloatField(),
        min_length=4,
        max_length=4,
        help_text=_("[x1, y1, x2, y2] theo điểm PDF, gốc ở góc dưới trái."),
    )


def placement_of(params: dict) -> Placement | None:
    value = params.get("placement")
    if not value:
        return None
    box = value["box"]
    return Placement(page=value["page"], box=(box[0], box[1], box[2], box[3]))


class SignSerializer(VietnameseErrors, serializers.Serializer):
    pin = serializers.CharField(label=_("Mã PIN"), max_length=64, trim_whitespace=False, write_only=True)
    placement = PlacementSerializer(required=False, allow_null=True)


class PrepareSerializer(VietnameseErrors, serializers.Serializer):
    placement = PlacementSerializer(required=False, allow_null=True)


class SignCompleteSerializer(VietnameseErrors, serializers.Serializer):
    pending_id = serializers.CharField(label=_("Mã chữ ký đang chờ"), max_length=64)
    cms = serializers.CharField(label=_("Chữ ký CMS (base64)"), max_length=200_000)

    def validate_cms(self, value: str) -> bytes:
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise serializers.ValidationError(
                _("Chữ ký CMS không phải base64 hợp lệ."), code="bad_base64"
            ) from None


def with_json_recipients(data):
    """A multipart body carries `recipients` as one JSON string; a JSON body as a list."""
    if not hasattr(data, "getlist"):
        return data
    plain = {key: data.get(key) for key in data}
    raw = plain.get("recipients")
    if isinstance(raw, str):
        try:
            plain["recipients"] = json.loads(raw) if raw.strip() else []
        except ValueError:
            raise UserError(
                _("“Nơi nhận” phải là chuỗi JSON (danh sách)."), code="invalid", field="recipients"
            ) from None
    return plain


class SignBatchSerializer(VietnameseErrors, serializers.Serializer):
    ids = serializers.ListField(
        label=_("Các văn bản cần ký (public_id)"),
        child=serializers.UUIDField(),
        min_length=1,
        max_length=SIGN_BATCH_MAX,
    )
    pin = serializers.CharField(label=_("Mã PIN"), max_length=64, trim_whitespace=False, write_only=True)
