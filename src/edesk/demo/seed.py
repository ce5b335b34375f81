"""The Huế demo (`manage.py seed_demo`): organisations, people, a few hundred incoming documents and
some fifty outgoing ones at every stage (drafts, review, signature, numbering, issuance, recall).

Everything is written through the services (org_create, user_create, membership_add,
incoming_register and the workflow), so the registers, the audit log and search hold what real use
would have produced. The whole seed is one transaction: it is all there or not at all, and a second
run finds the city already present and changes nothing.
"""

import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from unittest import mock

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from edesk.accounts import services as accounts
from edesk.accounts.models import User
from edesk.accounts.roles import Role
from edesk.demo.orgdata import HUE_TREE, TITLES, OrgSpec, iter_specs, leader_titles, unit_head_titles
from edesk.demo.outplans import out_plans
from edesk.demo.people import person_name, username_for
from edesk.demo.seeddocs import history_limit, tell_stories
from edesk.demo.seedout import outgoing_steps
from edesk.demo.seedplans import HISTORY_DAYS, AgencyStaff, UnitStaff
from edesk.orgs import services as orgs
from edesk.orgs.models import Organization
from edesk.signing import devsetup as signing_devsetup
from edesk.signing.models import Credential

PASSWORD = "Hue@2026demo"  # noqa: S105 - the published password of the demo accounts
ROOT_CODE = HUE_TREE[0].code
SEED = 2026
OUTGOING_INDEX = 1_000_000  # the outgoing steps' plan numbers, after every incoming one


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    agency_key: str | None
    unit_key: str | None = None
    title: str = ""


def _four(key: str, unit: str, head: str) -> tuple[DemoLogin, ...]:
    return (
        DemoLogin(f"vt.{key}", Role.CLERK, key, title=TITLES["clerk"][0]),
        DemoLogin(f"ld.{key}", Role.LEADER, key, title=head),
        DemoLogin(f"tp.{key}", Role.UNIT_HEAD, key, f"{key}-{unit}", "Trưởng phòng"),
        DemoLogin(f"cv.{key}", Role.SPECIALIST, key, f"{key}-{unit}", TITLES["specialist"][0]),
    )


# The log-ins the README and `print_demo_logins` announce; the units are Phòng Ngân sách, Phòng Công
# chức – Viên chức and Phòng Văn hóa – Xã hội.
DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin("admin", Role.ADMIN, None, title="Quản trị hệ thống"),
    # The city's clerk works in its office (Văn phòng UBND), but registers for the city itself, so
    # the post is at the UBND node: a post's agency is the agency of its node.
    DemoLogin("vt.ubnd", Role.CLERK, "ubnd", title="Văn thư (Văn phòng UBND thành phố)"),
    DemoLogin("ld.ubnd", Role.LEADER, "ubnd", title="Chủ tịch"),
    *_four("stc", "ns", "Giám đốc"),
    *_four("snv", "ccvc", "Giám đốc"),
    *_four("thuanhoa", "vhxh", "Chủ tịch"),
)
# Sở Tài chính's deputy director also heads this unit (kiêm nhiệm: one person, two posts).
DOUBLE_POST_UNIT = "stc-qlgcs"


@dataclass
class SeedResult:
    created: bool
    organizations: int
    users: int
    documents: int
    seconds: float
    outgoing: int = 0


class SeedConflict(RuntimeError):
    pass


def is_seeded() -> bool:
    return Organization.objects.filter(code=ROOT_CODE).exists()


def seed(*, documents: int = 340) -> SeedResult:
    """Create the demo unless it is there; `created` says which."""
    started = time.monotonic()
    if is_seeded():
        return SeedResult(False, Organization.objects.count(), User.objects.count(), 0, 0.0)
    taken = [d.username for d in DEMO_LOGINS if User.objects.filter(username=d.username).exists()]
    if taken:
        raise SeedConflict(
            f"Cơ sở dữ liệu đã có tài khoản {', '.join(taken)} nhưng chưa có dữ liệu mẫu; "
            "hãy dùng một cơ sở dữ liệu trống."
        )
    rng = random.Random(SEED)
    with transaction.atomic():
        org_map = _organizations()
        staff = _people(rng, org_map)
        now = timezone.localtime()
        # Dev CA, leaders' PKCS#12 (PIN 123456) and agencies' seals, before anything is signed; its
        # audit events dated at the start of the history, so the log reads forward in time.
        with mock.patch.object(timezone, "now", return_value=now - timedelta(days=HISTORY_DAYS + 1)):
            signing_devsetup.provision_demo()
        # The outgoing documents draw from their own generator: the incoming stories stay as they were.
        out_rng = random.Random(SEED + 1)
        plans = out_plans(out_rng, staff, now)
        more = outgoing_steps(
            out_rng, plans, floor=_signing_floor(), limit=history_limit(now), first_index=OUTGOING_INDEX
        )
        made = tell_stories(rng, staff, count=documents, now=now, more=more)
    return SeedResult(True, len(org_map), User.objects.count(), made, time.monotonic() - started, len(plans))


def _signing_floor() -> datetime:
    """The earliest moment every demo certificate is valid at (provision_demo issues them from
    400 days back, before the history starts): signing steps of the story happen after it."""
    latest = Credential.objects.filter(active=True).aggregate(m=Max("not_before"))["m"]
    return timezone.localtime(latest) + timedelta(minutes=5)


def _organizations() -> dict[str, tuple[Organization, OrgSpec]]:
    made: dict[str, tuple[Organization, OrgSpec]] = {}
    for index, (spec, parent) in enumerate(iter_specs(HUE_TREE)):
        made[spec.key] = (
            orgs.org_create(
                actor=None,
                name=spec.name,
                short_name=spec.short_name,
                parent=made[parent.key][0] if parent else None,
                is_agency=spec.is_agency,
                code=spec.code,
                sort_order=index,
            ),
            spec,
        )
    return made


class _People:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.taken = {d.username for d in DEMO_LOGINS}
        self.created: list[int] = []

    def new(self, username: str | None = None, **membership) -> User:
        full_name = "Quản trị hệ thống" if username == "admin" else person_name(self.rng)
        user = accounts.user_create(
            actor=None,
            username=username or username_for(full_name, self.taken),
            full_name=full_name,
            password=None,
            is_system_admin=username == "admin",
        )
        self.created.append(user.pk)
        if membership:
            self.post(user, **membership)
        return user

    @staticmethod
    def post(user: User, *, org: Organization, role: str, title: str, primary: bool = True) -> None:
        accounts.membership_add(actor=None, user=user, org=org, role=role, title=title, is_primary=primary)


def _people(rng: random.Random, org_map) -> dict[str, AgencyStaff]:
    """Clerks, leaders, unit heads and specialists for every agency; the demo log-ins where the README
    says. Every account gets the one published password, hashed once: Argon2 is slow on purpose, and
    500 hashes of the same password would take a minute to buy nothing."""
    people = _People(rng)
    logins = {(d.agency_key, d.unit_key, d.role): d for d in DEMO_LOGINS}
    people.new("admin")
    staff: dict[str, AgencyStaff] = {}
    for key, (org, spec) in org_map.items():
        if not spec.is_agency:
            continue
        head_title, deputy_title = leader_titles(spec)
        login = logins.get((key, None, Role.CLERK))
        clerk = people.new(
            login.username if login else None,
            org=org,
            role=Role.CLERK,
            title=login.title if login else "Văn thư",
        )
        login = logins.get((key, None, Role.LEADER))
        leaders = [people.new(login.username if login else None, org=org, role=Role.LEADER, title=head_title)]
        for _ in range(2 if spec.key == "ubnd" else 1):
            leaders.append(people.new(org=org, role=Role.LEADER, title=deputy_title))
        staff[key] = AgencyStaff(key, org, spec, clerk, leaders)
    for key, (org, spec) in org_map.items():
        if spec.is_agency:
            continue
        agency = next(s for s in staff.values() if s.org.pk == org.agency_id)
        agency.units[key] = _unit(people, logins, agency, org, spec)
    _admins(people, staff)
    User.objects.filter(pk__in=people.created).update(password=make_password(PASSWORD))
    return staff


def _unit(people: _People, logins, agency: AgencyStaff, org: Organization, spec: OrgSpec) -> UnitStaff:
    rng = people.rng
    unit = UnitStaff(org, spec)
    head_title, _ = unit_head_titles(spec)
    if spec.key == DOUBLE_POST_UNIT:
        deputy = agency.leaders[1]
        people.post(deputy, org=org, role=Role.UNIT_HEAD, title=head_title, primary=False)
        unit.heads.append(deputy)
    else:
        login = logins.get((agency.key, spec.key, Role.UNIT_HEAD))
        name = login.username if login else None
        unit.heads.append(people.new(name, org=org, role=Role.UNIT_HEAD, title=head_title))
    login = logins.get((agency.key, spec.key, Role.SPECIALIST))
    if login is not None:
        unit.specialists.append(people.new(login.username, org=org, role=Role.SPECIALIST, title=login.title))
    for _ in range(rng.randint(1, 3)):
        title = TITLES["specialist"][0] if rng.random() < 0.75 else TITLES["specialist"][1]
        unit.specialists.append(people.new(org=org, role=Role.SPECIALIST, title=title))
    return unit


def _admins(people: _People, staff: dict[str, AgencyStaff]) -> None:
    """Each agency's administrator is a specialist of its first unit (a second post); the city's,
    which has no units of its own, is the office's."""
    office = next(iter(staff["vp"].units.values()))
    for agency in staff.values():
        first = next(iter(agency.units.values()), office)
        admin = first.specialists[-1]
        people.post(admin, org=agency.org, role=Role.ADMIN, title="Quản trị hệ thống", primary=False)
