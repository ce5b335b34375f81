"""Generated signature appearances for the demo and tests: a blue handwritten-looking signature and
a red round seal with the agency's name around its rim, both PNG on a transparent background.

Real deployments upload the scanned signature and seal (credential_set_image); these stand in for
them so the demo's signed PDFs look like Decree 30 App. I, box 7 (signature) and box 8 (seal).
"""

import io
import math
import zlib

from PIL import Image, ImageDraw, ImageFont

from edesk.documents.register_print.fonts import find_serif_font

SIGNATURE_BLUE = (20, 40, 170, 255)
SEAL_RED = (218, 30, 40, 255)
SEAL_SIZE_PX = 600  # 36 mm at ~420 dpi: sharp when printed at real size


def _font(size: int, *, italic: bool = False, bold: bool = False) -> ImageFont.FreeTypeFont:
    serif = find_serif_font()
    path = (
        serif.bold_italic
        if italic and bold
        else serif.italic
        if italic
        else serif.bold
        if bold
        else serif.regular
    )
    return ImageFont.truetype(str(path), size)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def signature_png(name: str) -> bytes:
    """A blue signature for `name`: the given name in italic with a flourish under it, 3:1."""
    width, height = 600, 200
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    given = name.split()[-1] if name.split() else name
    font = _font(110, italic=True)
    box = draw.textbbox((0, 0), given, font=font)
    text_w = box[2] - box[0]
    x = max(10, (width - text_w) // 2 - 20)
    draw.text((x, 5), given, font=font, fill=SIGNATURE_BLUE)
    # The same name always gets the same flourish; different names look different.
    seed = zlib.crc32(name.encode())
    amplitude = 10 + seed % 12
    phase = (seed >> 8) % 628 / 100
    points = [
        (
            x - 20 + i * (text_w + 80) / 60,
            150 + amplitude * math.sin(phase + i / 6) - i * 0.6,
        )
        for i in range(61)
    ]
    draw.line(points, fill=SIGNATURE_BLUE, width=6, joint="curve")
    return _png(image)


def seal_png(agency_name: str) -> bytes:
    """A red round seal: two rims, the agency's name in capitals around the top, a star inside."""
    size = SEAL_SIZE_PX
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    centre = size / 2
    outer = size / 2 - 8
    draw.ellipse((8, 8, size - 8, size - 8), outline=SEAL_RED, width=14)
    inner = outer * 0.66
    draw.ellipse((centre - inner, centre - inner, centre + inner, centre + inner), outline=SEAL_RED, width=6)
    text = agency_name.upper()
    font = _font(max(26, min(54, int(1500 / max(len(text), 1)))), bold=True)
    radius = (outer + inner) / 2 - 10
    # The name runs clockwise across about 300 degrees, centred on the top of the seal.
    span = math.radians(min(300, 12 * len(text)))
    for i, char in enumerate(text):
        angle = -math.pi / 2 - span / 2 + span * (i + 0.5) / len(text)
        glyph = Image.new("RGBA", (90, 90), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((45, 45), char, font=font, fill=SEAL_RED, anchor="mm")
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.Resampling.BICUBIC)
        x = centre + radius * math.cos(angle) - 45
        y = centre + radius * math.sin(angle) - 45
        image.alpha_composite(glyph, (int(x), int(y)))
    # A five-pointed star (serif fonts have no ★ glyph).
    star = [
        (
            centre + (inner * (0.6 if k % 2 == 0 else 0.24)) * math.cos(-math.pi / 2 + k * math.pi / 5),
            centre + (inner * (0.6 if k % 2 == 0 else 0.24)) * math.sin(-math.pi / 2 + k * math.pi / 5),
        )
        for k in range(10)
    ]
    draw.polygon(star, fill=SEAL_RED)
    return _png(image)
