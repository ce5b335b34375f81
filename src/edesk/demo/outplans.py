"""What the demo's agencies draft and send, and how far each draft has come.

Every persona agency (the city and the three with vt./ld./tp./cv. log-ins) gets the same script, so
each log-in finds work in "Văn bản đi": drafts of its own, drafts to check, drafts to sign, signed
documents to number and numbered ones to issue, and a register of issued documents that reached
the other demo agencies (some registered there, one recalled).
"""

import random
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from edesk.accounts.models import User
from edesk.demo.seedplans import PERSONA_UNITS, AgencyStaff, moment
from edesk.orgs.models import Organization
from edesk.outbound.models import Authority, Outgoing

# The agencies whose outgoing work the demo shows; the city first (its clerk drafts for it: the
# city committee has no units of its own).
OUT_AGENCIES = ("ubnd", "stc", "snv", "thuanhoa")
EXTERNAL = ("Bộ Tài chính", "Bộ Nội vụ", "Kho bạc Nhà nước khu vực XII", "Thanh tra Chính phủ")


class End(StrEnum):
    """Where a demo draft stops."""

    DRAFT = "draft"
    RETURNED = "returned"
    AT_CONTENT = "at_content"  # waits for the unit head
    AT_FORMAT = "at_format"  # waits for the clerk
    APPROVED = "approved"  # waits for the leader's signature
    SIGNED = "signed"
    NUMBERED = "numbered"
    ISSUED = "issued"
    RECALLED = "recalled"


@dataclass
class Drafters:
    """Who drafts, checks and signs in one agency."""

    staff: AgencyStaff
    unit: Organization  # the drafting unit
    authors: list[User]  # the persona first
    content: User  # checks the content (the unit head; the city's deputy chairman)
    signer: User
    authority: str = Authority.DIRECT
    authority_for: str = ""

    @property
    def clerk(self) -> User:
        return self.staff.clerk


@dataclass
class OutPlan:
    drafters: Drafters
    author: User
    end: End
    doc_type: str  # the type's name ("Công văn", "Quyết định"…)
    start: datetime
    agencies: list[AgencyStaff] = field(default_factory=list)  # receivers in this system
    opened_by: list[AgencyStaff] = field(default_factory=list)
    registered_by: list[AgencyStaff] = field(default_factory=list)
    units: list[Organization] = field(default_factory=list)  # for information inside the agency
    people: list[User] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    returned_once: bool = False  # sent back once, fixed and resubmitted before it went on
    appendix: bool = False
    reply: bool = False
    docx: bool = False
    urgency: int = 0
    outgoing: Outgoing | None = None

    @property
    def doc(self) -> Outgoing:
        assert self.outgoing is not None, "created before it moves on"
        return self.outgoing

    @property
    def signing(self) -> bool:
        return self.end in (End.SIGNED, End.NUMBERED, End.ISSUED, End.RECALLED)


def drafters_for(staff: dict[str, AgencyStaff], key: str) -> Drafters:
    agency = staff[key]
    head = agency.leaders[0]
    if key == "ubnd":
        return Drafters(
            agency, agency.org, [agency.clerk], agency.leaders[1], head, Authority.TM, "ỦY BAN NHÂN DÂN"
        )
    unit = agency.units[PERSONA_UNITS[key]]
    commune = agency.spec.name.startswith("UBND")
    return Drafters(
        agency,
        unit.org,
        unit.specialists,
        unit.heads[0],
        head,
        Authority.TM if commune else Authority.DIRECT,
        "ỦY BAN NHÂN DÂN" if commune else "",
    )


def out_plans(rng: random.Random, staff: dict[str, AgencyStaff], now: datetime) -> list[OutPlan]:
    plans: list[OutPlan] = []
    for key in OUT_AGENCIES:
        plans += _agency_script(rng, staff, key, now)
    return plans


def _agency_script(
    rng: random.Random, staff: dict[str, AgencyStaff], key: str, now: datetime
) -> list[OutPlan]:
    d = drafters_for(staff, key)
    others = [staff[k] for k in OUT_AGENCIES if k != key]
    persona = d.authors[0]
    colleague = d.authors[1] if len(d.authors) > 1 else persona
    plans: list[OutPlan] = []

    def plan(end: End, doc_type: str, days: tuple[int, int], author: User = persona, **fields) -> OutPlan:
        made = OutPlan(d, author, end, doc_type, moment(rng, now, *days), **fields)
        if not made.agencies:
            made.agencies = rng.sample(others, rng.randint(1, 2))
        assert {a.key for a in made.opened_by + made.registered_by} <= {a.key for a in made.agencies}
        plans.append(made)
        return made

    plan(End.DRAFT, "Công văn", (0, 2), docx=key == "snv")
    plan(End.RETURNED, "Kế hoạch", (2, 6))
    plan(End.AT_CONTENT, "Công văn", (0, 3), urgency=1)
    plan(End.AT_CONTENT, "Báo cáo", (1, 4), author=colleague)
    plan(End.AT_FORMAT, "Quyết định", (2, 5))
    plan(End.APPROVED, "Quyết định", (3, 7), appendix=True)
    plan(End.APPROVED, "Công văn", (2, 6), author=colleague, urgency=2)
    plan(End.SIGNED, "Thông báo", (4, 9))
    plan(End.NUMBERED, "Công văn", (4, 10), author=colleague)
    # Issued: a reply to an incoming document, a decision with an appendix that was sent back once,
    # a report to the city and outside agencies (by post), and a công văn to every demo agency.
    plan(End.ISSUED, "Công văn", (6, 20), reply=True, agencies=others[:1], opened_by=others[:1])
    plan(
        End.ISSUED,
        "Quyết định",
        (8, 30),
        appendix=True,
        returned_once=True,
        agencies=others[:2],
        opened_by=others[:2],
        registered_by=others[:1],
    )
    other_units = [u.org for k, u in d.staff.units.items() if u.org.pk != d.unit.pk][:1]
    plan(
        End.ISSUED,
        "Báo cáo",
        (10, 35),
        author=colleague,
        agencies=[staff["ubnd"]] if key != "ubnd" else others[:1],
        units=other_units,
        people=[d.content] if d.content != d.signer else [],
        external=rng.sample(EXTERNAL, 2),
    )
    plan(
        End.ISSUED,
        "Công văn",
        (5, 25),
        agencies=list(others),
        opened_by=list(others),
        registered_by=others[1:2],
    )
    if key == "stc":
        # Recalled after one receiver had registered it: its incoming copy is recalled too.
        plan(
            End.RECALLED,
            "Công văn",
            (10, 30),
            agencies=[staff["ubnd"], staff["snv"]],
            opened_by=[staff["snv"]],
            registered_by=[staff["snv"]],
        )
    return plans
