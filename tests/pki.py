"""Test PKI: one development CA per test session, credentials for the cast, Decree-30-like PDFs.

RSA key generation is the slow part (~50-200 ms a key), so keys are generated once per session and
reused: each certificate is new, its key may be shared.
"""

from __future__ import annotations

import io
import itertools
import threading
from pathlib import Path

from edesk.signing import devca
from edesk.signing.images import seal_png, signature_png

_KEYS: list = []
_KEY_LOCK = threading.Lock()
_key_counter = itertools.count()
_POOL_SIZE = 6
_IMAGES: dict[tuple[str, str], bytes] = {}


def pooled_key():
    """A session-cached RSA-2048 key (a small pool, handed out round-robin)."""
    with _KEY_LOCK:
        if len(_KEYS) < _POOL_SIZE:
            _KEYS.append(devca.new_key())
            return _KEYS[-1]
        return _KEYS[next(_key_counter) % _POOL_SIZE]


def fresh_key():
    """A key no other credential in the session uses (for "other key" forgeries)."""
    return devca.new_key()


def session_ca(directory: Path) -> devca.DevCA:
    return devca.DevCA.create(directory, key_factory=pooled_key)


def _image(kind: str, name: str) -> bytes:
    if (kind, name) not in _IMAGES:
        _IMAGES[(kind, name)] = signature_png(name) if kind == "sig" else seal_png(name)
    return _IMAGES[(kind, name)]


def make_person_credential(ca: devca.DevCA, user, *, pin: str = "123456", expired: bool = False, actor=None):
    from edesk.documents.services import Upload
    from edesk.signing import services

    name = user.get_full_name() or user.username
    key = pooled_key()
    key, cert = ca.issue_expired(name, key=key) if expired else ca.issue_person(name, key=key)
    data = devca.pkcs12_bytes(key, cert, ca.chain, pin)
    png = _image("sig", name)
    return services.credential_import_pkcs12(
        actor=actor,
        user=user,
        data=data,
        pin=pin,
        image=Upload("chu-ky.png", io.BytesIO(png), len(png)),
    )


def make_agency_credential(ca: devca.DevCA, agency, *, pin: str = "654321", actor=None):
    from edesk.documents.services import Upload
    from edesk.signing import services

    key, cert = ca.issue_agency(agency.name, code=getattr(agency, "code", ""), key=pooled_key())
    data = devca.pkcs12_bytes(key, cert, ca.chain, pin)
    png = _image("seal", agency.name)
    return services.credential_import_pkcs12(
        actor=actor,
        agency=agency,
        data=data,
        pin=pin,
        image=Upload("con-dau.png", io.BytesIO(png), len(png)),
        image_width_mm=36,
        keep_pin=True,
    )


MM = 72 / 25.4


def signable_pdf(
    signer_name: str,
    pages: int = 1,
    notation: str = "QĐ-UBND",
    *,
    agency: str = "SỞ TÀI CHÍNH",
    parent: str = "UBND THÀNH PHỐ HUẾ",
    position: str = "CHỦ TỊCH",
    authority: str = "TM. ỦY BAN NHÂN DÂN",
) -> bytes:
    """A Decree 30 App. I-like decision: header, "Số:      /<notation>", the place and blank date,
    title, body (spread over `pages`), the authority and position, blank space, the signer's name."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from edesk.documents.register_print.fonts import find_serif_font

    font = _fonts(find_serif_font())
    width, height = A4
    left, right = 30 * MM, width - 15 * MM
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setTitle("Quyết định")
    top = height - 20 * MM
    c.setFont(font["r"], 13)
    c.drawCentredString(left + 40 * MM, top, parent)
    c.setFont(font["b"], 13)
    c.drawCentredString(left + 40 * MM, top - 16, agency)
    c.setFont(font["b"], 12)
    c.drawCentredString(right - 52 * MM, top, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    c.setFont(font["b"], 13)
    c.drawCentredString(right - 52 * MM, top - 16, "Độc lập - Tự do - Hạnh phúc")
    c.setFont(font["r"], 13)
    c.drawCentredString(left + 40 * MM, top - 44, f"Số:        /{notation}")
    c.setFont(font["i"], 13)
    c.drawCentredString(right - 52 * MM, top - 44, "Huế, ngày      tháng      năm 2026")
    c.setFont(font["b"], 14)
    c.drawCentredString(width / 2, top - 90, "QUYẾT ĐỊNH")
    c.drawCentredString(width / 2, top - 108, "Về việc phê duyệt kế hoạch chuyển đổi số năm 2026")
    y = top - 150
    lines_per_page = 34
    body_lines = max(8, (pages - 1) * lines_per_page + 8)
    page = 1
    c.setFont(font["r"], 13)
    for i in range(body_lines):
        if y < 30 * MM:
            c.showPage()
            page += 1
            c.setFont(font["r"], 13)
            c.drawCentredString(width / 2, height - 12 * MM, str(page))
            y = height - 25 * MM
        c.drawString(
            left + 12, y, f"Điều {i + 1}. Nội dung quy định tại điều này được thực hiện theo kế hoạch."
        )
        y -= 19
    if y < 75 * MM:
        c.showPage()
        page += 1
        y = height - 25 * MM
    # The signature block, right column (Decree 30 App. I, boxes 7a-7c).
    x = right - 45 * MM
    c.setFont(font["b"], 11)
    c.drawString(left, y - 10, "Nơi nhận:")
    c.setFont(font["b"], 13)
    if authority:
        c.drawCentredString(x, y - 10, authority)
        y -= 16
    c.drawCentredString(x, y - 10, position)
    c.drawCentredString(x, y - 10 - 30 * MM, signer_name)
    c.showPage()
    c.save()
    return buf.getvalue()


def _fonts(serif) -> dict[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = {"r": "pki-serif", "b": "pki-serif-bold", "i": "pki-serif-italic"}
    paths = {"r": serif.regular, "b": serif.bold, "i": serif.italic}
    for k, name in names.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(paths[k])))
    return names
