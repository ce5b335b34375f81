"""PDF files through pdfium: checks on upload, text for search, page previews.

pdfium is not thread-safe, and this code runs in threaded web servers and long-lived workers: every
pdfium call holds PDFIUM_LOCK, and every pdfium object is closed explicitly rather than left to
the garbage collector, whose finalizers would call pdfium from whichever thread runs them.
"""

import re
import struct
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edesk.core.errors import UserError
from edesk.core.text import nfc, squash

# Any other code in the process that calls pdfium must hold this lock too.
PDFIUM_LOCK = threading.Lock()

PAGE_SEPARATOR = "\n\f\n"
MAX_PREVIEW_WIDTH_PX = 4000
# A long strip (a scanned roll, a mis-sized page) at full width could need gigabytes of pixels.
_MAX_PREVIEW_HEIGHT_RATIO = 4

_PASSWORD_ERRORS = frozenset({pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY})
_NOT_ENCRYPTED = -1  # what FPDF_GetSecurityHandlerRevision returns for a document without encryption
# Readers look for %%EOF in the last 1024 bytes; NUL padding and line breaks after it are harmless.
_EOF_WINDOW = 1024
_TRAILING_PADDING = b"\x00\t\n\r\f "
_MAX_TRAILING_PADDING = 64 * 1024

# pdfium marks a word hyphenated across a line break with U+0002 in place of "-" and the break.
# Vietnamese does not split syllables, so such a hyphen is a real one, as in a number like
# "15/QĐ-UBND" wrapped after "QĐ-": restore it rather than join the halves.
_PDFIUM_LINE_HYPHEN = "\x02"
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1b\x7f\ufffe\uffff]")
_INLINE_SPACE = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")


class CorruptPdf(UserError):
    code = "pdf_corrupt"
    default_message = gettext_lazy("Tệp PDF bị hỏng hoặc không đọc được.")


class EncryptedPdf(UserError):
    code = "pdf_encrypted"
    default_message = gettext_lazy("Tệp PDF được đặt mật khẩu; hãy gửi bản không đặt mật khẩu.")


@dataclass(frozen=True)
class PdfInfo:
    """`is_encrypted` is True only for a file that opens without a password but is encrypted
    (an owner password restricting printing or copying); one that needs a password is refused."""

    page_count: int
    is_encrypted: bool = False
    title: str | None = None


def inspect_pdf(data: bytes) -> PdfInfo:
    """Check that `data` is a complete, readable PDF with at least one page, and describe it.

    Raises CorruptPdf or EncryptedPdf with a message for the user.
    """
    if not _has_eof_marker(data):
        # A file cut short in transit loses its end; pdfium can often rebuild what is left and
        # open it with pages silently missing, so the missing end marker is the reliable sign.
        raise CorruptPdf()
    with PDFIUM_LOCK, _open(data) as document:
        _load_first_page(document)
        return PdfInfo(
            page_count=len(document),
            is_encrypted=pdfium_c.FPDF_GetSecurityHandlerRevision(document) != _NOT_ENCRYPTED,
            title=_title(document),
        )


def extract_text(data: bytes, *, max_pages: int = 500, max_chars: int = 2_000_000) -> str:
    """The text of the first `max_pages` pages, joined by PAGE_SEPARATOR and cut at `max_chars`.

    Whitespace is normalised within each page. A page whose text cannot be read contributes an
    empty string, so the n-th part of the result is still the n-th page. Raises CorruptPdf or
    EncryptedPdf only when the document as a whole cannot be opened.
    """
    if max_pages < 1 or max_chars < 0:
        raise ValueError("max_pages must be positive and max_chars not negative")
    parts: list[str] = []
    budget = max_chars
    with PDFIUM_LOCK, _open(data) as document:
        for index in range(min(len(document), max_pages)):
            separator = len(PAGE_SEPARATOR) if parts else 0
            if budget < separator:
                break
            text = _normalise(_page_text(document, index))
            budget -= separator
            parts.append(text[:budget])
            budget -= len(parts[-1])
    return PAGE_SEPARATOR.join(parts)


def render_page_png(data: bytes, page_index: int, *, width_px: int = 900) -> bytes:
    """A PNG preview of page `page_index` (from 0), `width_px` wide.

    Raises CorruptPdf for a page the document does not have or cannot draw.
    """
    if not 1 <= width_px <= MAX_PREVIEW_WIDTH_PX:
        raise ValueError(f"width_px must be between 1 and {MAX_PREVIEW_WIDTH_PX}")
    with PDFIUM_LOCK, _open(data) as document:
        page_count = len(document)
        if not 0 <= page_index < page_count:
            raise CorruptPdf(
                _("Tệp PDF có %(count)s trang, không có trang %(page)s.")
                % {"count": page_count, "page": page_index + 1}
            )
        width, height, pixels = _render(document, page_index, width_px)
    # Encoded after the lock is released: other threads can use pdfium meanwhile.
    return _encode_png(pixels, width, height)


@contextmanager
def _open(data: bytes) -> Iterator[pdfium.PdfDocument]:
    """Open `data` with pdfium; the caller holds PDFIUM_LOCK.

    pypdfium2's own loader leaks the document when it has no pages and reports errors only as
    text, so load it here and hand the handle over.
    """
    # pdfium reads this memory in place: the reference held by this frame keeps it alive until
    # the document is closed.
    buffer = bytes(data)
    raw = pdfium_c.FPDF_LoadMemDocument64(buffer, len(buffer), None)
    if not raw:
        if pdfium_c.FPDF_GetLastError() in _PASSWORD_ERRORS:
            raise EncryptedPdf()
        raise CorruptPdf()
    document = pdfium.PdfDocument(raw)
    try:
        if len(document) < 1:
            raise CorruptPdf(_("Tệp PDF không có trang nào."))
        yield document
    finally:
        document.close()


def _has_eof_marker(data: bytes) -> bool:
    tail = data[-_MAX_TRAILING_PADDING - _EOF_WINDOW :].rstrip(_TRAILING_PADDING)
    return b"%%EOF" in tail[-_EOF_WINDOW:]


def _load_first_page(document: pdfium.PdfDocument) -> None:
    # The page tree can promise pages whose objects are missing; loading one proves the count is real
    # without paying for the whole document.
    try:
        document[0].close()
    except pdfium.PdfiumError as exc:
        raise CorruptPdf() from exc


def _title(document: pdfium.PdfDocument) -> str | None:
    try:
        return squash(document.get_metadata_value("Title")) or None
    except UnicodeDecodeError:
        return None  # a malformed title (a lone UTF-16 surrogate) is no reason to refuse the file


def _page_text(document: pdfium.PdfDocument, index: int) -> str:
    page = textpage = None
    try:
        page = document[index]
        textpage = page.get_textpage()
        # get_text_range() with no arguments redirects here with a warning (pypdfium2 >= 4.28),
        # because FPDFText_GetText miscounts some pages; ask for the bounded text directly.
        return textpage.get_text_bounded()
    except pdfium.PdfiumError:
        return ""  # one damaged page must not cost the whole document its search text
    finally:
        if textpage is not None:
            textpage.close()
        if page is not None:
            page.close()


def _normalise(text: str) -> str:
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace(_PDFIUM_LINE_HYPHEN, "-")
    lines = (_INLINE_SPACE.sub(" ", line).strip() for line in _CONTROL_CHARS.sub("", text).split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _render(document: pdfium.PdfDocument, page_index: int, width_px: int) -> tuple[int, int, bytes]:
    """Width, height and packed RGB rows of the rendered page."""
    page = bitmap = None
    try:
        page = document[page_index]
        page_width, page_height = page.get_size()
        if page_width <= 0 or page_height <= 0:
            raise CorruptPdf(
                _("Trang %(page)s của tệp PDF có kích thước không hợp lệ.") % {"page": page_index + 1}
            )
        scale = min(width_px / page_width, width_px * _MAX_PREVIEW_HEIGHT_RATIO / page_height)
        # A pdfium-allocated bitmap is freed by close(); the default Python-allocated one never
        # has its pdfium handle destroyed (pypdfium2 4.x), a leak a worker would accumulate.
        bitmap = page.render(
            scale=scale,
            rev_byteorder=True,  # RGB, as PNG stores it
            bitmap_maker=partial(pdfium.PdfBitmap.new_foreign, force_packed=True),
        )
        if bitmap.n_channels != 3 or bitmap.stride != bitmap.width * 3:
            raise RuntimeError(f"unexpected bitmap layout {bitmap.mode} stride {bitmap.stride}")
        return bitmap.width, bitmap.height, bytes(bitmap.buffer)
    except pdfium.PdfiumError as exc:
        raise CorruptPdf(
            _("Không hiển thị được trang %(page)s của tệp PDF.") % {"page": page_index + 1}
        ) from exc
    finally:
        if bitmap is not None:
            bitmap.close()
        if page is not None:
            page.close()


def _encode_png(rgb: bytes, width: int, height: int) -> bytes:
    """An 8-bit RGB PNG from packed rows; the stdlib suffices, so previews need no imaging library."""
    stride = width * 3
    rows = memoryview(rgb)
    # Each scanline starts with its filter type; 0 (none) compresses white pages well enough.
    scanlines = b"".join(b"\x00" + rows[y * stride : (y + 1) * stride] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits, truecolour, no interlace
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _png_chunk(b"IHDR", header),
            _png_chunk(b"IDAT", zlib.compress(scanlines, 6)),
            _png_chunk(b"IEND", b""),
        )
    )


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
