"""The registers as XLSX: a cover sheet and the register sheet, streamed with a write-only workbook."""

from __future__ import annotations

import io
from collections.abc import Iterable
from copy import copy
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from edesk.core.text import nfc

from .layouts import Cell, CoverStyle, RegisterCover, RegisterLayout, RowT, column_numbers, cover_lines

FONT_NAME = "Times New Roman"
FONT_SIZE = 12
DATE_NUMBER_FORMAT = "dd/mm/yyyy"
COVER_SHEET = "Bìa"
# Excel widths count characters of the default font; about 150 of them span the printable width
# of landscape A4, the same paper the PDF uses.
TOTAL_WIDTH_CHARS = 150
HEADER_ROWS = 2
MM_PER_INCH = 25.4
# Decree 30 margins (top/bottom 20 mm, left 30 mm, right 15 mm); Excel wants inches.
MARGINS = PageMargins(
    left=30 / MM_PER_INCH,
    right=15 / MM_PER_INCH,
    top=20 / MM_PER_INCH,
    bottom=20 / MM_PER_INCH,
    header=10 / MM_PER_INCH,
    footer=10 / MM_PER_INCH,
)

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_COVER_FONTS: dict[CoverStyle, Font] = {
    "parent": Font(name=FONT_NAME, size=13),
    "agency": Font(name=FONT_NAME, size=13, bold=True),
    "title": Font(name=FONT_NAME, size=24, bold=True),
    "year": Font(name=FONT_NAME, size=16, bold=True),
    "detail": Font(name=FONT_NAME, size=14),
}
# Blank rows written before each cover line, mirroring the spacing of the PDF cover.
_COVER_GAP: dict[CoverStyle, int] = {"parent": 0, "agency": 0, "title": 4, "year": 0, "detail": 0}


def _landscape_a4(ws: WriteOnlyWorksheet) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_margins = MARGINS
    # Fit all columns on the page width and let the rows run on to as many pages as they need.
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _write_cover(ws: WriteOnlyWorksheet, cover: RegisterCover) -> None:
    _landscape_a4(ws)
    ws.print_options.horizontalCentered = True
    ws.column_dimensions["A"].width = TOTAL_WIDTH_CHARS
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    previous: CoverStyle | None = None
    for text, role in cover_lines(cover):
        gap = 3 if role == "detail" and previous != "detail" else _COVER_GAP[role]
        for _ in range(gap):
            ws.append([None])
        cell = WriteOnlyCell(ws, text)
        cell.font = _COVER_FONTS[role]
        cell.alignment = centred
        ws.append([cell])
        previous = role


class _Styler:
    """Builds styled write-only cells for one register's columns.

    Setting font, alignment and border on each cell makes openpyxl hash every style object per
    cell, which dominated the time of a 10,000-row register. Each distinct look is built once on
    a probe cell and its StyleArray (openpyxl's per-cell style indices) is copied onto new cells.
    """

    def __init__(self, ws: WriteOnlyWorksheet, layout: RegisterLayout[RowT]) -> None:
        self.ws = ws
        centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.header = self._style(Font(name=FONT_NAME, size=FONT_SIZE, bold=True), centred)
        self.number = self._style(Font(name=FONT_NAME, size=FONT_SIZE), centred)
        font = Font(name=FONT_NAME, size=FONT_SIZE)
        aligns = [Alignment(horizontal=c.align, vertical="top", wrap_text=True) for c in layout.columns]
        self.text = [self._style(font, align) for align in aligns]
        # date, not datetime: registers carry calendar days, shown the Vietnamese way.
        self.dates = [self._style(font, align, DATE_NUMBER_FORMAT) for align in aligns]

    def _style(self, font: Font, alignment: Alignment, number_format: str | None = None) -> StyleArray:
        probe = WriteOnlyCell(self.ws)
        probe.font = font
        probe.alignment = alignment
        probe.border = _BORDER
        if number_format:
            probe.number_format = number_format
        return probe._style

    def cell(self, value: Cell, style: StyleArray) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws, nfc(value) if isinstance(value, str) else value)
        cell._style = copy(style)
        return cell

    def row(self, values: tuple[Cell, ...]) -> list[WriteOnlyCell]:
        return [
            self.cell(value, self.dates[i] if isinstance(value, date) else self.text[i])
            for i, value in enumerate(values)
        ]


def _write_register(ws: WriteOnlyWorksheet, layout: RegisterLayout[RowT], rows: Iterable[RowT]) -> None:
    _landscape_a4(ws)
    total = sum(layout.widths)
    for index, width in enumerate(layout.widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = round(TOTAL_WIDTH_CHARS * width / total, 1)
    ws.freeze_panes = f"A{HEADER_ROWS + 1}"
    ws.print_title_rows = f"1:{HEADER_ROWS}"
    # Decree 30: page number centred at the top of the page.
    ws.oddHeader.center.text = "&P"
    ws.oddHeader.center.font = f"{FONT_NAME},Regular"
    ws.oddHeader.center.size = 13

    styler = _Styler(ws, layout)
    ws.append([styler.cell(header, styler.header) for header in layout.headers])
    ws.append([styler.cell(number, styler.number) for number in column_numbers(layout)])
    for row in rows:
        ws.append(styler.row(layout.row_cells(row)))


def render_xlsx(layout: RegisterLayout[RowT], cover: RegisterCover, rows: Iterable[RowT]) -> bytes:
    """Render a register as an XLSX workbook: a "Bìa" (cover) sheet, then the register sheet.

    The register sheet has a bold header row, a "(1) (2) …" column-number row, frozen headers
    that also repeat on every printed page, wrapped text, and real Excel dates (dd/mm/yyyy).
    Rows are streamed, so large registers do not sit in memory as cell objects.
    """
    workbook = Workbook(write_only=True)
    _write_cover(workbook.create_sheet(COVER_SHEET), cover)
    _write_register(workbook.create_sheet(layout.sheet_title), layout, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
