"""The demo's incoming documents: planned as stories, told through the services in time order.

Each document gets a plan (where it ends, who it passes through, its deadline); the plan becomes
steps (register, present, direct, delegate, progress, complete, read) at moments of the past six
months; the steps of all documents run in time order, each with the clock set to its moment, so
arrival numbers follow arrival times, the audit chain reads forward in time and deadlines fall where
the story put them. Scripted stories for the demo agencies keep every persona's desk alive:
documents to present, to direct, to delegate, to handle (some overdue, some due soon) and to read.
"""

import io
import random
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, time, timedelta
from functools import partial
from unittest import mock

from django.utils import timezone

from edesk.accounts.models import User
from edesk.core.enums import Channel
from edesk.demo import vocabulary as vocab
from edesk.demo import worknotes as notes
from edesk.demo.letterhead import Letter, render_letter
from edesk.demo.seedplans import DIRECTED_STATES, AgencyStaff, Plan, UnitStaff, plans_for
from edesk.demo.senders import Senders
from edesk.documents.doctypes import parse_doc_type
from edesk.documents.services import Upload
from edesk.inbound import services as inbound
from edesk.inbound.models import Assignment, AssignmentRole, State


class Story:
    """The steps of one plan, each a call to one service."""

    def __init__(self, plan: Plan, rng: random.Random, senders: Senders):
        self.plan, self.rng, self.senders = plan, rng, senders

    def register(self) -> None:
        p, rng = self.plan, self.rng
        type_name, abbr = vocab.pick_doc_type(rng)
        sender = self.senders.pick(rng, p.staff.key)
        year = p.arrival.year
        subject = vocab.subject(rng, type_name, year=year)
        number = f"{rng.randint(1, 900):02d}"
        unit = rng.choice(sender.units) if sender.units else None
        notation = vocab.notation_for(abbr, sender.short, rng, unit_short=unit)[:30]
        issued = p.arrival.date() - timedelta(days=rng.choice((0, 1, 1, 2, 3)))
        position, signer = sender.signer(rng)
        files = []
        if p.secrecy:
            channel = rng.choice((Channel.POST, Channel.HAND))  # a secret document never enters as a file
        else:
            channel = rng.choices(
                (Channel.ELECTRONIC, Channel.POST, Channel.HAND), cum_weights=(88, 96, 100)
            )[0]
            letter = Letter(
                issuer=sender.name,
                superior=sender.superior,
                number_notation=f"{number}/{notation}",
                place=sender.place,
                issued=issued,
                doc_type_label=type_name,
                subject=subject,
                body=vocab.extracted_text(rng, subject, 3, year=year, doc_type_name=type_name),
                signer_position=position,
                signer_name=signer,
                urgency=p.urgency,
            )
            data = render_letter(letter)
            name = f"{number}-{notation}.pdf".replace("/", "-")
            files.append(Upload(name=name, fileobj=io.BytesIO(data), size=len(data)))
        incoming_data = inbound.IncomingData(
            doc_type=parse_doc_type(type_name).value,
            subject=subject,
            code_number=number,
            code_notation=notation,
            issued_date=issued,
            issuer_id=sender.org_id,
            issuer_name=sender.name,
            issuer_code=sender.code,
            signer_name=signer,
            signer_position=position,
            urgency=p.urgency,
            secrecy=p.secrecy,
            due_date=p.due,
            channel=channel,
            arrival_at=p.arrival,
            files=files,
        )
        p.incoming = inbound.incoming_register(
            actor=p.staff.clerk, agency=p.staff.org, data=incoming_data
        ).incoming

    def present(self) -> None:
        p = self.plan
        inbound.incoming_present(actor=p.staff.clerk, incoming=p.doc, leader_id=p.chief.pk)

    def give_back(self) -> None:
        p = self.plan
        inbound.incoming_return(actor=p.chief, incoming=p.doc, reason=self.rng.choice(notes.RETURN_REASONS))

    def direct(self) -> None:
        p = self.plan
        if isinstance(p.lead, UnitStaff):
            specs = [inbound.AssignmentSpec(role=AssignmentRole.LEAD, org_id=p.lead.org.pk)]
            lead_name = p.lead.org.name
        else:
            assert p.lead is not None, "a directed story has a lead"
            specs = [inbound.AssignmentSpec(role=AssignmentRole.LEAD, user_id=p.lead.pk)]
            lead_name = f"đồng chí {p.lead.full_name}"
        specs += [inbound.AssignmentSpec(role=AssignmentRole.CO, org_id=u.org.pk) for u in p.co]
        specs += [inbound.AssignmentSpec(role=AssignmentRole.INFO, user_id=r.pk) for r, _ in p.info]
        note = notes.direction(self.rng, lead_name, [u.org.name for u in p.co], p.due)
        inbound.incoming_direct(actor=p.chief, incoming=p.doc, note=note, assignments=specs)
        p.held = Assignment.objects.get(incoming=p.doc, role=AssignmentRole.LEAD, parent__isnull=True)

    def delegate(self) -> None:
        p = self.plan
        head = p.lead_unit.heads[0]
        note = self.rng.choice(notes.DELEGATE_NOTES)
        p.held = inbound.assignment_delegate(actor=head, assignment=p.part, user_id=p.delegate.pk, note=note)

    def report_progress(self) -> None:
        p = self.plan
        note = vocab.progress_note(self.rng, year=timezone.now().year)
        inbound.assignment_progress(actor=p.handler, assignment=p.part, note=note)

    def complete(self) -> None:
        p = self.plan
        unit = p.lead.spec.short_name if isinstance(p.lead, UnitStaff) else "VP"
        note = notes.completion(self.rng, p.staff.spec.short_name, unit, timezone.now())
        inbound.assignment_complete(actor=p.handler, assignment=p.part, note=note)

    def read(self, reader: User) -> None:
        inbound.incoming_open(actor=reader, incoming_id=self.plan.doc.pk)


Step = tuple[datetime, int, int, Callable[[], None]]


def _steps(index: int, plan: Plan, story: Story, rng: random.Random, limit: datetime) -> list[Step]:
    """The plan's steps at their moments; a history that would run past `limit` is squeezed into
    the time that has passed, keeping its order."""
    chain: list[tuple[float, Callable[[], None]]] = [(0.0, story.register)]
    if plan.state != State.REGISTERED:
        chain.append((rng.uniform(0.5, 4), story.present))
    if plan.state == State.RETURNED:
        chain.append((rng.uniform(1, 20), story.give_back))
    if plan.state in DIRECTED_STATES:
        chain.append((rng.uniform(2, 30), story.direct))
        if plan.delegate_to is not None:
            chain.append((rng.uniform(1, 20), story.delegate))
        if plan.progress:
            chain.append((rng.uniform(24, 96), story.report_progress))
        if plan.state == State.COMPLETED:
            chain.append((rng.uniform(24, 240), story.complete))
    hours, total = [], 0.0
    for gap, _ in chain:
        total += gap
        hours.append(total)
    room = (limit - plan.arrival).total_seconds() / 3600
    scale = min(1.0, room / total) if total else 1.0
    at = office_hours([plan.arrival + timedelta(hours=h * scale) for h in hours], limit)
    steps: list[Step] = [(m, index, k, fn) for k, (m, (_, fn)) in enumerate(zip(at, chain, strict=True))]
    if plan.state in DIRECTED_STATES:
        directed_at = at[[fn for _, fn in chain].index(story.direct)]
        for k, (reader, opened) in enumerate(plan.info):
            if opened:
                when = office_hours([directed_at + timedelta(hours=rng.uniform(1, 48))], limit)[0]
                steps.append((when, index, 100 + k, partial(story.read, reader)))
    return steps


def office_hours(moments: list[datetime], limit: datetime) -> list[datetime]:
    """Move each moment that falls at night or at a weekend to the next working morning (unless that
    is still to come), keeping the steps in order."""
    placed: list[datetime] = []
    for moment in moments:
        local = timezone.localtime(moment)
        day = local.date() + timedelta(days=1 if local.hour >= 17 else 0)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        opening = datetime.combine(day, time(7, 30), local.tzinfo) + timedelta(minutes=local.minute)
        if local.date() != day or local.hour < 7:
            moment = opening if opening <= limit else moment
        placed.append(max(moment, placed[-1]) if placed else moment)
    return placed


def history_limit(now: datetime) -> datetime:
    """The latest moment a demo story may happen at."""
    return now - timedelta(minutes=10)


def tell_stories(
    rng: random.Random,
    staff: dict[str, AgencyStaff],
    *,
    count: int,
    now: datetime | None = None,
    more: Sequence[Step] = (),
) -> int:
    """Plan `count` documents (at least the scripted ones) and run their steps in time order, with
    `more` steps (the outgoing documents') woven in by their moments."""
    now = timezone.localtime(now or timezone.now())
    senders = Senders(staff)
    plans = plans_for(rng, staff, now, count)
    limit = history_limit(now)
    steps: list[Step] = list(more)
    for index, plan in enumerate(plans):
        steps += _steps(index, plan, Story(plan, rng, senders), rng, limit)
    steps.sort(key=lambda step: step[:3])
    for when, _, _, action in steps:
        # The services stamp rows and audit events with timezone.now(); the story happened in the
        # past, so each step runs with the clock reading the moment it happened.
        # Like the real clock it reads in UTC (the audit hash covers the timestamp as written).
        with mock.patch.object(timezone, "now", return_value=when.astimezone(UTC)):
            action()
    return len(plans)
