"""Turning incoming-register entries into the printable rows of edesk.documents.register_print.

The functions take a queryset of incoming documents (edesk.inbound's Incoming) already limited by the
caller's gatekeeper to one agency's register for one year. They read that model's fields and its
`assignments` relation by name rather than importing it, because documents sits below inbound.
Rows are produced lazily, a chunk of entries at a time with the chunk's assignments loaded in one
batch, so a register of ten thousand entries never holds all its model objects in memory.
"""

from collections.abc import Iterator
from datetime import date

from django.db.models import Max, Min, QuerySet
from django.utils import timezone

from edesk.core.text import fold
from edesk.documents.register_print import FollowUpRow, IncomingRow, RegisterCover

CHUNK = 500
# Values of edesk.inbound.models.AssignmentRole / AssignmentState / State (a test keeps them in step).
ROLE_LEAD = "lead"
ROLE_CO = "co"
ASSIGNMENT_CANCELLED = "cancelled"
STATE_COMPLETED = "completed"
# Value of edesk.outbound.models.State.ISSUED: only issued replies answer a document.
REPLY_ISSUED = "issued"


def _local_day(moment) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def _chunks(qs: QuerySet) -> Iterator[list]:
    """Entries in arrival-number order, CHUNK at a time, each chunk with its assignments."""
    qs = qs.select_related("presented_to", "duplicate_of").prefetch_related(
        "assignments__target_user", "assignments__target_org"
    )
    last = 0
    while True:
        chunk = list(qs.filter(arrival_number__gt=last).order_by("arrival_number")[:CHUNK])
        if chunk:
            yield chunk
        if len(chunk) < CHUNK:
            return
        last = chunk[-1].arrival_number


def _targets(doc, role: str) -> list[str]:
    """Who the leader gave the document to in `role` (top-level parts, not the ones passed down)."""
    return [
        a.target_label
        for a in doc.assignments.all()
        if a.parent_id is None and a.role == role and a.state != ASSIGNMENT_CANCELLED
    ]


def type_and_subject(doc) -> str:
    """Type and subject in one cell (Công văn V/v …), the type not repeated when the subject has it."""
    label = doc.get_doc_type_display()
    return doc.subject if fold(doc.subject).startswith(fold(label)) else f"{label} {doc.subject}"


def _note(doc) -> str:
    parts = []
    if doc.urgency:
        parts.append(doc.get_urgency_display())
    if doc.secrecy:
        parts.append(doc.get_secrecy_display())
    if doc.duplicate_of is not None:
        earlier = doc.duplicate_of
        parts.append(
            f"Trùng văn bản số đến {earlier.arrival_number} ngày {_local_day(earlier.arrival_at):%d/%m/%Y}"
        )
    if doc.description:
        parts.append(doc.description)
    return "; ".join(parts)


def incoming_rows(qs: QuerySet) -> Iterator[IncomingRow]:
    """The incoming register (sổ đăng ký văn bản đến). "Đơn vị hoặc người nhận" is the unit or
    person given the lead, on the day of the direction; before that, the leader it was presented to."""
    for chunk in _chunks(qs):
        for doc in chunk:
            leads = _targets(doc, ROLE_LEAD)
            if leads:
                recipient, transferred = "; ".join(leads), _local_day(doc.directed_at)
            elif doc.presented_to is not None:
                recipient, transferred = doc.presented_to.get_full_name(), _local_day(doc.presented_at)
            else:
                recipient, transferred = "", None
            yield IncomingRow(
                arrival_date=timezone.localdate(doc.arrival_at),
                arrival_number=doc.arrival_number,
                author=doc.issuer_name,
                number_notation=doc.number_notation,
                doc_date=doc.issued_date,
                type_and_subject=type_and_subject(doc),
                recipient=recipient,
                transfer_date=transferred,
                signature="",
                note=_note(doc),
            )


def _summary(doc) -> str:
    parts = [doc.get_doc_type_display()]
    if doc.number_notation:
        parts.append(f"số {doc.number_notation}")
    if doc.issued_date:
        parts.append(f"ngày {doc.issued_date:%d/%m/%Y}")
    return f"{' '.join(parts)}, {doc.issuer_name}"


def _progress(doc, today: date) -> str:
    label = doc.get_state_display()
    if doc.state == STATE_COMPLETED and doc.completed_at:
        return f"{label} ngày {_local_day(doc.completed_at):%d/%m/%Y}"
    if doc.due_date and doc.due_date < today and doc.state != STATE_COMPLETED:
        return f"{label}, quá hạn"
    return label


def _replies(model, chunk: list) -> dict[int, str]:
    """ "Số, ký hiệu văn bản trả lời" of each entry of `chunk`: its issued replies (the outgoing
    documents whose reply_to it is), in the order they were issued, read in one query per chunk."""
    outgoing = model._meta.get_field("replies").related_model
    rows = (
        outgoing.objects.filter(reply_to_id__in=[doc.pk for doc in chunk], state=REPLY_ISSUED)
        .order_by("issued_at", "pk")
        .values_list("reply_to_id", "code_number", "code_notation")
    )
    found: dict[int, list[str]] = {}
    for reply_to, number, notation in rows:
        label = f"{number}/{notation}" if number and notation else number or notation
        if label:
            found.setdefault(reply_to, []).append(label)
    return {pk: "; ".join(labels) for pk, labels in found.items()}


def follow_up_rows(qs: QuerySet) -> Iterator[FollowUpRow]:
    """The follow-up register (sổ theo dõi giải quyết văn bản đến): who leads, by when, how far,
    and the replies issued."""
    today = timezone.localdate()
    for chunk in _chunks(qs):
        replies = _replies(qs.model, chunk)
        for doc in chunk:
            recipient = "; ".join(_targets(doc, ROLE_LEAD))
            co = _targets(doc, ROLE_CO)
            if co:
                recipient = f"{recipient}\nPhối hợp: {'; '.join(co)}".strip()
            yield FollowUpRow(
                arrival_number=doc.arrival_number,
                doc_summary=_summary(doc),
                recipient=recipient,
                deadline=doc.due_date,
                progress=_progress(doc, today),
                reply_number_notation=replies.get(doc.pk, ""),
                note=doc.description,
            )


def register_cover(qs: QuerySet, *, agency, title: str, year: int) -> RegisterCover:
    """The cover: agency (and the body above it), title, year, and the span of dates and numbers."""
    span = qs.aggregate(
        first_number=Min("arrival_number"),
        last_number=Max("arrival_number"),
        first_at=Min("arrival_at"),
        last_at=Max("arrival_at"),
    )
    parent = agency.parent
    return RegisterCover(
        agency_name=agency.name,
        parent_agency_name=parent.name if parent is not None else None,
        register_title=title,
        year=year,
        from_date=_local_day(span["first_at"]),
        to_date=_local_day(span["last_at"]),
        from_number=span["first_number"],
        to_number=span["last_number"],
    )
