"""How signatures and the number/date fields look on the page (Decree 30 App. I boxes 7 and 8).

The leader's signature shows their blue signature image; the agency's shows the red seal at its real
size; an attachment's agency signature shows a line of text at the top right. The number and date
are text fields whose appearance, once filled, is an opaque white box covering the placeholder line
with the text in Liberation Serif (metric-compatible with Times New Roman), the font embedded.
"""

from __future__ import annotations

import io
import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

import uharfbuzz as hb
from fontTools import subset, ttLib
from PIL import Image
from pyhanko.pdf_utils import generic, layout
from pyhanko.pdf_utils.font.api import FontEngine
from pyhanko.pdf_utils.font.opentype import (
    CIDFontType2,
    GlyphAccumulator,
    GlyphAccumulatorFactory,
    _read_ps_name,
)
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


_LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF")
# Read once when a font is first used, so engines sharing the parsed font only ever read it.
_EAGER_TABLES = ("head", "hhea", "maxp", "OS/2", "post", "name", "cmap", "hmtx", "loca", "glyf")
_PROGRAMS_KEPT = 256


class _SharedFont:
    """A TrueType font parsed once per process and shared, read-only, by every font engine.

    pyHanko's GlyphAccumulator parses the font file for each text box (~10-40 ms: metrics, glyph
    set) and then subsets it in place to embed it (~15-40 ms). Here the parse is done once, and
    the embedded subset of a set of glyphs is made from a fresh copy, compressed, and kept (the
    same notation, dates and times reuse the same few glyphs).
    """

    def __init__(self, path: str) -> None:
        with open(path, "rb") as fh:
            self.data = fh.read()
        self.tt = ttLib.TTFont(io.BytesIO(self.data))
        for tag in _EAGER_TABLES:
            if tag in self.tt:
                self.tt[tag]  # noqa: B018 - decompiled now, not lazily by concurrent readers
        self.glyph_set = self.tt.getGlyphSet(preferCFF=True)
        self.ps_name = _read_ps_name(self.tt)
        self.units_per_em = self.tt["head"].unitsPerEm
        self.face = hb.Face(self.data)
        self._programs: OrderedDict[tuple[int, ...], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def program(self, gids: tuple[int, ...]) -> bytes:
        """The font subset holding `gids` (glyph ids kept), zlib-compressed, as embedded."""
        with self._lock:
            found = self._programs.get(gids)
            if found is not None:
                self._programs.move_to_end(gids)
                return found
        tt = ttLib.TTFont(io.BytesIO(self.data))
        # Dropped from the embedded font anyway; deleted unread (parsing them costs ~25 ms).
        for tag in _LAYOUT_TABLES:
            if tag in tt:
                del tt[tag]
        # The options of pyHanko's GlyphAccumulator._extract_subset for TrueType fonts.
        options = subset.Options(layout_closure=False)
        options.drop_tables += list(_LAYOUT_TABLES)
        options.retain_gids = True
        subsetter = subset.Subsetter(options=options)
        subsetter.populate(gids=list(gids))
        subsetter.subset(tt)
        out = io.BytesIO()
        tt.save(out)
        compressed = zlib.compress(out.getvalue())
        with self._lock:
            self._programs[gids] = compressed
            while len(self._programs) > _PROGRAMS_KEPT:
                self._programs.popitem(last=False)
        return compressed


@lru_cache(maxsize=8)
def _shared_font(path: str) -> _SharedFont:
    return _SharedFont(path)


class _SubsetCIDFont(CIDFontType2):
    """Embeds the shared font's cached subset for the glyphs the engine used."""

    def __init__(self, shared: _SharedFont, subset_prefix: str) -> None:
        super().__init__(shared.tt, shared.ps_name, subset_prefix)
        self.shared = shared
        self.gids: tuple[int, ...] = ()

    def set_font_file(self, writer):
        stream = generic.StreamObject(
            {pdf_name("/Filter"): pdf_name("/FlateDecode")}, encoded_data=self.shared.program(self.gids)
        )
        ref = writer.add_object(stream)
        self._font_descriptor[pdf_name("/FontFile2")] = ref
        return ref


class _Em1000Accumulator(GlyphAccumulator):
    """pyHanko 0.38 writes glyph widths (/W) and TJ adjustments in the font's own units, which PDF
    reads as thousandths of an em: right only for fonts of 1000 units per em. Liberation (like
    Times New Roman) has 2048, so text came out spaced twice too wide. Here HarfBuzz is asked for
    positions in thousandths, and widths are scaled to match.

    Built on a _SharedFont instead of parsing the file (GlyphAccumulator.__init__ is replaced; its
    attributes are set as pyHanko 0.38 sets them for a TrueType font)."""

    def __init__(self, *, writer, shared: _SharedFont, font_size, obj_stream=None) -> None:
        FontEngine.__init__(
            self, writer, shared.ps_name, embedded_subset=True, obj_stream=obj_stream, font_size=font_size
        )
        self.hb_font = hb.Font(shared.face)
        self.hb_font.scale = (1000, 1000)
        self.tt = shared.tt
        self._font_ref = writer.allocate_placeholder()
        self.cidfont_obj = self._subset_font = _SubsetCIDFont(shared, self.subset_prefix)
        self.cff_charset = None
        self.use_raw_gids = True
        self.features = None
        self.units_per_em = 1000
        self._em_scale = 1000 / shared.units_per_em
        self._glyphs: dict[int, tuple[int, int]] = {}
        self._glyph_set = shared.glyph_set
        self._cid_to_unicode: dict[int, str] = {}
        self._GlyphAccumulator__reverse_cmap = None
        self.ot_language_tag = self.ot_script_tag = None
        self.writing_direction = self.bcp47_lang_code = None
        self._subset_created = self._write_prepared = False

    def _get_cid_and_width(self, glyph_id: int) -> tuple[int, int]:
        found = self._glyphs.get(glyph_id)
        if found is None:
            glyph = self._glyph_set[self.tt.getGlyphName(glyph_id)]
            # TrueType: CID = glyph id (pyHanko's Identity mapping), width scaled to 1/1000 em.
            found = self._glyphs[glyph_id] = (glyph_id, round(glyph.width * self._em_scale))
        return found

    def _extract_subset(self, options=None) -> None:
        # The shared parsed font must stay whole: the subset is made from a copy (cached).
        self._subset_font.gids = tuple(sorted(self._glyphs))


class SerifFontFactory(GlyphAccumulatorFactory):
    """GlyphAccumulatorFactory with correct metrics for fonts of any units per em, sharing one
    parsed copy of each font file per process."""

    def create_font_engine(self, writer, obj_stream=None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return _Em1000Accumulator(
            writer=writer,
            shared=_shared_font(str(self.font_file)),
            font_size=self.font_size,
            obj_stream=obj_stream,
        )


@lru_cache(maxsize=64)
def _image(sha256: str) -> Image.Image:
    with storage.open_blob(sha256) as fh:
        image = Image.open(io.BytesIO(fh.read()))
        image.load()
    return image.convert("RGBA") if image.mode != "RGBA" else image


@dataclass(frozen=True)
class _EncodedImage:
    """An RGBA image as the two Flate-compressed streams of a PDF image XObject (colour, and its
    alpha as the soft mask), encoded once per image file: compressing a 600 px seal costs ~20 ms."""

    width: int
    height: int
    rgb: bytes
    alpha: bytes


@lru_cache(maxsize=64)
def _encoded_image(sha256: str) -> _EncodedImage:
    image = _image(sha256)
    return _EncodedImage(
        image.width,
        image.height,
        zlib.compress(image.convert("RGB").tobytes()),
        zlib.compress(image.getchannel("A").tobytes()),
    )


def _image_xobject(writer, encoded: _EncodedImage, *, colour_space: str, data: bytes, smask=None):
    entries = {
        pdf_name("/Type"): pdf_name("/XObject"),
        pdf_name("/Subtype"): pdf_name("/Image"),
        pdf_name("/Width"): generic.NumberObject(encoded.width),
        pdf_name("/Height"): generic.NumberObject(encoded.height),
        pdf_name("/ColorSpace"): pdf_name(colour_space),
        pdf_name("/BitsPerComponent"): generic.NumberObject(8),
        pdf_name("/Filter"): pdf_name("/FlateDecode"),
    }
    if smask is not None:
        entries[pdf_name("/SMask")] = smask
    return writer.add_object(generic.StreamObject(entries, encoded_data=data))


class _StoredImage(PdfImage):
    """pyHanko's PdfImage, its XObject written from the image file's cached encoding (the same
    objects pyHanko's pil_image writes for an RGBA image)."""

    def __init__(self, sha256: str) -> None:
        super().__init__(_image(sha256))
        self.sha256 = sha256

    @property
    def image_ref(self) -> generic.IndirectObject:
        assert self.writer is not None
        ref = self._image_ref
        if ref is None or ref.get_pdf_handler() is not self.writer:
            encoded = _encoded_image(self.sha256)
            smask = _image_xobject(self.writer, encoded, colour_space="/DeviceGray", data=encoded.alpha)
            ref = _image_xobject(
                self.writer, encoded, colour_space="/DeviceRGB", data=encoded.rgb, smask=smask
            )
            self._image_ref = ref
        return ref


def credential_image(credential: Credential) -> Image.Image | None:
    return _image(credential.image_id) if credential.image_id else None


def image_aspect(credential: Credential) -> float:
    image = credential_image(credential)
    return image.width / image.height if image is not None else 3.0


def image_style(credential: Credential) -> StaticStampStyle | None:
    """The signature's appearance: its image, scaled into the field's box; None without an image."""
    if not credential.image_id:
        return None
    return StaticStampStyle(
        background=_StoredImage(credential.image_id),
        border_width=0,
        background_opacity=1,
        background_layout=_CENTRED,
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
