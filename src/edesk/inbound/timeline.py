"""What the document page shows of a document's history: the audit timeline in words, and the
processing tree with its deadline marks.

Audit events store ids (the leader presented to, the units assigned); the names are looked up here
in one batch per kind, so a long history costs the same few queries as a short one.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from edesk.accounts.models import User
from edesk.audit.selectors import TimelineEvent, events_for_document, openings_count
from edesk.inbound.models import Assignment, AssignmentRole, Incoming
from edesk.inbound.selectors import assignment_tree, deadline_mark
from edesk.orgs.models import Organization

ROLE_LABELS = dict(AssignmentRole.choices)

FILE_KINDS = {
    "application/pdf": "PDF",
    "application/msword": "DOC",
    "application/vnd.ms-excel": "XLS",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/tiff": "TIFF",
}


def file_kind(content_type: str) -> str:
    return FILE_KINDS.get(content_type, content_type)


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    actor: str
    label: str
    details: list[str]
    is_opening: bool


@dataclass(frozen=True)
class Timeline:
    entries: list[TimelineEntry]
    openings: int
    with_openings: bool


@dataclass(frozen=True)
class _Names:
    users: dict[int, str]
    orgs: dict[int, str]

    def user(self, pk) -> str:
        return self.users.get(pk, _("(người dùng không còn)"))

    def org(self, pk) -> str:
        return self.orgs.get(pk, _("(đơn vị không còn)"))

    def target(self, spec: dict) -> str:
        return self.user(spec["user"]) if spec.get("user") else self.org(spec.get("org"))


def document_timeline(incoming: Incoming, *, with_openings: bool = False) -> Timeline:
    """The document's audit events as readable entries; openings only when asked for."""
    events = events_for_document(incoming, include_openings=with_openings)
    openings = sum(1 for e in events if e.is_opening) if with_openings else openings_count(incoming)
    names = _names_in(events)
    entries = [
        TimelineEntry(
            at=e.at, actor=e.actor, label=e.label, details=_details(e, names), is_opening=e.is_opening
        )
        for e in events
    ]
    return Timeline(entries=entries, openings=openings, with_openings=with_openings)


def _names_in(events: list[TimelineEvent]) -> _Names:
    user_ids: set[int] = set()
    org_ids: set[int] = set()
    for event in events:
        data = event.data
        for key in ("leader", "user"):
            if isinstance(data.get(key), int):
                user_ids.add(data[key])
        for spec in data.get("to") or []:
            if spec.get("user"):
                user_ids.add(spec["user"])
            if spec.get("org"):
                org_ids.add(spec["org"])
    users = dict(User.objects.filter(pk__in=user_ids).values_list("pk", "full_name")) if user_ids else {}
    orgs = dict(Organization.objects.filter(pk__in=org_ids).values_list("pk", "name")) if org_ids else {}
    return _Names(users, orgs)


def _due(value) -> str:
    if not value:
        return ""
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        return ""
    return _(" (hạn %(date)s)") % {"date": f"{day:%d/%m/%Y}"}


def _details(event: TimelineEvent, names: _Names) -> list[str]:
    data, action = event.data, event.action
    lines: list[str] = []
    if action == "incoming.register":
        lines.append(_("Số đến: %(number)s") % {"number": data.get("arrival_number", "")})
        if data.get("duplicate_of"):
            lines.append(_("Trùng số, ký hiệu và cơ quan ban hành với một văn bản đã vào sổ."))
    elif action == "incoming.present":
        lines.append(_("Trình: %(name)s") % {"name": names.user(data.get("leader"))})
    elif action == "incoming.return":
        lines.append(_("Lý do: %(reason)s") % {"reason": data.get("reason", "")})
    elif action in ("incoming.direct", "incoming.reassign"):
        if data.get("note"):
            lines.append(_("Ý kiến chỉ đạo: %(note)s") % {"note": data["note"]})
        for spec in data.get("to") or []:
            role = ROLE_LABELS.get(spec.get("role"), spec.get("role", ""))
            lines.append(f"{role}: {names.target(spec)}{_due(spec.get('due'))}")
    elif action == "assignment.delegate":
        lines.append(_("Giao cho: %(name)s") % {"name": names.user(data.get("user"))} + _due(data.get("due")))
        if data.get("note"):
            lines.append(_("Ý kiến: %(note)s") % {"note": data["note"]})
    elif action == "assignment.progress":
        lines.append(data.get("note", ""))
        if data.get("files"):
            count = len(data["files"])
            lines.append(ngettext("Kèm %(count)s tệp", "Kèm %(count)s tệp", count) % {"count": count})
    elif action == "assignment.complete":
        lines.append(_("Kết quả: %(note)s") % {"note": data.get("note", "")})
    elif action == "incoming.view" and data.get("read"):
        lines.append(_("Đã nhận văn bản để biết."))
    return [line for line in lines if line]


@dataclass(frozen=True)
class TreeNode:
    assignment: Assignment
    children: list["TreeNode"]
    mark: str | None


def processing_tree(incoming: Incoming, *, today: date | None = None) -> list[TreeNode]:
    """The processing tree with a deadline mark on each open part (from prefetched assignments)."""

    def decorate(branch) -> list[TreeNode]:
        return [
            TreeNode(a, decorate(children), deadline_mark(a.due_date, today=today, done=not a.is_open))
            for a, children in branch
        ]

    return decorate(assignment_tree(incoming))
