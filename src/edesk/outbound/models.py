"""Outgoing documents (văn bản đi): the draft, its versions and review, and what issuance leaves.

Metadata follows Decree 30 App. VI (outgoing): the Document base holds type, number, notation,
subject, signer, urgency, secrecy and page count; here are the rest (IssuedAmount, DueDate, the
recipients) and the workflow.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edesk.accounts.roles import Role
from edesk.core.models import TimeStamped
from edesk.documents.models import Blob, Document


class State(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("state", "Dự thảo")
    IN_REVIEW = "in_review", pgettext_lazy("state", "Đang trình duyệt")
    RETURNED = "returned", pgettext_lazy("state", "Bị trả lại")
    APPROVED = "approved", pgettext_lazy("state", "Chờ ký")
    SIGNED = "signed", pgettext_lazy("state", "Đã ký, chờ cấp số")
    NUMBERED = "numbered", pgettext_lazy("state", "Đã cấp số, chờ phát hành")
    ISSUED = "issued", pgettext_lazy("state", "Đã phát hành")
    RECALLED = "recalled", pgettext_lazy("state", "Đã thu hồi")


class Authority(models.TextChoices):
    """Thẩm quyền ký (Decree 30 App. I §II.7.a): the prefix above the signer's title."""

    DIRECT = "", _("Ký trực tiếp")
    TM = "TM.", _("TM. — thay mặt tập thể")
    KT = "KT.", _("KT. — ký thay người đứng đầu")
    TL = "TL.", _("TL. — thừa lệnh")
    TUQ = "TUQ.", _("TUQ. — thừa ủy quyền")
    Q = "Q.", _("Q. — quyền")


class Outgoing(Document):
    """An outgoing document from its first draft to its issuance (and, rarely, its recall)."""

    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    # Copies of Document.agency and the time of the last state change, local to this table so the
    # lists (an agency's documents by state, newest change first) are one index range.
    owner = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    moved_at = models.DateTimeField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The drafting unit: công văn take its abbreviation in the notation (12/UBND-VX).
    drafting_unit = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    authority = models.CharField(
        _("thẩm quyền ký"), max_length=4, choices=Authority.choices, blank=True, default=""
    )
    # The collective or head the prefix stands for ("ỦY BAN NHÂN DÂN", "GIÁM ĐỐC").
    authority_for = models.CharField(_("thay mặt"), max_length=100, blank=True)
    # The leader who will sign; signer_name/signer_position (Document) are filled from them.
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_amount = models.PositiveSmallIntegerField(_("số bản phát hành"), default=1)
    reply_due = models.DateField(_("hạn trả lời"), null=True, blank=True)
    # The incoming document this one answers ("answered by 15/UBND-VP" on its page).
    reply_to = models.ForeignKey(
        "inbound.Incoming", null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    # "Nơi nhận" as printed at the foot of the document; the Recipient rows are what is delivered.
    recipients_text = models.TextField(_("nơi nhận"), blank=True)
    current_version = models.ForeignKey(
        "DraftVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The review: the chain in force when it was submitted, and the step (by order) it waits at.
    chain = models.ForeignKey(
        "ReviewChain", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    step_order = models.PositiveSmallIntegerField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    # Signing: the leader-signed PDF, then the issued PDF (number, date and agency signature added).
    signed_blob = models.ForeignKey(Blob, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Numbering: the register and its number (code_number holds it zero-padded as printed).
    register = models.ForeignKey(
        "documents.Register", null=True, blank=True, on_delete=models.PROTECT, related_name="outgoing"
    )
    number = models.PositiveIntegerField(null=True, blank=True)
    numbered_at = models.DateTimeField(null=True, blank=True)
    numbered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recalled_at = models.DateTimeField(null=True, blank=True)
    recall_reason = models.TextField(blank=True)
    # The document that replaces this one (Decree 30 Art. 18.3: content errors are fixed by a
    # replacing document of the same form).
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    request_key = models.CharField(max_length=64, null=True, blank=True)

    class Meta:
        verbose_name = _("văn bản đi")
        verbose_name_plural = pgettext_lazy("plural", "văn bản đi")
        constraints = [
            models.UniqueConstraint(
                fields=["register", "number"],
                condition=Q(number__isnull=False),
                name="outgoing_number_unique",
            ),
            models.UniqueConstraint(
                fields=["author", "request_key"],
                condition=Q(request_key__isnull=False),
                name="outgoing_request_key",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "state", "-moved_at"], name="outgoing_owner_state"),
            models.Index(fields=["author", "state", "-moved_at"], name="outgoing_author"),
            models.Index(fields=["register", "-number"], name="outgoing_register_list"),
            models.Index(fields=["signer", "state"], name="outgoing_signer"),
        ]


class DraftVersion(TimeStamped):
    """One upload of the draft. `pdf` is what is reviewed and signed: the uploaded PDF itself, or
    the PDF LibreOffice made from the uploaded DOCX/DOC (kept in `source`)."""

    outgoing = models.ForeignKey(Outgoing, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(blank=True)
    source = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="+")
    source_name = models.CharField(max_length=255)
    source_type = models.CharField(max_length=100)
    pdf = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="+")
    page_count = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["outgoing", "number"], name="draft_version_unique"),
        ]

    def __str__(self) -> str:
        return f"v{self.number} {self.source_name}"


class StepKind(models.TextChoices):
    CONTENT = "content", _("Kiểm tra nội dung")
    FORMAT = "format", _("Kiểm tra thể thức")
    SIGN = "sign", _("Duyệt ký")


class ReviewChain(TimeStamped):
    """The review chain of an agency, for one document type or (blank type) for every type without
    its own. An agency without any chain uses DEFAULT_STEPS (outbound.review)."""

    agency = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="review_chains")
    doc_type = models.CharField(max_length=30, blank=True, default="")
    name = models.CharField(max_length=200)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "doc_type"], name="review_chain_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class ReviewStep(models.Model):
    """One step: who acts (a role, resolved for the draft, or a named person) and what they check.
    The last step of a chain is the signer's: its approval makes the draft ready to sign."""

    chain = models.ForeignKey(ReviewChain, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=StepKind.choices)
    role = models.CharField(max_length=12, choices=Role.choices, blank=True, default="")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "order"], name="review_step_unique"),
            models.CheckConstraint(
                condition=~Q(role="") | Q(user__isnull=False), name="review_step_has_actor"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.get_kind_display()}"


class ReviewAction(models.TextChoices):
    SUBMIT = "submit", _("Trình duyệt")
    APPROVE = "approve", _("Đồng ý")
    RETURN = "return", _("Trả lại")
    SIGN = "sign", _("Ký số")
    NUMBER = "number", _("Cấp số, đóng dấu")
    ISSUE = "issue", _("Phát hành")
    RECALL = "recall", _("Thu hồi")


class ReviewEvent(models.Model):
    """The history of a draft as its author and reviewers see it: who did what at which step,
    on which version, with which comment. (The audit log keeps the same facts, hash-chained.)"""

    outgoing = models.ForeignKey(Outgoing, on_delete=models.CASCADE, related_name="review_events")
    action = models.CharField(max_length=10, choices=ReviewAction.choices)
    step_order = models.PositiveSmallIntegerField(null=True, blank=True)
    step_kind = models.CharField(max_length=10, choices=StepKind.choices, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(
        DraftVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["outgoing", "created_at"], name="review_event_outgoing")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%d/%m/%Y %H:%M})"


class RecipientKind(models.TextChoices):
    AGENCY = "agency", _("Cơ quan trong hệ thống")
    UNIT = "unit", _("Đơn vị trong cơ quan (để biết)")
    PERSON = "person", _("Cá nhân trong cơ quan (để biết)")
    EXTERNAL = "external", _("Cơ quan ngoài hệ thống")


class RecipientState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("state", "Chưa gửi")
    DELIVERED = "delivered", pgettext_lazy("state", "Đã gửi")
    OPENED = "opened", pgettext_lazy("state", "Đã xem")
    REGISTERED = "registered", pgettext_lazy("state", "Đã vào sổ")
    BY_POST = "by_post", pgettext_lazy("state", "Gửi qua bưu chính")
    RECALLED = "recalled", pgettext_lazy("state", "Đã thu hồi")


class Recipient(TimeStamped):
    """One addressee of an outgoing document (Nơi nhận, Decree 30 box 9b) and its delivery.

    AGENCY: another agency of this system; issuing creates its inbound.Received, read here for
    "received / opened / registered". UNIT and PERSON: inside the issuing agency, for information.
    EXTERNAL: outside the system; sent by post until the exchange module delivers it.
    """

    outgoing = models.ForeignKey(Outgoing, on_delete=models.CASCADE, related_name="recipients")
    kind = models.CharField(max_length=10, choices=RecipientKind.choices)
    org = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    external_name = models.CharField(max_length=200, blank=True)
    external_code = models.CharField(max_length=13, blank=True)
    state = models.CharField(max_length=10, choices=RecipientState.choices, default=RecipientState.PENDING)
    received = models.OneToOneField(
        "inbound.Received", null=True, blank=True, on_delete=models.PROTECT, related_name="recipient"
    )
    delivered_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="agency") & Q(org__isnull=False))
                | (Q(kind="unit") & Q(org__isnull=False))
                | (Q(kind="person") & Q(user__isnull=False))
                | (Q(kind="external") & ~Q(external_name="")),
                name="recipient_has_target",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "state"], name="recipient_user"),
            models.Index(fields=["org", "kind", "state"], name="recipient_org"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def delivery_state(self) -> str:
        """The state as the sender sees it now: an agency's inbox entry moves on by itself (opened,
        registered, recalled) without writing back here, so it is read from there."""
        received = self.received if self.received_id else None
        if received is None or self.state == RecipientState.RECALLED:
            return self.state
        if received.state == "recalled":
            return RecipientState.RECALLED
        if received.incoming_id is not None:
            return RecipientState.REGISTERED
        if received.opened_at is not None:
            return RecipientState.OPENED
        return self.state

    @property
    def delivery_state_label(self) -> str:
        return str(RecipientState(self.delivery_state).label)

    @property
    def label(self) -> str:
        if self.kind == RecipientKind.EXTERNAL:
            return self.external_name
        return str(self.user or self.org)


class NumberingRule(TimeStamped):
    """Decree 30 Art. 15: the agency head decides whether administrative documents share one
    sequence or a type has its own. A rule gives `doc_type` its own book; without one the type
    is numbered in the shared book. Secret documents always run in the secret register."""

    agency = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="numbering_rules")
    doc_type = models.CharField(max_length=30)
    book = models.CharField(max_length=20)
    book_name = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "doc_type"], name="numbering_rule_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.doc_type} → {self.book}"
