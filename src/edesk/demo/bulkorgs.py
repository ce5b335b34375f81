"""The benchmark province's organisations and people, as rows for the bulk loader (see bulk.py).

Every agency gets its clerks, a head and deputies; every unit a head (and a deputy in the bigger
agencies) and specialists. Specialists are spread by the agency's document volume, so the offices
that receive the most documents also have the most people, and within a unit the work falls
unevenly (the first specialists are the busiest), as it does in life.
"""

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import accumulate

from edesk.accounts.roles import Role
from edesk.demo.orgdata import (
    TITLES,
    OrgSpec,
    generate_province,
    iter_specs,
    leader_titles,
    unit_head_titles,
)
from edesk.demo.people import person_name, username_for
from edesk.orgs.services import PATH_STEP


def new_uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


@dataclass
class Unit:
    id: int
    short: str
    heads: list[int] = field(default_factory=list)
    specialists: list[int] = field(default_factory=list)
    specialist_cum: tuple[float, ...] = ()


@dataclass
class Agency:
    id: int
    name: str
    short: str
    code: str
    depth: int
    parent: "Agency | None"
    weight: float
    units: list[Unit] = field(default_factory=list)
    clerks: list[int] = field(default_factory=list)
    leaders: list[int] = field(default_factory=list)  # the head first, then the deputies

    @property
    def superior(self) -> str:
        return self.parent.name if self.parent else ""


@dataclass
class Province:
    agencies: list[Agency]
    document_cum: tuple[float, ...]
    unit_count: int


def _document_weight(depth: int, name: str) -> float:
    """Relative yearly intake: the city's People's Committee most, departments and its office a lot,
    wards and communes less, schools and centres little."""
    if depth == 0:
        return 10.0
    if depth == 1:
        if name.startswith("Văn phòng"):
            return 6.0
        return 3.0 if name.startswith("UBND") else 5.0
    return 1.0


class _Builder:
    def __init__(self, rng: random.Random, tables, now: datetime, password_hash: str):
        self.rng = rng
        self.tables = tables
        self.created = now - timedelta(days=365 * 5 + 30)
        self.password_hash = password_hash
        self.taken: set[str] = {"admin"}
        self.user_id = 0
        self.membership_id = 0
        self.org_id = 0

    def org(self, spec, parent_row: dict | None, agency_id: int | None, index: int) -> dict:
        self.org_id += 1
        prefix = parent_row["path"] if parent_row else ""
        row = {
            "id": self.org_id,
            "public_id": new_uuid(self.rng),
            "created_at": self.created,
            "updated_at": self.created,
            "parent_id": parent_row["id"] if parent_row else None,
            "agency_id": self.org_id if spec.is_agency else agency_id,
            "is_agency": spec.is_agency,
            "name": spec.name,
            "short_name": spec.short_name,
            "code": spec.code,
            "path": f"{prefix}{index:0{PATH_STEP}d}.",
            "depth": parent_row["depth"] + 1 if parent_row else 0,
            "sort_order": index,
            "active": True,
        }
        self.tables["Organization"].add(row)
        return row

    def user(self, full_name: str, username: str | None = None, *, system_admin: bool = False) -> int:
        self.user_id += 1
        self.tables["User"].add(
            {
                "id": self.user_id,
                "password": self.password_hash,
                "username": username or username_for(full_name, self.taken),
                "is_active": True,
                "is_superuser": False,
                "is_staff": False,
                "date_joined": self.created,
                "public_id": new_uuid(self.rng),
                "full_name": full_name,
                "failed_logins": 0,
                "is_system_admin": system_admin,
            }
        )
        return self.user_id

    def person(self, org_id: int, agency_id: int, role: str, title: str) -> int:
        user_id = self.user(person_name(self.rng))
        self.post(user_id, org_id, agency_id, role, title)
        return user_id

    def post(
        self, user_id: int, org_id: int, agency_id: int, role: str, title: str, primary: bool = True
    ) -> None:
        self.membership_id += 1
        self.tables["Membership"].add(
            {
                "id": self.membership_id,
                "created_at": self.created,
                "updated_at": self.created,
                "user_id": user_id,
                "org_id": org_id,
                "agency_id": agency_id,
                "role": role,
                "title": title,
                "is_primary": primary,
                "active": True,
            }
        )


def _walk_orgs(b: _Builder, roots) -> tuple[list[Agency], dict[int, OrgSpec]]:
    """Organisation rows, parents first; returns the agencies and the spec of every unit by id."""
    rows: dict[str, dict] = {}
    agencies: dict[str, Agency] = {}
    specs: dict[int, OrgSpec] = {}
    child_index: dict[str | None, int] = {}
    for spec, parent in iter_specs(roots):
        parent_key = parent.key if parent else None
        child_index[parent_key] = child_index.get(parent_key, 0) + 1
        parent_row = rows.get(parent_key) if parent_key else None
        owner = agencies[parent_key] if parent_key and not spec.is_agency else None
        row = b.org(spec, parent_row, owner.id if owner else None, child_index[parent_key])
        rows[spec.key] = row
        specs[row["id"]] = spec
        if spec.is_agency:
            above = agencies.get(parent_key) if parent_key else None
            depth = above.depth + 1 if above else 0
            agencies[spec.key] = Agency(
                row["id"],
                spec.name,
                spec.short_name,
                spec.code or "",
                depth,
                above,
                _document_weight(depth, spec.name),
            )
        elif owner is not None:
            owner.units.append(Unit(row["id"], spec.short_name))
    return list(agencies.values()), specs


def _fixed_posts(agency: Agency) -> tuple[int, int, int]:
    """(clerks, deputies, heads per unit) by the agency's size."""
    clerks = 2 if agency.weight >= 5 else 1
    deputies = 3 if agency.depth == 0 else (2 if agency.weight >= 3 else 1)
    return clerks, deputies, 2 if agency.weight >= 3 else 1


def _staff(b: _Builder, agencies: list[Agency], specs: dict[int, OrgSpec], users: int) -> None:
    rng = b.rng
    units = [(agency, unit) for agency in agencies for unit in agency.units]
    minimum = 1 + len(units)
    for agency in agencies:
        clerks, deputies, heads = _fixed_posts(agency)
        minimum += clerks + 1 + deputies + heads * len(agency.units)
    if users < minimum:
        raise ValueError(f"{users} người dùng là quá ít cho {len(agencies)} cơ quan: cần ít nhất {minimum}.")
    extra = rng.choices(
        range(len(units)), cum_weights=tuple(accumulate(a.weight for a, _ in units)), k=users - minimum
    )
    per_unit = [1] * len(units)
    for index in extra:
        per_unit[index] += 1
    counts = iter(per_unit)
    for agency in agencies:
        clerks, deputies, heads = _fixed_posts(agency)
        head_title, deputy_title = leader_titles(specs[agency.id])
        agency.clerks = [
            b.person(agency.id, agency.id, Role.CLERK, TITLES["clerk"][0]) for _ in range(clerks)
        ]
        agency.leaders = [b.person(agency.id, agency.id, Role.LEADER, head_title)]
        agency.leaders += [b.person(agency.id, agency.id, Role.LEADER, deputy_title) for _ in range(deputies)]
        for unit in agency.units:
            unit_head, unit_deputy = unit_head_titles(specs[unit.id])
            for i in range(heads):
                unit.heads.append(
                    b.person(unit.id, agency.id, Role.UNIT_HEAD, unit_head if i == 0 else unit_deputy)
                )
            for _ in range(next(counts)):
                title = TITLES["specialist"][0] if rng.random() < 0.8 else TITLES["specialist"][1]
                unit.specialists.append(b.person(unit.id, agency.id, Role.SPECIALIST, title))
            unit.specialist_cum = tuple(accumulate(1 / (i + 1) for i in range(len(unit.specialists))))
        # Kiêm nhiệm: a deputy who also heads a unit, and an agency administrator who is also a specialist.
        if len(agency.units) >= 2 and rng.random() < 0.3:
            unit = rng.choice(agency.units)
            b.post(
                agency.leaders[-1],
                unit.id,
                agency.id,
                Role.UNIT_HEAD,
                unit_head_titles(specs[unit.id])[0],
                False,
            )
            unit.heads.append(agency.leaders[-1])
        admin = agency.units[0].specialists[0] if agency.units else agency.clerks[0]
        b.post(admin, agency.id, agency.id, Role.ADMIN, "Quản trị hệ thống", False)


def build_province(
    rng: random.Random, tables, *, agencies: int, users: int, now: datetime, password_hash: str
) -> Province:
    """Add the organisation, user and membership rows of the province to `tables`."""
    named = {model.__name__: table for model, table in tables.items()}
    b = _Builder(rng, named, now, password_hash)
    b.user("Quản trị hệ thống", "admin", system_admin=True)
    found, specs = _walk_orgs(b, generate_province(rng, agencies))
    _staff(b, found, specs, users)
    return Province(
        agencies=found,
        document_cum=tuple(accumulate(a.weight for a in found)),
        unit_count=sum(len(a.units) for a in found),
    )
