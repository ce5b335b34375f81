"""Where things go on a Decree 30 page, found from the PDF's own text with pdfium.

Coordinates are PDF points from the page's bottom-left corner, boxes (left, bottom, right, top).
"""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from edesk.core.text import nfc
from edesk.documents.pdf import PDFIUM_LOCK, CorruptPdf

MM = 72 / 25.4
Box = tuple[float, float, float, float]
# The gap left for a signature when no position-title line is found above the name (Decree 30
# leaves about 25-30 mm); and how far above the name a title line may be.
_DEFAULT_GAP = 25 * MM
_MAX_GAP = 70 * MM


@dataclass(frozen=True)
class Placement:
    """A page (from 0) and a box on it, in PDF points."""

    page: int
    box: Box


@dataclass(frozen=True)
class TextLine:
    page: int
    box: Box
    font_size: float


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise CorruptPdf() from exc


def _find(textpage: pdfium.PdfTextPage, needle: str, *, last: bool) -> tuple[int, int] | None:
    searcher = textpage.search(nfc(needle), match_case=False, match_whole_word=False)
    found = None
    try:
        while (hit := searcher.get_next()) is not None:
            found = hit
            if not last:
                break
    finally:
        searcher.close()
    return found


def _span_box(textpage: pdfium.PdfTextPage, start: int, count: int) -> Box:
    boxes = [textpage.get_charbox(i) for i in range(start, start + count)]
    boxes = [b for b in boxes if b[2] > b[0] or b[3] > b[1]] or boxes  # spaces have empty boxes
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _rects(textpage: pdfium.PdfTextPage) -> list[Box]:
    return [textpage.get_rect(i) for i in range(textpage.count_rects())]


def _line_of(rects: list[Box], box: Box) -> Box:
    """The text run (line part) that contains `box`, else `box` itself."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    for rect in rects:
        if rect[0] - 1 <= cx <= rect[2] + 1 and rect[1] - 1 <= cy <= rect[3] + 1:
            return (min(rect[0], box[0]), min(rect[1], box[1]), max(rect[2], box[2]), max(rect[3], box[3]))
    return box


def _signer_gap(rects: list[Box], name: Box) -> tuple[float, float]:
    """(bottom, top) of the empty space above the name, up to the nearest line over it."""
    cx = (name[0] + name[2]) / 2
    above = [
        r for r in rects if r[1] > name[3] + 1 and r[0] - 2 <= cx <= r[2] + 2 and r[1] - name[3] < _MAX_GAP
    ]
    top = min((r[1] for r in above), default=name[3] + _DEFAULT_GAP)
    return name[3] + 1, top - 1


def find_signer_placement(pdf: bytes, signer_name: str) -> Placement | None:
    """The space between the signer's position title and name (searched from the last page), as a
    box centred on the name and as wide as the name column allows; None when the name is absent."""
    if not signer_name.strip():
        return None
    with PDFIUM_LOCK:
        document = _open(pdf)
        try:
            for index in reversed(range(len(document))):
                page = document[index]
                textpage = page.get_textpage()
                try:
                    hit = _find(textpage, signer_name.strip(), last=True)
                    if hit is None:
                        continue
                    name = _span_box(textpage, *hit)
                    bottom, top = _signer_gap(_rects(textpage), name)
                    page_width = page.get_width()
                finally:
                    textpage.close()
                    page.close()
                cx = (name[0] + name[2]) / 2
                half = min(cx, page_width - cx, 45 * MM)
                return Placement(index, (cx - half, bottom, cx + half, top))
        finally:
            document.close()
    return None


def _field_line(document: pdfium.PdfDocument, needle: str) -> TextLine | None:
    page = document[0]
    textpage = page.get_textpage()
    try:
        hit = _find(textpage, needle, last=False)
        if hit is None:
            return None
        box = _line_of(_rects(textpage), _span_box(textpage, *hit))
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, hit[0]) or 13.0
        return TextLine(0, box, round(float(size), 1))
    finally:
        textpage.close()
        page.close()


def find_number_lines(pdf: bytes) -> tuple[TextLine | None, TextLine | None]:
    """The "Số: …/…" line and the "<place>, ngày … tháng … năm …" line of the first page."""
    with PDFIUM_LOCK:
        document = _open(pdf)
        try:
            return _field_line(document, "Số:"), _field_line(document, "ngày")
        finally:
            document.close()


def fit_box(area: Box, *, width: float, aspect: float) -> Box:
    """A box `width` wide with the image's `aspect` (w/h), centred in `area`, shrunk to fit it."""
    area_w, area_h = area[2] - area[0], area[3] - area[1]
    w = min(width, area_w)
    h = w / aspect
    if h > area_h:
        h = area_h
        w = h * aspect
    cx, cy = (area[0] + area[2]) / 2, (area[1] + area[3]) / 2
    return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
