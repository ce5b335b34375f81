"""Subject-line (trích yếu) templates per document type, and the slot engine that fills them."""

import random
import re
from collections.abc import Callable
from itertools import accumulate

from edesk.demo import phrases as P
from edesk.demo._orgtables import DEPARTMENTS
from edesk.demo._text import cap_first, tidy
from edesk.demo.people import person_name
from edesk.demo.placenames import HUE_COMMUNES, HUE_WARDS, NAMESAKES, PLACE_WORDS

Slot = tuple[str, ...] | Callable[[random.Random, int], str]
_FIELD = re.compile(r"\{(\w+)\}")
_ROMAN = ("I", "II", "III", "IV")
_STEMS = ("Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý")
_BRANCHES = ("Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi")
_DEPT_NAMES = tuple(name for _, name, _, _, _ in DEPARTMENTS) + ("Văn phòng UBND thành phố",)
_SO_NAMES = tuple(name for name in _DEPT_NAMES if name.startswith("Sở"))
_LOCALS = tuple(f"phường {w}" for w in HUE_WARDS) + tuple(f"xã {c}" for c in HUE_COMMUNES)


def _weighted(*pairs: tuple[float, str]) -> Callable[[random.Random, int], str]:
    texts = tuple(text for _, text in pairs)
    cum = tuple(accumulate(weight for weight, _ in pairs))

    def pick(rng: random.Random, year: int) -> str:
        return rng.choices(texts, cum_weights=cum)[0]

    return pick


def lunar_year(year: int) -> str:
    """'Bính Ngọ' for 2026."""
    return f"{_STEMS[(year - 4) % 10]} {_BRANCHES[(year - 4) % 12]}"


def short_date(rng: random.Random, year: int) -> str:
    return f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{year}"


def _number(rng: random.Random, high: int) -> str:
    return f"{rng.randint(1, high):02d}"


def _mr(rng: random.Random, year: int) -> str:
    if rng.random() < 0.5:
        return "ông " + person_name(rng, "male")
    return "bà " + person_name(rng, "female")


def _place(rng: random.Random, year: int) -> str:
    if rng.random() < 0.4:
        return rng.choice(HUE_WARDS + HUE_COMMUNES)
    first, second = rng.sample(PLACE_WORDS, 2)
    return f"{first} {second}"


def _ministry_ref(kind: str) -> Callable[[random.Random, int], str]:
    def ref(rng: random.Random, year: int) -> str:
        name, abbr, units = rng.choice(P.MINISTRIES)
        date = short_date(rng, year)
        if kind == "cv":
            return f"Công văn số {_number(rng, 4500)}/{abbr}-{rng.choice(units)} ngày {date} của {name}"
        return f"Thông tư số {_number(rng, 60)}/{year}/TT-{abbr} ngày {date} của {name}"

    return ref


_UNITS_BY_DEPT = tuple((dept, tuple(name for _, name in units)) for _, dept, _, units, _ in DEPARTMENTS)


def _unit_in_dept(rng: random.Random) -> tuple[str, str]:
    """(unit name, department name), e.g. ('Phòng Ngân sách', 'Sở Tài chính')."""
    dept, units = rng.choice(_UNITS_BY_DEPT)
    return rng.choice(units), dept


def _post(rng: random.Random, year: int) -> str:
    """A leadership post that fits its organisation: 'Trưởng phòng Ngân sách, Sở Tài chính'."""
    roll = rng.random()
    if roll < 0.2:
        return f"Phó Giám đốc {rng.choice(_SO_NAMES)}"
    if roll < 0.3:
        return (
            f"{rng.choice(('Trưởng phòng', 'Phó Trưởng phòng'))} Văn hóa – Xã hội, UBND {rng.choice(_LOCALS)}"
        )
    if roll < 0.35:
        return f"{rng.choice(('Chánh Văn phòng', 'Phó Chánh Văn phòng'))} UBND thành phố"
    unit, dept = _unit_in_dept(rng)
    if unit.startswith("Văn phòng"):
        return f"{rng.choice(('Chánh Văn phòng', 'Phó Chánh Văn phòng'))} {dept}"
    head = rng.choice(("Trưởng phòng", "Phó Trưởng phòng"))
    return f"{head} {unit.removeprefix('Phòng ')}, {dept}"


def _staff(rng: random.Random, year: int) -> str:
    """A staff member's title and unit: 'Chuyên viên Phòng Ngân sách, Sở Tài chính'."""
    title = rng.choice(("Chuyên viên", "Chuyên viên", "Chuyên viên chính", "Văn thư"))
    roll = rng.random()
    if roll < 0.2:
        return f"{title} Văn phòng UBND thành phố"
    if roll < 0.4:
        office = rng.choice(("Văn phòng HĐND và UBND", "Phòng Văn hóa – Xã hội"))
        return f"{title} {office}, UBND {rng.choice(_LOCALS)}"
    unit, dept = _unit_in_dept(rng)
    return f"{title} {unit}, {dept}" if not unit.startswith("Văn phòng") else f"{title} Văn phòng {dept}"


def _econ_period(rng: random.Random, year: int) -> str:
    month = rng.randint(1, 11)
    return rng.choice(
        (
            f"tháng {month} và nhiệm vụ trọng tâm tháng {month + 1} năm {year}",
            f"tháng {month} năm {year}",
            f"quý {rng.choice(_ROMAN)} năm {year}",
            f"{rng.choice(('6', '9'))} tháng đầu năm và nhiệm vụ, giải pháp những tháng cuối năm {year}",
        )
    )


_TIME = _weighted(
    (30, "năm {y}"), (10, "quý {quarter} năm {y}"), (8, "tháng {month} năm {y}"), (6, "tháng {month}/{y}"),
    (6, "6 tháng đầu năm {y}"), (3, "9 tháng đầu năm {y}"), (3, "6 tháng cuối năm {y}"),
    (3, "giai đoạn 2026–2030"), (2, "giai đoạn {y}–{y2}"), (2, "đến năm 2030, tầm nhìn đến năm 2045"),
    (4, "đợt {k3} năm {y}"), (10, ""),
)  # fmt: skip
_PLAN_TIME = _weighted(
    (40, "năm {y}"), (8, "năm {y1}"), (8, "giai đoạn 2026–2030"), (5, "giai đoạn {y}–{y2}"),
    (6, "6 tháng cuối năm {y}"), (5, "quý {quarter} năm {y}"), (4, "đến năm 2030, tầm nhìn đến năm 2045"),
    (21, ""),
)  # fmt: skip
_SCOPE = _weighted(
    (30, ""), (14, "trên địa bàn thành phố"), (8, "trên địa bàn thành phố Huế"), (7, "của thành phố Huế"),
    (5, "tại các cơ quan, đơn vị"), (16, "trên địa bàn {ward}"), (6, "tại {ward}"),
    (4, "trong các cơ quan hành chính nhà nước thành phố"),
)  # fmt: skip

SLOTS: dict[str, Slot] = {
    "topic": P.TOPICS,
    "topic_cap": lambda rng, y: cap_first(rng.choice(P.TOPICS)),
    "time": _TIME,
    "scope": _SCOPE,
    "y": lambda rng, y: str(y),
    "y1": lambda rng, y: str(y + 1),
    "y2": lambda rng, y: str(y + 2),
    "quarter": lambda rng, y: rng.choice(_ROMAN),
    "month": lambda rng, y: str(rng.randint(1, 12)),
    "week": lambda rng, y: str(rng.randint(1, 52)),
    "k": lambda rng, y: str(rng.randint(1, 13)),
    "k3": lambda rng, y: str(rng.randint(1, 3)),
    "n": lambda rng, y: _number(rng, 4500),
    "n2": lambda rng, y: _number(rng, 60),
    "date": short_date,
    "lunar": lambda rng, y: lunar_year(y),
    "econ_period": _econ_period,
    "ward": _LOCALS,
    "ward_cap": lambda rng, y: cap_first(rng.choice(_LOCALS)),
    "commune": HUE_COMMUNES,
    "place": _place,
    "dept": _DEPT_NAMES,
    "dept2": _DEPT_NAMES,
    "org": (*_DEPT_NAMES, "UBND thành phố Huế", *(("UBND {ward}",) * 14)),
    "mr": _mr,
    "person": lambda rng, y: person_name(rng),
    "leader": ("Chủ tịch", "Phó Chủ tịch", "Phó Chủ tịch"),
    "cv_ministry": _ministry_ref("cv"),
    "tt_ministry": _ministry_ref("tt"),
    "vpcp_unit": P.VPCP_UNITS,
    "ministry_name": tuple(name for name, _, _ in P.MINISTRIES),
    "ref": P.REFS,
    "resolution": P.RESOLUTIONS,
    "plan_doc": P.PLAN_DOCS,
    "draft": P.DRAFTS,
    "law": P.LAWS,
    "report_kind": P.REPORT_KINDS,
    "policy": P.POLICIES,
    "regulation": P.REGULATIONS,
    "rule": P.RULES,
    "asset": P.ASSETS,
    "guide": P.GUIDES,
    "database": P.DATABASES,
    "field": P.FIELDS,
    "tthc_kind": P.TTHC_KINDS,
    "quota": P.QUOTAS,
    "budget": P.BUDGETS,
    "body": P.BODIES,
    "who": P.WHO,
    "post": _post,
    "staff": _staff,
    "plan_time": _PLAN_TIME,
    "project": P.PROJECTS,
    "monument": P.MONUMENTS,
    "river": P.RIVERS,
    "event": P.EVENTS,
    "anniversary": P.ANNIVERSARIES,
    "storm": P.STORMS,
    "course": P.COURSES,
    "citizen": P.CITIZENS,
    "company": P.COMPANIES,
    "issue": P.ISSUES,
    "partner": P.PARTNERS,
    "service": P.SERVICES,
    "meeting": P.MEETINGS,
    "recognition": P.RECOGNITIONS,
    "fix": P.FIXES,
    "occasion": P.OCCASIONS,
    "exam": P.EXAMS,
    "guide_for": P.GUIDE_FOR,
    "school": P.SCHOOLS,
    "namesake": NAMESAKES,
    "fix_where": P.FIX_WHERE,
    "storm_when": P.STORM_WHEN,
    "address": P.ADDRESSES,
    "venue": P.VENUES,
    "of_org": P.OF_ORG,
    "trainees": P.TRAINEES,
    "k2": lambda rng, y: str(rng.randint(1, 2)),
    "ward_cap_ubnd": lambda rng, y: "UBND " + rng.choice(_LOCALS),
    "rule_cap": lambda rng, y: cap_first(render(rng.choice(P.RULES), rng, y)),
    "thanks_to": P.THANKS_TO,
    "vp_unit": P.VP_UNIT_NAMES,
}

_REPEATS = (
    ("thực hiện thực hiện", "thực hiện"),
    ("thực hiện triển khai", "triển khai"),
    ("triển khai triển khai", "triển khai"),
    ("công tác công tác", "công tác"),
)


def render(template: str, rng: random.Random, year: int) -> str:
    """Fill every ``{slot}`` left to right (recursively), then tidy spaces and doubled verbs."""

    def fill(match: re.Match[str]) -> str:
        slot = SLOTS[match.group(1)]
        value = rng.choice(slot) if isinstance(slot, tuple) else slot(rng, year)
        return render(value, rng, year) if "{" in value else value

    text = tidy(_FIELD.sub(fill, template))
    for doubled, single in _REPEATS:
        text = text.replace(doubled, single)
    return text
