"""The outgoing desk: a tile per queue with its count, and the chosen queue as a table, urgent
documents first. With htmx a tile swaps only the queue and "Xem tiếp" appends the next rows;
without JavaScript both are ordinary links. On "Chờ tôi ký" the signer ticks documents and signs
them with one PIN (views/batch.py)."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from edesk.accounts.context import actor_for
from edesk.accounts.roles import Perm
from edesk.core.pagination import Page, keyset_page, more_url
from edesk.outbound import selectors
from edesk.outbound.forms import SignBatchForm
from edesk.outbound.models import Outgoing
from edesk.outbound.selectors import QUEUE_LABELS, Queue
from edesk.signing.credentials import credential_for_user
from edesk.signing.models import CredentialKind

# Work queues put the most urgent first; the issued list keeps the register's order.
URGENT_FIRST = ("-urgency",)
ALERT_QUEUES = {Queue.TO_REVIEW, Queue.TO_SIGN, Queue.TO_NUMBER, Queue.TO_ISSUE}


@dataclass(frozen=True)
class Tile:
    key: str
    label: str
    count: int | None
    alert: bool


def queues_for(user) -> list[str]:
    """The queues this person's posts make sense of (others would always be empty)."""
    actor = actor_for(user)
    if not actor.posts:
        return []
    queues: list[str] = [Queue.MY_DRAFTS] if actor.agencies_with(Perm.OUTGOING_DRAFT) else []
    queues.append(Queue.TO_REVIEW)
    if actor.agencies_with(Perm.OUTGOING_SIGN):
        queues.append(Queue.TO_SIGN)
    if actor.agencies_with(Perm.OUTGOING_NUMBER):
        queues += [Queue.TO_NUMBER, Queue.TO_ISSUE]
    if actor.agencies_with(Perm.OUTGOING_VIEW_ALL):
        queues.append(Queue.ISSUED)
    queues.append(Queue.FOR_INFO)
    return queues


def queue_page(user, queue: str, *, cursor: str | None) -> Page:
    condition, order = selectors.queue_condition(user, queue)
    if queue != Queue.ISSUED:
        order = URGENT_FIRST + order
    qs = Outgoing.objects.filter(condition).select_related("author", "signer", "drafting_unit", "register")
    return keyset_page(qs, order=order, cursor=cursor, size=settings.EDESK_PAGE_SIZE)


def _tiles(user, queues: list[str]) -> list[Tile]:
    counts = selectors.outgoing_queue_counts(user)
    return [
        Tile(q, str(QUEUE_LABELS[Queue(q)]), counts.get(q), q in ALERT_QUEUES and counts.get(q, 0) > 0)
        for q in queues
    ]


def _batch_signing(user, queue: str, rows) -> bool:
    """Ký hàng loạt is offered on the signer's queue when their key is on the server (PIN)."""
    if queue != Queue.TO_SIGN or not rows:
        return False
    credential = credential_for_user(user)
    return credential is not None and credential.kind != CredentialKind.REMOTE


def render_desk(request, queue: str, *, cursor: str | None = None, extra: dict | None = None, status=200):
    """The desk on `queue`: the whole page, or with htmx the queue (or, with a cursor, its rows)."""
    queues = queues_for(request.user)
    page = queue_page(request.user, queue, cursor=cursor)
    context = {
        "queues": queues,
        "queue": queue,
        "queue_label": str(QUEUE_LABELS[Queue(queue)]),
        "rows": page.items,
        "more_url": more_url(reverse("outbound:desk"), page.next_cursor, q=queue),
        "can_draft": Queue.MY_DRAFTS in queues,
        "batch": _batch_signing(request.user, queue, page.items),
        **(extra or {}),
    }
    if context["batch"] and "batch_form" not in context:
        context["batch_form"] = SignBatchForm()
    partial = request.htmx and not request.htmx.history_restore_request
    if partial and cursor:
        template = "outbound/desk.html#desk_rows"
    else:
        context["tiles"] = _tiles(request.user, queues)
        template = "outbound/desk.html#desk_queue" if partial else "outbound/desk.html"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@require_GET
def desk(request):
    queues = queues_for(request.user)
    if not queues:
        return render(request, "outbound/desk.html", {"queues": queues})
    queue = request.GET.get("q") if request.GET.get("q") in queues else queues[0]
    return render_desk(request, queue, cursor=request.GET.get("cursor") or None)
