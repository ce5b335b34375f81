"""What happens to each demo document: scripted stories for the demo log-ins, random ones for the rest."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import accumulate

from edesk.accounts.models import User
from edesk.core.enums import Secrecy, Urgency
from edesk.demo.orgdata import OrgSpec
from edesk.inbound.models import Assignment, Incoming, State
from edesk.orgs.models import Organization

HISTORY_DAYS = 180
# The agencies whose four demo log-ins get scripted stories, and the unit of their tp./cv. log-ins.
PERSONA_UNITS = {"stc": "stc-ns", "snv": "snv-ccvc", "thuanhoa": "thuanhoa-vhxh"}
# Share of the unscripted documents by agency; every other agency gets the default.
BACKGROUND_WEIGHTS = {"ubnd": 14.0, "stc": 12.0, "snv": 9.0, "thuanhoa": 8.0, "vp": 5.0}
_STATE_MIX = (
    (7, ((State.COMPLETED, 10), (State.IN_PROGRESS, 25), (State.DIRECTED, 25), (State.PRESENTED, 20),
         (State.REGISTERED, 15), (State.RETURNED, 5))),
    (30, ((State.COMPLETED, 45), (State.IN_PROGRESS, 35), (State.DIRECTED, 10), (State.PRESENTED, 5),
          (State.REGISTERED, 2), (State.RETURNED, 3))),
    (90, ((State.COMPLETED, 75), (State.IN_PROGRESS, 18), (State.DIRECTED, 5), (State.PRESENTED, 1),
          (State.RETURNED, 1))),
    (None, ((State.COMPLETED, 92), (State.IN_PROGRESS, 6), (State.DIRECTED, 2))),
)  # fmt: skip
DIRECTED_STATES = (State.DIRECTED, State.IN_PROGRESS, State.COMPLETED)


@dataclass
class UnitStaff:
    org: Organization
    spec: OrgSpec
    heads: list[User] = field(default_factory=list)
    specialists: list[User] = field(default_factory=list)


@dataclass
class AgencyStaff:
    key: str
    org: Organization
    spec: OrgSpec
    clerk: User
    leaders: list[User]  # the head first
    units: dict[str, UnitStaff] = field(default_factory=dict)


@dataclass
class Plan:
    """One document's story: where it ends and whom it passes through."""

    staff: AgencyStaff
    arrival: datetime
    state: str
    leader: User | None = None
    lead: UnitStaff | User | None = None
    co: list[UnitStaff] = field(default_factory=list)
    info: list[tuple[User, bool]] = field(default_factory=list)  # (reader, has opened it)
    delegate_to: User | None = None
    progress: bool = False
    due: date | None = None
    urgency: int = Urgency.NORMAL
    secrecy: int = Secrecy.NONE
    incoming: Incoming | None = None
    held: Assignment | None = None  # the part its handler acts on

    # The steps of a story run in order, so each reads what an earlier step set; these say so.
    @property
    def doc(self) -> Incoming:
        assert self.incoming is not None, "registered before it moves on"
        return self.incoming

    @property
    def part(self) -> Assignment:
        assert self.held is not None, "directed before it is handled"
        return self.held

    @property
    def chief(self) -> User:
        assert self.leader is not None, "a story that is presented has a leader"
        return self.leader

    @property
    def lead_unit(self) -> UnitStaff:
        assert isinstance(self.lead, UnitStaff), "delegation happens inside a unit"
        return self.lead

    @property
    def delegate(self) -> User:
        assert self.delegate_to is not None, "a delegated story names its handler"
        return self.delegate_to

    @property
    def handler(self) -> User:
        if self.delegate_to is not None:
            return self.delegate_to
        if isinstance(self.lead, UnitStaff):
            return self.lead.heads[0]
        assert self.lead is not None, "a handled story has a lead"
        return self.lead


def moment(rng: random.Random, now: datetime, days_from: int, days_to: int) -> datetime:
    """A working-hours moment on a weekday, `days_from`–`days_to` days before `now` (never after it)."""
    day = now.date() - timedelta(days=rng.randint(days_from, days_to))
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    at = datetime.combine(day, time(7, 30), now.tzinfo) + timedelta(minutes=rng.randint(0, 540))
    latest = now - timedelta(minutes=30)
    return at if at <= latest else latest - timedelta(minutes=rng.randint(0, 120))


_STATE_TABLES = [
    (limit, [s for s, _ in mix], list(accumulate(w for _, w in mix))) for limit, mix in _STATE_MIX
]


def plans_for(rng: random.Random, staff: dict[str, AgencyStaff], now: datetime, count: int) -> list[Plan]:
    plans: list[Plan] = []
    for key in PERSONA_UNITS:
        plans += _persona_stories(rng, staff[key], now)
    plans += _city_stories(rng, staff["ubnd"], now)
    keys = list(staff)
    weights = list(accumulate(BACKGROUND_WEIGHTS.get(k, 1.5) for k in keys))
    for key in rng.choices(keys, cum_weights=weights, k=max(0, count - len(plans))):
        plans.append(_random_story(rng, staff[key], now))
    return plans


def _persona_stories(rng: random.Random, agency: AgencyStaff, now: datetime) -> list[Plan]:
    """The desks of vt./ld./tp./cv. of one agency: to present, to direct, to delegate, to handle
    (two overdue, two due within the warning window), to read, and a handled history."""
    head = agency.leaders[0]
    unit = agency.units[PERSONA_UNITS[agency.key]]
    specialist = unit.specialists[0]
    others = [u for u in agency.units.values() if u is not unit]
    today = now.date()
    plans: list[Plan] = []

    def story(days_from: int, days_to: int, state: str, **fields) -> Plan:
        plan = Plan(agency, moment(rng, now, days_from, days_to), state, **fields)
        plans.append(plan)
        return plan

    for i in range(4):
        story(
            0,
            2,
            State.REGISTERED,
            urgency=Urgency.URGENT if i == 0 else Urgency.NORMAL,
            due=today + timedelta(7 + i),
        )
    story(1, 4, State.RETURNED, leader=head)
    for i, urgency in enumerate((Urgency.FLASH, Urgency.VERY_URGENT, Urgency.URGENT, 0, 0, 0)):
        secrecy = Secrecy.CONFIDENTIAL if i == 5 else Secrecy.NONE
        story(
            0,
            3,
            State.PRESENTED,
            leader=head,
            urgency=urgency,
            secrecy=secrecy,
            due=today + timedelta(3 + 2 * i),
        )
    for i in range(4):
        co = [others[0]] if i == 1 else []
        story(
            1,
            6,
            State.DIRECTED,
            leader=head,
            lead=unit,
            co=co,
            due=today + timedelta(1 if i == 0 else 6 + 2 * i),
        )
    for i in range(2):
        story(
            2,
            8,
            State.DIRECTED,
            leader=head,
            lead=others[i % len(others)],
            co=[unit],
            due=today + timedelta(9 + i),
        )
    for i in range(6):
        plan = story(18, 30, State.IN_PROGRESS) if i < 2 else story(3, 12, State.IN_PROGRESS)
        plan.leader, plan.lead, plan.delegate_to, plan.progress = head, unit, specialist, i % 2 == 0
        plan.urgency = Urgency.VERY_URGENT if i == 2 else Urgency.NORMAL
        if i < 2:
            plan.due = plan.arrival.date() + timedelta(7)  # overdue by now
        else:
            plan.due = today + timedelta(i - 1 if i < 4 else 8 + i)
    for i in range(3):
        lead = others[(i + 1) % len(others)]
        readers = [(specialist, False)] + ([(unit.heads[0], False)] if i == 0 else [])
        story(1, 10, State.DIRECTED, leader=head, lead=lead, info=readers, due=today + timedelta(10 + i))
    for _ in range(5):
        plan = story(30, 170, State.COMPLETED, leader=head, lead=unit, delegate_to=specialist, progress=True)
        plan.due = plan.arrival.date() + timedelta(15)
    return plans


def _city_stories(rng: random.Random, city: AgencyStaff, now: datetime) -> list[Plan]:
    """vt.ubnd and ld.ubnd: documents to present and to direct; the chairman's deputies handle the
    ones already directed (the city's committee has no units of its own)."""
    head, deputies = city.leaders[0], city.leaders[1:]
    today = now.date()
    plans = [
        Plan(city, moment(rng, now, 0, 2), State.REGISTERED, due=today + timedelta(5 + i)) for i in range(4)
    ]
    plans.append(Plan(city, moment(rng, now, 1, 4), State.RETURNED, leader=head))
    for i, urgency in enumerate((Urgency.FLASH, Urgency.URGENT, 0, 0, 0, 0)):
        secrecy = Secrecy.CONFIDENTIAL if i == 4 else Secrecy.NONE
        arrival = moment(rng, now, 0, 3)
        plans.append(Plan(city, arrival, State.PRESENTED, leader=head, urgency=urgency, secrecy=secrecy))
    for i in range(6):
        state = State.IN_PROGRESS if i < 3 else State.COMPLETED
        arrival = moment(rng, now, 5, 25) if i < 3 else moment(rng, now, 30, 150)
        plan = Plan(city, arrival, state, leader=head, lead=deputies[i % len(deputies)], progress=True)
        plan.due = arrival.date() + timedelta(10)
        plan.info = [(deputies[(i + 1) % len(deputies)], state == State.COMPLETED)]
        plans.append(plan)
    return plans


def _random_story(rng: random.Random, agency: AgencyStaff, now: datetime) -> Plan:
    arrival = moment(rng, now, 0, HISTORY_DAYS)
    age = (now - arrival).days
    states, cum = next((s, c) for limit, s, c in _STATE_TABLES if limit is None or age <= limit)
    plan = Plan(agency, arrival, rng.choices(states, cum_weights=cum)[0])
    plan.urgency = rng.choices((0, 1, 2, 3), cum_weights=(84, 94, 98, 100))[0]
    plan.secrecy = Secrecy.CONFIDENTIAL if rng.random() < 0.02 else Secrecy.NONE
    plan.due = arrival.date() + timedelta(rng.randint(5, 20)) if rng.random() < 0.7 else None
    if plan.state == State.REGISTERED:
        return plan
    plan.leader = agency.leaders[0] if rng.random() < 0.6 else rng.choice(agency.leaders)
    if plan.state in (State.PRESENTED, State.RETURNED):
        return plan
    units = list(agency.units.values())
    # A unit's heads see a secret document only when named, so secret work goes to a person.
    if units and not plan.secrecy and rng.random() < 0.8:
        plan.lead = rng.choice(units)
        rest = [u for u in units if u is not plan.lead]
        plan.co = rng.sample(rest, min(len(rest), rng.choice((0, 0, 1, 1, 2))))
        if plan.state in (State.IN_PROGRESS, State.COMPLETED) and rng.random() < 0.85:
            plan.delegate_to = rng.choice(plan.lead.specialists)
    else:
        people = [p for p in agency.leaders if p != plan.leader] + [s for u in units for s in u.specialists]
        plan.lead = rng.choice(people)
    plan.progress = rng.random() < (0.7 if plan.state == State.IN_PROGRESS else 0.4)
    if plan.state == State.IN_PROGRESS and plan.delegate_to is None:
        plan.progress = True  # nothing else would move it from "directed" to "in progress"
    if rng.random() < 0.3:
        _add_reader(rng, plan, agency, units)
    return plan


def _add_reader(rng: random.Random, plan: Plan, agency: AgencyStaff, units: list[UnitStaff]) -> None:
    named = (plan.leader, plan.lead)
    candidates = [p for p in [*agency.leaders, *(u.heads[0] for u in units)] if p not in named]
    if candidates:
        plan.info.append((rng.choice(candidates), plan.state == State.COMPLETED or rng.random() < 0.5))
