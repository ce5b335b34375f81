"""The files of the demo's outgoing drafts: the draft PDF as a specialist would upload it, an appendix,
and a Word version of a draft.

The draft is the Decree 30 letter of `letterhead` left open where the clerk and the system write
later: "Số:      /QĐ-STC" and "Huế, ngày      tháng      năm 2026" stay blank (signing puts form
fields over them; numbering fills them), and the space above the signer's name is empty (the
leader's signature image goes there, found from the name's line).
"""

import io
import random
import zipfile
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from edesk.demo import vocabulary as vocab
from edesk.demo.letterhead import Letter, render_letter
from edesk.documents.register_print.fonts import register_serif_font

GAP = "\u00a0" * 8  # the blanks the clerk fills; non-breaking, so the layout keeps them


def draft_letter(
    *,
    issuer: str,
    superior: str,
    notation: str,
    place: str,
    year: int,
    doc_type_label: str,
    subject: str,
    body: str,
    signer_position: str,
    signer_name: str,
    urgency: int = 0,
) -> bytes:
    """The draft's PDF: a one-page Decree 30 document with the number and the date left blank."""
    letter = Letter(
        issuer=issuer,
        superior=superior,
        number_notation=f"{GAP}/{notation}",
        place=place,
        issued=date(year, 1, 1),
        doc_type_label=doc_type_label,
        subject=subject,
        body=body,
        signer_position=signer_position,
        signer_name=signer_name,
        urgency=urgency,
        date_text=f"{place}, ngày{GAP}tháng{GAP}năm {year}",
    )
    return render_letter(letter)


def draft_body(
    rng: random.Random, subject: str, doc_type_label: str, year: int, recipients: list[str]
) -> str:
    """The body the letterhead lays out, its "Nơi nhận" the draft's real recipients."""
    text = vocab.extracted_text(rng, subject, 3, year=year, doc_type_name=doc_type_label)
    lines = text.splitlines()
    if "Nơi nhận:" in lines:
        lines = lines[: lines.index("Nơi nhận:")]
    return "\n".join([*lines, "Nơi nhận:", *(f"- {r};" for r in recipients)])


def appendix_pdf(title: str, subject: str, rows: list[tuple[str, str, str]]) -> bytes:
    """A separate appendix (phụ lục): its title, what it belongs to, and a small table."""
    font = register_serif_font()
    width, height = A4
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, pageCompression=1)
    c.setTitle(title)
    y = height - 30 * mm
    c.setFont(font.bold, 14)
    c.drawCentredString(width / 2, y, title.upper())
    c.setFont(font.regular, 12)
    y -= 18
    for line in _wrap(f"(Kèm theo văn bản {subject})", 90):
        c.drawCentredString(width / 2, y, line)
        y -= 15
    y -= 12
    columns = (25 * mm, 40 * mm, 140 * mm)
    c.setFont(font.bold, 12)
    for x, text in zip(columns, ("STT", "Nội dung", "Số liệu / ghi chú"), strict=True):
        c.drawString(x, y, text)
    c.line(25 * mm, y - 4, width - 20 * mm, y - 4)
    c.setFont(font.regular, 12)
    for index, (item, value, note) in enumerate(rows, start=1):
        y -= 18
        c.drawString(columns[0], y, str(index))
        c.drawString(columns[1], y, item[:60])
        c.drawString(columns[2], y, f"{value} {note}".strip()[:30])
    c.showPage()
    c.save()
    return buf.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/>'
    "</Relationships>"
)


def _paragraph(text: str, *, bold: bool = False, centre: bool = False, size: int = 26) -> str:
    props = '<w:jc w:val="center"/>' if centre else '<w:jc w:val="both"/>'
    run = '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>'
    run += ("<w:b/>" if bold else "") + f'<w:sz w:val="{size}"/>'
    return (
        f"<w:p><w:pPr>{props}</w:pPr><w:r><w:rPr>{run}</w:rPr>"
        f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
    )


def draft_docx(
    *, issuer: str, notation: str, place: str, year: int, title: str, subject: str, body: str
) -> bytes:
    """A Word version of a draft (WordprocessingML written directly: the demo needs no Word library);
    the server turns it into the PDF that is reviewed when LibreOffice is installed."""
    paragraphs = [
        _paragraph(issuer.upper(), bold=True, centre=True, size=24),
        _paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, centre=True, size=24),
        _paragraph("Độc lập - Tự do - Hạnh phúc", bold=True, centre=True),
        _paragraph(f"Số:{GAP}/{notation}", centre=True),
        _paragraph(f"{place}, ngày{GAP}tháng{GAP}năm {year}", centre=True),
        _paragraph(title.upper(), bold=True, centre=True, size=28),
        _paragraph(subject, bold=True, centre=True, size=28),
        *(_paragraph(line) for line in body.splitlines() if line.strip()),
    ]
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + "".join(paragraphs)
        + "</w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document)
    return buf.getvalue()
