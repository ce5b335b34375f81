"""A large generated province for the benchmark: departments, communes, schools, health centres…"""

import random
from dataclasses import dataclass, field
from itertools import accumulate

from edesk.demo._orgtables import DEPARTMENTS, VP_UNITS, UnitTable, local_units
from edesk.demo._spec import OrgSpec, org_code
from edesk.demo._text import initials, slug
from edesk.demo.placenames import HUE_COMMUNES, HUE_WARDS, NAMESAKES, PLACE_WORDS

_MAX_LEVEL = 99  # a two-digit code group

_SCHOOL_UNITS: UnitTable = (
    ("VP", "Tổ Văn phòng"), ("TOAN", "Tổ Toán – Tin"), ("NV", "Tổ Ngữ văn"), ("NN", "Tổ Ngoại ngữ"),
    ("KHTN", "Tổ Khoa học tự nhiên"), ("KHXH", "Tổ Khoa học xã hội"), ("GDTC", "Tổ Giáo dục thể chất"),
)  # fmt: skip
_PRESCHOOL_UNITS: UnitTable = (
    ("VP", "Tổ Văn phòng"), ("NT", "Tổ Nhà trẻ"), ("MGB", "Tổ Mẫu giáo bé"), ("MGL", "Tổ Mẫu giáo lớn"),
    ("ND", "Tổ Nuôi dưỡng"),
)  # fmt: skip
_HEALTH_UNITS: UnitTable = (
    ("TCHC", "Phòng Tổ chức – Hành chính"), ("KHTH", "Phòng Kế hoạch – Tổng hợp"),
    ("ĐD", "Phòng Điều dưỡng"), ("KKB", "Khoa Khám bệnh"), ("NOI", "Khoa Nội tổng hợp"),
    ("NGOAI", "Khoa Ngoại tổng hợp"), ("KSBT", "Khoa Kiểm soát bệnh tật"),
)  # fmt: skip
_CENTRE_UNITS: UnitTable = (
    ("HCTH", "Phòng Hành chính – Tổng hợp"), ("NV", "Phòng Nghiệp vụ"),
    ("KHTC", "Phòng Kế hoạch – Tài chính"), ("KT", "Phòng Kỹ thuật"), ("DV", "Phòng Dịch vụ"),
    ("QLDA", "Phòng Quản lý dự án"),
)  # fmt: skip
_EXTRA_DEPARTMENT_UNITS: UnitTable = (
    ("KHTC", "Phòng Kế hoạch – Tài chính"),
    ("TCCB", "Phòng Tổ chức cán bộ"),
    ("PC", "Phòng Pháp chế"),
)

# Subordinate agencies of each department: name templates ({place}, {namesake}, {n}) and unit pools.
_SUBORDINATES: dict[str, tuple[tuple[str, UnitTable], ...]] = {
    "vp": (("Trung tâm Thông tin – Công báo {province}", _CENTRE_UNITS),),
    "stc": (("Quỹ Đầu tư phát triển {province}", _CENTRE_UNITS),),
    "snv": (
        ("Trung tâm Dịch vụ việc làm khu vực {place}", _CENTRE_UNITS),
        ("Cơ sở Bảo trợ xã hội {place}", _CENTRE_UNITS),
        ("Trung tâm Lưu trữ lịch sử {province}", _CENTRE_UNITS),
    ),
    "sxd": (
        ("Ban Quản lý dự án đầu tư xây dựng công trình giao thông", _CENTRE_UNITS),
        ("Trung tâm Quản lý hạ tầng đô thị khu vực {place}", _CENTRE_UNITS),
    ),
    "syt": (
        ("Trung tâm Y tế khu vực {place}", _HEALTH_UNITS),
        ("Bệnh viện Đa khoa khu vực {place}", _HEALTH_UNITS),
        ("Bệnh viện Y học cổ truyền {province}", _HEALTH_UNITS),
    ),
    "sgddt": (
        ("Trường THPT {namesake}", _SCHOOL_UNITS),
        ("Trường THPT {place}", _SCHOOL_UNITS),
        ("Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên khu vực {place}", _CENTRE_UNITS),
    ),
    "skhcn": (
        ("Trung tâm Giám sát, điều hành đô thị thông minh", _CENTRE_UNITS),
        ("Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng", _CENTRE_UNITS),
    ),
    "snnmt": (
        ("Chi cục Kiểm lâm", _CENTRE_UNITS),
        ("Chi cục Chăn nuôi và Thú y", _CENTRE_UNITS),
        ("Chi cục Trồng trọt và Bảo vệ thực vật", _CENTRE_UNITS),
        ("Ban Quản lý rừng phòng hộ {place}", _CENTRE_UNITS),
        ("Văn phòng Đăng ký đất đai – Chi nhánh khu vực {place}", _CENTRE_UNITS),
    ),
    "svhtt": (
        ("Trung tâm Văn hóa – Điện ảnh {province}", _CENTRE_UNITS),
        ("Thư viện {province}", _CENTRE_UNITS),
        ("Trung tâm Huấn luyện và Thi đấu thể thao", _CENTRE_UNITS),
    ),
    "stp": (
        ("Trung tâm Trợ giúp pháp lý nhà nước", _CENTRE_UNITS),
        ("Phòng Công chứng số {n}", _CENTRE_UNITS),
    ),
    "sct": (("Trung tâm Khuyến công và Xúc tiến thương mại", _CENTRE_UNITS),),
    "sdl": (("Trung tâm Thông tin Xúc tiến du lịch", _CENTRE_UNITS),),
}
_SUBORDINATE_WEIGHTS: dict[str, float] = {
    "vp": 0.3, "stc": 0.3, "snv": 3.0, "sxd": 1.5, "syt": 6.0, "sgddt": 8.0, "skhcn": 0.6, "snnmt": 4.0,
    "svhtt": 1.0, "stp": 2.0, "sct": 0.3, "sdl": 0.3,
}  # fmt: skip
# School levels run by communes since 2025: (name prefix, abbreviation, weight).
_COMMUNE_SCHOOLS: tuple[tuple[str, str, float], ...] = (
    ("Trường Mầm non", "MN", 35.0),
    ("Trường Tiểu học", "TH", 35.0),
    ("Trường THCS", "THCS", 25.0),
    ("Trường Tiểu học và THCS", "THTHCS", 5.0),
)
_SCHOOL_CUM = tuple(accumulate(w for _, _, w in _COMMUNE_SCHOOLS))
_SCHOOL_PREFIXES = (*((prefix, abbr) for prefix, abbr, _ in _COMMUNE_SCHOOLS[::-1]), ("Trường THPT", "THPT"))


def _short_name(name: str) -> str:
    """Notation abbreviation of a generated agency: 'Trường THCS Nguyễn Du' → 'THCSND'."""
    for prefix, abbr in _SCHOOL_PREFIXES:
        if name.startswith(prefix + " "):
            return (abbr + initials(name.removeprefix(prefix)))[:30]
    return initials(name)[:30]


@dataclass
class _Node:
    key: str
    name: str
    short: str
    code: str | None
    is_agency: bool
    children: list["_Node"] = field(default_factory=list)
    level2: int = 0
    level3: int = 0
    dept: str = ""
    place: str = ""
    subordinates: int = 0

    def freeze(self) -> OrgSpec:
        return OrgSpec(
            self.key,
            self.name,
            self.short,
            self.code,
            self.is_agency,
            tuple(c.freeze() for c in self.children),
        )


class _Builder:
    def __init__(self, rng: random.Random, units_per_agency: tuple[int, int], level1: str, prefix: str):
        self.rng = rng
        self.units_per_agency = units_per_agency
        self.level1 = level1
        self.prefix = prefix
        self.keys: set[str] = set()
        self.names: set[str] = set()

    def key(self, text: str) -> str:
        base = f"{self.prefix}-{slug(text)}" if self.prefix else slug(text)
        candidate, counter = base, 1
        while candidate in self.keys:
            counter += 1
            candidate = f"{base}-{counter}"
        self.keys.add(candidate)
        return candidate

    def agency(self, name: str, short: str, level2: int, level3: int = 0) -> _Node:
        self.names.add(name)
        code = org_code(level2, level3, 0, self.level1)
        return _Node(self.key(name), name, short[:30], code, True, level2=level2, level3=level3)

    def add_units(self, node: _Node, pool: UnitTable, ordered: bool = False) -> None:
        """Attach between ``units_per_agency`` units from ``pool``: its first entry (the office) always,
        then a random sample, or the next entries in order when ``ordered`` (the core offices of a UBND)."""
        low, high = self.units_per_agency
        wanted = min(self.rng.randint(low, high), len(pool))
        if wanted <= 0:
            return
        if ordered:
            picked = list(range(wanted))
        else:
            picked = sorted([0, *self.rng.sample(range(1, len(pool)), wanted - 1)])
        for index in picked:
            short, name = pool[index]
            node.children.append(_Node(f"{node.key}-{slug(short)}", name, short, None, False))

    def place(self) -> str:
        first, second = self.rng.sample(PLACE_WORDS, 2)
        return f"{first} {second}"

    def fill(self, template: str, province: str, parent_place: str) -> str:
        rng = self.rng
        place = parent_place if parent_place and rng.random() < 0.5 else self.place()
        namesake = rng.choice(NAMESAKES)
        return template.format(province=province, place=place, namesake=namesake, n=rng.randint(1, 9))

    def subordinate(self, parent: _Node, province: str) -> tuple[str, str, UnitTable] | None:
        """(name, short name, unit pool) of a new agency under ``parent``, or None if names run out."""
        rng = self.rng
        for _ in range(40):
            if parent.dept:
                template, pool = rng.choice(_SUBORDINATES[parent.dept])
                name = self.fill(template, province, "")
            else:
                prefix, abbr, _ = rng.choices(_COMMUNE_SCHOOLS, cum_weights=_SCHOOL_CUM)[0]
                suffix = "{namesake}" if rng.random() < 0.4 else "{place}"
                name = self.fill(f"{prefix} {suffix}", province, parent.place)
                pool = _PRESCHOOL_UNITS if abbr == "MN" else _SCHOOL_UNITS
            if name not in self.names:
                return name, _short_name(name), pool
        return None


def generate_province(
    rng: random.Random,
    n_agencies: int = 250,
    units_per_agency: tuple[int, int] = (2, 6),
    *,
    province: str = "thành phố Huế",
    level1: str = "H57",
    key_prefix: str = "gen",
) -> list[OrgSpec]:
    """A realistic province tree with exactly ``n_agencies`` agencies (the root included).

    Returns the list of roots (one UBND root, like ``HUE_TREE``). Level-2 agencies (the UBND office,
    departments, wards and communes) get ``000.00.NN.<level1>``; their subordinate agencies (schools,
    health centres, chi cục…) get ``000.MM.NN.<level1>``. Keys are prefixed with ``key_prefix`` so the
    tree can sit next to ``HUE_TREE``; pass another ``level1`` too if both go into one database.
    """
    if n_agencies < 1:
        raise ValueError("n_agencies must be at least 1")
    low, high = units_per_agency
    if low < 0 or high < low:
        raise ValueError("units_per_agency must be (low, high) with 0 <= low <= high")
    b = _Builder(rng, units_per_agency, level1, key_prefix)
    root = b.agency(f"UBND {province}", "UBND", 0)
    remaining = n_agencies - 1

    # Level 2: the UBND office and the departments first, then wards and communes.
    level2: list[_Node] = []
    for index in range(min(remaining, 1 + len(DEPARTMENTS))):
        if index == 0:
            node = b.agency(f"Văn phòng UBND {province}", "VP", 1)
            node.dept = "vp"
            b.add_units(node, VP_UNITS)
        else:
            key, name, short, units, _ = DEPARTMENTS[index - 1]
            node = b.agency(name, short, index + 1)
            node.dept = key
            b.add_units(node, units + tuple(u for u in _EXTRA_DEPARTMENT_UNITS if u not in units))
        level2.append(node)
    remaining -= len(level2)

    first_local = 21 if len(level2) < 20 else len(level2) + 1
    n_local = min(remaining, _MAX_LEVEL - first_local + 1, max(1, round(remaining * 0.35)))
    real = [("phường", w) for w in HUE_WARDS] + [("xã", c) for c in HUE_COMMUNES]
    if province != "thành phố Huế":
        real = []
    rng.shuffle(real)
    used_places: set[str] = set()
    communes: list[_Node] = []
    for index in range(n_local):
        if index < len(real):
            kind, place = real[index]
        else:
            kind = "phường" if rng.random() < 0.45 else "xã"
            place = b.place()
            while place in used_places:
                place = b.place()
        used_places.add(place)
        node = b.agency(f"UBND {kind} {place}", "UBND", first_local + index)
        node.place = place
        b.add_units(node, local_units(kind), ordered=True)
        communes.append(node)
    remaining -= n_local

    # Level 3: subordinate agencies, about 60 % schools run by communes, the rest under departments.
    depts = [n for n in level2 if n.dept in _SUBORDINATES]
    if remaining > _MAX_LEVEL * (len(communes) + len(depts)):
        raise ValueError("n_agencies too large for two-digit identifier code groups")
    dept_cum = tuple(accumulate(_SUBORDINATE_WEIGHTS[n.dept] for n in depts))
    while remaining > 0:
        to_commune = bool(communes) and (not depts or rng.random() < 0.6)
        parent = rng.choice(communes) if to_commune else rng.choices(depts, cum_weights=dept_cum)[0]
        made = b.subordinate(parent, province) if parent.subordinates < _MAX_LEVEL else None
        if made is None:  # parent full, or its usual subordinates all exist: draw another parent
            continue
        name, short, pool = made
        parent.subordinates += 1
        node = b.agency(name, short, parent.level2, parent.subordinates)
        b.add_units(node, pool)
        parent.children.append(node)
        remaining -= 1

    root.children.extend(level2)
    root.children.extend(communes)
    return [root.freeze()]
