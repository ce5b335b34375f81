"""Incoming documents and the assignments that carry them to completion."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edesk.core.enums import Channel
from edesk.core.models import PublicId, TimeStamped
from edesk.documents.models import Blob, Document


class State(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("state", "Đã vào sổ")
    PRESENTED = "presented", pgettext_lazy("state", "Chờ chỉ đạo")
    DIRECTED = "directed", pgettext_lazy("state", "Đã phân công")
    IN_PROGRESS = "in_progress", pgettext_lazy("state", "Đang xử lý")
    COMPLETED = "completed", pgettext_lazy("state", "Hoàn thành")
    RETURNED = "returned", pgettext_lazy("state", "Trả lại văn thư")
    # Withdrawn by its sender (Decree 30 Art. 18.4.b): kept only as the trail of the recall.
    RECALLED = "recalled", pgettext_lazy("state", "Đã thu hồi")


OPEN_STATES = (State.REGISTERED, State.PRESENTED, State.DIRECTED, State.IN_PROGRESS, State.RETURNED)


class Incoming(Document):
    """An incoming document (văn bản đến) as registered by an agency's clerk."""

    register = models.ForeignKey("documents.Register", on_delete=models.PROTECT, related_name="entries")
    arrival_number = models.PositiveIntegerField(_("số đến"))
    arrival_at = models.DateTimeField(_("ngày đến"))
    channel = models.CharField(_("hình thức nhận"), max_length=12, choices=Channel.choices)
    state = models.CharField(max_length=12, choices=State.choices, default=State.REGISTERED)
    due_date = models.DateField(_("hạn xử lý"), null=True, blank=True)
    presented_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    presented_at = models.DateTimeField(null=True, blank=True)
    directed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    directed_at = models.DateTimeField(null=True, blank=True)
    direction_note = models.TextField(_("ý kiến chỉ đạo"), blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Registration requests carry a client-made key; a second click with the same key returns the
    # first entry instead of registering the document twice.
    request_key = models.CharField(max_length=64, null=True, blank=True)

    class Meta:
        verbose_name = _("văn bản đến")
        verbose_name_plural = pgettext_lazy("plural", "văn bản đến")
        constraints = [
            models.UniqueConstraint(fields=["register", "arrival_number"], name="incoming_arrival_unique"),
            models.UniqueConstraint(
                fields=["register", "request_key"],
                condition=Q(request_key__isnull=False),
                name="incoming_request_key",
            ),
        ]
        indexes = [
            models.Index(fields=["register", "-arrival_number"], name="incoming_register_list"),
            # The register list: each book read newest arrival first (selectors.register_list).
            models.Index(
                fields=["register", "-arrival_at", "-document_ptr"], name="incoming_register_arrival"
            ),
            models.Index(fields=["state", "presented_to"], name="incoming_presented"),
            models.Index(fields=["arrival_at"], name="incoming_arrival_at"),
        ]


class ReceivedState(models.TextChoices):
    WAITING = "waiting", pgettext_lazy("state", "Chờ vào sổ")
    REGISTERED = "registered", pgettext_lazy("state", "Đã vào sổ")
    RECALLED = "recalled", pgettext_lazy("state", "Đã thu hồi")


class Received(PublicId, TimeStamped):
    """A document another agency of this system issued to `agency`: its electronic inbox entry.

    It points at the sender's document itself (the same metadata and the same stored files), so
    nothing is copied until the clerk registers it; registering creates the Incoming and links it.
    The sender reads its delivery status from here: received, opened, registered, recalled.
    """

    agency = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="received")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="deliveries")
    state = models.CharField(max_length=12, choices=ReceivedState.choices, default=ReceivedState.WAITING)
    received_at = models.DateTimeField()
    opened_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    incoming = models.OneToOneField(
        Incoming, null=True, blank=True, on_delete=models.PROTECT, related_name="received_from"
    )
    registered_at = models.DateTimeField(null=True, blank=True)
    recalled_at = models.DateTimeField(null=True, blank=True)
    recall_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("văn bản điện tử chờ vào sổ")
        verbose_name_plural = pgettext_lazy("plural", "văn bản điện tử chờ vào sổ")
        constraints = [
            models.UniqueConstraint(fields=["agency", "document"], name="received_once"),
        ]
        indexes = [models.Index(fields=["agency", "state", "-received_at"], name="received_inbox")]

    def __str__(self) -> str:
        return str(self.document)


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Xử lý chính")
    CO = "co", _("Phối hợp")
    INFO = "info", _("Nhận để biết")


class AssignmentState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("state", "Chưa xử lý")
    IN_PROGRESS = "in_progress", pgettext_lazy("state", "Đang xử lý")
    DELEGATED = "delegated", pgettext_lazy("state", "Đã giao tiếp")
    COMPLETED = "completed", pgettext_lazy("state", "Hoàn thành")
    READ = "read", pgettext_lazy("state", "Đã xem")
    CANCELLED = "cancelled", pgettext_lazy("state", "Đã hủy")


OPEN_ASSIGNMENT_STATES = (AssignmentState.PENDING, AssignmentState.IN_PROGRESS, AssignmentState.DELEGATED)


class Assignment(PublicId, TimeStamped):
    """One part of the work on a document, given to a unit or a person.

    A unit head passes their part down by delegation: the child carries the same role, and when it
    completes the parent completes with it. The top-level lead completing completes the document.
    """

    incoming = models.ForeignKey(Incoming, on_delete=models.CASCADE, related_name="assignments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    role = models.CharField(max_length=4, choices=AssignmentRole.choices)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="assignments"
    )
    target_org = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="assignments"
    )
    state = models.CharField(max_length=12, choices=AssignmentState.choices, default=AssignmentState.PENDING)
    due_date = models.DateField(_("hạn xử lý"), null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("ý kiến giao việc"), blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completion_note = models.TextField(blank=True)
    # Copied from the document so a person's queue is one index scan: urgent first, then deadline.
    agency = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    urgency = models.PositiveSmallIntegerField(default=0)
    secrecy = models.PositiveSmallIntegerField(default=0)
    # A deadline-less assignment sorts after every dated one; keyset pagination needs a non-null key.
    sort_due = models.DateField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(target_user__isnull=False) | Q(target_org__isnull=False),
                name="assignment_has_target",
            ),
        ]
        indexes = [
            models.Index(
                fields=["target_user", "state", "-urgency", "sort_due", "id"], name="assignment_user_queue"
            ),
            models.Index(
                fields=["target_org", "state", "-urgency", "sort_due", "id"], name="assignment_org_queue"
            ),
            models.Index(fields=["incoming", "role"], name="assignment_incoming"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.target_user or self.target_org}"

    @property
    def target_label(self) -> str:
        return str(self.target_user or self.target_org)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_ASSIGNMENT_STATES


class ProgressNote(TimeStamped):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField()
    is_completion = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]


class NoteFile(models.Model):
    note = models.ForeignKey(ProgressNote, on_delete=models.CASCADE, related_name="files")
    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.BigIntegerField()

    def __str__(self) -> str:
        return self.name
