"""Documents, their files and the register books they are numbered in.

Field names and lengths follow Decree 30 Appendix VI (CodeNumber 11, CodeNotation 30, Subject 500,
OrganName 200, SignerInfo Position 100 / FullName 50, Description 500).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edesk.core.enums import Secrecy, Urgency
from edesk.core.models import PublicId, TimeStamped
from edesk.documents.doctypes import ABBREVIATIONS, DocType


class RegisterKind(models.TextChoices):
    INCOMING = "incoming", _("Sổ văn bản đến")
    INCOMING_SECRET = "incoming_secret", _("Sổ văn bản đến mật")
    OUTGOING = "outgoing", _("Sổ văn bản đi")
    OUTGOING_SECRET = "outgoing_secret", _("Sổ văn bản đi mật")


SECRET_KINDS = (RegisterKind.INCOMING_SECRET, RegisterKind.OUTGOING_SECRET)
OUTGOING_KINDS = (RegisterKind.OUTGOING, RegisterKind.OUTGOING_SECRET)


class Register(TimeStamped):
    """A register book (sổ) of one agency for one year. Its `last_number` is the only source of
    numbers: it is read and bumped under a row lock, so numbers are never skipped or repeated.

    `book` splits one kind into sequences: outgoing documents share the "" book (one sequence for
    every administrative type) unless the agency gives a type its own book (outbound.NumberingRule).
    """

    agency = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="registers")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=30, choices=RegisterKind.choices)
    book = models.CharField(max_length=20, blank=True, default="")
    name = models.CharField(max_length=200)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sổ đăng ký")
        verbose_name_plural = pgettext_lazy("plural", "sổ đăng ký")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "kind", "book"], name="register_unique_book")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_secret(self) -> bool:
        return self.kind in SECRET_KINDS

    @property
    def is_outgoing(self) -> bool:
        return self.kind in OUTGOING_KINDS


class Blob(models.Model):
    """A stored file, named by the SHA-256 of its bytes (see edesk.core.storage)."""

    sha256 = models.CharField(max_length=64, primary_key=True)
    size = models.BigIntegerField()
    content_type = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.sha256


class Direction(models.TextChoices):
    INCOMING = "in", _("Văn bản đến")
    OUTGOING = "out", _("Văn bản đi")


class TextStatus(models.TextChoices):
    NONE = "none", _("Không trích xuất")
    PENDING = "pending", _("Đang trích xuất")
    DONE = "done", _("Đã trích xuất")
    FAILED = "failed", _("Lỗi trích xuất")


class Document(PublicId, TimeStamped):
    """The Decree 30 metadata every document carries, incoming or outgoing."""

    agency = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="documents")
    direction = models.CharField(max_length=3, choices=Direction.choices)
    doc_type = models.CharField(_("loại văn bản"), max_length=30, choices=DocType.choices)
    code_number = models.CharField(_("số"), max_length=11, blank=True)
    code_notation = models.CharField(_("ký hiệu"), max_length=30, blank=True)
    issued_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="issued_documents"
    )
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=200)
    issuer_code = models.CharField(_("mã định danh cơ quan ban hành"), max_length=13, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=50, blank=True)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=100, blank=True)
    subject = models.CharField(_("trích yếu"), max_length=500)
    urgency = models.PositiveSmallIntegerField(_("độ khẩn"), choices=Urgency.choices, default=Urgency.NORMAL)
    secrecy = models.PositiveSmallIntegerField(_("độ mật"), choices=Secrecy.choices, default=Secrecy.NONE)
    page_amount = models.PositiveSmallIntegerField(_("số trang"), null=True, blank=True)
    description = models.CharField(_("ghi chú"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # (number, notation, issuer) folded, for the Decree 30 App. VI duplicate warning.
    dup_key = models.CharField(max_length=300, blank=True)
    # Diacritic-free text of subject, number/notation, issuer and extracted file text; the search
    # backends index this column (PostgreSQL: generated tsvector + GIN; SQLite: FTS5).
    search_text = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = pgettext_lazy("plural", "văn bản")
        indexes = [
            models.Index(fields=["agency", "dup_key"], name="document_dup"),
            models.Index(fields=["agency", "code_notation"], name="document_notation"),
        ]

    def __str__(self) -> str:
        return f"{self.number_notation} {self.subject[:60]}".strip()

    @property
    def number_notation(self) -> str:
        if self.code_number and self.code_notation:
            return f"{self.code_number}/{self.code_notation}"
        return self.code_number or self.code_notation

    @property
    def type_abbr(self) -> str | None:
        return ABBREVIATIONS.get(self.doc_type)

    @property
    def is_secret(self) -> bool:
        return self.secrecy != Secrecy.NONE


class AttachmentKind(models.TextChoices):
    MAIN = "main", _("Văn bản chính")
    APPENDIX = "appendix", _("Phụ lục, tài liệu kèm theo")


class Attachment(TimeStamped):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="attachments")
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.BigIntegerField()
    kind = models.CharField(max_length=10, choices=AttachmentKind.choices, default=AttachmentKind.MAIN)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, default="")
    text_status = models.CharField(max_length=10, choices=TextStatus.choices, default=TextStatus.NONE)
    sort_order = models.PositiveSmallIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["sort_order", "id"]
        indexes = [models.Index(fields=["text_status"], name="attachment_text_status")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"
