"""PDF checks, text and previews against real files made here with reportlab."""

import io
import struct
import threading
import zlib
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from edesk.core.errors import UserError
from edesk.documents.pdf import (
    PAGE_SEPARATOR,
    PDFIUM_LOCK,
    CorruptPdf,
    EncryptedPdf,
    PdfInfo,
    extract_text,
    inspect_pdf,
    render_page_png,
)

FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"),
)
PAGES = (
    ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Kế hoạch   chuyển đổi số năm 2026"],
    ["Số: 15/QĐ-", "UBND ngày 02 tháng 3 năm 2026"],
    ["Nơi nhận:", "Lưu: VT."],
)


def _vietnamese_font() -> str | None:
    for path in FONT_CANDIDATES:
        if path.exists():
            if "EdeskTestSerif" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("EdeskTestSerif", str(path)))
            return "EdeskTestSerif"
    return None


FONT = _vietnamese_font()
needs_font = pytest.mark.skipif(FONT is None, reason="no TTF with Vietnamese glyphs installed")


def make_pdf(
    pages=PAGES,
    *,
    title: str = "Quyết định   số 15/QĐ-UBND",
    encrypt=None,
    pagesize=A4,
) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=pagesize, encrypt=encrypt)
    pdf.setTitle(title)
    for lines in pages:
        pdf.setFont(FONT or "Helvetica", 13)
        for number, line in enumerate(lines):
            pdf.drawString(72, pagesize[1] - 100 - 16 * number, line)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


OPENED_AND_CLOSED = {
    "FPDF_LoadMemDocument64": "FPDF_CloseDocument",
    "FPDF_LoadPage": "FPDF_ClosePage",
    "FPDFText_LoadPage": "FPDFText_ClosePage",
    "FPDFBitmap_CreateEx": "FPDFBitmap_Destroy",
}


@pytest.fixture
def pdfium_calls(monkeypatch):
    """Counts the pdfium objects made and released, and lists any call made without PDFIUM_LOCK."""
    counts: Counter[str] = Counter()
    unlocked: list[str] = []

    def spy(name: str) -> None:
        real = getattr(pdfium_c, name)

        def call(*args):
            if not PDFIUM_LOCK.locked():
                unlocked.append(name)
            result = real(*args)
            # A failed load returns NULL and leaves nothing to release.
            if name not in OPENED_AND_CLOSED or result:
                counts[name] += 1
            return result

        monkeypatch.setattr(pdfium_c, name, call)

    for opener, closer in OPENED_AND_CLOSED.items():
        spy(opener)
        spy(closer)
    return counts, unlocked


def assert_all_released(counts: Counter[str], unlocked: list[str]) -> None:
    for opener, closer in OPENED_AND_CLOSED.items():
        assert counts[closer] == counts[opener], f"{counts[opener]} {opener} but {counts[closer]} {closer}"
    assert unlocked == []


def test_inspect_counts_pages_and_reads_the_title():
    expected = PdfInfo(page_count=3, is_encrypted=False, title="Quyết định số 15/QĐ-UBND")
    assert inspect_pdf(make_pdf()) == expected


def pdfium_made(page_count: int) -> bytes:
    """A PDF written by pdfium itself: no /Title (reportlab always writes one), blank pages."""
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument.new()
        for _ in range(page_count):
            document.new_page(*A4).close()
        buffer = io.BytesIO()
        document.save(buffer)
        document.close()
    return buffer.getvalue()


def test_inspect_without_a_title():
    assert inspect_pdf(pdfium_made(2)) == PdfInfo(page_count=2, is_encrypted=False, title=None)


def test_blank_pages_have_empty_text():
    assert extract_text(pdfium_made(2)) == PAGE_SEPARATOR


def test_truncated_pdf_is_corrupt():
    data = make_pdf()
    with pytest.raises(CorruptPdf) as caught:
        inspect_pdf(data[: len(data) // 2])
    assert isinstance(caught.value, UserError)
    assert caught.value.code == "pdf_corrupt"
    assert caught.value.message == "Tệp PDF bị hỏng hoặc không đọc được."


def test_pdf_cut_at_its_end_is_corrupt_though_pdfium_would_open_it():
    data = make_pdf()
    cut = data[: data.rindex(b"startxref")]
    with PDFIUM_LOCK:
        repaired = pdfium.PdfDocument(cut)
        assert len(repaired) == 3  # pdfium rebuilds the cross-references: it cannot tell what is lost
        repaired.close()
    with pytest.raises(CorruptPdf):
        inspect_pdf(cut)


def test_padding_after_the_end_marker_is_accepted():
    assert inspect_pdf(make_pdf() + b"\r\n" + bytes(4000)).page_count == 3


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-",
        b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n",
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
        b"",
    ],
    ids=["header-only", "garbage-after-header", "missing-page-tree", "empty"],
)
def test_unreadable_pdf_is_corrupt(data):
    with pytest.raises(CorruptPdf):
        inspect_pdf(data)
    with pytest.raises(CorruptPdf):
        extract_text(data)


def test_pdf_without_pages_is_corrupt(pdfium_calls):
    data = pdfium_made(0)
    pdfium_calls[0].clear()  # count only what inspect_pdf does
    with pytest.raises(CorruptPdf) as caught:
        inspect_pdf(data)
    assert caught.value.message == "Tệp PDF không có trang nào."
    assert_all_released(*pdfium_calls)


def test_password_protected_pdf_is_refused(pdfium_calls):
    data = make_pdf(encrypt="mat-khau")
    with pytest.raises(EncryptedPdf) as caught:
        inspect_pdf(data)
    assert caught.value.code == "pdf_encrypted"
    assert caught.value.message == "Tệp PDF được đặt mật khẩu; hãy gửi bản không đặt mật khẩu."
    with pytest.raises(EncryptedPdf):
        extract_text(data)
    with pytest.raises(EncryptedPdf):
        render_page_png(data, 0)
    assert_all_released(*pdfium_calls)


@needs_font
def test_owner_password_only_opens_and_is_reported():
    restricted = pdfencrypt.StandardEncryption(userPassword="", ownerPassword="chu-so-huu", canPrint=0)
    data = make_pdf(encrypt=restricted)
    info = inspect_pdf(data)
    assert info.page_count == 3
    assert info.is_encrypted
    assert "chuyển đổi số" in extract_text(data)


@needs_font
def test_text_extraction_finds_vietnamese_words(pdfium_calls):
    text = extract_text(make_pdf())
    assert "chuyển đổi số" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert_all_released(*pdfium_calls)


@needs_font
def test_text_is_one_part_per_page_with_whitespace_normalised():
    pages = extract_text(make_pdf()).split(PAGE_SEPARATOR)
    assert len(pages) == 3
    assert pages[0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nKế hoạch chuyển đổi số năm 2026"
    # pdfium joins a line ending in a hyphen to the next; a document number must keep its hyphen.
    assert pages[1] == "Số: 15/QĐ-UBND ngày 02 tháng 3 năm 2026"
    assert pages[2] == "Nơi nhận:\nLưu: VT."


@needs_font
def test_text_is_in_nfc():
    import unicodedata

    text = extract_text(make_pdf())
    assert unicodedata.is_normalized("NFC", text)


def test_text_stops_at_max_pages():
    text = extract_text(make_pdf(), max_pages=2)
    assert text.count(PAGE_SEPARATOR) == 1
    assert "Lưu" not in text


def test_text_stops_at_max_chars():
    data = make_pdf()
    full = extract_text(data)
    for limit in (0, 5, 40, len(full) - 1, len(full), len(full) + 10):
        text = extract_text(data, max_chars=limit)
        assert len(text) <= limit
        assert full.startswith(text)
    assert extract_text(data, max_chars=len(full)) == full


def test_bad_limits_are_programming_errors():
    with pytest.raises(ValueError):
        extract_text(make_pdf(), max_pages=0)
    with pytest.raises(ValueError):
        extract_text(make_pdf(), max_chars=-1)


@needs_font
def test_a_page_that_fails_is_left_empty_and_the_others_kept(monkeypatch, pdfium_calls):
    real_get_page = pdfium.PdfDocument.get_page

    def get_page(document, index):
        if index == 1:
            raise pdfium.PdfiumError("Failed to load page.")
        return real_get_page(document, index)

    monkeypatch.setattr(pdfium.PdfDocument, "get_page", get_page)
    pages = extract_text(make_pdf()).split(PAGE_SEPARATOR)
    assert len(pages) == 3
    assert "chuyển đổi số" in pages[0]
    assert pages[1] == ""
    assert pages[2] == "Nơi nhận:\nLưu: VT."
    assert_all_released(*pdfium_calls)


def read_png(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and the decompressed scanlines, checking the signature and every chunk's CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, chunks = 8, []
    while offset < len(data):
        (length,) = struct.unpack_from(">I", data, offset)
        kind, body = data[offset + 4 : offset + 8], data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack_from(">I", data, offset + 8 + length)
        assert crc == zlib.crc32(kind + body)
        chunks.append((kind, body))
        offset += 12 + length
    assert [kind for kind, _ in chunks][0] == b"IHDR"
    assert chunks[-1] == (b"IEND", b"")
    width, height, depth, colour, _, _, _ = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (depth, colour) == (8, 2)
    return width, height, zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))


def test_page_preview_is_a_png_of_the_page(pdfium_calls):
    png = render_page_png(make_pdf(), 0)
    width, height, scanlines = read_png(png)
    assert width == 900
    assert height == pytest.approx(900 * A4[1] / A4[0], abs=1)
    assert len(scanlines) == height * (1 + 3 * width)
    assert 1_000 < len(png) < 500_000
    rows = [scanlines[y * (1 + 3 * width) + 1 : (y + 1) * (1 + 3 * width)] for y in range(height)]
    assert rows[0] == b"\xff" * 3 * width  # white margin
    assert any(min(row) < 100 for row in rows[120:160])  # dark text about 100 pt from the top
    assert_all_released(*pdfium_calls)


def test_page_preview_decodes_with_pillow():
    image_module = pytest.importorskip("PIL.Image")
    image = image_module.open(io.BytesIO(render_page_png(make_pdf(), 2, width_px=300)))
    image.load()
    assert image.size[0] == 300
    assert image.mode == "RGB"


def test_preview_of_a_long_strip_is_capped_in_height():
    width, height, _ = read_png(render_page_png(make_pdf(pagesize=(200, 5000)), 0, width_px=100))
    assert height <= 400
    assert width == 16


@pytest.mark.parametrize("page_index", [3, 99, -1])
def test_preview_of_a_missing_page_is_refused(page_index, pdfium_calls):
    with pytest.raises(CorruptPdf) as caught:
        render_page_png(make_pdf(), page_index)
    assert caught.value.code == "pdf_corrupt"
    assert caught.value.message == f"Tệp PDF có 3 trang, không có trang {page_index + 1}."
    assert_all_released(*pdfium_calls)


def test_preview_width_is_checked():
    with pytest.raises(ValueError):
        render_page_png(make_pdf(), 0, width_px=0)
    with pytest.raises(ValueError):
        render_page_png(make_pdf(), 0, width_px=10_000)


def test_concurrent_use_from_threads_gives_the_same_results():
    documents = [make_pdf(), make_pdf(pages=PAGES[:1]), make_pdf(pages=PAGES[1:])]
    expected = [extract_text(data) for data in documents]
    results: dict[int, list[str]] = {}
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            results[worker] = [extract_text(data) for data in documents * 3]
            render_page_png(documents[worker % 3], 0, width_px=200)
        except BaseException as exc:  # collected and re-raised in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert all(texts == expected * 3 for texts in results.values())
