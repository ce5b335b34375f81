"""Reads of the audit log for pages: the history of one object, oldest first.

The log is the record of who did what, so a document's timeline is read from here rather than
rebuilt from the workflow tables: what a person did is shown with the name they had when they did it.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from edesk.audit.events import ACTION_LABELS, actor_shown
from edesk.audit.models import AuditEvent

OPENING = "incoming.view"


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime
    actor_id: int | None
    actor: str
    action: str
    label: str
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def is_opening(self) -> bool:
        return self.action == OPENING


def _about(obj) -> QuerySet[AuditEvent]:
    # Served by the (object_type, object_id, id) index: one range scan, already in id order.
    return AuditEvent.objects.filter(object_type=obj._meta.model_name, object_id=str(obj.pk))


def events_for_document(incoming, *, include_openings: bool = True) -> list[TimelineEvent]:
    """Every event recorded about `incoming`, oldest first, with action labels in the page's language.

    A document may be opened hundreds of times; `include_openings=False` leaves those events out
    (count them with `openings_count`) so the history of the work stays readable.
    """
    qs = _about(incoming)
    if not include_openings:
        qs = qs.exclude(action=OPENING)
    rows = qs.order_by("id").only("at", "actor_id", "actor_label", "action", "data")
    return [
        TimelineEvent(
            at=row.at,
            actor_id=row.actor_id,
            actor=actor_shown(row.actor_id, row.actor_label),
            action=row.action,
            label=str(ACTION_LABELS.get(row.action, row.action)),
            data=row.data or {},
        )
        for row in rows
    ]


def openings_count(incoming) -> int:
    return _about(incoming).filter(action=OPENING).count()
