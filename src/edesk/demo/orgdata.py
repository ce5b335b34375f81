"""Organisation data for the demo: Huế city after the 2025 reform, external senders, titles and people.

Identifier codes follow ``^\\d{3}\\.\\d{2}\\.\\d{2}\\.[A-Z]\\d{2}$``. Only UBND TP Huế (H57), HĐND (K57)
and Văn phòng Chính phủ (G22) are published values; every other code here is invented to match the
pattern (level-2 units are ``000.00.NN.H57``, their subordinate agencies ``000.MM.NN.H57``).
"""

from edesk.demo._orgtables import DEPARTMENTS, VP_UNITS, UnitTable, local_units
from edesk.demo._spec import ORG_CODE_PATTERN, OrgSpec, count_agencies, iter_specs, org_code
from edesk.demo._text import slug
from edesk.demo.people import person_name, username_for
from edesk.demo.province import generate_province

__all__ = [
    "EXTERNAL_ISSUERS",
    "HUE_TREE",
    "ORG_CODE_PATTERN",
    "TITLES",
    "OrgSpec",
    "count_agencies",
    "generate_province",
    "iter_specs",
    "leader_titles",
    "org_code",
    "person_name",
    "unit_head_titles",
    "username_for",
]


def _units(parent_key: str, table: UnitTable) -> tuple[OrgSpec, ...]:
    return tuple(OrgSpec(f"{parent_key}-{slug(short)}", name, short, None, False) for short, name in table)


def _agency(
    key: str, name: str, short: str, code: str, units: UnitTable, agencies: tuple[OrgSpec, ...] = ()
) -> OrgSpec:
    return OrgSpec(key, name, short, code, True, _units(key, units) + agencies)


_VP_UBND = _agency(
    "vp",
    "Văn phòng UBND thành phố",
    "VP",
    org_code(1),
    VP_UNITS,
    (
        _agency(
            "ttpvhcc",
            "Trung tâm Phục vụ hành chính công thành phố Huế",
            "TTPVHCC",
            org_code(1, 1),
            (("HCTH", "Phòng Hành chính – Tổng hợp"), ("TNTKQ", "Phòng Tiếp nhận và Trả kết quả")),
        ),
    ),
)

# Wards and communes in the demo tree (key, kind, name); all are real units of Huế since 1 July 2025.
_HUE_LOCAL: tuple[tuple[str, str, str], ...] = (
    ("thuanhoa", "phường", "Thuận Hóa"),
    ("phuxuan", "phường", "Phú Xuân"),
    ("kimlong", "phường", "Kim Long"),
    ("vyda", "phường", "Vỹ Dạ"),
    ("huongan", "phường", "Hương An"),
    ("thuyxuan", "phường", "Thủy Xuân"),
    ("ancuu", "phường", "An Cựu"),
    ("huongthuy", "phường", "Hương Thủy"),
    ("thuanan", "phường", "Thuận An"),
    ("phuvinh", "xã", "Phú Vinh"),
    ("quangdien", "xã", "Quảng Điền"),
    ("phuloc", "xã", "Phú Lộc"),
)


def _build_hue() -> OrgSpec:
    departments = tuple(
        _agency(
            key,
            name,
            short,
            org_code(index),
            units,
            tuple(
                _agency(sub_key, sub_name, sub_short, org_code(index, sub_index), sub_units)
                for sub_index, (sub_key, sub_name, sub_short, sub_units) in enumerate(subs, start=1)
            ),
        )
        for index, (key, name, short, units, subs) in enumerate(DEPARTMENTS, start=2)
    )
    locals_ = tuple(
        _agency(key, f"UBND {kind} {name}", "UBND", org_code(index), local_units(kind))
        for index, (key, kind, name) in enumerate(_HUE_LOCAL, start=21)
    )
    return OrgSpec(
        "ubnd", "UBND thành phố Huế", "UBND", org_code(0), True, (_VP_UBND, *departments, *locals_)
    )


HUE_TREE: tuple[OrgSpec, ...] = (_build_hue(),)


def _ext(key: str, name: str, short: str, code: str | None = None) -> OrgSpec:
    return OrgSpec(f"ext-{key}", name, short, code, True)


# Senders outside the Huế tree. Ministry codes G01–G21 follow the alphabetical order of the pre-2025
# ministries (G09 Nội vụ and G18 Y tế as in a public procedures data set); provincial H-codes other
# than H41 (Nghệ An, seen in samples) are inferred from the alphabetical order of the 63 old provinces.
EXTERNAL_ISSUERS: tuple[OrgSpec, ...] = (
    _ext("vpcp", "Văn phòng Chính phủ", "VPCP", "000.00.00.G22"),
    _ext("bca", "Bộ Công an", "BCA", "000.00.00.G01"),
    _ext("bct", "Bộ Công Thương", "BCT", "000.00.00.G02"),
    _ext("bgddt", "Bộ Giáo dục và Đào tạo", "BGDĐT", "000.00.00.G03"),
    _ext("bkhcn", "Bộ Khoa học và Công nghệ", "BKHCN", "000.00.00.G06"),
    _ext("bng", "Bộ Ngoại giao", "BNG", "000.00.00.G08"),
    _ext("bnv", "Bộ Nội vụ", "BNV", "000.00.00.G09"),
    _ext("bnnmt", "Bộ Nông nghiệp và Môi trường", "BNNMT", "000.00.00.G10"),
    _ext("bqp", "Bộ Quốc phòng", "BQP", "000.00.00.G11"),
    _ext("btc", "Bộ Tài chính", "BTC", "000.00.00.G12"),
    _ext("btp", "Bộ Tư pháp", "BTP", "000.00.00.G15"),
    _ext("bvhttdl", "Bộ Văn hóa, Thể thao và Du lịch", "BVHTTDL", "000.00.00.G16"),
    _ext("bxd", "Bộ Xây dựng", "BXD", "000.00.00.G17"),
    _ext("byt", "Bộ Y tế", "BYT", "000.00.00.G18"),
    _ext("nhnn", "Ngân hàng Nhà nước Việt Nam", "NHNN", "000.00.00.G19"),
    _ext("ttcp", "Thanh tra Chính phủ", "TTCP", "000.00.00.G20"),
    _ext("bdttg", "Bộ Dân tộc và Tôn giáo", "BDTTG", "000.00.00.G21"),
    _ext("bhxhvn", "Bảo hiểm xã hội Việt Nam", "BHXH", "000.00.01.G12"),
    _ext("kbnn-kv", "Kho bạc Nhà nước khu vực XII", "KBNN", "000.12.02.G12"),
    _ext("bhxh-kv", "Bảo hiểm xã hội khu vực XXI", "BHXH", "000.21.01.G12"),
    _ext("thue-hue", "Thuế thành phố Huế", "THUE", "000.57.03.G12"),
    _ext("vpqh", "Văn phòng Quốc hội", "VPQH"),
    _ext("ktnn", "Kiểm toán nhà nước", "KTNN"),
    _ext("thanhuy", "Thành ủy Huế", "TU", "000.00.00.A57"),
    _ext("vptu", "Văn phòng Thành ủy Huế", "VPTU", "000.00.01.A57"),
    _ext("hdnd", "HĐND thành phố Huế", "HĐND", "000.00.00.K57"),
    _ext("ddbqh", "Đoàn đại biểu Quốc hội thành phố Huế", "ĐĐBQH"),
    _ext("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Huế", "MTTQ"),
    _ext("catp", "Công an thành phố Huế", "CATP", "000.57.00.G01"),
    _ext("bchqs", "Bộ Chỉ huy Quân sự thành phố Huế", "BCHQS", "000.57.00.G11"),
    _ext("tand", "Tòa án nhân dân thành phố Huế", "TAND"),
    _ext("vksnd", "Viện Kiểm sát nhân dân thành phố Huế", "VKSND"),
    _ext("ldld", "Liên đoàn Lao động thành phố Huế", "LĐLĐ"),
    _ext("hlhpn", "Hội Liên hiệp Phụ nữ thành phố Huế", "HLHPN"),
    _ext("dhhue", "Đại học Huế", "ĐHH", "000.00.30.G03"),
    _ext("bvtwhue", "Bệnh viện Trung ương Huế", "BVTWH", "000.00.20.G18"),
    _ext("ubnd-danang", "UBND thành phố Đà Nẵng", "UBND", "000.00.00.H15"),
    _ext("ubnd-quangtri", "UBND tỉnh Quảng Trị", "UBND", "000.00.00.H50"),
    _ext("ubnd-quangngai", "UBND tỉnh Quảng Ngãi", "UBND", "000.00.00.H48"),
    _ext("ubnd-hatinh", "UBND tỉnh Hà Tĩnh", "UBND", "000.00.00.H25"),
    _ext("ubnd-nghean", "UBND tỉnh Nghệ An", "UBND", "000.00.00.H41"),
)

# Position titles by role (codes as in the domain glossary, plus the agency-kind leader variants).
TITLES: dict[str, tuple[str, ...]] = {
    "clerk": ("Văn thư",),
    "leader": ("Chủ tịch", "Phó Chủ tịch"),
    "director": ("Giám đốc", "Phó Giám đốc"),
    "office_head": ("Chánh Văn phòng", "Phó Chánh Văn phòng"),
    "inspector": ("Chánh Thanh tra", "Phó Chánh Thanh tra"),
    "principal": ("Hiệu trưởng", "Phó Hiệu trưởng"),
    "board_head": ("Trưởng ban", "Phó Trưởng ban"),
    "subdepartment_head": ("Chi cục trưởng", "Phó Chi cục trưởng"),
    "unit_head": ("Trưởng phòng", "Phó Trưởng phòng", "Chánh Văn phòng"),
    "specialist": ("Chuyên viên", "Chuyên viên chính"),
}


def leader_titles(agency: OrgSpec) -> tuple[str, str]:
    """(head, deputy) titles for the leaders of an agency, chosen from its name."""
    name = agency.name
    if name.startswith("UBND"):
        key = "leader"
    elif name.startswith("Văn phòng"):
        key = "office_head"
    elif name.startswith("Thanh tra"):
        key = "inspector"
    elif name.startswith("Trường"):
        key = "principal"
    elif name.startswith("Ban"):
        key = "board_head"
    elif name.startswith("Chi cục"):
        key = "subdepartment_head"
    else:
        key = "director"
    head, deputy = TITLES[key][:2]
    return head, deputy


def unit_head_titles(unit: OrgSpec) -> tuple[str, str]:
    """(head, deputy) titles for the head of a unit inside an agency."""
    name = unit.name
    if name.startswith("Văn phòng"):
        return TITLES["office_head"][0], TITLES["office_head"][1]
    if name.startswith("Ban"):
        return TITLES["board_head"][0], TITLES["board_head"][1]
    if name.startswith("Tổ"):
        return "Tổ trưởng", "Tổ phó"
    if name.startswith("Khoa"):
        return "Trưởng khoa", "Phó Trưởng khoa"
    if name.startswith("Trung tâm"):
        return "Giám đốc", "Phó Giám đốc"
    return TITLES["unit_head"][0], TITLES["unit_head"][1]
