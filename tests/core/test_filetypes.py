"""Uploads are known by their content: every sample is built here, byte by byte."""

import io
import struct
import zipfile

import pytest

from edesk.core.errors import UserError
from edesk.core.filetypes import (
    ALLOWED_KINDS,
    HEAD_SIZE,
    UNSUPPORTED_MESSAGE,
    EmptyFile,
    FileKind,
    UnsupportedFileType,
    detect,
    extension_matches,
    sniff,
)

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
TIFF_INTEL = b"II*\x00\x08\x00\x00\x00" + b"\x00" * 16
TIFF_MOTOROLA = b"MM\x00*\x00\x00\x00\x08" + b"\x00" * 16
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(50) + b"This program cannot be run"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)

END_OF_CHAIN = 0xFFFFFFFE
FREE = 0xFFFFFFFF
FAT_SECTOR = 0xFFFFFFFD
DIFAT_SECTOR = 0xFFFFFFFC


def ooxml(*parts: str, filler: int = 0) -> bytes:
    """A ZIP with [Content_Types].xml and `parts`; `filler` bytes of stored data make it long."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        for part in parts:
            archive.writestr(part, "<x/>")
        if filler:
            archive.writestr("word/media/image1.png", bytes(filler), compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


def docx(**kwargs: int) -> bytes:
    return ooxml("_rels/.rels", "word/document.xml", "word/styles.xml", **kwargs)


def xlsx() -> bytes:
    return ooxml("_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml")


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("bao-cao.txt", "không phải văn bản Word")
    return buffer.getvalue()


def ole2(*streams: str, directory_at: int = 1, broken_directory: bool = False) -> bytes:
    """A minimal OLE2 compound file ([MS-CFB], 512-byte sectors) whose directory lists `streams`.

    The FAT fills the first sectors (past 109 of them the rest are listed in a DIFAT sector), and
    the directory starts at sector `directory_at`, four entries a sector, chained through the FAT.
    """
    entries = [_directory_entry("Root Entry", kind=5)] + [_directory_entry(name, kind=2) for name in streams]
    while len(entries) % 4:
        entries.append(bytes(128))
    directory_sectors = [directory_at + i for i in range(len(entries) // 4)]
    fat_sectors = -(-(directory_sectors[-1] + 1) // 128)
    difat_sectors = [fat_sectors] if fat_sectors > 109 else []
    assert directory_at >= fat_sectors + len(difat_sectors)
    fat = [FREE] * (128 * fat_sectors)
    fat[:fat_sectors] = [FAT_SECTOR] * fat_sectors
    for sector in difat_sectors:
        fat[sector] = DIFAT_SECTOR
    for current, following in zip(directory_sectors, directory_sectors[1:] + [END_OF_CHAIN], strict=True):
        fat[current] = following

    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    first_directory = 0x7FFFFFF0 if broken_directory else directory_at
    first_difat = difat_sectors[0] if difat_sectors else END_OF_CHAIN
    struct.pack_into("<III", header, 0x2C, fat_sectors, first_directory, 0)
    struct.pack_into("<III", header, 0x38, 4096, END_OF_CHAIN, 0)  # no mini stream
    struct.pack_into("<II", header, 0x44, first_difat, len(difat_sectors))
    listed = list(range(min(fat_sectors, 109)))
    struct.pack_into("<109I", header, 0x4C, *listed, *([FREE] * (109 - len(listed))))

    sectors = [struct.pack(f"<{len(fat)}I", *fat)]
    if difat_sectors:
        rest = list(range(109, fat_sectors))
        sectors.append(struct.pack("<128I", *rest, *([FREE] * (127 - len(rest))), END_OF_CHAIN))
    sectors += [bytes(512)] * (directory_at - fat_sectors - len(difat_sectors))
    sectors += [b"".join(entries[i : i + 4]) for i in range(0, len(entries), 4)]
    return bytes(header) + b"".join(sectors)


def _directory_entry(name: str, *, kind: int) -> bytes:
    encoded = name.encode("utf-16-le")
    entry = bytearray(128)
    entry[0 : len(encoded)] = encoded
    struct.pack_into("<HBB", entry, 0x40, len(encoded) + 2, kind, 1)
    struct.pack_into("<III", entry, 0x44, FREE, FREE, FREE)
    struct.pack_into("<I", entry, 0x74, END_OF_CHAIN)
    return bytes(entry)


WORD_DOC = ole2("1Table", "WordDocument", "\x05SummaryInformation")
EXCEL_XLS = ole2("Workbook", "\x05SummaryInformation")


@pytest.mark.parametrize(
    ("data", "filename", "kind", "content_type", "extension"),
    [
        (PDF, "Quyết định 15-QĐ-UBND.pdf", "pdf", "application/pdf", "pdf"),
        (WORD_DOC, "to-trinh.doc", "doc", "application/msword", "doc"),
        (EXCEL_XLS, "bang-luong.xls", "xls", "application/vnd.ms-excel", "xls"),
        (ole2("Book"), "bieu-mau-cu.xls", "xls", "application/vnd.ms-excel", "xls"),
        (
            docx(),
            "cong-van.docx",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        (
            xlsx(),
            "du-toan.xlsx",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        (PNG, "so-do.png", "png", "image/png", "png"),
        (JPEG, "anh-chup.jpg", "jpeg", "image/jpeg", "jpg"),
        (JPEG, "ANH-CHUP.JPEG", "jpeg", "image/jpeg", "jpg"),
        (TIFF_INTEL, "ban-quet.tif", "tiff", "image/tiff", "tif"),
        (TIFF_MOTOROLA, "ban-quet.tiff", "tiff", "image/tiff", "tif"),
    ],
)
def test_each_kind_is_detected_by_content(data, filename, kind, content_type, extension):
    assert detect(data, filename=filename) == FileKind(kind, content_type, extension)


def test_a_workbook_written_by_openpyxl_is_xlsx():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Đơn vị", "Kinh phí"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert detect(buffer.getvalue(), filename="Dự toán 2026.xlsx").kind == "xlsx"
    assert sniff(buffer.getvalue()) == "xlsx"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PDF, "pdf"),
        (WORD_DOC, "doc"),
        (EXCEL_XLS, "xls"),
        (docx(), "docx"),
        (xlsx(), "xlsx"),
        (PNG, "png"),
        (JPEG, "jpeg"),
        (TIFF_INTEL, "tiff"),
        (TIFF_MOTOROLA, "tiff"),
        (EXE, None),
        (plain_zip(), None),
        (b"Just some text", None),
        (b"", None),
    ],
)
def test_sniff_names_the_kind_from_the_first_bytes(data, kind):
    assert sniff(data[:HEAD_SIZE]) == kind


def test_sniff_reads_docx_part_names_from_local_headers_when_the_directory_is_beyond_the_head():
    data = docx(filler=2 * HEAD_SIZE)
    assert sniff(data[:HEAD_SIZE]) == "docx"


def test_sniff_calls_an_ole2_file_doc_when_its_streams_are_beyond_the_head():
    data = ole2("WordDocument", directory_at=200)
    assert sniff(data[:HEAD_SIZE]) == "doc"


def test_allowed_kinds():
    assert frozenset({"pdf", "doc", "xls", "docx", "xlsx", "png", "jpeg", "tiff"}) == ALLOWED_KINDS


def test_exe_renamed_to_pdf_is_rejected():
    with pytest.raises(UnsupportedFileType) as caught:
        detect(EXE, filename="Quyết định.pdf")
    assert caught.value.code == "file_type"
    assert caught.value.status == 400
    assert caught.value.message == (
        "Tệp “Quyết định.pdf” không phải là PDF hợp lệ: nội dung là tệp chương trình (EXE)."
    )


def test_exe_with_a_pdf_header_a_few_bytes_in_is_not_a_pdf():
    with pytest.raises(UnsupportedFileType):
        detect(b"MZ\x90\x00%PDF-1.4\n" + EXE, filename="hoa-don.pdf")


def test_pdf_after_a_byte_order_mark_is_still_a_pdf():
    assert detect(b"\xef\xbb\xbf\r\n" + PDF, filename="a.pdf").kind == "pdf"


def test_png_renamed_to_pdf_is_rejected():
    with pytest.raises(UnsupportedFileType) as caught:
        detect(PNG, filename="scan.pdf")
    assert caught.value.message == "Tệp “scan.pdf” không phải là PDF hợp lệ: nội dung là ảnh PNG."


def test_zip_renamed_to_pdf_is_rejected():
    with pytest.raises(UnsupportedFileType) as caught:
        detect(plain_zip(), filename="x.pdf")
    assert caught.value.message == "Tệp “x.pdf” không phải là PDF hợp lệ: nội dung là tệp ZIP."


def test_zip_renamed_to_docx_without_a_word_document_is_rejected():
    with pytest.raises(UnsupportedFileType) as caught:
        detect(plain_zip(), filename="bao-cao.docx")
    assert caught.value.message == "Tệp “bao-cao.docx” không phải là DOCX hợp lệ: nội dung là tệp ZIP."


def test_office_zip_of_another_kind_renamed_to_docx_is_rejected():
    presentation = ooxml("_rels/.rels", "ppt/presentation.xml")
    with pytest.raises(UnsupportedFileType, match="không phải là DOCX hợp lệ"):
        detect(presentation, filename="trinh-chieu.docx")


def test_macro_document_renamed_to_docx_is_rejected():
    docm = ooxml("_rels/.rels", "word/document.xml", "word/vbaProject.bin")
    with pytest.raises(UnsupportedFileType) as caught:
        detect(docm, filename="mau.docx")
    assert caught.value.message == (
        "Tệp “mau.docx” không phải là DOCX hợp lệ: nội dung là tài liệu Office có macro."
    )


def test_docx_cut_short_is_rejected_as_damaged():
    data = docx()
    with pytest.raises(UnsupportedFileType, match="tệp nén bị hỏng hoặc không trọn vẹn"):
        detect(data[: len(data) - 30], filename="cong-van.docx")


def test_docx_named_doc_is_rejected():
    with pytest.raises(UnsupportedFileType) as caught:
        detect(docx(), filename="cong-van.doc")
    assert caught.value.message == (
        "Tệp “cong-van.doc” không phải là DOC hợp lệ: nội dung là tài liệu Word (DOCX)."
    )


def test_allowed_content_under_a_foreign_extension_is_rejected_with_the_right_one():
    with pytest.raises(UnsupportedFileType) as caught:
        detect(PDF, filename="van-ban.exe")
    assert caught.value.message == (
        "Tên tệp “van-ban.exe” không khớp với nội dung (tài liệu PDF); "
        "hãy đổi phần mở rộng thành “.pdf” rồi gửi lại."
    )


def test_a_name_without_extension_takes_the_contents():
    assert detect(PDF, filename="van-ban") == FileKind("pdf", "application/pdf", "pdf")


def test_a_windows_path_counts_only_by_its_last_part():
    assert detect(PDF, filename="C:\\fakepath\\Tờ trình.PDF").kind == "pdf"
    with pytest.raises(UnsupportedFileType) as caught:
        detect(PNG, filename="C:\\fakepath\\Tờ trình.pdf")
    assert caught.value.message.startswith("Tệp “Tờ trình.pdf” ")


@pytest.mark.parametrize("filename", ["ghi-chu.txt", "ghi-chu"])
def test_unknown_content_gets_the_list_of_accepted_types(filename):
    with pytest.raises(UnsupportedFileType) as caught:
        detect(b"Ghi ch\xc3\xba: h\xe1\xbb\x8dp l\xc3\xbac 8h", filename=filename)
    assert caught.value.message == UNSUPPORTED_MESSAGE


def test_unknown_content_named_pdf_says_it_is_not_a_pdf():
    with pytest.raises(UnsupportedFileType) as caught:
        detect(b"<html><body>Trang web</body></html>", filename="x.pdf")
    assert caught.value.message == "Tệp “x.pdf” không phải là PDF hợp lệ."


def test_empty_file_is_rejected():
    with pytest.raises(EmptyFile) as caught:
        detect(b"", filename="trong.pdf")
    assert isinstance(caught.value, UserError)
    assert caught.value.code == "file_empty"
    assert caught.value.message == "Tệp rỗng."


def test_empty_file_object_is_rejected():
    with pytest.raises(EmptyFile):
        detect(io.BytesIO(), filename="trong.pdf")


def test_file_object_is_read_from_the_start_and_left_where_it_was():
    upload = io.BytesIO(docx())
    upload.seek(0, io.SEEK_END)
    position = upload.tell()
    assert detect(upload, filename="cong-van.docx").kind == "docx"
    assert upload.tell() == position


def test_position_is_restored_when_the_file_is_rejected():
    upload = io.BytesIO(PNG)
    upload.seek(3)
    with pytest.raises(UnsupportedFileType):
        detect(upload, filename="scan.pdf")
    assert upload.tell() == 3


def test_unseekable_file_object_is_a_programming_error():
    class Pipe(io.RawIOBase):
        def readable(self) -> bool:
            return True

    with pytest.raises(TypeError):
        detect(Pipe(), filename="x.pdf")


def test_word_stream_beyond_the_head_is_found_by_walking_the_directory():
    # Seven entries: the directory takes two sectors and WordDocument sits in the second,
    # 100 KB into the file, out of reach of a scan of the first 64 KB.
    streams = ("1Table", "Data", "CompObj", "ObjectPool", "WordDocument", "\x05SummaryInformation")
    data = ole2(*streams, directory_at=200)
    assert len(data) > HEAD_SIZE
    assert detect(data, filename="to-trinh.doc").kind == "doc"
    with pytest.raises(UnsupportedFileType) as caught:
        detect(data, filename="to-trinh.xls")
    assert caught.value.message == (
        "Tệp “to-trinh.xls” không phải là XLS hợp lệ: nội dung là tài liệu Word (DOC)."
    )


def test_excel_workbook_named_doc_is_rejected():
    with pytest.raises(UnsupportedFileType, match="nội dung là bảng tính Excel"):
        detect(EXCEL_XLS, filename="bang-luong.doc")


def test_word_file_embedding_a_workbook_is_a_word_file():
    assert detect(ole2("WordDocument", "1Table", "Workbook"), filename="bao-cao.doc").kind == "doc"


def test_excel_file_embedding_a_word_document_is_an_excel_file():
    assert detect(ole2("Workbook", "WordDocument"), filename="so-lieu.xls").kind == "xls"


def test_other_office_binary_renamed_to_doc_is_rejected():
    powerpoint = ole2("PowerPoint Document", "Current User", "\x05SummaryInformation")
    with pytest.raises(UnsupportedFileType) as caught:
        detect(powerpoint, filename="trinh-chieu.doc")
    assert caught.value.message == (
        "Tệp “trinh-chieu.doc” không phải là DOC hợp lệ: "
        "nội dung là tệp Microsoft Office không phải Word hay Excel."
    )
    with pytest.raises(UnsupportedFileType) as caught:
        detect(powerpoint, filename="trinh-chieu.ppt")
    assert caught.value.message == UNSUPPORTED_MESSAGE


@pytest.mark.parametrize(("filename", "kind"), [("cu.doc", "doc"), ("cu.xls", "xls")])
def test_unreadable_ole2_directory_falls_back_to_the_name(filename, kind):
    assert detect(ole2(broken_directory=True), filename=filename).kind == kind


def test_unreadable_ole2_directory_with_another_name_is_rejected():
    with pytest.raises(UnsupportedFileType):
        detect(ole2(broken_directory=True), filename="cu.ppt")


def test_directory_of_a_large_file_is_found_through_the_difat():
    # Past sector 109 * 128 the FAT sector covering the directory is listed in a DIFAT sector,
    # not in the header: only a file of 7 MB or more gets there.
    data = ole2("1Table", "Data", "CompObj", "WordDocument", directory_at=14_000)
    assert detect(data, filename="to-trinh-kem-anh.doc").kind == "doc"
    with pytest.raises(UnsupportedFileType):
        detect(data, filename="to-trinh-kem-anh.xls")


def test_cyclic_ole2_directory_chain_ends():
    data = bytearray(ole2("1Table", "Data", "CompObj", "ObjectPool", "WordDocument"))
    struct.pack_into("<I", data, 512 + 2 * 4, 1)  # the directory's second sector points back to the first
    assert detect(bytes(data), filename="vong.doc").kind == "doc"


@pytest.mark.parametrize(
    ("kind", "filename", "matches"),
    [
        ("pdf", "a.pdf", True),
        ("pdf", "a.PDF", True),
        ("pdf", "a.pdf. ", True),
        ("jpeg", "a.jpg", True),
        ("jpeg", "a.jpeg", True),
        ("tiff", "a.tif", True),
        ("pdf", "a.pdf.exe", False),
        ("pdf", "pdf", False),
        ("pdf", ".pdf", False),
        ("doc", "a.docx", False),
        ("exe", "a.exe", False),
    ],
)
def test_extension_matches(kind, filename, matches):
    assert extension_matches(kind, filename) is matches
