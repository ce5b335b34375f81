"""The electronic desk: a tile per queue with its count, and the chosen queue as a table.

With htmx a tile swaps only the queue (tiles included, so counts and the current tile stay right)
and "Xem tiếp" appends the next rows; without JavaScript both are ordinary links.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from edesk.accounts.context import actor_for
from edesk.accounts.roles import Perm
from edesk.core.pagination import more_url
from edesk.inbound import selectors
from edesk.inbound.models import Assignment, AssignmentState, Incoming

ALERT_QUEUES = {selectors.Queue.OVERDUE}
# Queues of documents (the clerk's and the leader's); the others list the person's assignments.
DOCUMENT_QUEUES = {selectors.Queue.TO_DIRECT, selectors.Queue.TO_PRESENT}


@dataclass(frozen=True)
class DeskRow:
    """A queue line: the document, the assignment it came through (None for the clerk's and the
    leader's queues) and the deadline that applies to this person."""

    doc: Incoming
    assignment: Assignment | None
    due: date | None
    mark: str | None


@dataclass(frozen=True)
class Tile:
    key: str
    label: str
    count: int
    alert: bool
    # A tile that opens its own page rather than a queue of the desk (the electronic inbox).
    url: str = ""


def desk_rows(items: list) -> list[DeskRow]:
    today = timezone.localdate()
    rows = []
    for item in items:
        if isinstance(item, Assignment):
            due = item.due_date or item.incoming.due_date
            done = item.state in (AssignmentState.COMPLETED, AssignmentState.READ)
            rows.append(
                DeskRow(item.incoming, item, due, selectors.deadline_mark(due, today=today, done=done))
            )
        else:
            rows.append(
                DeskRow(item, None, item.due_date, selectors.deadline_mark(item.due_date, today=today))
            )
    return rows


def _tiles(user, queues: list[str]) -> list[Tile]:
    counts = selectors.desk_counts(user)
    tiles = [
        Tile(q, str(selectors.QUEUE_LABELS[q]), counts.get(q, 0), q in ALERT_QUEUES and counts.get(q, 0) > 0)
        for q in queues
    ]
    if actor_for(user).agencies_with(Perm.INCOMING_REGISTER):
        waiting = selectors.received_count(user)
        label = str(_("Văn bản điện tử chờ vào sổ"))
        tiles.insert(1, Tile("dien-tu", label, waiting, waiting > 0, reverse("inbound:received_list")))
    return tiles


@login_required
@require_GET
def desk(request):
    queues = selectors.queues_for(request.user)
    if not queues:
        return render(request, "inbound/desk.html", {"queues": queues})
    queue = request.GET.get("q") if request.GET.get("q") in queues else queues[0]
    cursor = request.GET.get("cursor") or None
    page = selectors.desk_page(request.user, queue, cursor=cursor)
    context = {
        "queues": queues,
        "queue": queue,
        "queue_label": str(selectors.QUEUE_LABELS[queue]),
        "by_assignment": queue not in DOCUMENT_QUEUES,
        "rows": desk_rows(page.items),
        "more_url": more_url(reverse("inbound:desk"), page.next_cursor, q=queue),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    if partial and cursor:
        response = render(request, "inbound/desk.html#desk_rows", context)
    else:
        context["tiles"] = _tiles(request.user, queues)
        response = render(
            request, "inbound/desk.html#desk_queue" if partial else "inbound/desk.html", context
        )
    # The same URL answers with a fragment or a page; caches must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response
