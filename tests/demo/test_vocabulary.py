"""The demo vocabulary and organisation data: determinism, validity and realism checks (no Django)."""

import random
import re
import unicodedata
from collections import Counter

import pytest

from edesk.demo.orgdata import (
    EXTERNAL_ISSUERS,
    HUE_TREE,
    ORG_CODE_PATTERN,
    TITLES,
    OrgSpec,
    count_agencies,
    generate_province,
    iter_specs,
    leader_titles,
    person_name,
    unit_head_titles,
    username_for,
)
from edesk.demo.subjects import SLOTS, lunar_year
from edesk.demo.vocabulary import (
    DOC_TYPE_WEIGHTS,
    DOC_TYPES,
    direction_note,
    extracted_text,
    notation_for,
    pick_doc_type,
    progress_note,
    signer,
    subject,
)

# Decree 30/2020/NĐ-CP Appendix III §I, as tabled in the domain notes.
DECREE_30_ABBRS = {
    "Nghị quyết": "NQ", "Quyết định": "QĐ", "Chỉ thị": "CT", "Quy chế": "QC", "Quy định": "QyĐ",
    "Thông cáo": "TC", "Thông báo": "TB", "Hướng dẫn": "HD", "Chương trình": "CTr", "Kế hoạch": "KH",
    "Phương án": "PA", "Đề án": "ĐA", "Dự án": "DA", "Báo cáo": "BC", "Biên bản": "BB", "Tờ trình": "TTr",
    "Hợp đồng": "HĐ", "Công văn": None, "Công điện": "CĐ", "Bản ghi nhớ": "BGN", "Bản thỏa thuận": "BTT",
    "Giấy ủy quyền": "GUQ", "Giấy mời": "GM", "Giấy giới thiệu": "GGT", "Giấy nghỉ phép": "GNP",
    "Phiếu gửi": "PG", "Phiếu chuyển": "PC", "Phiếu báo": "PB", "Thư công": None,
}  # fmt: skip
NOTATION = re.compile(r"^[^\s/-]+-[^\s/-]+$")


def is_nfc(text: str) -> bool:
    return unicodedata.normalize("NFC", text) == text


def all_specs(roots: tuple[OrgSpec, ...] | list[OrgSpec]) -> list[OrgSpec]:
    return [spec for spec, _ in iter_specs(roots)]


def draw_subjects(seed: int, n: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        name, _abbr = pick_doc_type(rng)
        out.append((name, subject(rng, name)))
    return out


# --- determinism -------------------------------------------------------------------------------


def _everything(seed: int) -> list[object]:
    rng = random.Random(seed)
    out: list[object] = []
    for _ in range(50):
        name, abbr = pick_doc_type(rng)
        text = subject(rng, name)
        out += [name, text, notation_for(abbr, rng.choice(("UBND", "STC", "SNV")), rng)]
        out += [extracted_text(rng, text, 3), direction_note(rng), progress_note(rng), signer(rng)]
        out.append(person_name(rng))
    out.append(generate_province(rng, 60))
    return out


def test_same_seed_same_output() -> None:
    assert _everything(7) == _everything(7)


def test_different_seed_different_output() -> None:
    assert _everything(7) != _everything(8)


def test_module_does_not_touch_the_global_generator() -> None:
    random.seed(123)
    expected = random.random()
    random.seed(123)
    _everything(1)
    assert random.random() == expected


# --- organisations -----------------------------------------------------------------------------


def test_codes_valid_and_unique_across_tree_and_external() -> None:
    specs = all_specs(HUE_TREE) + list(EXTERNAL_ISSUERS)
    codes = [s.code for s in specs if s.code is not None]
    assert all(ORG_CODE_PATTERN.fullmatch(code) for code in codes)
    assert len(codes) == len(set(codes))
    keys = [s.key for s in specs]
    assert len(keys) == len(set(keys))


def test_units_have_no_code_and_agencies_in_the_tree_have_one() -> None:
    for spec in all_specs(HUE_TREE):
        if spec.is_agency:
            assert spec.code is not None, spec.name
        else:
            assert spec.code is None, spec.name
            assert all(not child.is_agency for child in spec.children)
        assert spec.short_name and " " not in spec.short_name and "-" not in spec.short_name
        assert len(spec.short_name) <= 30 and len(spec.name) <= 200


def test_hue_tree_shape() -> None:
    (root,) = HUE_TREE
    assert (root.name, root.short_name, root.code, root.is_agency) == (
        "UBND thành phố Huế",
        "UBND",
        "000.00.00.H57",
        True,
    )
    by_key = {s.key: s for s in all_specs(HUE_TREE)}
    office = by_key["vp"]
    assert office.name == "Văn phòng UBND thành phố" and office.short_name == "VP" and office.is_agency
    assert {"VX", "TH", "KT", "HCTC", "TCD"} <= {u.short_name for u in office.children if not u.is_agency}
    assert (by_key["stc"].name, by_key["stc"].short_name) == ("Sở Tài chính", "STC")
    assert (by_key["snv"].name, by_key["snv"].short_name) == ("Sở Nội vụ", "SNV")
    assert "CCVC" in {u.short_name for u in by_key["snv"].children}
    assert "NS" in {u.short_name for u in by_key["stc"].children}
    ward = by_key["thuanhoa"]
    assert (ward.name, ward.short_name, ward.is_agency) == ("UBND phường Thuận Hóa", "UBND", True)

    departments = [c for c in root.children if c.name.startswith("Sở ")]
    assert len(departments) >= 8
    for dept in departments:
        units = [c for c in dept.children if not c.is_agency]
        assert 3 <= len(units) <= 5, dept.name
    locals_ = [c for c in root.children if c.name.startswith(("UBND phường", "UBND xã"))]
    assert len(locals_) >= 6
    for local in locals_:
        assert local.short_name == "UBND"
        assert {"VP", "VHXH"} <= {u.short_name for u in local.children}


def test_external_issuers() -> None:
    assert len(EXTERNAL_ISSUERS) >= 35
    by_short = {s.short_name: s for s in EXTERNAL_ISSUERS}
    assert by_short["VPCP"].code == "000.00.00.G22"
    assert by_short["HĐND"].code == "000.00.00.K57"
    assert {"BNV", "BTC", "BKHCN", "BXD", "BYT"} <= set(by_short)
    assert all(s.is_agency and not s.children for s in EXTERNAL_ISSUERS)


@pytest.mark.parametrize("n", [1, 2, 14, 40, 250, 1000])
def test_generate_province_exact_agency_count(n: int) -> None:
    roots = generate_province(random.Random(n), n)
    assert count_agencies(roots) == n
    specs = all_specs(roots)
    codes = [s.code for s in specs if s.is_agency]
    assert all(code is not None and ORG_CODE_PATTERN.fullmatch(code) for code in codes)
    assert len(codes) == len(set(codes))
    assert len({s.key for s in specs}) == len(specs)
    assert all(s.code is None for s in specs if not s.is_agency)


def test_generate_province_250_is_realistic() -> None:
    roots = generate_province(random.Random(2026), 250, units_per_agency=(2, 6))
    specs = all_specs(roots)
    assert count_agencies(roots) == 250
    names = [s.name for s in specs if s.is_agency]
    assert len(names) == len(set(names))
    assert sum(n.startswith(("UBND phường", "UBND xã")) for n in names) >= 40
    assert sum(n.startswith("Trường") for n in names) >= 30
    assert any(n.startswith(("Trung tâm Y tế", "Bệnh viện")) for n in names)
    for spec in specs:
        if spec.is_agency and spec.key != roots[0].key:
            units = [c for c in spec.children if not c.is_agency]
            assert len(units) <= 6
        assert is_nfc(spec.name) and len(spec.short_name) <= 30


def test_generate_province_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError):
        generate_province(random.Random(1), 0)
    with pytest.raises(ValueError):
        generate_province(random.Random(1), 10, units_per_agency=(3, 2))


def test_titles() -> None:
    assert TITLES["clerk"] == ("Văn thư",)
    assert TITLES["leader"] == ("Chủ tịch", "Phó Chủ tịch")
    assert TITLES["director"] == ("Giám đốc", "Phó Giám đốc")
    assert {"Trưởng phòng", "Phó Trưởng phòng", "Chánh Văn phòng"} <= set(TITLES["unit_head"])
    assert set(TITLES["specialist"]) == {"Chuyên viên", "Chuyên viên chính"}
    by_key = {s.key: s for s in all_specs(HUE_TREE)}
    assert leader_titles(by_key["ubnd"]) == ("Chủ tịch", "Phó Chủ tịch")
    assert leader_titles(by_key["stc"]) == ("Giám đốc", "Phó Giám đốc")
    assert unit_head_titles(by_key["stc-ns"]) == ("Trưởng phòng", "Phó Trưởng phòng")
    assert unit_head_titles(by_key["stc-vp"])[0] == "Chánh Văn phòng"


# --- people ------------------------------------------------------------------------------------


def test_person_names_look_vietnamese() -> None:
    rng = random.Random(3)
    names = [person_name(rng) for _ in range(2000)]
    families = Counter(name.split()[0] for name in names)
    assert families.most_common(1)[0][0] == "Nguyễn"
    assert all(3 <= len(name.split()) <= 5 and is_nfc(name) for name in names)
    for words in (name.split() for name in names):
        assert words[-1] != "Thị" and not ("Thị" in words and "Văn" in words[1:])
    assert person_name(random.Random(1), "female") != person_name(random.Random(1), "male")


def test_username_for() -> None:
    taken: set[str] = set()
    assert username_for("Nguyễn Văn An", taken) == "annv"
    assert username_for("Nguyễn Văn An", taken) == "annv1"
    assert username_for("Nguyễn Văn An", taken) == "annv2"
    assert username_for("Đặng Đức Định", taken) == "dinhdd"
    assert username_for("Tôn Nữ Thị Hà", taken) == "hatnt"
    rng = random.Random(11)
    users = [username_for(person_name(rng), taken) for _ in range(3000)]
    assert len(set(users)) == len(users)
    assert all(re.fullmatch(r"[a-z]+[0-9]*", u) for u in users)


# --- document types and notations --------------------------------------------------------------


def test_doc_types_match_decree_30() -> None:
    assert len(DOC_TYPES) == 29
    assert sum(1 for _, abbr in DOC_TYPES if abbr) == 27
    assert dict(DOC_TYPES) == DECREE_30_ABBRS
    assert set(DOC_TYPE_WEIGHTS) == set(DECREE_30_ABBRS)


def test_doc_type_weights_reflect_reality() -> None:
    rng = random.Random(5)
    counts = Counter(pick_doc_type(rng)[0] for _ in range(20000))
    assert 0.40 < counts["Công văn"] / 20000 < 0.50
    assert counts["Quyết định"] > counts["Công điện"] * 10
    assert counts.most_common(1)[0][0] == "Công văn"


@pytest.mark.parametrize(("name", "abbr"), [t for t in DOC_TYPES if t[1]])
def test_typed_notation_is_type_then_agency(name: str, abbr: str) -> None:
    rng = random.Random(0)
    assert notation_for(abbr, "UBND", rng) == f"{abbr}-UBND"
    assert notation_for(abbr, "STC", rng) == f"{abbr}-STC"


def test_cong_van_notation_is_agency_then_unit() -> None:
    rng = random.Random(0)
    assert notation_for(None, "UBND", rng, unit_short="VX") == "UBND-VX"
    assert notation_for(None, "SNV", rng, unit_short="CCVC") == "SNV-CCVC"
    stc_units = {u.short_name for s in all_specs(HUE_TREE) if s.key == "stc" for u in s.children}
    for issuer in ("UBND", "STC", "SNV", "BNV", "VPCP", "XYZ"):
        for _ in range(50):
            notation = notation_for(None, issuer, rng)
            assert NOTATION.fullmatch(notation), notation
            assert notation.startswith(issuer + "-")
            if issuer == "STC":
                assert notation.split("-")[1] in stc_units
    assert {notation_for(None, "UBND", rng) for _ in range(200)} >= {"UBND-VX", "UBND-TH"}


def test_notation_rejects_bad_issuer() -> None:
    with pytest.raises(ValueError):
        notation_for("QĐ", "UB ND", random.Random(0))
    with pytest.raises(ValueError):
        notation_for(None, "", random.Random(0))


# --- subjects and bodies -----------------------------------------------------------------------


def test_subjects_are_mostly_distinct() -> None:
    subjects = [text for _, text in draw_subjects(2026, 10_000)]
    assert len(set(subjects)) / len(subjects) >= 0.95


def test_subjects_are_clean_vietnamese() -> None:
    for name, text in draw_subjects(99, 5000):
        assert is_nfc(text)
        assert 10 <= len(text) <= 500
        assert "{" not in text and "}" not in text and "  " not in text and "<<" not in text
        assert text == text.strip() and not text.endswith((",", ";"))
        assert text[0].isupper()
        assert "thực hiện thực hiện" not in text
        if name == "Công văn":
            assert text.startswith("V/v ")
        if name == "Giấy mời":
            assert text.startswith("Mời ")


def test_subjects_by_type() -> None:
    rng = random.Random(4)
    assert subject(rng, "Quyết định", year=2026).startswith("Về việc ")
    assert any("2026" in subject(rng, "Kế hoạch", year=2026) for _ in range(20))
    for name, _ in DOC_TYPES:
        assert subject(rng, name, year=2027)
    assert subject(rng, "Loại văn bản lạ").startswith("Về việc ")


def test_subject_slots_are_all_defined() -> None:
    from edesk.demo import phrases, subject_templates

    referenced: set[str] = set()
    for module in (phrases, subject_templates):
        for attribute, value in vars(module).items():
            if not attribute.startswith("_"):
                referenced.update(re.findall(r"\{(\w+)\}", repr(value)))
    assert referenced <= set(SLOTS)


def test_extracted_text() -> None:
    rng = random.Random(8)
    decision = subject(rng, "Quyết định", year=2026)
    body = extracted_text(rng, decision, 4, year=2026)
    assert body.startswith("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;")
    assert "Điều 1." in body and "Điều 5." in body and "Nơi nhận:" in body and "- Lưu: VT," in body
    letter = extracted_text(rng, subject(rng, "Công văn"), 3)
    assert letter.startswith("Kính gửi: ") and "3. " in letter and "Nơi nhận:" in letter
    report = extracted_text(rng, subject(rng, "Báo cáo"), 6, doc_type_name="Báo cáo")
    assert "I. KẾT QUẢ THỰC HIỆN" in report
    for text in (body, letter, report):
        assert is_nfc(text) and "{" not in text and "<<" not in text


def test_notes_and_signer() -> None:
    rng = random.Random(12)
    for _ in range(300):
        for note in (direction_note(rng), progress_note(rng)):
            assert note and is_nfc(note) and "{" not in note and note.endswith(".")
        position, name = signer(rng)
        assert position and len(name.split()) >= 3 and is_nfc(position + name)


def test_all_org_strings_are_nfc() -> None:
    specs = all_specs(HUE_TREE) + list(EXTERNAL_ISSUERS) + all_specs(generate_province(random.Random(1), 250))
    for spec in specs:
        assert is_nfc(spec.name) and is_nfc(spec.short_name) and is_nfc(spec.key)
        assert spec.key.isascii()
    for titles in TITLES.values():
        assert all(is_nfc(t) for t in titles)


def test_lunar_year() -> None:
    assert lunar_year(2025) == "Ất Tỵ"
    assert lunar_year(2026) == "Bính Ngọ"
