"""Vietnamese administrative vocabulary: Decree 30 document types, notations, subjects, bodies, notes.

Everything is deterministic given a ``random.Random``; nothing here touches the global generator.
"""

import random
from itertools import accumulate

from edesk.demo import subject_templates as T
from edesk.demo._text import cap_first, tidy
from edesk.demo.bodytext import body_text
from edesk.demo.orgdata import HUE_TREE, iter_specs
from edesk.demo.people import person_name
from edesk.demo.phrases import MINISTRIES, VPCP_UNITS
from edesk.demo.subjects import render

__all__ = [
    "DEFAULT_YEARS",
    "DOC_TYPES",
    "DOC_TYPE_WEIGHTS",
    "direction_note",
    "extracted_text",
    "notation_for",
    "pick_doc_type",
    "progress_note",
    "signer",
    "subject",
]

# Decree 30/2020/NĐ-CP Art. 7 and Appendix III §I: 29 types, 27 with an abbreviation.
DOC_TYPES: tuple[tuple[str, str | None], ...] = (
    ("Nghị quyết", "NQ"),
    ("Quyết định", "QĐ"),
    ("Chỉ thị", "CT"),
    ("Quy chế", "QC"),
    ("Quy định", "QyĐ"),
    ("Thông cáo", "TC"),
    ("Thông báo", "TB"),
    ("Hướng dẫn", "HD"),
    ("Chương trình", "CTr"),
    ("Kế hoạch", "KH"),
    ("Phương án", "PA"),
    ("Đề án", "ĐA"),
    ("Dự án", "DA"),
    ("Báo cáo", "BC"),
    ("Biên bản", "BB"),
    ("Tờ trình", "TTr"),
    ("Hợp đồng", "HĐ"),
    ("Công văn", None),
    ("Công điện", "CĐ"),
    ("Bản ghi nhớ", "BGN"),
    ("Bản thỏa thuận", "BTT"),
    ("Giấy ủy quyền", "GUQ"),
    ("Giấy mời", "GM"),
    ("Giấy giới thiệu", "GGT"),
    ("Giấy nghỉ phép", "GNP"),
    ("Phiếu gửi", "PG"),
    ("Phiếu chuyển", "PC"),
    ("Phiếu báo", "PB"),
    ("Thư công", None),
)

# Share (per cent) of each type in a typical agency's yearly output; Công văn dominates.
DOC_TYPE_WEIGHTS: dict[str, float] = {
    "Nghị quyết": 0.5, "Quyết định": 14.0, "Chỉ thị": 0.4, "Quy chế": 0.3, "Quy định": 0.3, "Thông cáo": 0.1,
    "Thông báo": 7.0, "Hướng dẫn": 1.2, "Chương trình": 0.6, "Kế hoạch": 7.0, "Phương án": 0.5, "Đề án": 0.4,
    "Dự án": 0.2, "Báo cáo": 8.0, "Biên bản": 1.2, "Tờ trình": 4.0, "Hợp đồng": 0.6, "Công văn": 45.0,
    "Công điện": 0.3, "Bản ghi nhớ": 0.05, "Bản thỏa thuận": 0.05, "Giấy ủy quyền": 0.2, "Giấy mời": 6.0,
    "Giấy giới thiệu": 0.8, "Giấy nghỉ phép": 0.3, "Phiếu gửi": 0.3, "Phiếu chuyển": 0.4, "Phiếu báo": 0.1,
    "Thư công": 0.1,
}  # fmt: skip
_TYPE_CUM = tuple(accumulate(DOC_TYPE_WEIGHTS[name] for name, _ in DOC_TYPES))

DEFAULT_YEARS = (2025, 2026)


def pick_doc_type(rng: random.Random) -> tuple[str, str | None]:
    """A (name, abbreviation) pair drawn with ``DOC_TYPE_WEIGHTS``."""
    return rng.choices(DOC_TYPES, cum_weights=_TYPE_CUM)[0]


def _unit_pools() -> dict[str, tuple[str, ...]]:
    """Unit/field abbreviations used after the agency part of a Công văn notation, per agency abbr."""
    pools: dict[str, list[str]] = {}

    def add(agency: str, units: list[str]) -> None:
        pool = pools.setdefault(agency, [])
        pool.extend(u for u in units if u not in pool)

    for spec, parent in iter_specs(HUE_TREE):
        if not spec.is_agency:
            continue
        units = [c.short_name for c in spec.children if not c.is_agency]
        add(spec.short_name, units)
        if parent is not None and parent.short_name == "UBND" and spec.short_name == "VP":
            add("UBND", units)  # the city's Công văn carry the drafting unit of its office: UBND-VX
    for _, abbr, ministry_units in MINISTRIES:
        add(abbr, list(ministry_units))
    add("VPCP", list(VPCP_UNITS))
    return {agency: tuple(pool) for agency, pool in pools.items()}


_UNIT_POOLS = _unit_pools()
_DEFAULT_UNITS = ("VP", "TH", "KT", "VX", "NV", "KHTC", "TCCB")


def notation_for(
    doc_type_abbr: str | None, issuer_short: str, rng: random.Random, *, unit_short: str | None = None
) -> str:
    """Ký hiệu per Decree 30 App. I §II.3: ``QĐ-UBND`` for a typed document; for a Công văn (no
    abbreviation) ``<agency abbr>-<drafting unit or field abbr>``, e.g. ``UBND-VX``, ``STC-NS``.

    ``unit_short`` fixes the unit part; otherwise it is drawn from the issuer's units.
    """
    if not issuer_short or any(ch.isspace() or ch in "/-" for ch in issuer_short):
        raise ValueError(f"invalid issuer abbreviation {issuer_short!r}")
    if doc_type_abbr:
        return f"{doc_type_abbr}-{issuer_short}"
    unit = unit_short or rng.choice(_UNIT_POOLS.get(issuer_short, _DEFAULT_UNITS))
    return f"{issuer_short}-{unit}"


_TEMPLATE_CUM = {name: tuple(accumulate(w for w, _ in templates)) for name, templates in T.BY_TYPE.items()}


def subject(rng: random.Random, doc_type_name: str, *, year: int | None = None) -> str:
    """A realistic trích yếu for a document of the given type (NFC, at most 500 characters)."""
    y = year if year is not None else rng.choice(DEFAULT_YEARS)
    templates = T.BY_TYPE.get(doc_type_name, T.GENERIC)
    cum = _TEMPLATE_CUM.get(doc_type_name) or tuple(accumulate(w for w, _ in templates))
    template = rng.choices(templates, cum_weights=cum)[0][1]
    text = cap_first(render(template, rng, y)).rstrip(" ,;")
    if len(text) > 500:
        text = text[:499].rsplit(" ", 1)[0] + "…"
    return text


def extracted_text(
    rng: random.Random,
    subject: str,
    paragraphs: int = 4,
    *,
    year: int | None = None,
    doc_type_name: str | None = None,
) -> str:
    """A plausible body for search tests and the benchmark: legal bases (Căn cứ …), articles or numbered
    points, and the "Nơi nhận" list. The layout follows ``doc_type_name`` when given, otherwise the subject:
    "V/v …" → letter, "Về việc …" → decision with Điều 1…, anything else → plan/report sections."""
    y = year if year is not None else rng.choice(DEFAULT_YEARS)
    return body_text(rng, subject, max(1, paragraphs), y, doc_type_name)


_DIRECTIONS = (
    "Giao {dept} chủ trì, phối hợp {dept2} tham mưu, báo cáo UBND thành phố trước ngày {date}.",
    "Chuyển {vp_unit} nghiên cứu, đề xuất.",
    "Giao {dept} xem xét, xử lý theo thẩm quyền; báo cáo kết quả trước ngày {date}.",
    "Đồng ý chủ trương. Giao {vp_unit} dự thảo văn bản, trình ký trước ngày {date}.",
    "Chuyển {vp_unit} theo dõi, tổng hợp.",
    "Giao {dept} chủ trì, tham mưu UBND thành phố văn bản trả lời; hoàn thành trước ngày {date}.",
    "Văn phòng UBND thành phố theo dõi, đôn đốc việc thực hiện.",
    "Đề nghị {dept} khẩn trương thực hiện, báo cáo kết quả trước ngày {date}.",
    "Sao gửi các Phó Chủ tịch UBND thành phố để biết, chỉ đạo theo lĩnh vực được phân công.",
    "Sao gửi UBND các phường, xã để triển khai thực hiện.",
    "Giao {dept} chủ trì, phối hợp UBND {ward} kiểm tra thực tế, đề xuất hướng giải quyết trước ngày {date}.",
    "Chuyển {vp_unit} tham mưu lịch làm việc; mời {dept} và {dept2} cùng dự.",
    "Giao {dept} hướng dẫn UBND các phường, xã thực hiện; tổng hợp báo cáo định kỳ hằng quý.",
    "Đồng ý đề xuất của {dept}. {vp_unit} hoàn thiện thủ tục, trình ký.",
    "Lưu hồ sơ, theo dõi.",
)
_PROGRESS = (
    "Đã dự thảo văn bản trả lời, đang lấy ý kiến các phòng liên quan.",
    "Đang tổng hợp số liệu từ các phường, xã; dự kiến hoàn thành trước ngày {date}.",
    "Đã trình Lãnh đạo xem xét, chờ ý kiến chỉ đạo.",
    "Đã có văn bản đề nghị {dept} phối hợp cung cấp thông tin.",
    "Đã tổ chức kiểm tra thực tế tại {ward}; đang hoàn thiện báo cáo.",
    "Đang chờ {dept} có ý kiến tham gia.",
    "Đã hoàn thành dự thảo, đang trình ký số.",
    "Đã ban hành văn bản trả lời ngày {date}.",
    "Đang nghiên cứu hồ sơ, xin gia hạn đến ngày {date}.",
    "Đã chuyển {vp_unit} thẩm định trước khi trình Lãnh đạo.",
    "Đã tổ chức họp với các đơn vị liên quan; đang hoàn thiện biên bản.",
    "Chưa xử lý: đang chờ bổ sung hồ sơ từ {org}.",
)


def direction_note(rng: random.Random, *, year: int | None = None) -> str:
    """A leader's direction (bút phê), e.g. 'Chuyển Phòng Kinh tế nghiên cứu, đề xuất.'"""
    y = year if year is not None else rng.choice(DEFAULT_YEARS)
    return tidy(render(rng.choice(_DIRECTIONS), rng, y))


def progress_note(rng: random.Random, *, year: int | None = None) -> str:
    """A handler's progress note, e.g. 'Đã dự thảo văn bản trả lời, đang lấy ý kiến các phòng liên quan.'"""
    y = year if year is not None else rng.choice(DEFAULT_YEARS)
    return tidy(render(rng.choice(_PROGRESS), rng, y))


_SIGNER_POSITIONS = (
    ("Phó Chủ tịch", 35.0), ("Chủ tịch", 10.0), ("Phó Giám đốc", 20.0), ("Giám đốc", 10.0),
    ("Chánh Văn phòng", 8.0), ("Phó Chánh Văn phòng", 5.0), ("Trưởng phòng", 5.0), ("Chánh Thanh tra", 2.0),
    ("Hiệu trưởng", 2.0), ("Thứ trưởng", 2.0), ("Bộ trưởng", 1.0),
)  # fmt: skip
_SIGNER_NAMES = tuple(p for p, _ in _SIGNER_POSITIONS)
_SIGNER_CUM = tuple(accumulate(w for _, w in _SIGNER_POSITIONS))


def signer(rng: random.Random) -> tuple[str, str]:
    """(position, full name), e.g. ('Phó Chủ tịch', 'Nguyễn Văn Phương')."""
    position = rng.choices(_SIGNER_NAMES, cum_weights=_SIGNER_CUM)[0]
    return position, person_name(rng)
