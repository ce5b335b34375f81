"""Identify an uploaded file by its content, never by its name.

A file is accepted only when its content is one of ALLOWED_KINDS and its name, if it has an
extension, agrees with that content: a program or an archive renamed to ``.pdf`` must not reach
a clerk's screen as if it were a document.
"""

import io
import re
import struct
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from edesk.core.errors import UserError
from edesk.core.text import nfc

ALLOWED_KINDS: frozenset[str] = frozenset({"pdf", "doc", "xls", "docx", "xlsx", "png", "jpeg", "tiff"})

# Read up front: every signature is at the start, and when an OLE2 file's directory cannot be walked
# its stream names are searched for here.
HEAD_SIZE = 64 * 1024

UNSUPPORTED_MESSAGE = gettext_lazy(
    "Định dạng tệp không được hỗ trợ. Chỉ nhận PDF, DOC/DOCX, XLS/XLSX, ảnh PNG/JPEG/TIFF."
)


class UnsupportedFileType(UserError):
    code = "file_type"
    default_message = UNSUPPORTED_MESSAGE


class EmptyFile(UserError):
    code = "file_empty"
    default_message = gettext_lazy("Tệp rỗng.")


@dataclass(frozen=True)
class FileKind:
    """What a file really is: `extension` is the canonical one, lower case, without the dot."""

    kind: str
    content_type: str
    extension: str


@dataclass(frozen=True)
class _Spec:
    content_type: str
    extensions: tuple[str, ...]  # the first is canonical
    name: str | Promise  # as a user calls a file with this extension: "PDF", "ảnh PNG"
    description: str | Promise  # what the content is, for "nội dung là …"


_SPECS: dict[str, _Spec] = {
    "pdf": _Spec("application/pdf", ("pdf",), "PDF", gettext_lazy("tài liệu PDF")),
    "doc": _Spec("application/msword", ("doc",), "DOC", gettext_lazy("tài liệu Word (DOC)")),
    "xls": _Spec("application/vnd.ms-excel", ("xls",), "XLS", gettext_lazy("bảng tính Excel (XLS)")),
    "docx": _Spec(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ("docx",),
        "DOCX",
        gettext_lazy("tài liệu Word (DOCX)"),
    ),
    "xlsx": _Spec(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ("xlsx",),
        "XLSX",
        gettext_lazy("bảng tính Excel (XLSX)"),
    ),
    # The same words as a name ("không phải là ảnh PNG hợp lệ") and as a content ("nội dung là ảnh
    # PNG"); the context keeps them apart for languages that need an article in the second.
    "png": _Spec("image/png", ("png",), gettext_lazy("ảnh PNG"), pgettext_lazy("content", "ảnh PNG")),
    "jpeg": _Spec(
        "image/jpeg", ("jpg", "jpeg"), gettext_lazy("ảnh JPEG"), pgettext_lazy("content", "ảnh JPEG")
    ),
    "tiff": _Spec(
        "image/tiff", ("tif", "tiff"), gettext_lazy("ảnh TIFF"), pgettext_lazy("content", "ảnh TIFF")
    ),
}
_KIND_BY_EXTENSION: dict[str, str] = {ext: kind for kind, spec in _SPECS.items() for ext in spec.extensions}

# Content we recognise but refuse; named so the error can tell the user what they actually sent.
_FOREIGN_DESCRIPTIONS: dict[str, str | Promise] = {
    "zip": gettext_lazy("tệp ZIP"),
    "damaged-zip": gettext_lazy("tệp nén bị hỏng hoặc không trọn vẹn"),
    "macro": gettext_lazy("tài liệu Office có macro"),
    "ole2": gettext_lazy("tệp Microsoft Office không phải Word hay Excel"),
    "exe": gettext_lazy("tệp chương trình (EXE)"),
    "elf": gettext_lazy("tệp chương trình (ELF)"),
    "rar": gettext_lazy("tệp nén RAR"),
    "7z": gettext_lazy("tệp nén 7z"),
    "gzip": gettext_lazy("tệp nén GZIP"),
    "gif": gettext_lazy("ảnh GIF"),
    "rtf": gettext_lazy("tài liệu RTF"),
}

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"II+\x00", "tiff"),  # BigTIFF, which large scans use
    (b"MM\x00+", "tiff"),
    (b"MZ", "exe"),
    (b"\x7fELF", "elf"),
    (b"Rar!\x1a\x07", "rar"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x1f\x8b", "gzip"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"{\\rtf", "rtf"),
)
_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Readers accept a PDF header within the first 1024 bytes; we allow only the byte-order mark and blank
# lines some systems prepend, so a program with "%PDF-" a few bytes in is not taken for a document.
_PDF_HEADER_WINDOW = 1024
_PDF_LEADING_JUNK = b"\xef\xbb\xbf\x00\t\n\r\f "

_WORD_STREAMS = frozenset({"WordDocument"})
_EXCEL_STREAMS = frozenset({"Workbook", "Book"})  # BIFF8 and BIFF5


def extension_matches(kind: str, filename: str) -> bool:
    """Whether `filename` has an extension used for `kind`: ".jpg" and ".jpeg" both match "jpeg"."""
    spec = _SPECS.get(kind)
    return spec is not None and _extension(filename) in spec.extensions


def sniff(head: bytes) -> str | None:
    """Best guess of the kind from the first bytes alone; detect() is the authority.

    An OLE2 file whose Word or Excel stream name lies beyond `head` comes back as "doc": the
    generic compound-file answer, which detect() refines with the whole file and the file name.
    """
    kind = _kind_of(io.BytesIO(head), head, filename="", head_only=True)
    if kind == "ole2-unknown":
        return "doc"
    return kind if kind in ALLOWED_KINDS else None


def detect(fileobj_or_bytes: bytes | bytearray | memoryview | BinaryIO, *, filename: str) -> FileKind:
    """Identify an upload by its content and check that its name agrees.

    A file object must be seekable; it is read from the start and left where it was found.
    Raises EmptyFile, or UnsupportedFileType with a message naming what the file really is.
    """
    if isinstance(fileobj_or_bytes, bytes | bytearray | memoryview):
        kind = _identify(io.BytesIO(fileobj_or_bytes), filename)
    else:
        kind = _identify_file(fileobj_or_bytes, filename)
    extension = _extension(filename)
    if kind is None or kind not in ALLOWED_KINDS or (extension and not extension_matches(kind, filename)):
        raise UnsupportedFileType(_rejection_message(filename, extension, kind))
    spec = _SPECS[kind]
    return FileKind(kind=kind, content_type=spec.content_type, extension=spec.extensions[0])


def _identify_file(fileobj: BinaryIO, filename: str) -> str | None:
    if not fileobj.seekable():
        raise TypeError("detect() needs a seekable file object or bytes")
    position = fileobj.tell()
    try:
        fileobj.seek(0)
        return _identify(fileobj, filename)
    finally:
        fileobj.seek(position)


def _identify(fileobj: BinaryIO, filename: str) -> str | None:
    head = fileobj.read(HEAD_SIZE)
    if not head:
        raise EmptyFile()
    kind = _kind_of(fileobj, head, filename=filename, head_only=False)
    if kind == "ole2-unknown":
        # The directory could not be read to its end and no stream name was seen: only here may
        # the name choose, and only between the two compound-file kinds we accept.
        by_name = _KIND_BY_EXTENSION.get(_extension(filename))
        return by_name if by_name in {"doc", "xls"} else "ole2"
    return kind


def _kind_of(fileobj: BinaryIO, head: bytes, *, filename: str, head_only: bool) -> str | None:
    """An allowed kind, a refused one named in _FOREIGN_DESCRIPTIONS, "ole2-unknown", or None."""
    if head[:_PDF_HEADER_WINDOW].lstrip(_PDF_LEADING_JUNK).startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(_OLE2_MAGIC):
        return _ole2_kind(fileobj, head, filename)
    if head.startswith(_ZIP_MAGIC):
        names = _local_header_names(head) if head_only else _zip_names(fileobj)
        return _zip_kind(names)
    for magic, kind in _SIGNATURES:
        if head.startswith(magic):
            return kind
    return None


def _extension(filename: str) -> str:
    # Browsers on Windows may send a full path; Windows itself ignores trailing dots and spaces.
    name = _base_name(filename).rstrip(". ")
    stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot and stem else ""


def _base_name(filename: str) -> str:
    return nfc(re.split(r"[\\/]", filename)[-1].strip())


def _rejection_message(filename: str, extension: str, kind: str | None) -> str:
    claimed = _KIND_BY_EXTENSION.get(extension)
    actual = _SPECS[kind].description if kind in _SPECS else _FOREIGN_DESCRIPTIONS.get(kind or "")
    name = _base_name(filename)
    if claimed is not None:
        claimed_name = _SPECS[claimed].name
        if actual:
            return gettext("Tệp “%(name)s” không phải là %(kind)s hợp lệ: nội dung là %(actual)s.") % {
                "name": name,
                "kind": claimed_name,
                "actual": actual,
            }
        return gettext("Tệp “%(name)s” không phải là %(kind)s hợp lệ.") % {"name": name, "kind": claimed_name}
    if kind in _SPECS:
        return gettext(
            "Tên tệp “%(name)s” không khớp với nội dung (%(actual)s); "
            "hãy đổi phần mở rộng thành “.%(extension)s” rồi gửi lại."
        ) % {"name": name, "actual": actual, "extension": _SPECS[kind].extensions[0]}
    return str(UNSUPPORTED_MESSAGE)


def _zip_kind(names: set[str] | None) -> str:
    """Office Open XML is a ZIP whose parts say what it is; any other ZIP is refused."""
    if names is None:
        return "damaged-zip"
    if "[content_types].xml" not in names:
        return "zip"
    if "word/vbaproject.bin" in names or "xl/vbaproject.bin" in names:
        # DOCM/XLSM renamed to DOCX/XLSX: Word and Excel refuse them, and macros are not accepted.
        return "macro"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"


def _zip_names(fileobj: BinaryIO) -> set[str] | None:
    """Part names in the central directory, lower-cased (OPC names ignore case); None if unreadable."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            return {name.lower() for name in archive.namelist()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        return None


def _local_header_names(head: bytes) -> set[str]:
    """Part names from the local headers in `head`: the central directory is at the end of the file."""
    names = set()
    start = head.find(_ZIP_MAGIC)
    while start != -1 and start + 30 <= len(head):
        (name_length,) = struct.unpack_from("<H", head, start + 26)
        names.add(head[start + 30 : start + 30 + name_length].decode("cp437").lower())
        start = head.find(_ZIP_MAGIC, start + 4)
    return names


def _ole2_kind(fileobj: BinaryIO, head: bytes, filename: str) -> str:
    """Word or Excel by the streams of an OLE2 compound file; "ole2" for any other one."""
    names, complete = _ole2_stream_names(fileobj, head)
    word, excel = bool(names & _WORD_STREAMS), bool(names & _EXCEL_STREAMS)
    if not complete:
        word = word or any(name.encode("utf-16-le") in head for name in _WORD_STREAMS)
        excel = excel or any(name.encode("utf-16-le") in head for name in _EXCEL_STREAMS)
    if word and excel:
        # A file embedding the other kind (an Excel chart in a report, say) carries both stream
        # names; the extension the sender chose tells which one is the container.
        return "xls" if _extension(filename) == "xls" else "doc"
    if word:
        return "doc"
    if excel:
        return "xls"
    return "ole2" if complete else "ole2-unknown"


# [MS-CFB] 2.1: sector numbers above MAXREGSECT are markers.
_MAX_REGULAR_SECTOR = 0xFFFFFFFA
_END_OF_CHAIN = 0xFFFFFFFE
_UNREADABLE = -1
_MAX_DIRECTORY_SECTORS = 128  # 512+ entries: far more than any Word or Excel file has
# One DIFAT sector maps at least 8 MB of file; a crafted chain must not turn a few KB into endless reads.
_MAX_DIFAT_HOPS = 128


@dataclass(frozen=True)
class _Ole2Header:
    sector_size: int
    first_directory_sector: int
    first_difat_sector: int
    difat: tuple[int, ...]  # the first 109 FAT sector locations


def _ole2_stream_names(fileobj: BinaryIO, head: bytes) -> tuple[set[str], bool]:
    """Names of the streams in an OLE2 directory ([MS-CFB] 2.6), and whether all of it was read.

    Reads only the directory sectors, following their chain through the FAT, so a 30 MB Word
    file costs a few small reads; a damaged chain ends the walk as incomplete.
    """
    header = _ole2_header(head)
    if header is None:
        return set(), False
    names: set[str] = set()
    visited: set[int] = set()
    sector = header.first_directory_sector
    while 0 <= sector <= _MAX_REGULAR_SECTOR:
        if sector in visited or len(visited) >= _MAX_DIRECTORY_SECTORS:
            return names, False
        visited.add(sector)
        block = _read_at(fileobj, (sector + 1) * header.sector_size, header.sector_size)
        if len(block) < header.sector_size:
            return names, False
        names.update(_directory_stream_names(block))
        sector = _next_sector(fileobj, header, sector)
    return names, sector == _END_OF_CHAIN


def _ole2_header(head: bytes) -> _Ole2Header | None:
    if len(head) < 512:
        return None
    (sector_shift,) = struct.unpack_from("<H", head, 0x1E)
    if sector_shift not in (9, 12):
        return None
    (first_directory,) = struct.unpack_from("<I", head, 0x30)
    (first_difat,) = struct.unpack_from("<I", head, 0x44)
    difat = struct.unpack_from("<109I", head, 0x4C)
    return _Ole2Header(1 << sector_shift, first_directory, first_difat, difat)


def _directory_stream_names(block: bytes) -> set[str]:
    names = set()
    for offset in range(0, len(block), 128):
        (name_length,) = struct.unpack_from("<H", block, offset + 0x40)
        is_stream = block[offset + 0x42] == 2
        # The length counts the terminating NUL; 64 bytes is all the room a name has.
        if is_stream and 2 <= name_length <= 64 and name_length % 2 == 0:
            names.add(block[offset : offset + name_length - 2].decode("utf-16-le", errors="replace"))
    return names


def _next_sector(fileobj: BinaryIO, header: _Ole2Header, sector: int) -> int:
    fat_index, slot = divmod(sector, header.sector_size // 4)
    fat_sector = _fat_sector(fileobj, header, fat_index)
    if not 0 <= fat_sector <= _MAX_REGULAR_SECTOR:
        return _UNREADABLE
    entry = _read_at(fileobj, (fat_sector + 1) * header.sector_size + slot * 4, 4)
    return struct.unpack("<I", entry)[0] if len(entry) == 4 else _UNREADABLE


def _fat_sector(fileobj: BinaryIO, header: _Ole2Header, fat_index: int) -> int:
    """Where FAT sector `fat_index` is: listed in the header, or past the 109th in the DIFAT chain."""
    if fat_index < len(header.difat):
        return header.difat[fat_index]
    # Each DIFAT sector lists (size / 4 - 1) FAT sectors, then the location of the next DIFAT sector.
    per_sector = header.sector_size // 4 - 1
    hops, slot = divmod(fat_index - len(header.difat), per_sector)
    if hops > _MAX_DIFAT_HOPS:
        return _UNREADABLE
    difat_sector = header.first_difat_sector
    for _ in range(hops):
        if not 0 <= difat_sector <= _MAX_REGULAR_SECTOR:
            return _UNREADABLE
        entry = _read_at(fileobj, (difat_sector + 2) * header.sector_size - 4, 4)
        if len(entry) < 4:
            return _UNREADABLE
        (difat_sector,) = struct.unpack("<I", entry)
    if not 0 <= difat_sector <= _MAX_REGULAR_SECTOR:
        return _UNREADABLE
    entry = _read_at(fileobj, (difat_sector + 1) * header.sector_size + slot * 4, 4)
    return struct.unpack("<I", entry)[0] if len(entry) == 4 else _UNREADABLE


def _read_at(fileobj: BinaryIO, offset: int, size: int) -> bytes:
    fileobj.seek(offset)
    return fileobj.read(size)
