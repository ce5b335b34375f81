"""Numbering a signed document (cấp số): number and date written into the PDF, the agency's
digital signature on it and on each separate appendix, all in one transaction.

The register row stays locked from the number being taken until commit, so numbers are never
skipped or repeated; if anything fails after it was taken (the agency signature, storage), the
transaction rolls back: the number is given back, no attachment remains, and the files this call
wrote are removed.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edesk.accounts.context import actor_for
from edesk.audit import events
from edesk.core import storage
from edesk.core.errors import Conflict, Forbidden, UserError
from edesk.documents import services as documents
from edesk.documents.models import Attachment, AttachmentKind, TextStatus
from edesk.orgs.models import Organization
from edesk.outbound import numbering
from edesk.outbound.access import access_outgoing
from edesk.outbound.models import Outgoing, ReviewAction, ReviewEvent, State
from edesk.outbound.transitions import refusal, transition_for
from edesk.signing import pades
from edesk.signing.credentials import credential_for_agency


def outgoing_number(*, actor, outgoing: Outgoing) -> Outgoing:
    """The clerk numbers the signed document (an approved one if secret) in the right register:
    number, notation and date go into its fields, the agency signs it and every appendix."""
    with storage.files_written(documents.blob_release) as batch:
        return _number(actor, outgoing, batch)


def _check(actor, outgoing: Outgoing) -> str | None:
    transition = transition_for(outgoing.state, "number")
    if outgoing.state == State.APPROVED and not outgoing.is_secret:
        raise Conflict(refusal(outgoing.state, "number"), code="invalid_state")
    assert transition.perm is not None
    if not actor_for(actor).has(transition.perm, agency_id=outgoing.owner_id):
        raise Forbidden(_("Chỉ văn thư của cơ quan được cấp số văn bản đi."))
    return transition.next_state


@transaction.atomic
def _number(actor, outgoing: Outgoing, batch: storage.WriteBatch) -> Outgoing:
    outgoing = access_outgoing(actor, outgoing.pk, for_update=True)
    next_state = _check(actor, outgoing)
    agency = Organization.objects.get(pk=outgoing.owner_id)
    today = timezone.localdate()
    book, book_name = numbering.book_for(outgoing)
    register = documents.register_for(
        agency=agency, year=today.year, kind=numbering.register_kind(outgoing), book=book, book_name=book_name
    )
    number = documents.register_next_number(register)
    outgoing.code_number = numbering.code_number(number)
    outgoing.code_notation = numbering.notation_for(outgoing)
    files = [] if outgoing.is_secret else _seal(actor, outgoing, agency, today, batch)
    now = timezone.now()
    for name, value in {
        "register": register,
        "number": number,
        "issued_date": today,
        "numbered_at": now,
        "numbered_by": actor,
        "moved_at": now,
        "state": next_state,
        "dup_key": documents.dup_key(
            outgoing.code_number, outgoing.code_notation, agency.code or agency.name
        ),
    }.items():
        setattr(outgoing, name, value)
    outgoing.save()
    documents.document_reindex(outgoing)
    ReviewEvent.objects.create(outgoing=outgoing, action=ReviewAction.NUMBER, actor=actor, created_at=now)
    events.record(
        actor,
        "outgoing.number",
        outgoing,
        agency_id=agency.pk,
        data={
            "register": register.pk,
            "number": number,
            "notation": outgoing.number_notation,
            "files": files,
        },
    )
    return outgoing


def _seal(actor, outgoing: Outgoing, agency: Organization, day, batch: storage.WriteBatch) -> list[str]:
    """The issued PDF and the stamped appendices, stored and attached; returns their hashes."""
    credential = credential_for_agency(agency)
    if credential is None:
        raise UserError(
            _("Cơ quan chưa có chứng thư số của cơ quan (con dấu điện tử); hãy liên hệ quản trị."),
            code="no_agency_credential",
        )
    if outgoing.signed_blob_id is None:
        raise UserError(_("Văn bản chưa có bản đã ký."), code="not_signed")
    notation = outgoing.number_notation
    final = pades.number_and_seal(
        storage.read_blob(outgoing.signed_blob_id),
        credential=credential,
        number_notation=notation,
        date_line=numbering.date_line(agency, day),
    )
    signed_at = timezone.localtime()
    appendices = list(Attachment.objects.filter(document=outgoing, kind=AttachmentKind.APPENDIX))
    stamped = [
        pades.stamp_attachment(
            storage.read_blob(a.blob_id), credential=credential, number_notation=notation, signed_at=signed_at
        )
        for a in appendices
    ]
    checked = [_put(batch, data, f"{notation.replace('/', '-')}.pdf") for data in (final, *stamped)]
    documents.blobs_record(checked)
    main = checked[0]
    Attachment.objects.create(
        document=outgoing,
        blob_id=main.sha256,
        name=main.name,
        content_type=main.content_type,
        size=main.size,
        kind=AttachmentKind.MAIN,
        page_count=main.page_count,
        text_status=TextStatus.PENDING,
        sort_order=0,
        uploaded_by=actor,
    )
    for attachment, file in zip(appendices, checked[1:], strict=True):
        attachment.blob_id, attachment.size = file.sha256, file.size
        attachment.save(update_fields=["blob", "size", "updated_at"])
    outgoing.page_amount = main.page_count or outgoing.page_amount
    _queue_text(outgoing)
    return [f.sha256 for f in checked]


def _put(batch: storage.WriteBatch, data: bytes, name: str) -> documents.CheckedFile:
    from edesk.documents import pdf

    sha256, size = batch.put_bytes(data)
    return documents.CheckedFile(name, sha256, size, "application/pdf", pdf.inspect_pdf(data).page_count)


def _queue_text(outgoing: Outgoing) -> None:
    """The issued PDF's text is extracted after commit (searchable like incoming documents')."""
    from functools import partial

    from edesk.documents.tasks import attachment_extract_text_task

    for attachment_id in Attachment.objects.filter(
        document=outgoing, text_status=TextStatus.PENDING
    ).values_list("pk", flat=True):
        transaction.on_commit(partial(attachment_extract_text_task.delay, attachment_id))
