"""The registers as PDF: cover page, then the ruled table, on landscape A4 with Decree 30 margins."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import TypeAlias
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    LongTable,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)
from reportlab.platypus.flowables import HRFlowable

from edesk.core.text import nfc

from .fonts import RegisteredFont, register_serif_font
from .layouts import RegisterCover, RegisterLayout, RowT, cell_text, column_numbers, cover_lines

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
# Decree 30/2020, Appendix I: top and bottom 20 mm, left 30 mm (binding edge), right 15 mm.
MARGIN_TOP = MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
BODY_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
BODY_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

FONT_SIZE = 11
LEADING = 13
PADDING = 3
PAGE_NUMBER_SIZE = 13
# Splitting a table at a page break rebuilds a table of all the rows left over, so one table of
# 10,000 rows costs O(rows x pages). Tables of this many rows keep that rebuild cheap.
CHUNK_ROWS = 200


class _CellParagraph(Paragraph):
    """A Paragraph that lays its lines out once per width.

    A table re-measures its rows after every page break and again while drawing them; breaking
    lines does not depend on the height offered, so the previous layout is reused.
    """

    _laid_out_for: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (reportlab API)
        if availWidth != self._laid_out_for:
            super().wrap(availWidth, availHeight)
            self._laid_out_for = availWidth
        return self.width, self.height


CellValue: TypeAlias = str | Paragraph


class _Styles:
    """Paragraph styles for one registered font."""

    def __init__(self, font: RegisteredFont) -> None:
        def style(name: str, size: float, *, bold: bool = False, align: int = TA_CENTER) -> ParagraphStyle:
            # Table text uses the table's leading so one-line string cells and wrapped
            # Paragraph cells sit on the same baselines.
            leading = LEADING if size == FONT_SIZE else size * 1.2
            font_name = font.bold if bold else font.regular
            return ParagraphStyle(name, fontName=font_name, fontSize=size, leading=leading, alignment=align)

        self.font = font
        self.cell = {"left": style("cell-left", FONT_SIZE, align=TA_LEFT), "center": style("cell", FONT_SIZE)}
        self.header = style("header", FONT_SIZE, bold=True)
        self.cover = {
            "parent": style("cover-parent", 13),
            "agency": style("cover-agency", 13, bold=True),
            "title": style("cover-title", 26, bold=True),
            "year": style("cover-year", 16, bold=True),
            "detail": style("cover-detail", 14),
        }


def _frame(frame_id: str, height: float) -> Frame:
    """A frame filling the width between the margins, resting on the bottom margin."""
    return Frame(
        MARGIN_LEFT,
        MARGIN_BOTTOM,
        BODY_WIDTH,
        height,
        id=frame_id,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )


# Space above each cover line, by role; the first "detail" line gets the larger gap that separates
# the title block from the date and number ranges.
_COVER_SPACE = {"parent": 0.0, "agency": 0.0, "title": 45 * mm, "year": 5 * mm, "detail": 3 * mm}
_COVER_DETAIL_GAP = 35 * mm


def _cover_story(cover: RegisterCover, styles: _Styles) -> list[Flowable]:
    story: list[Flowable] = []
    previous = ""
    for text, role in cover_lines(cover):
        space = _COVER_DETAIL_GAP if role == "detail" and previous != "detail" else _COVER_SPACE[role]
        story.append(Spacer(1, space))
        story.append(Paragraph(escape(text), styles.cover[role]))
        if role == "agency":
            # The short rule under the agency name, as on Decree 30 letterheads.
            story.append(Spacer(1, 1.5 * mm))
            story.append(HRFlowable(width=40 * mm, thickness=0.6, color=colors.black, hAlign="CENTER"))
        previous = role
    return story


class _Cells:
    """Turns formatted cell text into table cells for one layout.

    Paragraph objects are slow to lay out, and most cells (numbers, dates, short names) fit on one
    line; only text wider than its column, or with line breaks, becomes a wrapping Paragraph.
    """

    def __init__(self, layout: RegisterLayout[RowT], styles: _Styles) -> None:
        total = sum(layout.widths)
        self.col_widths = [BODY_WIDTH * width / total for width in layout.widths]
        self.inner = [width - 2 * PADDING for width in self.col_widths]
        self.styles = [styles.cell[column.align] for column in layout.columns]
        self.font = styles.font.regular

    def _fits_one_line(self, text: str, index: int) -> bool:
        return "\n" not in text and stringWidth(text, self.font, FONT_SIZE) <= self.inner[index]

    def row(self, texts: Iterable[str]) -> list[CellValue]:
        cells: list[CellValue] = []
        for index, text in enumerate(texts):
            if not text or self._fits_one_line(text, index):
                cells.append(text)
            else:
                markup = escape(text).replace("\n", "<br/>")
                cells.append(_CellParagraph(markup, self.styles[index]))
        return cells


def _table_style(layout: RegisterLayout[RowT], font_name: str, *, header: bool) -> list[tuple]:
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), font_name, FONT_SIZE, LEADING),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE" if header else "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PADDING + 1),
    ]
    if header:
        commands.append(("ALIGN", (0, 0), (-1, -1), "CENTER"))
    else:
        for index, column in enumerate(layout.columns):
            if column.align == "center":
                commands.append(("ALIGN", (index, 0), (index, -1), "CENTER"))
    return commands


def _header_table(layout: RegisterLayout[RowT], styles: _Styles, col_widths: list[float]) -> LongTable:
    header: list[CellValue] = [Paragraph(escape(text), styles.header) for text in layout.headers]
    numbers: list[CellValue] = list(column_numbers(layout))
    style = _table_style(layout, styles.font.regular, header=True)
    return LongTable([header, numbers], colWidths=col_widths, style=style)


class _BodyTable(LongTable):
    """A chunk of register rows that splits a row across pages only when it must.

    Rows normally move whole to the next page. A row taller than an entire page (a very long
    note) cannot, so splitting inside a row is switched on only when the table is offered a
    full page; otherwise a chunk starting low on a page would cut its first row in two.
    """

    full_height: float = 0.0

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 (reportlab API)
        self.splitInRow = int(availHeight >= self.full_height - 1)
        return super().split(availWidth, availHeight)

    def onSplit(self, T: Flowable, byRow: int = 1) -> None:  # noqa: N802, N803 (reportlab API)
        T.full_height = self.full_height


def _body_tables(
    layout: RegisterLayout[RowT], rows: Iterable[RowT], cells: _Cells, full_height: float
) -> Iterator[LongTable]:
    style = _table_style(layout, cells.font, header=False)

    def table(body: list[list[CellValue]]) -> _BodyTable:
        chunk = _BodyTable(body, colWidths=cells.col_widths, style=style)
        chunk.full_height = full_height
        return chunk

    body: list[list[CellValue]] = []
    for row in rows:
        body.append(cells.row(cell_text(value) for value in layout.row_cells(row)))
        if len(body) == CHUNK_ROWS:
            yield table(body)
            body = []
    if body:
        yield table(body)


class _RegisterPage(PageTemplate):
    """A register page: the page number and the column header are drawn here, not by the tables.

    The body is cut into many tables for speed; if each carried repeatRows headers, a table
    starting mid-page would print its header there. Drawing the header with the page puts it
    exactly once at the top of every page.
    """

    def __init__(self, header: LongTable, font: RegisteredFont) -> None:
        _, self.header_height = header.wrap(BODY_WIDTH, BODY_HEIGHT)
        self.body_height = BODY_HEIGHT - self.header_height
        self.header = header
        self.font = font
        super().__init__(id="register", frames=[_frame("register", self.body_height)])

    def beforeDrawPage(self, canvas: Canvas, doc: BaseDocTemplate) -> None:  # noqa: N802 (reportlab API)
        canvas.saveState()
        # Decree 30: page numbers in Arabic numerals, centred in the top margin, from page 2 on
        # (page 1 is the cover, which uses the other template).
        canvas.setFont(self.font.regular, PAGE_NUMBER_SIZE)
        canvas.drawCentredString(MARGIN_LEFT + BODY_WIDTH / 2, PAGE_HEIGHT - 13 * mm, str(doc.page))
        self.header.drawOn(canvas, MARGIN_LEFT, PAGE_HEIGHT - MARGIN_TOP - self.header_height)
        canvas.restoreState()


def render_pdf(layout: RegisterLayout[RowT], cover: RegisterCover, rows: Iterable[RowT]) -> bytes:
    """Render a register as a PDF: cover page, then the table with its header on every page.

    A4 landscape with Decree 30 margins, dates as dd/mm/yyyy, long text wrapped in its cell.
    Raises PdfFontUnavailable when the server has no Times-compatible font.
    """
    styles = _Styles(register_serif_font())
    cells = _Cells(layout, styles)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"{nfc(cover.register_title)} - Năm {cover.year}",
        author=nfc(cover.agency_name),
        creator="edesk",
    )
    register_page = _RegisterPage(_header_table(layout, styles, cells.col_widths), styles.font)
    doc.addPageTemplates([PageTemplate(id="cover", frames=[_frame("cover", BODY_HEIGHT)]), register_page])
    story = _cover_story(cover, styles)
    # The empty Spacer makes the first register page exist even for a register with no rows.
    story += [NextPageTemplate("register"), PageBreak(), Spacer(1, 0)]
    story.extend(_body_tables(layout, rows, cells, register_page.body_height))
    doc.build(story)
    return buffer.getvalue()
