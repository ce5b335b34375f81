"""Reads that serve the desk, the register lists and search — shared by the pages and the API.

Every query starts from a gatekeeper's queryset, so nothing here can show more than access.py allows.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edesk.accounts.context import actor_for
from edesk.accounts.models import User
from edesk.accounts.roles import Perm, Role
from edesk.core.pagination import Page, keyset_page, keyset_page_of_parts
from edesk.documents.models import Attachment, Register, RegisterKind
from edesk.inbound.access import (  # noqa: F401 - re-exported
    assignment_holders_q,
    incoming_reach,
    incoming_visible_to,
    received_visible_to,
)
from edesk.inbound.models import (
    OPEN_ASSIGNMENT_STATES,
    Assignment,
    AssignmentRole,
    AssignmentState,
    Incoming,
    Received,
    ReceivedState,
    State,
)
from edesk.search import query as search_query

QUEUE_ORDER = ("-urgency", "sort_due", "id")


class Queue:
    TO_HANDLE = "xu-ly"
    IN_PROGRESS = "dang-xu-ly"
    OVERDUE = "qua-han"
    FOR_INFO = "de-biet"
    TO_DIRECT = "cho-chi-dao"
    TO_PRESENT = "cho-trinh"


QUEUE_LABELS = {
    Queue.TO_DIRECT: _("Chờ chỉ đạo"),
    Queue.TO_PRESENT: _("Chờ trình"),
    Queue.TO_HANDLE: _("Cần xử lý"),
    Queue.IN_PROGRESS: _("Đang xử lý"),
    Queue.OVERDUE: _("Quá hạn"),
    Queue.FOR_INFO: _("Nhận để biết"),
}


def deadline_mark(due: date | None, *, today: date | None = None, done: bool = False) -> str | None:
    """ "overdue", "due_soon" or None — computed from the deadline, never stored."""
    if due is None or done:
        return None
    today = today or timezone.localdate()
    if due < today:
        return "overdue"
    if due <= today + timedelta(days=settings.EDESK_DUE_SOON_DAYS):
        return "due_soon"
    return None


def _assignment_queue(user, queue: str) -> QuerySet[Assignment]:
    mine = Assignment.objects.filter(assignment_holders_q(user))
    if queue == Queue.TO_HANDLE:
        return mine.filter(state=AssignmentState.PENDING).exclude(role=AssignmentRole.INFO)
    if queue == Queue.IN_PROGRESS:
        return mine.filter(state__in=(AssignmentState.IN_PROGRESS, AssignmentState.DELEGATED))
    if queue == Queue.OVERDUE:
        return mine.filter(state__in=OPEN_ASSIGNMENT_STATES, due_date__lt=timezone.localdate()).exclude(
            role=AssignmentRole.INFO
        )
    if queue == Queue.FOR_INFO:
        return mine.filter(role=AssignmentRole.INFO, state=AssignmentState.PENDING)
    raise ValueError(queue)


def _incoming_queue(user, queue: str) -> QuerySet[Incoming]:
    actor = actor_for(user)
    if queue == Queue.TO_DIRECT:
        return Incoming.objects.filter(state=State.PRESENTED, presented_to_id=user.pk)
    if queue == Queue.TO_PRESENT:
        return Incoming.objects.filter(
            agency_id__in=actor.agencies_with(Perm.INCOMING_PRESENT),
            state__in=(State.REGISTERED, State.RETURNED),
        )
    raise ValueError(queue)


def queues_for(user) -> list[str]:
    """The queues a person's desk shows, in order, from their roles."""
    actor = actor_for(user)
    queues = []
    if Role.LEADER in actor.roles:
        queues.append(Queue.TO_DIRECT)
    if actor.agencies_with(Perm.INCOMING_PRESENT):
        queues.append(Queue.TO_PRESENT)
    if actor.roles & {Role.LEADER, Role.UNIT_HEAD, Role.SPECIALIST}:
        queues += [Queue.TO_HANDLE, Queue.IN_PROGRESS, Queue.OVERDUE, Queue.FOR_INFO]
    return queues


def desk_counts(user) -> dict[str, int]:
    """Counts for every queue of the person's desk, in as few queries as the queues allow."""
    counts: dict[str, int] = {}
    queues = queues_for(user)
    if Queue.TO_HANDLE in queues:
        today = timezone.localdate()
        row = Assignment.objects.filter(
            assignment_holders_q(user), state__in=OPEN_ASSIGNMENT_STATES
        ).aggregate(
            to_handle=Count("id", filter=Q(state=AssignmentState.PENDING) & ~Q(role=AssignmentRole.INFO)),
            in_progress=Count(
                "id", filter=Q(state__in=(AssignmentState.IN_PROGRESS, AssignmentState.DELEGATED))
            ),
            overdue=Count("id", filter=Q(due_date__lt=today) & ~Q(role=AssignmentRole.INFO)),
            for_info=Count("id", filter=Q(role=AssignmentRole.INFO, state=AssignmentState.PENDING)),
        )
        counts.update(
            {
                Queue.TO_HANDLE: row["to_handle"],
                Queue.IN_PROGRESS: row["in_progress"],
                Queue.OVERDUE: row["overdue"],
                Queue.FOR_INFO: row["for_info"],
            }
        )
    for queue in (Queue.TO_DIRECT, Queue.TO_PRESENT):
        if queue in queues:
            counts[queue] = _incoming_queue(user, queue).count()
    return counts


def desk_page(user, queue: str, *, cursor: str | None = None, size: int | None = None) -> Page:
    """One page of a desk queue. Assignment queues yield Assignments (with .incoming), the clerk's
    and leader's queues yield Incoming documents; urgent first, then nearest deadline."""
    size = size or settings.EDESK_PAGE_SIZE
    if queue in (Queue.TO_DIRECT, Queue.TO_PRESENT):
        documents = _incoming_queue(user, queue).select_related("issuer", "presented_to")
        return keyset_page(documents, order=("-urgency", "arrival_at", "id"), cursor=cursor, size=size)
    parts = _assignment_queue(user, queue).select_related(
        "incoming", "target_org", "target_user", "assigned_by"
    )
    return keyset_page(parts, order=QUEUE_ORDER, cursor=cursor, size=size)


def open_assignments_page(user, *, cursor: str | None = None, size: int | None = None) -> Page:
    """One page of every open part on the person's desk, whatever its queue; same order as a queue."""
    size = size or settings.EDESK_PAGE_SIZE
    parts = Assignment.objects.filter(assignment_holders_q(user), state__in=OPEN_ASSIGNMENT_STATES)
    parts = parts.select_related("incoming", "target_org", "target_user", "assigned_by")
    return keyset_page(parts, order=QUEUE_ORDER, cursor=cursor, size=size)


@dataclass
class RegisterFilters:
    q: str = ""
    date_from: date | None = None
    date_to: date | None = None
    doc_type: str = ""
    issuer: str = ""
    state: str = ""
    urgency: int | None = None
    secret: bool = False
    overdue: bool = False
    due_before: date | None = None
    year: int | None = None


def register_list(
    user, filters: RegisterFilters, *, cursor: str | None = None, size: int | None = None
) -> Page:
    """The incoming register as the person may see it, newest arrival first."""
    size = size or settings.EDESK_PAGE_SIZE
    reach = incoming_reach(user)
    qs = Incoming.objects.filter(secrecy__gt=0) if filters.secret else Incoming.objects.filter(secrecy=0)
    if filters.year:
        qs = qs.filter(register__year=filters.year)
    if filters.date_from:
        qs = qs.filter(arrival_at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(arrival_at__date__lte=filters.date_to)
    if filters.doc_type:
        qs = qs.filter(doc_type=filters.doc_type)
    if filters.issuer:
        qs = qs.filter(issuer_name__icontains=filters.issuer)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.urgency is not None:
        qs = qs.filter(urgency=filters.urgency)
    if filters.overdue:
        qs = qs.filter(due_date__lt=timezone.localdate()).exclude(state__in=(State.COMPLETED, State.RECALLED))
    if filters.due_before:
        qs = qs.filter(due_date__lte=filters.due_before)
    if filters.q:
        visible = Incoming.objects.filter(reach.condition())
        qs = qs.filter(pk__in=search_query.matching(visible, filters.q).values("pk"))
    qs = qs.select_related("issuer", "register").defer("search_text")
    # What the person sees, as parts each read in index order: the register books (one agency, one
    # year) of the agencies they see whole, newest year first — a book's entries all arrived in its
    # year, so older years are read only while the page is not full — and what was presented or
    # assigned to them in other agencies.
    kind = RegisterKind.INCOMING_SECRET if filters.secret else RegisterKind.INCOMING
    years: dict[int, list[QuerySet]] = {}
    for book, year in Register.objects.filter(agency_id__in=reach.whole, kind=kind).values_list("pk", "year"):
        years.setdefault(year, []).append(qs.filter(register_id=book))
    stages = [years[year] for year in sorted(years, reverse=True)]
    mixed = [qs.filter(Q(agency_id__in=reach.partial) & reach.personal)] if reach.partial else []
    return keyset_page_of_parts(stages, order=("-arrival_at", "-id"), cursor=cursor, size=size, mixed=mixed)


def search(user, q: str, *, offset: int = 0, size: int = 20) -> tuple[list[Incoming], bool]:
    """Ranked search over what `user` may see; returns a page and whether more follow."""
    # Visibility by agency, so PostgreSQL can combine the agency index with the text index.
    visible = Incoming.objects.filter(incoming_reach(user).condition())
    qs = search_query.matching(visible, q).select_related("issuer").defer("search_text")
    rows = list(qs[offset : offset + size + 1])
    return rows[:size], len(rows) > size


def document_detail(incoming: Incoming) -> Incoming:
    """Load what the document page shows in a fixed number of queries."""
    assignments = Assignment.objects.select_related(
        "target_user", "target_org", "assigned_by"
    ).prefetch_related("notes__author", "notes__files")
    return (
        Incoming.objects.select_related("issuer", "register", "presented_to", "directed_by", "created_by")
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("sort_order", "id")),
            Prefetch("assignments", queryset=assignments.order_by("created_at", "id")),
        )
        .get(pk=incoming.pk)
    )


def assignment_detail(assignment_id: int) -> Assignment:
    """An assignment a service just wrote, with its document and people, as the API returns it."""
    return Assignment.objects.select_related("incoming", "target_org", "target_user", "assigned_by").get(
        pk=assignment_id
    )


def assignment_tree(incoming: Incoming) -> list[tuple[Assignment, list]]:
    """The processing tree: top-level parts, each with the parts passed down from it."""
    children: dict[int | None, list[Assignment]] = {}
    for a in incoming.assignments.all():
        children.setdefault(a.parent_id, []).append(a)

    def build(parent_id):
        return [(a, build(a.pk)) for a in children.get(parent_id, [])]

    return build(None)


def leaders_of(agency_id: int) -> QuerySet[User]:
    return (
        User.objects.filter(
            memberships__agency_id=agency_id,
            memberships__role=Role.LEADER,
            memberships__active=True,
            is_active=True,
        )
        .distinct()
        .order_by("full_name")
    )


def unit_members(org_ids) -> QuerySet[User]:
    return (
        User.objects.filter(memberships__org_id__in=org_ids, memberships__active=True, is_active=True)
        .distinct()
        .order_by("full_name")
    )


def held_assignments(user, incoming: Incoming) -> list[Assignment]:
    """The open parts of `incoming` on `user`'s desk (what the action buttons act on)."""
    return list(
        Assignment.objects.filter(
            assignment_holders_q(user), incoming=incoming, state__in=OPEN_ASSIGNMENT_STATES
        )
    )


# Value of edesk.outbound.models.State.ISSUED (inbound sits below outbound and reads it by name).
REPLY_ISSUED = "issued"


def answered_by(incoming: Incoming) -> list:
    """The issued outgoing documents that answer `incoming` ("answered by 15/UBND-VP"), oldest first."""
    return list(
        incoming.replies.filter(state=REPLY_ISSUED)
        .only("pk", "public_id", "code_number", "code_notation", "issued_date", "issued_at", "subject")
        .order_by("issued_at", "pk")
    )


def received_count(user) -> int:
    """Electronic deliveries waiting for `user` to register (the clerk's inbox tile)."""
    agencies = actor_for(user).agencies_with(Perm.INCOMING_REGISTER)
    if not agencies:
        return 0
    return Received.objects.filter(agency_id__in=agencies, state=ReceivedState.WAITING).count()


def received_page(user, state: str, *, cursor: str | None = None, size: int | None = None) -> Page:
    """One page of the electronic inbox in `state`, newest delivery first, with each sender."""
    size = size or settings.EDESK_PAGE_SIZE
    qs = (
        received_visible_to(user)
        .filter(state=state)
        .select_related("document", "document__agency", "opened_by", "incoming")
        .defer("document__search_text")
    )
    return keyset_page(qs, order=("-received_at", "-id"), cursor=cursor, size=size)


def received_detail(received: Received) -> Received:
    """A delivery with its sender's document and files, as its page and the API show it."""
    return (
        Received.objects.select_related(
            "document", "document__agency", "document__issuer", "opened_by", "incoming", "agency"
        )
        .prefetch_related(
            Prefetch("document__attachments", queryset=Attachment.objects.order_by("sort_order", "id"))
        )
        .get(pk=received.pk)
    )
