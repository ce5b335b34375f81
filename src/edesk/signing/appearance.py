"""How signatures and the number/date fields look on the page (Decree 30 App. I boxes 7 and 8).

The leader's signature shows their blue signature image; the agency's shows the red seal at its real
size; an attachment's agency signature shows a line of text at the top right. The number and date
are text fields whose appearance, once filled, is an opaque white box covering the placeholder line
with the text in Liberation Serif (metric-compatible with Times New Roman), the font embedded.
"""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image
from pyhanko.pdf_utils import generic, layout
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.text import TextBox, TextBoxStyle
from pyhanko.pdf_utils.writer import init_xobject_dictionary
from pyhanko.stamp import StaticStampStyle, TextStampStyle

from edesk.core import storage
from edesk.documents.register_print.fonts import find_serif_font
from edesk.signing.models import Credential

_CENTRED = layout.SimpleBoxLayoutRule(
    x_align=layout.AxisAlignment.ALIGN_MID,
    y_align=layout.AxisAlignment.ALIGN_MID,
    margins=layout.Margins.uniform(0),
    inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT,
)
_TOP_RIGHT = layout.SimpleBoxLayoutRule(
    x_align=layout.AxisAlignment.ALIGN_MAX,
    y_align=layout.AxisAlignment.ALIGN_MAX,
    margins=layout.Margins.uniform(0),
    inner_content_scaling=layout.InnerScaling.NO_SCALING,
)


class _Em1000Accumulator(GlyphAccumulator):
    """pyHanko 0.38 writes glyph widths (/W) and TJ adjustments in the font's own units, which PDF
    reads as thousandths of an em: right only for fonts of 1000 units per em. Liberation (like
    Times New Roman) has 2048, so text came out spaced twice too wide. Here HarfBuzz is asked for
    positions in thousandths, and widths are scaled to match."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._em_scale = 1000 / self.units_per_em
        self.units_per_em = 1000
        self.hb_font.scale = (1000, 1000)
        self._scaled: set[int] = set()

    def _get_cid_and_width(self, glyph_id: int) -> tuple[int, int]:
        cid, width = super()._get_cid_and_width(glyph_id)
        if glyph_id not in self._scaled:
            width = round(width * self._em_scale)
            self._glyphs[glyph_id] = (cid, width)
            self._scaled.add(glyph_id)
        return cid, width


class SerifFontFactory(GlyphAccumulatorFactory):
    """GlyphAccumulatorFactory with correct metrics for fonts of any units per em."""

    def create_font_engine(self, writer, obj_stream=None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return _Em1000Accumulator(
            writer=writer,
            font_handle=open(self.font_file, "rb"),  # noqa: SIM115 - read when the subset is written
            font_size=self.font_size,
            ot_script_tag=self.ot_script_tag,
            ot_language_tag=self.ot_language_tag,
            writing_direction=self.writing_direction,
            bcp47_lang_code=self.bcp47_lang_code,
            obj_stream=obj_stream,
        )


@lru_cache(maxsize=64)
def _image(sha256: str) -> Image.Image:
    with storage.open_blob(sha256) as fh:
        image = Image.open(io.BytesIO(fh.read()))
        image.load()
    return image.convert("RGBA") if image.mode != "RGBA" else image


def credential_image(credential: Credential) -> Image.Image | None:
    return _image(credential.image_id) if credential.image_id else None


def image_aspect(credential: Credential) -> float:
    image = credential_image(credential)
    return image.width / image.height if image is not None else 3.0


def image_style(credential: Credential) -> StaticStampStyle | None:
    """The signature's appearance: its image, scaled into the field's box; None without an image."""
    image = credential_image(credential)
    if image is None:
        return None
    return StaticStampStyle(
        background=PdfImage(image), border_width=0, background_opacity=1, background_layout=_CENTRED
    )


def name_style(signer_name: str) -> TextStampStyle:
    """For a credential without an image: "Đã ký: <name>" in blue italic serif, centred, no border."""
    size = 11
    font = SerifFontFactory(serif_path(italic=True), font_size=size)
    return TextStampStyle(
        stamp_text="Đã ký: " + signer_name.replace("%", "%%"),
        text_box_style=TextBoxStyle(
            font=font, font_size=size, box_layout_rule=_CENTRED, text_color=(0.08, 0.16, 0.67)
        ),
        border_width=0,
        background=None,
        inner_content_layout=_CENTRED,
    )


def serif_path(*, italic: bool = False) -> str:
    font = find_serif_font()
    return str(font.italic if italic else font.regular)


def text_style(font_size: float = 10) -> TextStampStyle:
    """A line of black text, top-right aligned in its box, no border, no background."""
    size = round(font_size)
    font = SerifFontFactory(serif_path(), font_size=size)
    return TextStampStyle(
        stamp_text="%(text)s",
        text_box_style=TextBoxStyle(font=font, font_size=size, box_layout_rule=_TOP_RIGHT),
        border_width=0,
        background=None,
        inner_content_layout=_TOP_RIGHT,
    )


def filled_field_appearance(
    writer, *, text: str, width: float, height: float, font_size: float, italic: bool
) -> generic.IndirectObject:
    """A form XObject: white box over the whole field (hiding the placeholder), text centred."""
    size = round(font_size)
    style = TextBoxStyle(
        font=SerifFontFactory(serif_path(italic=italic), font_size=size),
        font_size=size,
        box_layout_rule=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(0),
            inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT,
        ),
    )
    box = TextBox(style, writer, box=layout.BoxConstraints(width=width, height=height))
    box.content = text
    commands = b"q 1 1 1 rg 0 0 %g %g re f Q " % (width, height) + box.render()
    xobject = init_xobject_dictionary(commands, width, height, box.resources.as_pdf_object())
    return writer.add_object(xobject)


def empty_appearance(writer, *, width: float, height: float) -> generic.IndirectObject:
    return writer.add_object(init_xobject_dictionary(b"", width, height, generic.DictionaryObject()))


__all__ = [
    "credential_image",
    "empty_appearance",
    "filled_field_appearance",
    "image_aspect",
    "image_style",
    "pdf_name",
    "text_style",
]
