"""The printable registers of Decree 30 Appendix IV, checked the way a clerk would: by reading them.

Pure module tests: no database. PDF text is read back with poppler (pdftotext/pdfinfo), the
workbook with openpyxl.
"""

import io
import re
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from edesk.documents import register_print
from edesk.documents.register_print import (
    FOLLOW_UP,
    INCOMING,
    OUTGOING,
    FollowUpRow,
    IncomingRow,
    OutgoingRow,
    PdfFontUnavailable,
    RegisterCover,
    find_serif_font,
    render_pdf,
    render_xlsx,
)
from edesk.documents.register_print import fonts as register_fonts
from edesk.documents.register_print import pdf as register_pdf

SUBJECTS = (
    "Quyết định về việc phê duyệt kế hoạch chuyển đổi số năm 2026",
    "Công văn về việc đôn đốc triển khai Nghị định số 30/2020/NĐ-CP về công tác văn thư",
    "Tờ trình đề nghị phê duyệt dự toán kinh phí năm 2026",
)
AUTHORS = ("Sở Tài chính", "Ủy ban nhân dân huyện Mỹ Đức", "Sở Kế hoạch & Đầu tư")
ROW_COUNT = 120

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdfinfo")), reason="poppler-utils not installed"
)


def incoming_rows(count: int = ROW_COUNT) -> list[IncomingRow]:
    start = date(2026, 1, 5)
    return [
        IncomingRow(
            arrival_date=start + timedelta(days=index // 10),
            arrival_number=index + 1,
            author=AUTHORS[index % len(AUTHORS)],
            number_notation="125/QĐ-UBND" if index == 0 else f"{index + 1}/CV-STC",
            doc_date=start - timedelta(days=2),
            type_and_subject=SUBJECTS[index % len(SUBJECTS)],
            recipient="Phòng Tổng hợp",
            transfer_date=None if index % 4 == 0 else start + timedelta(days=index // 10 + 1),
            signature="",
            note="Khẩn" if index % 9 == 0 else "",
        )
        for index in range(count)
    ]


def incoming_cover(**overrides: object) -> RegisterCover:
    values: dict[str, object] = {
        "agency_name": "Văn phòng Ủy ban nhân dân",
        "parent_agency_name": "Ủy ban nhân dân tỉnh Hà Tĩnh",
        "register_title": INCOMING.title,
        "year": 2026,
        "from_date": date(2026, 1, 1),
        "to_date": date(2026, 12, 31),
        "from_number": 1,
        "to_number": ROW_COUNT,
    }
    values.update(overrides)
    return RegisterCover(**values)  # type: ignore[arg-type]


def pdf_pages(pdf: bytes, tmp_path: Path, *, mode: str = "-layout") -> list[str]:
    """The text of each page; poppler separates pages with form feeds."""
    path = tmp_path / "register.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", mode, str(path), "-"], capture_output=True, check=True, text=True)
    return out.stdout.split("\f")[:-1]


def page_count(pdf: bytes, tmp_path: Path) -> int:
    path = tmp_path / "count.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert match, info
    return int(match.group(1))


def squashed(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def incoming_pdf() -> bytes:
    return render_pdf(INCOMING, incoming_cover(), incoming_rows())


@needs_poppler
def test_incoming_pdf_reads_back_in_vietnamese(incoming_pdf: bytes, tmp_path: Path) -> None:
    pages = pdf_pages(incoming_pdf, tmp_path)
    text = "\n".join(pages)

    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" in pages[0]
    assert "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH" in pages[0]
    assert "VĂN PHÒNG ỦY BAN NHÂN DÂN" in pages[0]
    assert "Năm 2026" in pages[0]
    assert "Từ ngày 01/01/2026 đến ngày 31/12/2026" in pages[0]
    assert f"Từ số 1 đến số {ROW_COUNT}" in pages[0]
    assert "Quyển số: 1" in pages[0]
    assert "Số đến" in text
    assert "Tên loại và trích yếu" in text
    assert "125/QĐ-UBND" in text
    assert "05/01/2026" in text  # dates are dd/mm/yyyy

    # Long text wraps inside its cell; the raw text keeps a cell's lines together.
    raw = squashed("\n".join(pdf_pages(incoming_pdf, tmp_path, mode="-raw")))
    for subject in SUBJECTS:
        assert subject in raw
    # Markup characters in the data are printed, not interpreted.
    assert "Sở Kế hoạch & Đầu tư" in raw


@needs_poppler
def test_header_and_page_number_on_every_register_page(incoming_pdf: bytes, tmp_path: Path) -> None:
    count = page_count(incoming_pdf, tmp_path)
    assert count > 2

    pages = pdf_pages(incoming_pdf, tmp_path)
    assert len(pages) == count
    for number, page in enumerate(pages[1:], start=2):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[0] == str(number), f"page {number} should open with its number"
        assert page.count("Số đến") == 1, f"page {number} should carry the header exactly once"
        assert "Tên loại và trích yếu" in page
        assert "(1)" in page and "(10)" in page
    # The cover is page 1 and carries no page number (Decree 30 numbers from page 2).
    assert "Số đến" not in pages[0]
    last_numbers = re.findall(r"\b\d+/CV-STC\b", pages[-1])
    assert f"{ROW_COUNT}/CV-STC" in last_numbers


@needs_poppler
def test_chunked_tables_never_print_the_header_mid_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tiny chunks put many table boundaries in the middle of pages.
    monkeypatch.setattr(register_pdf, "CHUNK_ROWS", 7)
    pdf = render_pdf(INCOMING, incoming_cover(), incoming_rows(60))

    pages = pdf_pages(pdf, tmp_path)
    for page in pages[1:]:
        assert page.count("Số đến") == 1
    raw = squashed("\n".join(pdf_pages(pdf, tmp_path, mode="-raw")))
    arrival_numbers = re.findall(r"\b(\d+)/CV-STC\b", raw)
    assert [int(n) for n in arrival_numbers] == list(range(2, 61))


@needs_poppler
def test_row_taller_than_a_page_continues_on_the_next(tmp_path: Path) -> None:
    long_note = "Đề nghị các đơn vị phối hợp xử lý và báo cáo kết quả. " * 40
    rows = incoming_rows(6)
    rows[2] = replace(rows[2], note=long_note)

    pdf = render_pdf(INCOMING, incoming_cover(), rows)

    assert page_count(pdf, tmp_path) > 3
    raw = squashed("\n".join(pdf_pages(pdf, tmp_path, mode="-raw")))
    assert "6/CV-STC" in raw


@needs_poppler
def test_decomposed_input_is_printed_composed(tmp_path: Path) -> None:
    # Text pasted from old Windows software often arrives in NFD; the PDF font does no shaping.
    decomposed = unicodedata.normalize("NFD", "Sở Nội vụ tỉnh Quảng Ngãi")
    row = replace(incoming_rows(1)[0], author=decomposed)

    raw = squashed("\n".join(pdf_pages(render_pdf(INCOMING, incoming_cover(), [row]), tmp_path, mode="-raw")))

    assert "Sở Nội vụ tỉnh Quảng Ngãi" in raw


@needs_poppler
def test_empty_register_still_prints_cover_and_header(tmp_path: Path) -> None:
    cover = incoming_cover(from_date=None, to_date=None, from_number=None, to_number=None)

    pdf = render_pdf(INCOMING, cover, [])

    pages = pdf_pages(pdf, tmp_path)
    assert len(pages) == 2
    assert "Từ ngày .......... đến ngày .........." in pages[0]
    assert "Từ số .......... đến số .........." in pages[0]
    assert "Số đến" in pages[1]


def test_incoming_xlsx_has_cover_headers_and_real_dates() -> None:
    data = render_xlsx(INCOMING, incoming_cover(), incoming_rows())

    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Bìa", INCOMING.sheet_title]
    cover_text = [row[0] for row in workbook["Bìa"].iter_rows(values_only=True) if row[0]]
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" in cover_text
    assert "Quyển số: 1" in cover_text

    sheet = workbook[INCOMING.sheet_title]
    assert [cell.value for cell in sheet[1]] == list(INCOMING.headers)
    assert sheet[1][1].value == "Số đến"
    assert sheet["A1"].font.b
    assert [cell.value for cell in sheet[2]] == [f"({n})" for n in range(1, 11)]
    assert sheet.max_row == ROW_COUNT + 2
    assert sheet.freeze_panes == "A3"

    first = sheet["A3"]
    assert isinstance(first.value, datetime)
    assert first.value.date() == date(2026, 1, 5)
    assert first.is_date
    assert first.number_format == "dd/mm/yyyy"
    assert first.font.name == "Times New Roman"
    assert first.alignment.wrap_text
    assert sheet["B3"].value == 1
    assert sheet["D3"].value == "125/QĐ-UBND"
    assert sheet["F3"].value == SUBJECTS[0]
    assert sheet["H3"].value is None  # no transfer date yet
    assert sheet["C5"].value == "Sở Kế hoạch & Đầu tư"
    assert sheet.column_dimensions["F"].width > sheet.column_dimensions["B"].width


def _follow_up_rows() -> list[FollowUpRow]:
    return [
        FollowUpRow(
            arrival_number=n,
            doc_summary=f"Công văn số {n}/STC-NS ngày 05/01/2026 của Sở Tài chính về việc quyết toán",
            recipient="Phòng Kế hoạch - Tài chính",
            deadline=date(2026, 1, 20) if n % 2 else None,
            progress="Đang giải quyết",
            reply_number_notation=f"{n}/UBND-KT" if n % 3 == 0 else "",
            note="",
        )
        for n in range(1, 31)
    ]


def _outgoing_rows() -> list[OutgoingRow]:
    return [
        OutgoingRow(
            number_notation=f"{n}/QĐ-UBND",
            doc_date=date(2026, 2, 1),
            type_and_subject="Quyết định về việc thành lập Tổ công tác chuyển đổi số",
            signer="Nguyễn Văn An",
            recipients="Như Điều 3; Lưu: VT, TH.",
            file_copy_holder="Văn thư",
            copies=5 if n % 2 else None,
            transfer_date=date(2026, 2, 2),
            signature="",
            note="",
        )
        for n in range(1, 31)
    ]


@pytest.mark.parametrize(
    ("layout", "rows", "first_header"),
    [(FOLLOW_UP, _follow_up_rows(), "Số đến"), (OUTGOING, _outgoing_rows(), "Số, ký hiệu văn bản")],
    ids=["follow-up", "outgoing"],
)
def test_other_registers_render_from_the_same_layouts(
    layout: register_print.RegisterLayout, rows: list, first_header: str, tmp_path: Path
) -> None:
    cover = incoming_cover(register_title=layout.title)
    assert len(layout.headers) == len(layout.widths) == len(layout.row_cells(rows[0]))

    sheet = load_workbook(io.BytesIO(render_xlsx(layout, cover, rows)))[layout.sheet_title]
    assert sheet["A1"].value == first_header
    assert sheet.max_row == len(rows) + 2

    pdf = render_pdf(layout, cover, rows)
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        pages = pdf_pages(pdf, tmp_path, mode="-raw")
        assert layout.title in pages[0]
        assert first_header in squashed(pages[1])


def test_layout_rejects_rows_of_the_wrong_shape() -> None:
    broken: register_print.RegisterLayout[IncomingRow] = register_print.RegisterLayout(
        title="SỔ THỬ", sheet_title="Sổ thử", columns=INCOMING.columns, cells=lambda row: (1, 2)
    )

    with pytest.raises(ValueError, match="2 cells for 10 columns"):
        broken.row_cells(incoming_rows(1)[0])


def test_missing_font_is_a_user_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDESK_PDF_FONT_DIR", str(tmp_path))
    monkeypatch.setattr(register_fonts, "SEARCH_DIRS", ())

    with pytest.raises(PdfFontUnavailable) as caught:
        render_pdf(INCOMING, incoming_cover(), incoming_rows(3))

    assert caught.value.code == "pdf_font_missing"
    assert caught.value.message == (
        "Máy chủ chưa cài phông chữ tương thích Times New Roman (gói Debian fonts-liberation2); "
        "không thể xuất PDF."
    )


def test_font_directory_from_environment_comes_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    regular = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
    bold = regular.with_name("LiberationSerif-Bold.ttf")
    if not (regular.is_file() and bold.is_file()):
        pytest.skip("fonts-liberation2 not installed")
    # A Windows-style Times New Roman directory: only regular and bold faces.
    shutil.copy(regular, tmp_path / "times.ttf")
    shutil.copy(bold, tmp_path / "timesbd.ttf")
    monkeypatch.setenv("EDESK_PDF_FONT_DIR", str(tmp_path))

    font = find_serif_font()

    assert font.regular == tmp_path / "times.ttf"
    assert font.bold == tmp_path / "timesbd.ttf"
    assert font.italic == font.regular  # missing faces fall back to the upright ones
    assert render_pdf(INCOMING, incoming_cover(), incoming_rows(3)).startswith(b"%PDF")
