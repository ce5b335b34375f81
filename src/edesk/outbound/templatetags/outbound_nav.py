"""The "Văn bản đi" menu entry, with how many documents wait for the person (one query)."""

from django import template
from django.db.models import Count, Q

from edesk.accounts.context import actor_for
from edesk.outbound.models import Outgoing
from edesk.outbound.selectors import Queue, queue_condition

register = template.Library()

# The queues where something waits for this person's action.
WAITING = (Queue.TO_REVIEW, Queue.TO_SIGN, Queue.TO_NUMBER, Queue.TO_ISSUE)


def waiting_count(user) -> int:
    """Documents waiting for `user` across the work queues, counted in a single query."""
    conditions = [queue_condition(user, q)[0] for q in WAITING]
    anywhere = Q()
    for condition in conditions:
        anywhere |= condition
    return Outgoing.objects.filter(anywhere).aggregate(n=Count("pk"))["n"] or 0


@register.inclusion_tag("outbound/partials/nav_entry.html", takes_context=True)
def outbound_nav(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not actor_for(user).posts:
        return {"show": False}
    return {"show": True, "count": waiting_count(user), "request": request}
