"""What the outgoing-documents API returns. Serializers read only what the selectors loaded, so a
list costs the same number of queries whatever its length. A secret document never gets a file link."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from edesk.core.enums import SECRECY_CODES, URGENCY_CODES
from edesk.documents.doctypes import DocType
from edesk.documents.models import AttachmentKind
from edesk.inbound.api.inputs import CodeChoiceField
from edesk.inbound.api.outputs import OrgRefSerializer, PersonSerializer, RegisterRefSerializer
from edesk.outbound.models import (
    RecipientKind,
    RecipientState,
    ReviewAction,
    State,
    StepKind,
)


def _url(serializer: serializers.Serializer, name: str, *args) -> str:
    return reverse(f"outbound_api:{name}", args=args, request=serializer.context.get("request"))


class OutgoingSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    public_id = serializers.UUIDField()
    url = serializers.SerializerMethodField()
    state = serializers.ChoiceField(choices=State.choices)
    doc_type = serializers.ChoiceField(choices=DocType.choices)
    subject = serializers.CharField()
    number_notation = serializers.CharField(help_text=_("“15/QĐ-UBND”; rỗng khi chưa cấp số."))
    issued_date = serializers.DateField(allow_null=True)
    urgency = CodeChoiceField(URGENCY_CODES)
    secrecy = CodeChoiceField(SECRECY_CODES)
    author = PersonSerializer()
    signer = PersonSerializer(allow_null=True)
    drafting_unit = OrgRefSerializer()
    register = RegisterRefSerializer(allow_null=True)
    moved_at = serializers.DateTimeField(help_text=_("Thời điểm chuyển trạng thái gần nhất."))

    def get_url(self, outgoing) -> str:
        return _url(self, "outgoing-detail", outgoing.pk)


class VersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    author = PersonSerializer()
    created_at = serializers.DateTimeField()
    comment = serializers.CharField()
    source_name = serializers.CharField()
    source_type = serializers.CharField()
    page_count = serializers.IntegerField(allow_null=True)
    converted = serializers.SerializerMethodField(help_text=_("Tệp PDF được chuyển đổi từ tệp Word."))
    file_url = serializers.SerializerMethodField()

    def get_converted(self, version) -> bool:
        return version.source_id != version.pdf_id

    def get_file_url(self, version) -> str:
        return _url(self, "outgoing-version-file", version.outgoing_id, version.number)


class ReviewEventSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=ReviewAction.choices)
    step_order = serializers.IntegerField(allow_null=True)
    step_kind = serializers.CharField(help_text=_("content, format, sign hoặc rỗng."))
    actor = PersonSerializer()
    version = serializers.IntegerField(source="version.number", allow_null=True, default=None)
    comment = serializers.CharField()
    created_at = serializers.DateTimeField()


class RecipientOutSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RecipientKind.choices)
    name = serializers.CharField(source="label")
    org = OrgRefSerializer(allow_null=True)
    user = PersonSerializer(allow_null=True)
    external_code = serializers.CharField()
    state = serializers.ChoiceField(choices=RecipientState.choices, source="delivery_state")
    delivered_at = serializers.DateTimeField(allow_null=True)
    opened_at = serializers.DateTimeField(allow_null=True)
    registered = serializers.SerializerMethodField(help_text=_("Cơ quan nhận đã vào sổ văn bản đến."))

    def get_registered(self, recipient) -> bool:
        return recipient.received is not None and recipient.received.incoming_id is not None


class OutgoingFileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    content_type = serializers.CharField()
    kind = serializers.ChoiceField(choices=AttachmentKind.choices)
    page_count = serializers.IntegerField(allow_null=True)
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, attachment) -> str:
        return _url(self, "outgoing-file", attachment.document_id, attachment.pk)


class OutgoingSignatureSerializer(serializers.Serializer):
    signer_name = serializers.CharField()
    subject = serializers.CharField()
    issuer = serializers.CharField()
    signing_time = serializers.CharField(allow_null=True)
    intact = serializers.BooleanField()
    trusted = serializers.BooleanField()
    modified_after = serializers.BooleanField()
    problems = serializers.ListField(child=serializers.CharField())


class OutgoingVerificationSerializer(serializers.Serializer):
    checked_at = serializers.DateTimeField()
    all_valid = serializers.BooleanField()
    signatures = OutgoingSignatureSerializer(many=True, source="report.signatures")


class StepSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=StepKind.choices)
    actors = PersonSerializer(many=True)


class OutgoingSerializer(OutgoingSummarySerializer):
    signer_name = serializers.CharField()
    signer_position = serializers.CharField()
    authority = serializers.CharField()
    authority_for = serializers.CharField()
    issued_amount = serializers.IntegerField()
    reply_due = serializers.DateField(allow_null=True)
    reply_to = serializers.IntegerField(source="reply_to_id", allow_null=True)
    replaces = serializers.IntegerField(source="replaces_id", allow_null=True)
    recipients_text = serializers.CharField()
    description = serializers.CharField()
    page_amount = serializers.IntegerField(allow_null=True)
    signed_at = serializers.DateTimeField(allow_null=True)
    numbered_at = serializers.DateTimeField(allow_null=True)
    issued_at = serializers.DateTimeField(allow_null=True)
    recalled_at = serializers.DateTimeField(allow_null=True)
    recall_reason = serializers.CharField()
    current_step = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(help_text=_("Thao tác người gọi được làm lúc này."))
    versions = VersionSerializer(many=True, source="versions.all")
    review_history = ReviewEventSerializer(many=True, source="review_events.all")
    recipients = RecipientOutSerializer(many=True, source="recipients.all")
    files = serializers.SerializerMethodField()
    verification = serializers.SerializerMethodField(
        help_text=_("Kiểm tra chữ ký số của bản phát hành (hoặc bản đã ký); null khi chưa có.")
    )

    @extend_schema_field(StepSerializer(allow_null=True))
    def get_current_step(self, outgoing):
        step = self.context.get("step")
        if step is None:
            return None
        return {
            "order": step.order,
            "kind": step.kind,
            "actors": PersonSerializer(self.context.get("step_actors", []), many=True).data,
        }

    def get_actions(self, outgoing) -> list[str]:
        return sorted(self.context.get("actions", ()))

    @extend_schema_field(OutgoingFileSerializer(many=True))
    def get_files(self, outgoing):
        if outgoing.is_secret:
            return []
        return OutgoingFileSerializer(outgoing.attachments.all(), many=True, context=self.context).data

    @extend_schema_field(OutgoingVerificationSerializer(allow_null=True))
    def get_verification(self, outgoing):
        verification = self.context.get("verification")
        return OutgoingVerificationSerializer(verification).data if verification is not None else None


class PendingSerializer(serializers.Serializer):
    pending_id = serializers.UUIDField(source="public_id")
    digest = serializers.CharField(source="document_digest", help_text=_("Chuỗi băm (hex) cần ký."))
    md_algorithm = serializers.CharField()
    expires_at = serializers.DateTimeField()


class SkippedSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text=_("public_id của văn bản không ký được."))
    detail = serializers.CharField(help_text=_("Lý do, bằng ngôn ngữ của người dùng."))
    code = serializers.CharField(help_text=_("Mã lý do ổn định, như ở các lỗi: invalid_state, forbidden…"))


class SignBatchSerializer(serializers.Serializer):
    signed = serializers.ListField(child=serializers.UUIDField(), help_text=_("public_id các văn bản đã ký."))
    skipped = SkippedSerializer(many=True)
