"""The assignments and progress notes of one directed document in the benchmark province (bulk.py).

A unit lead is usually passed down to a specialist of the unit (the child keeps the role and the
unit), co-handling units are closed with the document, for-information parts are read or not.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from edesk.demo import vocabulary as vocab
from edesk.demo import worknotes as notes
from edesk.demo.bulkorgs import Agency, new_uuid
from edesk.inbound.models import AssignmentRole, AssignmentState, State
from edesk.inbound.services.workflow import NO_DEADLINE

if TYPE_CHECKING:
    from edesk.demo.bulkdocs import DocumentMaker

_CO_OPEN = {
    State.DIRECTED: (AssignmentState.PENDING,),
    State.IN_PROGRESS: (AssignmentState.PENDING, AssignmentState.IN_PROGRESS),
}


@dataclass
class Life:
    """A document's final state and when each step of its life happened (None: not reached)."""

    state: str
    presented_at: datetime | None = None
    directed_at: datetime | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    updated_at: datetime | None = None


class Parts:
    """The assignments of one directed document, and the notes their holders wrote."""

    def __init__(
        self,
        maker: "DocumentMaker",
        agency: Agency,
        doc_id,
        life: Life,
        leader,
        direction,
        due,
        urgency,
        secrecy,
    ):
        self.m, self.rng, self.agency, self.doc_id, self.life = maker, maker.rng, agency, doc_id, life
        self.leader, self.direction, self.due, self.urgency, self.secrecy = (
            leader,
            direction,
            due,
            urgency,
            secrecy,
        )
        self.people: set[int] = {leader}  # nobody is assigned twice, and the directing leader not at all

    def write(self) -> None:
        rng, agency, life = self.rng, self.agency, self.life
        done = life.state == State.COMPLETED
        units = agency.units
        if units and rng.random() < 0.75:
            lead_unit = rng.choice(units)
            self._unit_lead(lead_unit)
            others = [u for u in units if u is not lead_unit]
        else:
            holder = self._handler()
            if holder is None:
                holder = agency.leaders[0]
            state = (
                AssignmentState.COMPLETED
                if done
                else (
                    AssignmentState.IN_PROGRESS
                    if life.state == State.IN_PROGRESS
                    else AssignmentState.PENDING
                )
            )
            self._notes(
                self._part(AssignmentRole.LEAD, holder, None, state, self.due, self.direction), holder
            )
            others = list(units)
        for unit in rng.sample(
            others, min(len(others), rng.choices((0, 1, 2), cum_weights=(60, 90, 100))[0])
        ):
            state = AssignmentState.COMPLETED if done else rng.choice(_CO_OPEN[State(life.state)])
            self._part(
                AssignmentRole.CO,
                None,
                unit.id,
                state,
                self.due,
                self.direction,
                closing=notes.CO_CLOSED if done else "",
            )
        for _ in range(rng.choices((0, 1, 2), cum_weights=(70, 95, 100))[0]):
            reader = self._handler()
            if reader is not None:
                state = (
                    AssignmentState.READ
                    if rng.random() < (0.97 if done else 0.6)
                    else AssignmentState.PENDING
                )
                self._part(AssignmentRole.INFO, reader, None, state, None, self.direction)

    def _handler(self) -> int | None:
        """A person of the agency not yet on this document: mostly a specialist, sometimes a deputy."""
        rng, agency = self.rng, self.agency
        for _ in range(3):
            if agency.units and rng.random() < 0.8:
                unit = rng.choice(agency.units)
                person = rng.choices(unit.specialists, cum_weights=unit.specialist_cum)[0]
            else:
                person = rng.choice(agency.leaders)
            if person not in self.people:
                self.people.add(person)
                return person
        return None

    def _unit_lead(self, unit) -> None:
        rng, life = self.rng, self.life
        done = life.state == State.COMPLETED
        delegated = life.state in (State.IN_PROGRESS, State.COMPLETED) and rng.random() < 0.85
        if not delegated:
            state = {
                State.COMPLETED: AssignmentState.COMPLETED,
                State.IN_PROGRESS: AssignmentState.IN_PROGRESS,
            }.get(State(life.state), AssignmentState.PENDING)
            lead = self._part(AssignmentRole.LEAD, None, unit.id, state, self.due, self.direction)
            self._notes(lead, unit.heads[0])
            return
        head = unit.heads[0]
        parent_state = AssignmentState.COMPLETED if done else AssignmentState.DELEGATED
        parent = self._part(AssignmentRole.LEAD, None, unit.id, parent_state, self.due, self.direction)
        specialist = rng.choices(unit.specialists, cum_weights=unit.specialist_cum)[0]
        child_state = (
            AssignmentState.COMPLETED
            if done
            else rng.choice((AssignmentState.PENDING, AssignmentState.IN_PROGRESS))
        )
        child = self._part(
            AssignmentRole.LEAD,
            specialist,
            unit.id,
            child_state,
            self.due,
            rng.choice(notes.DELEGATE_NOTES),
            parent=parent,
            assigned_by=head,
            at=life.started_at,
        )
        self._notes(child, specialist)

    def _part(
        self, role, user_id, org_id, state, due, note, *, parent=None, assigned_by=None, at=None, closing=""
    ):
        m, life = self.m, self.life
        created = at or life.directed_at
        finished = state in (AssignmentState.COMPLETED, AssignmentState.READ)
        completed_at = life.completed_at if state == AssignmentState.COMPLETED else None
        if state == AssignmentState.READ:
            completed_at = min(created + timedelta(hours=self.rng.uniform(0.5, 72)), m.limit)
        row = {
            "id": m._next("assignment"),
            "public_id": new_uuid(self.rng),
            "created_at": created,
            "updated_at": completed_at if finished else (life.started_at or created),
            "incoming_id": self.doc_id,
            "parent_id": parent["id"] if parent else None,
            "role": role,
            "target_user_id": user_id,
            "target_org_id": org_id,
            "state": state,
            "due_date": due,
            "assigned_by_id": assigned_by or self.leader,
            "note": note,
            "completed_at": completed_at,
            "completion_note": closing,
            "agency_id": self.agency.id,
            "urgency": self.urgency,
            "secrecy": self.secrecy,
            "sort_due": due or NO_DEADLINE,
        }
        m.t["Assignment"].add(row)
        return row

    def _notes(self, part: dict, author: int) -> None:
        """A progress note on a part being handled; the completion note on a finished one."""
        m, rng, life = self.m, self.rng, self.life
        if part["state"] == AssignmentState.IN_PROGRESS and rng.random() < 0.8:
            at = life.started_at or part["created_at"]
            text, final = vocab.progress_note(rng, year=at.year), False
        elif part["state"] == AssignmentState.COMPLETED:
            at = life.completed_at or part["created_at"]
            unit = rng.choice(self.agency.units).short if self.agency.units else "VP"
            text, final = notes.completion(rng, self.agency.short, unit, at), True
        else:
            return
        m.t["ProgressNote"].add(
            {
                "id": m._next("note"),
                "created_at": at,
                "updated_at": at,
                "assignment_id": part["id"],
                "author_id": author,
                "note": text,
                "is_completion": final,
            }
        )
