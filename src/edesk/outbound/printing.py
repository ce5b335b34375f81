"""The outgoing register (sổ đăng ký văn bản đi, Decree 30 App. IV) as printable rows.

The rows feed documents.register_print's OUTGOING layout (PDF and XLSX). Entries are read a chunk
at a time in number order, each chunk with its recipients in one batch, so a register of thousands
of documents never holds all of them in memory.
"""

from collections.abc import Iterator

from django.db.models import Max, Min, QuerySet
from django.utils import timezone

from edesk.documents.register_print import OutgoingRow, RegisterCover
from edesk.documents.register_rows import type_and_subject
from edesk.outbound.models import Outgoing, RecipientKind, State

CHUNK = 500


def _chunks(qs: QuerySet[Outgoing]) -> Iterator[list[Outgoing]]:
    qs = qs.filter(number__isnull=False).select_related("drafting_unit", "replaces")
    qs = qs.prefetch_related("recipients__org", "recipients__user")
    last = 0
    while True:
        chunk = list(qs.filter(number__gt=last).order_by("number")[:CHUNK])
        if chunk:
            yield chunk
        if len(chunk) < CHUNK:
            return
        last = chunk[-1].number or 0


def _recipients(doc: Outgoing) -> str:
    """ "Nơi nhận" as printed on the document when it was written, else the delivery list."""
    if doc.recipients_text.strip():
        return doc.recipients_text.strip()
    return "; ".join(r.label for r in doc.recipients.all())


def _note(doc: Outgoing) -> str:
    parts = []
    if doc.urgency:
        parts.append(doc.get_urgency_display())
    if doc.secrecy:
        parts.append(doc.get_secrecy_display())
    if any(r.kind == RecipientKind.EXTERNAL for r in doc.recipients.all()):
        parts.append("Gửi bản giấy cho cơ quan ngoài hệ thống")
    if doc.replaces is not None:
        parts.append(f"Thay thế văn bản số {doc.replaces.number_notation}")
    if doc.state == State.RECALLED:
        day = timezone.localdate(doc.recalled_at) if doc.recalled_at else None
        parts.append(f"Đã thu hồi{f' ngày {day:%d/%m/%Y}' if day else ''}: {doc.recall_reason}".strip())
    if doc.description:
        parts.append(doc.description)
    return "; ".join(parts)


def outgoing_rows(qs: QuerySet[Outgoing]) -> Iterator[OutgoingRow]:
    """One row per numbered document of `qs` (already limited to one register by the caller)."""
    for chunk in _chunks(qs):
        for doc in chunk:
            signer = doc.signer_name
            if doc.authority and signer:
                signer = f"{doc.authority} {doc.authority_for}: {signer}".replace(" :", ":")
            yield OutgoingRow(
                number_notation=doc.number_notation,
                doc_date=doc.issued_date,
                type_and_subject=type_and_subject(doc),
                signer=signer,
                recipients=_recipients(doc),
                file_copy_holder=doc.drafting_unit.name,
                copies=doc.issued_amount,
                transfer_date=timezone.localdate(doc.issued_at) if doc.issued_at else None,
                signature="",
                note=_note(doc),
            )


def outgoing_cover(qs: QuerySet[Outgoing], *, agency, title: str, year: int) -> RegisterCover:
    """The cover: agency (and the body above it), title, year, span of numbers and dates."""
    span = qs.filter(number__isnull=False).aggregate(
        first_number=Min("number"),
        last_number=Max("number"),
        first_day=Min("issued_date"),
        last_day=Max("issued_date"),
    )
    parent = agency.parent
    return RegisterCover(
        agency_name=agency.name,
        parent_agency_name=parent.name if parent is not None else None,
        register_title=title,
        year=year,
        from_date=span["first_day"],
        to_date=span["last_day"],
        from_number=span["first_number"],
        to_number=span["last_number"],
    )
