"""Finding and registering a serif font with Vietnamese glyphs for the PDF registers.

Decree 30 prescribes Times New Roman. Servers rarely have it, so the metric-compatible Liberation
Serif is preferred (column widths tuned for Times then fit), and DejaVu Serif is the last resort.
reportlab's built-in Times-Roman cannot be used: its encoding has no Vietnamese letters.
"""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from edesk.core.errors import UserError

FONT_DIR_ENV = "EDESK_PDF_FONT_DIR"
SEARCH_DIRS = (
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/dejavu"),
)
# (regular, bold, italic, bold italic) file names, best match first. The Times New Roman names
# cover fonts copied from Windows (times*.ttf) or macOS into EDESK_PDF_FONT_DIR.
FAMILIES = (
    (
        "LiberationSerif-Regular.ttf",
        "LiberationSerif-Bold.ttf",
        "LiberationSerif-Italic.ttf",
        "LiberationSerif-BoldItalic.ttf",
    ),
    ("times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf"),
    (
        "Times New Roman.ttf",
        "Times New Roman Bold.ttf",
        "Times New Roman Italic.ttf",
        "Times New Roman Bold Italic.ttf",
    ),
    ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf"),
)


class PdfFontUnavailable(UserError):
    """No Times-compatible font on the server, so no PDF can be produced."""

    # The fault is the server's installation, not the request: tell clients to retry later.
    status = 503
    code = "pdf_font_missing"
    default_message = (
        "Máy chủ chưa cài phông chữ tương thích Times New Roman (gói Debian fonts-liberation2); "
        "không thể xuất PDF."
    )


@dataclass(frozen=True, slots=True)
class SerifFont:
    """The font files of one serif family. Italic faces fall back to the upright ones."""

    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path


@dataclass(frozen=True, slots=True)
class RegisteredFont:
    """reportlab font names, usable in styles and in Paragraph <b>/<i> markup."""

    regular: str
    bold: str


def _search_dirs() -> list[Path]:
    override = os.environ.get(FONT_DIR_ENV, "").strip()
    return ([Path(override)] if override else []) + list(SEARCH_DIRS)


def find_serif_font() -> SerifFont:
    """Find a Times New Roman-compatible font with Vietnamese glyphs.

    Looks in $EDESK_PDF_FONT_DIR, then Liberation 2, Liberation 1 and DejaVu Serif; raises
    PdfFontUnavailable when none has at least a regular and a bold face.
    """
    for directory in _search_dirs():
        for regular, bold, italic, bold_italic in FAMILIES:
            regular_path, bold_path = directory / regular, directory / bold
            if not (regular_path.is_file() and bold_path.is_file()):
                continue
            italic_path = directory / italic
            bold_italic_path = directory / bold_italic
            return SerifFont(
                regular=regular_path,
                bold=bold_path,
                italic=italic_path if italic_path.is_file() else regular_path,
                bold_italic=bold_italic_path if bold_italic_path.is_file() else bold_path,
            )
    raise PdfFontUnavailable()


@lru_cache(maxsize=8)
def _register(font: SerifFont) -> RegisteredFont:
    # reportlab keeps one process-wide registry, so names derive from the file paths: two
    # different directories (say, after EDESK_PDF_FONT_DIR changes) never collide.
    family = f"edesk-serif-{zlib.crc32(str(font.regular).encode()):08x}"
    faces = {
        (0, 0): (f"{family}-r", font.regular),
        (1, 0): (f"{family}-b", font.bold),
        (0, 1): (f"{family}-i", font.italic),
        (1, 1): (f"{family}-bi", font.bold_italic),
    }
    for (bold, italic), (name, path) in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(path)))
        addMapping(family, bold, italic, name)
    return RegisteredFont(regular=faces[(0, 0)][0], bold=faces[(1, 0)][0])


def register_serif_font() -> RegisteredFont:
    """Find the serif font and register it with reportlab (once per process)."""
    return _register(find_serif_font())
