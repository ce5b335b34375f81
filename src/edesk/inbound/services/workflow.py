"""Presenting, directing, delegating, handling and completing incoming documents.

Every function locks the rows it changes (document first, then assignments, then the audit chain),
checks the transition table under the lock, and writes its audit event in the same transaction.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from edesk.accounts.context import actor_for
from edesk.accounts.models import Membership
from edesk.accounts.roles import Perm, Role
from edesk.audit import events
from edesk.core import storage
from edesk.core.errors import Conflict, Forbidden, UserError
from edesk.core.text import squash
from edesk.documents import services as documents
from edesk.inbound.access import access_assignment, access_incoming, assignment_holders_q
from edesk.inbound.models import (
    OPEN_ASSIGNMENT_STATES,
    Assignment,
    AssignmentRole,
    AssignmentState,
    Incoming,
    NoteFile,
    ProgressNote,
    State,
)
from edesk.inbound.transitions import transition_for
from edesk.orgs.models import Organization

NO_DEADLINE = date(9999, 12, 31)


@dataclass
class AssignmentSpec:
    role: str
    user_id: int | None = None
    org_id: int | None = None
    due_date: date | None = None


def _advance(actor, incoming: Incoming, action: str) -> str | None:
    """Check `action` against the table and the actor's permission; return the next state."""
    transition = transition_for(incoming.state, action)
    assert transition.perm is not None  # every incoming transition is a role's
    if not actor_for(actor).has(transition.perm, agency_id=incoming.agency_id):
        raise Forbidden()
    return transition.next_state


def _locked_incoming(actor, incoming) -> Incoming:
    return access_incoming(actor, incoming.pk, for_update=True)


def _set_state(incoming: Incoming, state: str | None, **fields) -> None:
    if state is not None:
        fields["state"] = state
    for name, value in fields.items():
        setattr(incoming, name, value)
    incoming.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def incoming_present(*, actor, incoming: Incoming, leader_id: int) -> Incoming:
    """The clerk presents the document to a leader of the agency (trình)."""
    incoming = _locked_incoming(actor, incoming)
    next_state = _advance(actor, incoming, "present")
    is_leader = Membership.objects.filter(
        user_id=leader_id, agency_id=incoming.agency_id, role=Role.LEADER, active=True, user__is_active=True
    ).exists()
    if not is_leader:
        raise UserError(
            _("Người nhận trình phải là lãnh đạo của cơ quan."), code="not_a_leader", field="leader"
        )
    _set_state(incoming, next_state, presented_to_id=leader_id, presented_at=timezone.now(), return_reason="")
    events.record(
        actor, "incoming.present", incoming, agency_id=incoming.agency_id, data={"leader": leader_id}
    )
    return incoming


@transaction.atomic
def incoming_return(*, actor, incoming: Incoming, reason: str) -> Incoming:
    """The leader sends the document back to the clerk with a reason (wrong addressee, incomplete…)."""
    incoming = _locked_incoming(actor, incoming)
    next_state = _advance(actor, incoming, "return")
    reason = squash(reason)
    if not reason:
        raise UserError(_("Hãy ghi lý do trả lại."), code="required", field="reason")
    _set_state(incoming, next_state, return_reason=reason)
    events.record(actor, "incoming.return", incoming, agency_id=incoming.agency_id, data={"reason": reason})
    return incoming


def _check_specs(incoming: Incoming, specs: list[AssignmentSpec]) -> list[AssignmentSpec]:
    if not specs:
        raise UserError(_("Hãy phân công ít nhất một đơn vị hoặc cá nhân xử lý chính."), code="no_lead")
    leads = [s for s in specs if s.role == AssignmentRole.LEAD]
    if len(leads) != 1:
        raise UserError(_("Phải có đúng một đơn vị hoặc cá nhân xử lý chính."), code="one_lead")
    arrival_day = timezone.localdate(incoming.arrival_at)
    user_ids = {s.user_id for s in specs if s.user_id}
    org_ids = {s.org_id for s in specs if s.org_id}
    members = set(
        Membership.objects.filter(
            user_id__in=user_ids, agency_id=incoming.agency_id, active=True
        ).values_list("user_id", flat=True)
    )
    units = set(
        Organization.objects.filter(pk__in=org_ids, agency_id=incoming.agency_id, active=True).values_list(
            "pk", flat=True
        )
    )
    seen = set()
    for spec in specs:
        if spec.role not in AssignmentRole.values:
            raise UserError(_("Vai trò xử lý không hợp lệ."), code="role")
        if (spec.user_id is None) == (spec.org_id is None):
            raise UserError(_("Mỗi phân công phải chọn một đơn vị hoặc một cá nhân."), code="target")
        if spec.user_id and spec.user_id not in members:
            raise UserError(_("Người được phân công không thuộc cơ quan."), code="target_outside")
        if spec.org_id and spec.org_id not in units:
            raise UserError(_("Đơn vị được phân công không thuộc cơ quan."), code="target_outside")
        if spec.org_id and incoming.is_secret:
            raise UserError(
                _("Văn bản mật chỉ giao đích danh cá nhân, không giao cho đơn vị."), code="secret_to_unit"
            )
        target = (spec.user_id, spec.org_id)
        if target in seen:
            raise UserError(_("Một đơn vị hoặc cá nhân được phân công hai lần."), code="target_twice")
        seen.add(target)
        if spec.due_date and spec.due_date < arrival_day:
            raise UserError(_("Hạn xử lý không thể trước ngày đến."), code="due_before_arrival")
    return specs


def _create_assignments(
    actor, incoming: Incoming, specs: list[AssignmentSpec], note: str
) -> list[Assignment]:
    rows = []
    for spec in specs:
        due = spec.due_date or (incoming.due_date if spec.role != AssignmentRole.INFO else None)
        rows.append(
            Assignment(
                incoming=incoming,
                role=spec.role,
                target_user_id=spec.user_id,
                target_org_id=spec.org_id,
                due_date=due,
                sort_due=due or NO_DEADLINE,
                assigned_by=actor,
                note=note,
                agency_id=incoming.agency_id,
                urgency=incoming.urgency,
                secrecy=incoming.secrecy,
            )
        )
    return Assignment.objects.bulk_create(rows)


def _spec_data(specs: list[AssignmentSpec]) -> list[dict]:
    return [{"role": s.role, "user": s.user_id, "org": s.org_id, "due": s.due_date} for s in specs]


@transaction.atomic
def incoming_direct(*, actor, incoming: Incoming, note: str, assignments: list[AssignmentSpec]) -> Incoming:
    """The leader writes the direction and assigns lead / co-handle / for-information parts.

    Two leaders directing at once: the second finds the state already "directed" under the row
    lock and gets a 409.
    """
    incoming = _locked_incoming(actor, incoming)
    next_state = _advance(actor, incoming, "direct")
    specs = _check_specs(incoming, assignments)
    note = squash(note)
    _create_assignments(actor, incoming, specs, note)
    _set_state(incoming, next_state, direction_note=note, directed_by_id=actor.pk, directed_at=timezone.now())
    events.record(
        actor,
        "incoming.direct",
        incoming,
        agency_id=incoming.agency_id,
        data={"note": note, "to": _spec_data(specs)},
    )
    return incoming


@transaction.atomic
def incoming_reassign(*, actor, incoming: Incoming, note: str, assignments: list[AssignmentSpec]) -> Incoming:
    """Replace the open assignments with a new split (phân công lại). Finished parts stay as they were."""
    incoming = _locked_incoming(actor, incoming)
    _advance(actor, incoming, "reassign")
    specs = _check_specs(incoming, assignments)
    note = squash(note)
    open_ids = list(
        Assignment.objects.select_for_update()
        .filter(incoming=incoming, state__in=OPEN_ASSIGNMENT_STATES)
        .values_list("pk", flat=True)
    )
    Assignment.objects.filter(pk__in=open_ids).update(
        state=AssignmentState.CANCELLED, updated_at=timezone.now()
    )
    Assignment.objects.filter(
        incoming=incoming, role=AssignmentRole.INFO, state=AssignmentState.PENDING
    ).update(state=AssignmentState.CANCELLED)
    _create_assignments(actor, incoming, specs, note)
    _set_state(incoming, None, direction_note=note, directed_by_id=actor.pk, directed_at=timezone.now())
    events.record(
        actor,
        "incoming.reassign",
        incoming,
        agency_id=incoming.agency_id,
        data={"note": note, "to": _spec_data(specs), "cancelled": open_ids},
    )
    return incoming


def _held_assignment(actor, assignment: Assignment) -> Assignment:
    """Lock the incoming document, then the assignment, and check `actor` holds it and it is open."""
    Incoming.objects.select_for_update().filter(pk=assignment.incoming_id).first()
    assignment = access_assignment(actor, assignment.pk, action="handle", for_update=True)
    if assignment.state not in OPEN_ASSIGNMENT_STATES:
        raise Conflict(
            _("Phần việc này đã ở trạng thái “%(state)s”.") % {"state": assignment.get_state_display()},
            code="invalid_state",
        )
    if assignment.role == AssignmentRole.INFO:
        raise UserError(_("Văn bản nhận để biết không cần xử lý."), code="info_only")
    return assignment


def _start(actor, incoming: Incoming) -> None:
    if incoming.state == State.DIRECTED:
        _set_state(incoming, transition_for(incoming.state, "start").next_state)


@transaction.atomic
def assignment_delegate(
    *, actor, assignment: Assignment, user_id: int, note: str, due_date: date | None = None
):
    """A unit head passes their part to a person of their unit (giao xử lý)."""
    assignment = _held_assignment(actor, assignment)
    incoming = assignment.incoming
    if not actor_for(actor).has(Perm.ASSIGNMENT_DELEGATE, agency_id=incoming.agency_id):
        raise Forbidden(_("Chỉ lãnh đạo đơn vị được giao tiếp phần việc."))
    if user_id == actor.pk:
        raise UserError(_("Không thể giao phần việc cho chính mình."), code="self_delegate")
    units = [assignment.target_org_id] if assignment.target_org_id else list(actor_for(actor).headed_org_ids)
    in_unit = Membership.objects.filter(
        user_id=user_id, org_id__in=units, active=True, user__is_active=True
    ).exists()
    if not in_unit:
        raise UserError(_("Người được giao phải thuộc đơn vị của bạn."), code="target_outside", field="user")
    if due_date and assignment.due_date and due_date > assignment.due_date:
        raise UserError(_("Hạn giao tiếp không được muộn hơn hạn của phần việc."), code="due_after_parent")
    due = due_date or assignment.due_date
    # A second delegation replaces the first: the earlier person's open part is cancelled.
    Assignment.objects.filter(parent=assignment, state__in=OPEN_ASSIGNMENT_STATES).update(
        state=AssignmentState.CANCELLED, updated_at=timezone.now()
    )
    child = Assignment.objects.create(
        incoming=incoming,
        parent=assignment,
        role=assignment.role,
        target_user_id=user_id,
        target_org_id=assignment.target_org_id,
        due_date=due,
        sort_due=due or NO_DEADLINE,
        assigned_by=actor,
        note=squash(note),
        agency_id=assignment.agency_id,
        urgency=assignment.urgency,
        secrecy=assignment.secrecy,
    )
    Assignment.objects.filter(pk=assignment.pk).update(
        state=AssignmentState.DELEGATED, updated_at=timezone.now()
    )
    _start(actor, incoming)
    events.record(
        actor,
        "assignment.delegate",
        incoming,
        agency_id=incoming.agency_id,
        data={
            "assignment": assignment.pk,
            "child": child.pk,
            "user": user_id,
            "note": child.note,
            "due": due,
        },
    )
    return child


def assignment_progress(
    *, actor, assignment: Assignment, note: str, files: list | None = None
) -> ProgressNote:
    """Record progress on a held assignment, with optional files (checked like any upload)."""
    note = squash(note)
    if not note:
        raise UserError(_("Hãy ghi nội dung tiến độ."), code="required", field="note")
    if files and assignment.secrecy:
        # Secret documents keep no file on the system, their progress notes' files included.
        raise UserError(
            _("Văn bản mật không đưa tệp lên hệ thống; chỉ ghi nội dung tiến độ."),
            code="secret_file",
            field="files",
        )
    with storage.files_written(documents.blob_release) as batch:
        checked = documents.check_and_store(files or [], batch)
        return _progress(actor, assignment, note, checked)


@transaction.atomic
def _progress(actor, assignment: Assignment, note: str, checked) -> ProgressNote:
    assignment = _held_assignment(actor, assignment)
    progress = ProgressNote.objects.create(assignment=assignment, author=actor, note=note)
    documents.blobs_record(checked)
    NoteFile.objects.bulk_create(
        NoteFile(note=progress, blob_id=f.sha256, name=f.name, content_type=f.content_type, size=f.size)
        for f in checked
    )
    if assignment.state == AssignmentState.PENDING:
        Assignment.objects.filter(pk=assignment.pk).update(state=AssignmentState.IN_PROGRESS)
    _start(actor, assignment.incoming)
    events.record(
        actor,
        "assignment.progress",
        assignment.incoming,
        agency_id=assignment.agency_id,
        data={"assignment": assignment.pk, "note": note, "files": [f.sha256 for f in checked]},
    )
    return progress


@transaction.atomic
def assignment_complete(*, actor, assignment: Assignment, note: str) -> Assignment:
    """Finish a held part. A delegated child finishing finishes its parent; the top-level lead
    finishing completes the document and closes the co-handling parts still open."""
    assignment = _held_assignment(actor, assignment)
    incoming = assignment.incoming
    note = squash(note)
    if not note:
        raise UserError(_("Hãy ghi kết quả xử lý."), code="required", field="note")
    now = timezone.now()
    ProgressNote.objects.create(assignment=assignment, author=actor, note=note, is_completion=True)
    # The chain from this part up to the top-level part completes together; open parts passed
    # further down from this one are closed, since the holder answered for them.
    chain, node = [assignment.pk], assignment
    while node.parent_id:
        node = Assignment.objects.select_for_update().get(pk=node.parent_id)
        chain.append(node.pk)
    Assignment.objects.filter(
        Q(pk__in=chain) | Q(parent_id=assignment.pk, state__in=OPEN_ASSIGNMENT_STATES)
    ).update(state=AssignmentState.COMPLETED, completed_at=now, completion_note=note, updated_at=now)
    top = node
    if top.role == AssignmentRole.LEAD and incoming.state in (State.DIRECTED, State.IN_PROGRESS):
        _set_state(incoming, transition_for(incoming.state, "complete").next_state, completed_at=now)
        Assignment.objects.filter(
            incoming=incoming, role=AssignmentRole.CO, state__in=OPEN_ASSIGNMENT_STATES
        ).update(
            state=AssignmentState.COMPLETED,
            completed_at=now,
            completion_note="Kết thúc cùng văn bản khi đơn vị chủ trì hoàn thành.",
            updated_at=now,
        )
    events.record(
        actor,
        "assignment.complete",
        incoming,
        agency_id=incoming.agency_id,
        data={
            "assignment": assignment.pk,
            "chain": chain,
            "note": note,
            "document_completed": incoming.state == State.COMPLETED,
        },
    )
    if incoming.state == State.COMPLETED:
        events.record(actor, "incoming.complete", incoming, agency_id=incoming.agency_id)
    assignment.refresh_from_db()
    return assignment


@transaction.atomic
def incoming_open(*, actor, incoming_id) -> Incoming:
    """Open a document: check access, record the opening, and mark for-information parts read."""
    incoming = access_incoming(actor, incoming_id)
    unread = Assignment.objects.filter(
        assignment_holders_q(actor),
        incoming=incoming,
        role=AssignmentRole.INFO,
        state=AssignmentState.PENDING,
    )
    read_ids = list(unread.values_list("pk", flat=True))
    if read_ids:
        Assignment.objects.filter(pk__in=read_ids).update(
            state=AssignmentState.READ, completed_at=timezone.now()
        )
    events.record(
        actor,
        "incoming.view",
        incoming,
        agency_id=incoming.agency_id,
        data={"read": read_ids} if read_ids else None,
    )
    return incoming
