"""One-page official documents in the Decree 30/2020/NĐ-CP layout, as PDF, for the demo files.

Boxes as in App. I: Quốc hiệu and Tiêu ngữ top right, the issuing agency (superior above) top left
with Số, ký hiệu under it, place and date in italics, type name and trích yếu centred, the body,
"Nơi nhận" bottom left and the signing authority bottom right. Everything is drawn from the text it is
given, so the file's extracted text matches what the register says about the document.
"""

import io
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph

from edesk.documents.register_print.fonts import register_serif_font

PAGE_W, PAGE_H = A4
LEFT, RIGHT, TOP, BOTTOM = 30 * mm, 20 * mm, 20 * mm, 20 * mm
TEXT_W = PAGE_W - LEFT - RIGHT
URGENCY_STAMPS = {1: "KHẨN", 2: "THƯỢNG KHẨN", 3: "HỎA TỐC"}
_LETTER_TYPES = frozenset({"Công văn", "Thư công"})


@dataclass(frozen=True)
class Letter:
    issuer: str
    number_notation: str
    place: str
    issued: date
    doc_type_label: str
    subject: str
    body: str
    signer_position: str
    signer_name: str
    superior: str = ""
    urgency: int = 0
    # A draft leaves the date blank ("Huế, ngày      tháng      năm 2026") for the clerk to fill.
    date_text: str = ""


def decree30_date(place: str, day: date) -> str:
    """'Huế, ngày 05 tháng 11 năm 2026': days below 10 and months 1–2 take a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def authority_lines(position: str, issuer: str) -> list[str]:
    """The signing block: a deputy signs 'KT.' for the head; a UBND chairman signs 'TM.' the committee."""
    position = position.strip()
    if position.startswith("Phó "):
        return [f"KT. {position[4:].upper()}", position.upper()]
    if issuer.upper().startswith(("UBND", "ỦY BAN NHÂN DÂN")) and position == "Chủ tịch":
        return ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    return [position.upper()]


def _styles(regular: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=regular, fontSize=13, leading=16)
    return {
        "center12": ParagraphStyle("c12", parent=base, fontSize=12, leading=14.5, alignment=TA_CENTER),
        "center13": ParagraphStyle("c13", parent=base, alignment=TA_CENTER),
        "title": ParagraphStyle("t", parent=base, fontSize=14, leading=17, alignment=TA_CENTER),
        "body": ParagraphStyle(
            "b", parent=base, alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceBefore=6, leading=17
        ),
        "heading": ParagraphStyle("h", parent=base, alignment=TA_CENTER, spaceBefore=6),
        "recipients": ParagraphStyle("r", parent=base, fontSize=11, leading=13, alignment=TA_LEFT),
    }


def _draw(c: canvas.Canvas, para: Paragraph, x: float, top: float, width: float) -> float:
    """Draw `para` with its top at `top`; return the y just under it."""
    _, height = para.wrapOn(c, width, PAGE_H)
    para.drawOn(c, x, top - height)
    return top - height


def _split_body(body: str) -> tuple[list[str], list[str]]:
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    if "Nơi nhận:" in lines:
        cut = lines.index("Nơi nhận:")
        return lines[:cut], lines[cut + 1 :]
    return lines, []


def _header(c: canvas.Canvas, letter: Letter, s: dict[str, ParagraphStyle]) -> float:
    left_w, right_w = 75 * mm, 95 * mm
    right_x = PAGE_W - RIGHT - right_w
    top = PAGE_H - TOP
    # The right column first: signing looks for the first "ngày" of the page as the date line, and
    # a "V/v …" subject under the number may contain that word too.
    r = _draw(c, Paragraph("<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>", s["center12"]), right_x, top, right_w)
    r = _draw(c, Paragraph("<b>Độc lập - Tự do - Hạnh phúc</b>", s["center13"]), right_x, r, right_w)
    c.line(right_x + 22 * mm, r - 2, right_x + right_w - 22 * mm, r - 2)
    place_date = escape(letter.date_text or decree30_date(letter.place, letter.issued))
    r = _draw(c, Paragraph(f"<i>{place_date}</i>", s["center13"]), right_x, r - 10, right_w)
    y = top
    if letter.superior:
        y = _draw(c, Paragraph(escape(letter.superior.upper()), s["center12"]), LEFT - 12 * mm, y, left_w)
    y = _draw(
        c, Paragraph(f"<b>{escape(letter.issuer.upper())}</b>", s["center12"]), LEFT - 12 * mm, y, left_w
    )
    centre = LEFT - 12 * mm + left_w / 2
    c.line(centre - 12 * mm, y - 2, centre + 12 * mm, y - 2)
    y = _draw(
        c, Paragraph(f"Số: {escape(letter.number_notation)}", s["center13"]), LEFT - 12 * mm, y - 8, left_w
    )
    if letter.doc_type_label in _LETTER_TYPES:
        subject = f"V/v {letter.subject.removeprefix('V/v ')}"
        y = _draw(c, Paragraph(escape(subject), s["center12"]), LEFT - 12 * mm, y - 4, left_w)
    stamp = URGENCY_STAMPS.get(letter.urgency)
    if stamp:
        c.saveState()
        c.setStrokeColorRGB(0.8, 0, 0)
        c.setFillColorRGB(0.8, 0, 0)
        c.setFont(s["center13"].fontName, 13)
        c.rect(centre - 20 * mm, y - 24, 40 * mm, 8 * mm)
        c.drawCentredString(centre, y - 18, stamp)
        c.restoreState()
        y -= 28
    return min(y, r) - 14


def render_letter(letter: Letter) -> bytes:
    """The letter as a one-page A4 PDF; body paragraphs that do not fit on the page are left out."""
    font = register_serif_font()
    s = _styles(font.regular)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, pageCompression=1)
    c.setTitle(f"{letter.doc_type_label} {letter.number_notation}")
    c.setAuthor(letter.issuer)
    y = _header(c, letter, s)
    if letter.doc_type_label not in _LETTER_TYPES:
        y = _draw(
            c, Paragraph(f"<b>{escape(letter.doc_type_label.upper())}</b>", s["title"]), LEFT, y, TEXT_W
        )
        y = _draw(c, Paragraph(f"<b>{escape(letter.subject)}</b>", s["title"]), LEFT, y - 2, TEXT_W) - 6
    body, recipients = _split_body(letter.body)
    signature_h = 40 * mm
    for line in body:
        # Section words such as "QUYẾT ĐỊNH:" and headings such as "I. MỤC ĐÍCH, YÊU CẦU" stand bold.
        text = f"<b>{escape(line)}</b>" if line.isupper() else escape(line)
        para = Paragraph(text, s["heading"] if line.endswith(":") and line.isupper() else s["body"])
        _, height = para.wrapOn(c, TEXT_W, PAGE_H)
        if y - height - 6 < BOTTOM + signature_h:
            break
        para.drawOn(c, LEFT, y - height - 6)
        y -= height + 6
    y -= 10
    left = _draw(c, Paragraph("<b><i>Nơi nhận:</i></b>", s["recipients"]), LEFT, y, 70 * mm)
    for line in recipients:
        left = _draw(c, Paragraph(escape(line), s["recipients"]), LEFT, left, 70 * mm)
    sign_x, sign_w = PAGE_W - RIGHT - 80 * mm, 80 * mm
    for line in authority_lines(letter.signer_position, letter.issuer):
        y = _draw(c, Paragraph(f"<b>{escape(line)}</b>", s["center13"]), sign_x, y, sign_w)
    _draw(c, Paragraph(f"<b>{escape(letter.signer_name)}</b>", s["center13"]), sign_x, y - 22 * mm, sign_w)
    c.showPage()
    c.save()
    return buf.getvalue()
