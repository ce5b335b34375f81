"""Reads for the outgoing pages and API: the queues of a person's desk, keyset-paginated, in a
fixed number of queries whatever their length; and a document's full detail."""

from enum import StrEnum

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from edesk.accounts.context import actor_for
from edesk.accounts.roles import Perm
from edesk.core.enums import Secrecy
from edesk.core.pagination import Page, keyset_page
from edesk.documents.models import Attachment
from edesk.outbound import review
from edesk.outbound.access import outgoing_visibility
from edesk.outbound.models import (
    DraftVersion,
    Outgoing,
    Recipient,
    RecipientKind,
    ReviewEvent,
    State,
)


class Queue(StrEnum):
    MY_DRAFTS = "my_drafts"
    TO_REVIEW = "to_review"
    TO_SIGN = "to_sign"
    TO_NUMBER = "to_number"
    TO_ISSUE = "to_issue"
    ISSUED = "issued"
    FOR_INFO = "for_info"


QUEUE_LABELS = {
    Queue.MY_DRAFTS: _("Dự thảo của tôi"),
    Queue.TO_REVIEW: _("Chờ tôi duyệt"),
    Queue.TO_SIGN: _("Chờ tôi ký"),
    Queue.TO_NUMBER: _("Chờ cấp số"),
    Queue.TO_ISSUE: _("Chờ phát hành"),
    Queue.ISSUED: _("Sổ văn bản đi"),
    Queue.FOR_INFO: _("Gửi đến tôi để biết"),
}

MOVED_ORDER = ("-moved_at", "-id")
# The register: newest register first, then by number, highest first.
REGISTER_ORDER = ("-register_id", "-number", "-id")
FOR_INFO_ORDER = ("-issued_at", "-id")


def _informed(user) -> Q:
    actor = actor_for(user)
    target = Q(kind=RecipientKind.PERSON, user_id=user.pk)
    if actor.org_ids:
        target |= Q(kind=RecipientKind.UNIT, org_id__in=actor.org_ids)
    rows = Recipient.objects.filter(target, delivered_at__isnull=False).values("outgoing_id")
    return Q(secrecy=Secrecy.NONE, pk__in=rows)


def queue_condition(user, queue: str) -> tuple[Q, tuple[str, ...]]:
    """The condition (on Outgoing) and order of `queue` for `user`."""
    actor = actor_for(user)
    numbering = actor.agencies_with(Perm.OUTGOING_NUMBER)
    if queue == Queue.MY_DRAFTS:
        return Q(author_id=user.pk, state__in=(State.DRAFT, State.RETURNED)), MOVED_ORDER
    if queue == Queue.TO_REVIEW:
        return review.current_actor_condition(user), MOVED_ORDER
    if queue == Queue.TO_SIGN:
        return Q(state=State.APPROVED, signer_id=user.pk, secrecy=Secrecy.NONE), MOVED_ORDER
    if queue == Queue.TO_NUMBER:
        waiting = Q(state=State.SIGNED) | Q(state=State.APPROVED, secrecy__gt=Secrecy.NONE)
        return Q(owner_id__in=numbering) & waiting, MOVED_ORDER
    if queue == Queue.TO_ISSUE:
        return Q(owner_id__in=numbering, state=State.NUMBERED), MOVED_ORDER
    if queue == Queue.ISSUED:
        agencies = actor.agencies_with(Perm.OUTGOING_VIEW_ALL)
        states = (State.NUMBERED, State.ISSUED, State.RECALLED)
        return Q(owner_id__in=agencies, state__in=states, number__isnull=False), REGISTER_ORDER
    if queue == Queue.FOR_INFO:
        return _informed(user) & Q(issued_at__isnull=False), FOR_INFO_ORDER
    raise ValueError(queue)


def _listed(qs: QuerySet[Outgoing]) -> QuerySet[Outgoing]:
    return qs.select_related("author", "signer", "drafting_unit", "register")


def outgoing_list(user, queue: str, *, cursor: str | None = None, size: int | None = None) -> Page:
    """One page of `queue` for `user` (what the page and `GET /api/v1/outgoing/?queue=` show)."""
    if user is None or not user.is_authenticated:
        return Page([], None)
    condition, order = queue_condition(user, queue)
    qs = _listed(Outgoing.objects.filter(condition))
    return keyset_page(qs, order=order, cursor=cursor, size=size or settings.EDESK_PAGE_SIZE)


def issued_register(user, *, register_id: int, cursor: str | None = None, size: int | None = None) -> Page:
    """One register's entries, highest number first (the outgoing register list)."""
    condition, _order = queue_condition(user, Queue.ISSUED)
    qs = _listed(Outgoing.objects.filter(condition, register_id=register_id))
    return keyset_page(qs, order=("-number", "-id"), cursor=cursor, size=size or settings.EDESK_PAGE_SIZE)


def outgoing_queue_counts(user) -> dict[str, int]:
    """How many documents wait in each of `user`'s queues (the desk's badges); one query each."""
    if user is None or not user.is_authenticated:
        return {q.value: 0 for q in Queue if q != Queue.ISSUED}
    counts = {}
    for queue in Queue:
        if queue == Queue.ISSUED:
            continue
        condition, _order = queue_condition(user, queue)
        counts[queue.value] = Outgoing.objects.filter(condition).count()
    return counts


def outgoing_detail(outgoing: Outgoing) -> Outgoing:
    """`outgoing` with everything its page shows, in a fixed number of queries."""
    return (
        Outgoing.objects.filter(pk=outgoing.pk)
        .select_related(
            "author", "signer", "drafting_unit", "register", "reply_to", "replaces", "current_version"
        )
        .prefetch_related(
            Prefetch("versions", queryset=DraftVersion.objects.select_related("author").order_by("number")),
            Prefetch("review_events", queryset=ReviewEvent.objects.select_related("actor", "version")),
            Prefetch("recipients", queryset=Recipient.objects.select_related("org", "user", "received")),
            Prefetch("attachments", queryset=Attachment.objects.order_by("sort_order", "id")),
        )
        .get()
    )


def visible(user) -> QuerySet[Outgoing]:
    return Outgoing.objects.filter(outgoing_visibility(user))
