"""Vietnamese text helpers: diacritic-insensitive forms for search and comparison."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# đ/Đ are letters of their own, not a d with a combining mark, so NFD leaves them alone.
_D_TABLE = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(value: str) -> str:
    """Compose text to NFC: input from old Windows PCs often arrives decomposed (NFD)."""
    return unicodedata.normalize("NFC", value)


def strip_diacritics(value: str) -> str:
    """'Quyết định chuyển đổi số' → 'Quyet dinh chuyen doi so'."""
    decomposed = unicodedata.normalize("NFD", value.translate(_D_TABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(value: str) -> str:
    """Lower-case, diacritic-free, single-spaced: the form search and duplicate checks compare."""
    return _SPACES.sub(" ", strip_diacritics(value).casefold()).strip()


def squash(value: str) -> str:
    """Collapse runs of white space and trim; keeps diacritics."""
    return _SPACES.sub(" ", nfc(value)).strip()
