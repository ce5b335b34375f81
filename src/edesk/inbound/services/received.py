"""Documents other agencies of this system issued to an agency: delivery, opening, registration
and recall of its electronic inbox entries (văn bản điện tử chờ vào sổ).

The sender's services (outbound) deliver and recall inside their own transactions; the receiving
clerk opens and registers. Audit events go on the receiving agency's chain: the recipient's trail
of what arrived and what was withdrawn stays with the recipient.
"""

from dataclasses import replace

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edesk.accounts.context import actor_for
from edesk.accounts.roles import Perm
from edesk.audit import events
from edesk.core.enums import Channel, Secrecy
from edesk.core.errors import Conflict, Forbidden, UserError
from edesk.core.text import squash
from edesk.documents import services as documents
from edesk.documents.models import Attachment, Document
from edesk.inbound.access import access_received
from edesk.inbound.models import (
    OPEN_ASSIGNMENT_STATES,
    Assignment,
    AssignmentState,
    Incoming,
    Received,
    ReceivedState,
)
from edesk.inbound.services import registration
from edesk.inbound.services.registration import IncomingData, RegistrationResult
from edesk.inbound.transitions import transition_for
from edesk.orgs.models import Organization


def _check_delivery(actor, document: Document, agencies: list[Organization]) -> None:
    if not actor_for(actor).has(Perm.OUTGOING_NUMBER, agency_id=document.agency_id):
        raise Forbidden(_("Chỉ văn thư của cơ quan ban hành được gửi văn bản đi."))
    for agency in agencies:
        if not agency.is_agency or not agency.active:
            raise UserError(
                _("Nơi nhận phải là một cơ quan đang hoạt động trong hệ thống."), code="not_an_agency"
            )
        if agency.pk == document.agency_id:
            raise UserError(_("Không gửi văn bản điện tử cho chính cơ quan ban hành."), code="own_agency")


def _record_delivery(actor, received: Received, document: Document) -> None:
    events.record(
        actor,
        "received.deliver",
        received,
        agency_id=received.agency_id,
        data={"document": document.pk, "from": document.agency_id},
    )


def received_deliver(*, actor, document: Document, agency: Organization) -> Received:
    """Put `document` (issued by another agency of this system) in `agency`'s electronic inbox.

    Called by the sender's issuance inside its transaction. Idempotent per (agency, document): a
    repeated delivery returns the existing entry and records nothing new.
    """
    _check_delivery(actor, document, [agency])
    existing = Received.objects.filter(agency=agency, document=document).first()
    if existing is not None:
        return existing
    try:
        # A savepoint: a concurrent delivery of the same document wins the unique constraint and
        # the caller's transaction carries on with that row.
        with transaction.atomic():
            received = Received.objects.create(agency=agency, document=document, received_at=timezone.now())
            _record_delivery(actor, received, document)
    except IntegrityError:
        return Received.objects.get(agency=agency, document=document)
    return received


def received_deliver_many(*, actor, document: Document, agencies: list[Organization]) -> dict[int, Received]:
    """`received_deliver` to several agencies at once: the entries are inserted in one statement
    (ignoring ones that exist, so repeating or racing a delivery is harmless) and read back in
    one; each new entry still gets its "received.deliver" event on its agency's audit chain.
    Returns the entries by agency id. Nothing is delivered if any agency is refused.
    """
    agencies = list({a.pk: a for a in agencies}.values())
    _check_delivery(actor, document, agencies)
    if not agencies:
        return {}
    ids = [a.pk for a in agencies]
    before = set(
        Received.objects.filter(document=document, agency_id__in=ids).values_list("agency_id", flat=True)
    )
    now = timezone.now()
    Received.objects.bulk_create(
        [Received(agency_id=pk, document=document, received_at=now) for pk in ids if pk not in before],
        ignore_conflicts=True,
    )
    entries = {r.agency_id: r for r in Received.objects.filter(document=document, agency_id__in=ids)}
    for pk in ids:
        # Only the entries this call inserted (a concurrent delivery's carry their own event).
        if pk not in before and entries[pk].received_at == now:
            _record_delivery(actor, entries[pk], document)
    return entries


@transaction.atomic
def received_open(*, actor, received: Received) -> Received:
    """The receiving clerk opens the entry: the first opening is recorded (the sender sees it).

    A leader reading the inbox leaves it unopened: the opening the sender waits for is the clerk's.
    """
    received = access_received(actor, received.pk)
    if received.opened_at is not None or not actor_for(actor).has(
        Perm.INCOMING_REGISTER, agency_id=received.agency_id
    ):
        return received
    received = access_received(actor, received.pk, for_update=True)
    if received.opened_at is None:
        received.opened_at, received.opened_by = timezone.now(), actor
        received.save(update_fields=["opened_at", "opened_by", "updated_at"])
        events.record(actor, "received.open", received, agency_id=received.agency_id)
    return received


def prefill(received: Received) -> IncomingData:
    """The sender's metadata as the registration form starts from (every field editable)."""
    doc = received.document
    return IncomingData(
        doc_type=doc.doc_type,
        subject=doc.subject,
        code_number=doc.code_number,
        code_notation=doc.code_notation,
        issued_date=doc.issued_date,
        issuer_id=doc.agency_id,
        signer_name=doc.signer_name,
        signer_position=doc.signer_position,
        urgency=doc.urgency,
        secrecy=doc.secrecy,
        channel=Channel.ELECTRONIC,
        page_amount=doc.page_amount,
    )


def sender_files(received: Received) -> list[documents.CheckedFile]:
    """The sender document's files, as already stored (the same blobs, nothing copied)."""
    return [
        documents.CheckedFile(a.name, a.blob_id, a.size, a.content_type, a.page_count)
        for a in Attachment.objects.filter(document_id=received.document_id).order_by("sort_order", "id")
    ]


def _refuse_unless_waiting(received: Received) -> None:
    if received.state == ReceivedState.REGISTERED:
        raise Conflict(_("Văn bản này đã được vào sổ."), code="already_registered")
    if received.state == ReceivedState.RECALLED:
        raise Conflict(_("Văn bản này đã bị cơ quan gửi thu hồi."), code="recalled")


def received_register(*, actor, received: Received, data: IncomingData) -> RegistrationResult:
    """Register an electronic delivery as an incoming document of the receiving agency.

    The clerk's entries are checked and numbered as in `incoming_register`; the channel is
    electronic, the issuer is the sending agency and the files are the sender's stored files (new
    attachment rows on the same blobs). A secret document is registered without its files. A
    second registration of the same delivery is a 409; so is registering a recalled one.
    """
    received = access_received(actor, received.pk, action="register")
    _refuse_unless_waiting(received)
    data = replace(data, channel=Channel.ELECTRONIC, issuer_id=received.document.agency_id, files=[])
    files = sender_files(received) if data.secrecy == Secrecy.NONE else []
    arrival = data.arrival_at or timezone.now()
    registration.validate(data, arrival, has_files=bool(files))
    issuer_of = registration.resolve_issuer(data)
    register = registration.register_of(received.agency, data, arrival)
    with transaction.atomic():
        # The delivery's row lock comes first: of two clerks registering it, the second waits here
        # and then finds it registered, before any number is taken.
        received = access_received(actor, received.pk, action="register", for_update=True)
        _refuse_unless_waiting(received)
        result = registration.create(actor, received.agency, register, data, arrival, issuer_of, files)
        received.state, received.incoming = ReceivedState.REGISTERED, result.incoming
        received.registered_at = timezone.now()
        received.save(update_fields=["state", "incoming", "registered_at", "updated_at"])
        events.record(
            actor,
            "received.register",
            received,
            agency_id=received.agency_id,
            data={"incoming": result.incoming.pk, "arrival_number": result.incoming.arrival_number},
        )
    return result


def received_recall(*, actor, received: Received, reason: str) -> None:
    """The sender withdraws its document from `received.agency` (Decree 30 Art. 18.4.b).

    Called by the sender's recall inside its transaction. A waiting entry leaves the inbox; a
    registered one's incoming document becomes RECALLED with its open assignments cancelled and
    its files no longer served. The reason is kept on the entry. Recalling twice changes nothing.
    """
    reason = squash(reason)
    if not reason:
        raise UserError(_("Hãy ghi lý do thu hồi."), code="required", field="reason")
    with transaction.atomic():
        received = Received.objects.select_for_update().select_related("document").get(pk=received.pk)
        if not actor_for(actor).has(Perm.OUTGOING_RECALL, agency_id=received.document.agency_id):
            raise Forbidden(_("Chỉ cơ quan ban hành được thu hồi văn bản đã gửi."))
        if received.state == ReceivedState.RECALLED:
            return
        now = timezone.now()
        received.state, received.recalled_at, received.recall_reason = ReceivedState.RECALLED, now, reason
        received.save(update_fields=["state", "recalled_at", "recall_reason", "updated_at"])
        events.record(
            actor, "received.recall", received, agency_id=received.agency_id, data={"reason": reason}
        )
        if received.incoming_id is not None:
            _recall_incoming(actor, received.incoming_id, reason, now)


def _recall_incoming(actor, incoming_id: int, reason: str, now) -> None:
    incoming = Incoming.objects.select_for_update().get(pk=incoming_id)
    next_state = transition_for(incoming.state, "recall").next_state
    # Open parts include the for-information ones not yet read: there is nothing left to read.
    cancelled = list(
        Assignment.objects.select_for_update()
        .filter(incoming=incoming, state__in=OPEN_ASSIGNMENT_STATES)
        .values_list("pk", flat=True)
    )
    Assignment.objects.filter(pk__in=cancelled).update(state=AssignmentState.CANCELLED, updated_at=now)
    Incoming.objects.filter(pk=incoming.pk).update(state=next_state, updated_at=now)
    events.record(
        actor,
        "incoming.recall",
        incoming,
        agency_id=incoming.agency_id,
        data={"reason": reason, "from": incoming.state, "cancelled": sorted(cancelled)},
    )
