"""What the incoming-documents API returns: one output serializer per shape.

Serializers only read what the selectors loaded (select_related / prefetch_related), so a list
costs the same number of queries whatever its length. File links need the request in the context,
and a secret document never gets one.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from edesk.core.enums import SECRECY_CODES, URGENCY_CODES, Channel
from edesk.documents.doctypes import DocType
from edesk.documents.models import AttachmentKind, TextStatus
from edesk.inbound.api.inputs import CodeChoiceField
from edesk.inbound.models import AssignmentRole, AssignmentState, Received, State
from edesk.inbound.selectors import answered_by, assignment_tree, deadline_mark
from edesk.inbound.verification import reports_for

DEADLINE_HELP = _("“overdue” quá hạn, “due_soon” sắp đến hạn, null nếu không (tính khi đọc, không lưu).")


def _url(serializer: serializers.Serializer, name: str, *args) -> str:
    return reverse(f"inbound_api:{name}", args=args, request=serializer.context.get("request"))


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class OrgRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class RegisterRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    year = serializers.IntegerField()


class SignatureSerializer(serializers.Serializer):
    """One signature of a PDF, as `POST /api/v1/signatures/verify/` reports it."""

    signer_name = serializers.CharField()
    subject = serializers.CharField(help_text=_("Chủ thể của chứng thư số."))
    issuer = serializers.CharField(help_text=_("Tổ chức cấp chứng thư số."))
    signing_time = serializers.CharField(allow_null=True, help_text=_("ISO 8601."))
    intact = serializers.BooleanField(help_text=_("Nội dung đã ký còn nguyên vẹn."))
    trusted = serializers.BooleanField(help_text=_("Chứng thư chuỗi tới gốc tin cậy và còn hiệu lực."))
    modified_after = serializers.BooleanField(help_text=_("Tệp bị thay đổi sau chữ ký này."))
    problems = serializers.ListField(child=serializers.CharField())


class VerificationSerializer(serializers.Serializer):
    checked_at = serializers.DateTimeField()
    all_valid = serializers.BooleanField()
    signatures = serializers.SerializerMethodField()

    @extend_schema_field(SignatureSerializer(many=True))
    def get_signatures(self, verification) -> list:
        return list((verification.report or {}).get("signatures", []))


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField(help_text=_("Byte."))
    content_type = serializers.CharField()
    kind = serializers.ChoiceField(choices=AttachmentKind.choices)
    page_count = serializers.IntegerField(allow_null=True)
    text_status = serializers.ChoiceField(choices=TextStatus.choices)
    download_url = serializers.SerializerMethodField()
    verification = serializers.SerializerMethodField(
        help_text=_("Kiểm tra chữ ký số của tệp PDF; null với tệp khác.")
    )

    def get_download_url(self, attachment) -> str | None:
        if self.context.get("secret"):
            return None
        return _url(self, "incoming-attachment", attachment.document_id, attachment.pk)

    @extend_schema_field(VerificationSerializer(allow_null=True))
    def get_verification(self, attachment) -> dict | None:
        report = self.context.get("verifications", {}).get(attachment.blob_id)
        return VerificationSerializer(report).data if report is not None else None


class NoteFileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    content_type = serializers.CharField()
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, note_file) -> str | None:
        if self.context.get("secret"):
            return None
        return _url(self, "incoming-note-file", self.context["document_id"], note_file.pk)


class ProgressNoteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = PersonSerializer()
    note = serializers.CharField()
    is_completion = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    files = NoteFileSerializer(many=True, source="files.all")


class AssignmentBaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    public_id = serializers.UUIDField()
    # The metaclass moves declared fields off the class, so this never shadows Field.parent at run time.
    parent = serializers.IntegerField(source="parent_id", allow_null=True)  # type: ignore[assignment]
    role = serializers.ChoiceField(choices=AssignmentRole.choices)
    target_user = PersonSerializer(allow_null=True)
    target_org = OrgRefSerializer(allow_null=True)
    state = serializers.ChoiceField(choices=AssignmentState.choices)
    due_date = serializers.DateField(allow_null=True)
    deadline = serializers.SerializerMethodField(help_text=DEADLINE_HELP)
    assigned_by = PersonSerializer()
    note = serializers.CharField(help_text=_("Ý kiến khi giao việc."))
    created_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    completion_note = serializers.CharField()

    def get_deadline(self, assignment) -> str | None:
        return deadline_mark(assignment.due_date, done=not assignment.is_open)


class AssignmentNodeSerializer(AssignmentBaseSerializer):
    """One part of the processing tree, with its progress notes and the parts passed down from it."""

    notes = ProgressNoteSerializer(many=True, source="notes.all")

    def get_fields(self):
        fields = super().get_fields()
        # Declared here rather than on the class: a class cannot name itself in its own body.
        fields["children"] = AssignmentNodeSerializer(many=True, source="child_nodes")
        return fields


class ReplySerializer(serializers.Serializer):
    """An issued outgoing document answering an incoming one ("answered by 15/UBND-VP")."""

    id = serializers.IntegerField()
    public_id = serializers.UUIDField()
    number_notation = serializers.CharField()
    issued_date = serializers.DateField(allow_null=True)
    subject = serializers.CharField()


class IncomingSummarySerializer(serializers.Serializer):
    """A register entry as lists show it."""

    id = serializers.IntegerField()
    public_id = serializers.UUIDField()
    url = serializers.SerializerMethodField()
    agency = serializers.IntegerField(source="agency_id")
    register = RegisterRefSerializer()
    arrival_number = serializers.IntegerField()
    arrival_at = serializers.DateTimeField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    doc_type = serializers.ChoiceField(choices=DocType.choices)
    doc_type_label = serializers.CharField(source="get_doc_type_display")
    code_number = serializers.CharField()
    code_notation = serializers.CharField()
    number_notation = serializers.CharField()
    issued_date = serializers.DateField(allow_null=True)
    issuer = serializers.IntegerField(source="issuer_id", allow_null=True)
    issuer_name = serializers.CharField()
    issuer_code = serializers.CharField()
    signer_name = serializers.CharField()
    subject = serializers.CharField()
    urgency = CodeChoiceField(URGENCY_CODES)
    urgency_label = serializers.CharField(source="get_urgency_display")
    secrecy = CodeChoiceField(SECRECY_CODES)
    secrecy_label = serializers.CharField(source="get_secrecy_display")
    state = serializers.ChoiceField(choices=State.choices)
    state_label = serializers.CharField(source="get_state_display")
    due_date = serializers.DateField(allow_null=True)
    deadline = serializers.SerializerMethodField(help_text=DEADLINE_HELP)

    def get_url(self, incoming) -> str:
        return _url(self, "incoming-detail", incoming.pk)

    def get_deadline(self, incoming) -> str | None:
        return deadline_mark(incoming.due_date, done=incoming.state == State.COMPLETED)


class IncomingSerializer(IncomingSummarySerializer):
    """The whole document: metadata, files, direction and the processing tree.

    Expects an Incoming loaded by `selectors.document_detail`.
    """

    signer_position = serializers.CharField()
    page_amount = serializers.IntegerField(allow_null=True)
    description = serializers.CharField()
    presented_to = PersonSerializer(allow_null=True)
    presented_at = serializers.DateTimeField(allow_null=True)
    directed_by = PersonSerializer(allow_null=True)
    directed_at = serializers.DateTimeField(allow_null=True)
    direction_note = serializers.CharField()
    return_reason = serializers.CharField()
    completed_at = serializers.DateTimeField(allow_null=True)
    duplicate_of = serializers.IntegerField(
        source="duplicate_of_id",
        allow_null=True,
        help_text=_("Văn bản cùng số, ký hiệu và cơ quan ban hành đã vào sổ trước."),
    )
    created_by = PersonSerializer(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    attachments = serializers.SerializerMethodField(
        help_text=_("Văn bản mật không có tệp và không có liên kết tải.")
    )
    assignments = serializers.SerializerMethodField(
        help_text=_("Cây xử lý: các phần việc cấp đầu, mỗi phần kèm các phần đã giao tiếp (children).")
    )

    answered_by = serializers.SerializerMethodField(
        help_text=_("Các văn bản đi đã phát hành trả lời văn bản này.")
    )
    recall_reason = serializers.SerializerMethodField(
        help_text=_("Lý do cơ quan gửi thu hồi (trạng thái recalled), nếu có.")
    )

    def _files_context(self, incoming) -> dict:
        # A recalled document's files are withdrawn: listed as the trail, never linked.
        withdrawn = incoming.is_secret or incoming.state == State.RECALLED
        return {**self.context, "secret": withdrawn, "document_id": incoming.pk}

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, incoming) -> list:
        attachments = list(incoming.attachments.all())
        context = self._files_context(incoming)
        if not context["secret"]:
            pdfs = [a.blob_id for a in attachments if a.is_pdf]
            context["verifications"] = reports_for(pdfs) if pdfs else {}
        return _many(AttachmentSerializer, attachments, context)

    @extend_schema_field(ReplySerializer(many=True))
    def get_answered_by(self, incoming) -> list:
        return _many(ReplySerializer, answered_by(incoming), {})

    def get_recall_reason(self, incoming) -> str | None:
        if incoming.state != State.RECALLED:
            return None
        received = Received.objects.filter(incoming=incoming).only("recall_reason").first()
        return received.recall_reason if received is not None else None

    @extend_schema_field(AssignmentNodeSerializer(many=True))
    def get_assignments(self, incoming) -> list:
        roots = _with_child_nodes(assignment_tree(incoming))
        return _many(AssignmentNodeSerializer, roots, self._files_context(incoming))


def _many(serializer_class, items, context: dict) -> list:
    return serializer_class(items, many=True, context=context).data


def _with_child_nodes(tree) -> list:
    """Attach each node's children to the assignment itself, the shape the node serializer reads."""
    for assignment, children in tree:
        assignment.child_nodes = _with_child_nodes(children)
    return [assignment for assignment, _ in tree]


class DuplicateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    arrival_number = serializers.IntegerField()
    arrival_at = serializers.DateTimeField()


class IncomingRegisteredSerializer(IncomingSerializer):
    duplicates = serializers.SerializerMethodField(
        help_text=_(
            "Cảnh báo (Nghị định 30, Phụ lục VI): văn bản cùng số, ký hiệu, cơ quan ban hành đã vào sổ."
        )
    )

    @extend_schema_field(DuplicateSerializer(many=True))
    def get_duplicates(self, incoming) -> list:
        return _many(DuplicateSerializer, self.context.get("duplicates", []), {})


class IncomingRefSerializer(serializers.Serializer):
    """The document an assignment belongs to, as a desk row shows it."""

    id = serializers.IntegerField()
    public_id = serializers.UUIDField()
    arrival_number = serializers.IntegerField()
    number_notation = serializers.CharField()
    issuer_name = serializers.CharField()
    subject = serializers.CharField()
    urgency = CodeChoiceField(URGENCY_CODES)
    secrecy = CodeChoiceField(SECRECY_CODES)
    state = serializers.ChoiceField(choices=State.choices)


class AssignmentSerializer(AssignmentBaseSerializer):
    """A part of the work on one's desk."""

    incoming = IncomingRefSerializer()


class SearchResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    public_id = serializers.UUIDField()
    url = serializers.SerializerMethodField()
    subject = serializers.CharField()
    number_notation = serializers.CharField()
    issuer_name = serializers.CharField()
    arrival_number = serializers.IntegerField()
    arrival_at = serializers.DateTimeField()
    doc_type = serializers.ChoiceField(choices=DocType.choices)
    state = serializers.ChoiceField(choices=State.choices)

    def get_url(self, incoming) -> str:
        return _url(self, "incoming-detail", incoming.pk)
