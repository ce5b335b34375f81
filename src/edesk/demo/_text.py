"""Small text helpers shared by the demo data modules (pure Python, no Django)."""

import re
import unicodedata

_D_TABLE = str.maketrans({"đ": "d", "Đ": "D"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")


def nfc(value: str) -> str:
    """Compose to NFC, the only form the demo data hands out."""
    return unicodedata.normalize("NFC", value)


def ascii_fold(value: str) -> str:
    """'Nguyễn Đức Hòa' → 'Nguyen Duc Hoa' (đ is a letter of its own, so it is mapped by hand)."""
    decomposed = unicodedata.normalize("NFD", value.translate(_D_TABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slug(value: str) -> str:
    """'Phường Vỹ Dạ' → 'phuong-vy-da'."""
    return _NON_ALNUM.sub("-", ascii_fold(value).lower()).strip("-")


def initials(value: str) -> str:
    """Upper-case first letters without tone marks, keeping Đ: 'Ban Quản lý dự án Đông Ấn' → 'BQLDAĐA'."""
    letters = []
    for word in value.replace("–", " ").replace("-", " ").replace(",", " ").split():
        first = word[0]
        letters.append("Đ" if first in "Đđ" else ascii_fold(first).upper())
    return "".join(letters)


def tidy(value: str) -> str:
    """Collapse white space, drop spaces before punctuation, NFC-compose."""
    text = _SPACES.sub(" ", value).strip()
    text = text.replace(" ,", ",").replace(" ;", ";").replace(" .", ".")
    return nfc(text)


def cap_first(value: str) -> str:
    return value[:1].upper() + value[1:]
