"""What the registers contain: cover, row types and the column layouts of Decree 30 Appendix IV.

The PDF and XLSX writers both read these definitions, so a column added here shows up in both.
Nothing here knows about Django models; callers build the rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Generic, Literal, TypeVar

from edesk.core.text import nfc

# A cell before formatting: dates stay dates so the spreadsheet can store real Excel dates.
Cell = str | int | date | None
Align = Literal["left", "center"]
RowT = TypeVar("RowT")

DATE_FORMAT = "%d/%m/%Y"
# What a printed register shows where a value is still to be filled in by hand.
BLANK = ".........."


@dataclass(frozen=True, slots=True)
class RegisterCover:
    """The cover page (bìa sổ) of a register."""

    agency_name: str
    parent_agency_name: str | None
    register_title: str
    year: int
    from_date: date | None
    to_date: date | None
    from_number: int | None
    to_number: int | None
    volume: int = 1


@dataclass(frozen=True, slots=True)
class IncomingRow:
    """One line of the incoming register (sổ đăng ký văn bản đến)."""

    arrival_date: date
    arrival_number: int
    author: str
    number_notation: str
    doc_date: date | None
    type_and_subject: str
    recipient: str
    transfer_date: date | None
    signature: str
    note: str


@dataclass(frozen=True, slots=True)
class FollowUpRow:
    """One line of the incoming follow-up register (sổ theo dõi giải quyết văn bản đến)."""

    arrival_number: int
    doc_summary: str
    recipient: str
    deadline: date | None
    progress: str
    reply_number_notation: str
    note: str


@dataclass(frozen=True, slots=True)
class OutgoingRow:
    """One line of the outgoing register (sổ đăng ký văn bản đi)."""

    number_notation: str
    doc_date: date | None
    type_and_subject: str
    signer: str
    recipients: str
    file_copy_holder: str
    copies: int | None
    transfer_date: date | None
    signature: str
    note: str


@dataclass(frozen=True, slots=True)
class Column:
    """A register column: its printed header, relative width and horizontal alignment."""

    header: str
    width: float
    align: Align = "left"


@dataclass(frozen=True, slots=True)
class RegisterLayout(Generic[RowT]):
    """One register's shape, shared by the PDF and XLSX writers.

    `widths` are relative (they are written in millimetres of the 252 mm printable width of
    landscape A4, but writers scale them to whatever width they have).
    """

    title: str
    sheet_title: str
    columns: tuple[Column, ...]
    cells: Callable[[RowT], tuple[Cell, ...]]

    @property
    def headers(self) -> tuple[str, ...]:
        """The column headers, left to right."""
        return tuple(column.header for column in self.columns)

    @property
    def widths(self) -> tuple[float, ...]:
        """The relative column widths, left to right."""
        return tuple(column.width for column in self.columns)

    def row_cells(self, row: RowT) -> tuple[Cell, ...]:
        """The cells of one row, checked against the column count so a bad layout fails loudly."""
        cells = self.cells(row)
        if len(cells) != len(self.columns):
            raise ValueError(f"{self.title}: {len(cells)} cells for {len(self.columns)} columns")
        return cells


def format_date(value: date | None) -> str:
    """dd/mm/yyyy, the way Vietnamese registers write dates; empty for a missing date."""
    return value.strftime(DATE_FORMAT) if value is not None else ""


def cell_text(value: Cell) -> str:
    """A cell as printed text. Text is composed to NFC because the PDF font does no shaping."""
    if value is None:
        return ""
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, int):
        return str(value)
    return nfc(value)


def column_numbers(layout: RegisterLayout[RowT]) -> tuple[str, ...]:
    """'(1)', '(2)', … — the numbering row printed registers carry under the headers."""
    return tuple(f"({index})" for index in range(1, len(layout.columns) + 1))


CoverStyle = Literal["parent", "agency", "title", "year", "detail"]


def cover_lines(cover: RegisterCover) -> list[tuple[str, CoverStyle]]:
    """The cover's text lines, top to bottom, each with the role that decides its typeface."""
    lines: list[tuple[str, CoverStyle]] = []
    if cover.parent_agency_name:
        lines.append((nfc(cover.parent_agency_name).upper(), "parent"))
    lines.append((nfc(cover.agency_name).upper(), "agency"))
    lines.append((nfc(cover.register_title).upper(), "title"))
    lines.append((f"Năm {cover.year}", "year"))
    from_date = format_date(cover.from_date) or BLANK
    to_date = format_date(cover.to_date) or BLANK
    lines.append((f"Từ ngày {from_date} đến ngày {to_date}", "detail"))
    from_number = BLANK if cover.from_number is None else str(cover.from_number)
    to_number = BLANK if cover.to_number is None else str(cover.to_number)
    lines.append((f"Từ số {from_number} đến số {to_number}", "detail"))
    lines.append((f"Quyển số: {cover.volume}", "detail"))
    return lines


def _incoming_cells(row: IncomingRow) -> tuple[Cell, ...]:
    return (
        row.arrival_date,
        row.arrival_number,
        row.author,
        row.number_notation,
        row.doc_date,
        row.type_and_subject,
        row.recipient,
        row.transfer_date,
        row.signature,
        row.note,
    )


def _follow_up_cells(row: FollowUpRow) -> tuple[Cell, ...]:
    return (
        row.arrival_number,
        row.doc_summary,
        row.recipient,
        row.deadline,
        row.progress,
        row.reply_number_notation,
        row.note,
    )


def _outgoing_cells(row: OutgoingRow) -> tuple[Cell, ...]:
    return (
        row.number_notation,
        row.doc_date,
        row.type_and_subject,
        row.signer,
        row.recipients,
        row.file_copy_holder,
        row.copies,
        row.transfer_date,
        row.signature,
        row.note,
    )


# Date columns are 22 mm because "00/00/0000" at 11 pt plus cell padding needs about 21.5 mm.
INCOMING: RegisterLayout[IncomingRow] = RegisterLayout(
    title="SỔ ĐĂNG KÝ VĂN BẢN ĐẾN",
    sheet_title="Sổ đăng ký văn bản đến",
    columns=(
        Column("Ngày đến", 22, "center"),
        Column("Số đến", 14, "center"),
        Column("Tác giả", 30),
        Column("Số, ký hiệu", 27),
        Column("Ngày tháng văn bản", 22, "center"),
        Column("Tên loại và trích yếu nội dung", 55),
        Column("Đơn vị hoặc người nhận", 30),
        Column("Ngày chuyển", 22, "center"),
        Column("Ký nhận", 15),
        Column("Ghi chú", 15),
    ),
    cells=_incoming_cells,
)

FOLLOW_UP: RegisterLayout[FollowUpRow] = RegisterLayout(
    title="SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN",
    sheet_title="Sổ theo dõi giải quyết",
    columns=(
        Column("Số đến", 15, "center"),
        Column("Tên loại, số, ký hiệu, ngày tháng văn bản, cơ quan ban hành", 80),
        Column("Đơn vị/người nhận", 35),
        Column("Thời hạn giải quyết", 24, "center"),
        Column("Tiến độ giải quyết", 40),
        Column("Số, ký hiệu văn bản trả lời", 33),
        Column("Ghi chú", 25),
    ),
    cells=_follow_up_cells,
)

OUTGOING: RegisterLayout[OutgoingRow] = RegisterLayout(
    title="SỔ ĐĂNG KÝ VĂN BẢN ĐI",
    sheet_title="Sổ đăng ký văn bản đi",
    columns=(
        Column("Số, ký hiệu văn bản", 27),
        Column("Ngày tháng văn bản", 22, "center"),
        Column("Tên loại và trích yếu nội dung văn bản", 56),
        Column("Người ký", 28),
        Column("Nơi nhận văn bản", 30),
        Column("Đơn vị, người nhận bản lưu", 26),
        Column("Số lượng bản", 14, "center"),
        Column("Ngày chuyển", 22, "center"),
        Column("Ký nhận", 12),
        Column("Ghi chú", 15),
    ),
    cells=_outgoing_cells,
)
