"""Issuing a numbered document to its recipients, recalling an issued one, and recipients opening it.

Agencies of this system get it in their electronic inbox (inbound.received_deliver) in the same
transaction; units and people of the issuing agency find it "sent to me for information"; agencies
outside the system are sent it by post until the exchange module delivers it (so are all the
recipients of a secret document, which never leaves paper).
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from edesk.accounts.context import actor_for
from edesk.audit import events
from edesk.core.errors import Forbidden, UserError
from edesk.core.text import squash
from edesk.inbound import services as inbound
from edesk.inbound.services.received import received_deliver_many
from edesk.outbound.access import access_outgoing
from edesk.outbound.models import (
    Outgoing,
    Recipient,
    RecipientKind,
    RecipientState,
    ReviewAction,
    ReviewEvent,
    State,
)
from edesk.outbound.transitions import transition_for

MAX_REASON = 2000


def _check(actor, outgoing: Outgoing, action: str) -> str | None:
    transition = transition_for(outgoing.state, action)
    assert transition.perm is not None
    if not actor_for(actor).has(transition.perm, agency_id=outgoing.owner_id):
        raise Forbidden()
    return transition.next_state


def _by_post(outgoing: Outgoing, recipient: Recipient) -> bool:
    return outgoing.is_secret or recipient.kind == RecipientKind.EXTERNAL


def _deliver(actor, outgoing: Outgoing, now) -> dict[str, int]:
    counts: dict[str, int] = {}
    recipients = list(Recipient.objects.filter(outgoing=outgoing).select_related("org"))
    agencies = [
        r.org
        for r in recipients
        if r.kind == RecipientKind.AGENCY and r.org is not None and not _by_post(outgoing, r)
    ]
    # One insert for all receiving agencies; the audit still has one event per receiving agency.
    received = received_deliver_many(actor=actor, document=outgoing, agencies=agencies)
    for recipient in recipients:
        if _by_post(outgoing, recipient):
            recipient.state = RecipientState.BY_POST
        elif recipient.kind == RecipientKind.AGENCY:
            assert recipient.org is not None
            recipient.received = received[recipient.org.pk]
            recipient.state, recipient.delivered_at = RecipientState.DELIVERED, now
        else:
            recipient.state, recipient.delivered_at = RecipientState.DELIVERED, now
        counts[recipient.state] = counts.get(recipient.state, 0) + 1
    Recipient.objects.bulk_update(recipients, ["state", "received", "delivered_at", "updated_at"])
    return counts


@transaction.atomic
def outgoing_issue(*, actor, outgoing: Outgoing) -> Outgoing:
    """The clerk issues the numbered document; a replacing document recalls the one it replaces."""
    outgoing = access_outgoing(actor, outgoing.pk, for_update=True)
    next_state = _check(actor, outgoing, "issue") or State.ISSUED
    now = timezone.now()
    counts = _deliver(actor, outgoing, now)
    outgoing.state, outgoing.issued_at, outgoing.issued_by, outgoing.moved_at = next_state, now, actor, now
    outgoing.save(update_fields=["state", "issued_at", "issued_by", "moved_at", "updated_at"])
    ReviewEvent.objects.create(outgoing=outgoing, action=ReviewAction.ISSUE, actor=actor, created_at=now)
    events.record(actor, "outgoing.issue", outgoing, agency_id=outgoing.owner_id, data={"recipients": counts})
    if outgoing.replaces_id is not None:
        replaced = Outgoing.objects.select_for_update(of=("self",)).get(pk=outgoing.replaces_id)
        if replaced.state == State.ISSUED:
            with translation.override(settings.LANGUAGE_CODE):  # stored: the installation's language
                reason = _("Được thay thế bằng văn bản số %(number)s") % {"number": outgoing.number_notation}
            _recall(actor, replaced, reason, now)
    return outgoing


def _recall(actor, outgoing: Outgoing, reason: str, now) -> None:
    recipients = list(Recipient.objects.filter(outgoing=outgoing).select_related("received"))
    for recipient in recipients:
        if recipient.received is not None:
            inbound.received_recall(actor=actor, received=recipient.received, reason=reason)
        recipient.state = RecipientState.RECALLED
    Recipient.objects.bulk_update(recipients, ["state", "updated_at"])
    outgoing.state, outgoing.recalled_at, outgoing.recall_reason, outgoing.moved_at = (
        State.RECALLED,
        now,
        reason,
        now,
    )
    outgoing.save(update_fields=["state", "recalled_at", "recall_reason", "moved_at", "updated_at"])
    ReviewEvent.objects.create(
        outgoing=outgoing, action=ReviewAction.RECALL, actor=actor, comment=reason, created_at=now
    )
    events.record(
        actor,
        "outgoing.recall",
        outgoing,
        agency_id=outgoing.owner_id,
        data={"reason": reason, "recipients": [r.pk for r in recipients]},
    )


@transaction.atomic
def outgoing_recall(*, actor, outgoing: Outgoing, reason: str) -> Outgoing:
    """Withdraw an issued document (Decree 30 Art. 18.4): every receiving agency's copy is recalled
    with the reason; the document and its metadata stay, frozen, with the trail in the audit log."""
    reason = squash(reason)[:MAX_REASON]
    if not reason:
        raise UserError(_("Hãy ghi lý do thu hồi."), code="required", field="reason")
    outgoing = access_outgoing(actor, outgoing.pk, for_update=True)
    _check(actor, outgoing, "recall")
    _recall(actor, outgoing, reason, timezone.now())
    return outgoing


@transaction.atomic
def recipient_open(*, actor, outgoing: Outgoing) -> int:
    """An internal recipient (the person, or a member of the unit) opens the document: the first
    opening is recorded for the sender to see. Returns how many recipient rows it marked."""
    actor_posts = actor_for(actor)
    rows = Recipient.objects.select_for_update().filter(
        outgoing_id=outgoing.pk, state=RecipientState.DELIVERED, opened_at__isnull=True
    )
    mine = [
        r.pk
        for r in rows
        if (r.kind == RecipientKind.PERSON and r.user_id == actor.pk)
        or (r.kind == RecipientKind.UNIT and r.org_id in actor_posts.org_ids)
    ]
    if not mine:
        return 0
    now = timezone.now()
    Recipient.objects.filter(pk__in=mine).update(state=RecipientState.OPENED, opened_at=now, updated_at=now)
    events.record(actor, "outgoing.open", outgoing, agency_id=outgoing.owner_id, data={"recipients": mine})
    return len(mine)
