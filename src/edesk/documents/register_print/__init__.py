"""Printable registers (sổ đăng ký) in the columns of Decree 30/2020/NĐ-CP, Appendix IV.

Pure: callers build the rows from their models and get PDF or XLSX bytes back.
"""

from .fonts import PdfFontUnavailable, SerifFont, find_serif_font
from .layouts import (
    FOLLOW_UP,
    INCOMING,
    OUTGOING,
    Column,
    FollowUpRow,
    IncomingRow,
    OutgoingRow,
    RegisterCover,
    RegisterLayout,
)
from .pdf import render_pdf
from .xlsx import render_xlsx

__all__ = [
    "FOLLOW_UP",
    "INCOMING",
    "OUTGOING",
    "Column",
    "FollowUpRow",
    "IncomingRow",
    "OutgoingRow",
    "PdfFontUnavailable",
    "RegisterCover",
    "RegisterLayout",
    "SerifFont",
    "find_serif_font",
    "render_pdf",
    "render_xlsx",
]
