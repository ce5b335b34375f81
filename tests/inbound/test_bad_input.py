"""Bad input to registration, told as a clerk's mistakes: each one is refused with a Vietnamese
message and a stable code, and leaves nothing behind — no register entry, no stored file, no
Blob row, no audit event, and the register's counter where it was."""

import io
import zipfile
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from edesk.audit.models import AuditEvent
from edesk.core import storage
from edesk.core.errors import Forbidden, UserError
from edesk.documents import services as documents
from edesk.documents.models import Blob
from edesk.inbound import services as inbound
from edesk.inbound.models import Incoming
from tests.conftest import make_pdf, register, upload

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _encrypted_pdf() -> bytes:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, encrypt="secret")
    pdf.drawString(72, 760, "Tai lieu co mat khau")
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("van-ban.txt", "không phải PDF")
    return buf.getvalue()


EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


@dataclass
class Snapshot:
    """What a failed registration must not change."""

    incoming: int
    blobs: int
    files: frozenset[str]
    last_number: int
    register_events: int

    @classmethod
    def take(cls, register, blob_dir) -> "Snapshot":
        register.refresh_from_db()
        return cls(
            incoming=Incoming.objects.count(),
            blobs=Blob.objects.count(),
            files=frozenset(p.name for p in blob_dir.rglob("*") if p.is_file()),
            last_number=register.last_number,
            register_events=AuditEvent.objects.filter(action="incoming.register").count(),
        )


@pytest.fixture
def first(cast):
    """One document already in the register (number 1, one stored PDF): the state to keep."""
    return register(cast)


@pytest.fixture
def blob_dir(tmp_path):
    return tmp_path / "blobs"


def _refused(cast, first, blob_dir, *, code: str, message: str, field: str | None, **overrides) -> UserError:
    before = Snapshot.take(first.register, blob_dir)
    assert before.last_number == 1 and len(before.files) == 1
    with pytest.raises(UserError) as caught:
        register(cast, **overrides)
    assert (caught.value.code, caught.value.message) == (code, message)
    if field is not None:
        assert caught.value.field == field
    assert Snapshot.take(first.register, blob_dir) == before
    return caught.value


FILE_CASES = [
    pytest.param(
        [upload(EXE, "van-ban.pdf")],
        "file_type",
        "Tệp “van-ban.pdf” không phải là PDF hợp lệ: nội dung là tệp chương trình (EXE).",
        id="program-named-pdf",
    ),
    pytest.param(
        [upload(_zip(), "van-ban.pdf")],
        "file_type",
        "Tệp “van-ban.pdf” không phải là PDF hợp lệ: nội dung là tệp ZIP.",
        id="zip-named-pdf",
    ),
    pytest.param(
        [upload(PNG, "quyet-dinh.docx")],
        "file_type",
        "Tệp “quyet-dinh.docx” không phải là DOCX hợp lệ: nội dung là ảnh PNG.",
        id="png-named-docx",
    ),
    pytest.param(
        [upload(make_pdf()[:1500], "bi-cat.pdf")],
        "pdf_corrupt",
        "Tệp PDF bị hỏng hoặc không đọc được.",
        id="truncated-pdf",
    ),
    pytest.param(
        [upload(_encrypted_pdf(), "co-mat-khau.pdf")],
        "pdf_encrypted",
        "Tệp PDF được đặt mật khẩu; hãy gửi bản không đặt mật khẩu.",
        id="encrypted-pdf",
    ),
    pytest.param([upload(b"", "rong.pdf")], "file_empty", "Tệp rỗng.", id="empty-file"),
    pytest.param(
        [
            upload(make_pdf("Phụ lục 1"), "phu-luc-1.pdf"),
            upload(make_pdf("Phụ lục 2"), "phu-luc-2.pdf"),
            upload(EXE, "phu-luc-3.pdf"),
        ],
        "file_type",
        "Tệp “phu-luc-3.pdf” không phải là PDF hợp lệ: nội dung là tệp chương trình (EXE).",
        id="two-good-files-then-a-bad-one",
    ),
]


@pytest.mark.parametrize(("files", "code", "message"), FILE_CASES)
def test_bad_file_is_refused_and_nothing_is_stored(cast, first, blob_dir, files, code, message):
    _refused(cast, first, blob_dir, files=files, code=code, message=message, field=None)


def test_oversize_upload_is_refused_before_it_is_read(cast, first, blob_dir, settings):
    settings.EDESK_MAX_UPLOAD_BYTES = 1024 * 1024
    big = make_pdf("Báo cáo có ảnh chụp") + b"\n" * (1024 * 1024)
    size_mb = f"{len(big) / 1048576:.1f}".replace(".", ",")  # Vietnamese decimal comma
    error = _refused(
        cast,
        first,
        blob_dir,
        files=[upload(big, "bao-cao.pdf")],
        code="file_too_large",
        message=f"Tệp “bao-cao.pdf” dung lượng {size_mb} MB, vượt giới hạn 1 MB.",
        field=None,
    )
    assert error.status == 413


FIELD_CASES = [
    pytest.param(
        {"issued_date": TODAY() + timedelta(days=1)},
        "issued_in_future",
        "Ngày ban hành không thể sau ngày đến.",
        "issued_date",
        id="issued-tomorrow",
    ),
    pytest.param(
        {"due_date": TODAY() - timedelta(days=1)},
        "due_before_arrival",
        "Hạn xử lý không thể trước ngày đến.",
        "due_date",
        id="deadline-yesterday",
    ),
    pytest.param(
        {"issuer_id": 987654321},
        "unknown_issuer",
        "Cơ quan ban hành không có trong hệ thống.",
        "issuer",
        id="unknown-issuer-id",
    ),
    pytest.param(
        {"issuer_code": "H57"},
        "org_code",
        "Mã định danh “H57” không đúng định dạng (ví dụ 000.00.00.H57).",
        "issuer_code",
        id="bad-org-code",
    ),
    pytest.param(
        {"issuer_code": "000.00.00.h57"},
        "org_code",
        "Mã định danh “000.00.00.h57” không đúng định dạng (ví dụ 000.00.00.H57).",
        "issuer_code",
        id="org-code-lower-case",
    ),
    pytest.param(
        {"issuer_name": "  "},
        "required",
        "Hãy nhập cơ quan ban hành.",
        "issuer_name",
        id="no-issuer",
    ),
    pytest.param(
        {"secrecy": 1, "files": [upload(make_pdf("Tài liệu mật"), "mat.pdf")]},
        "secret_file",
        "Văn bản mật chỉ được vào sổ; không đưa tệp văn bản mật lên hệ thống.",
        "files",
        id="secret-with-file",
    ),
    pytest.param(
        {"channel": "electronic", "files": []},
        "file_required",
        "Văn bản điện tử phải kèm tệp văn bản.",
        "files",
        id="electronic-without-file",
    ),
    pytest.param(
        {"subject": "   \t "}, "required", "Hãy nhập trích yếu nội dung.", "subject", id="subject-blank"
    ),
    pytest.param(
        {"subject": "Về việc " + "rà soát " * 70},
        "too_long",
        "Trích yếu dài quá 500 ký tự.",
        "subject",
        id="subject-too-long",
    ),
    pytest.param(
        {"code_number": "123456789012"},
        "too_long",
        "Số văn bản dài quá 11 ký tự.",
        "code_number",
        id="number-too-long",
    ),
    pytest.param(
        {"code_notation": "QĐ-" + "UBND" * 8},
        "too_long",
        "Ký hiệu dài quá 30 ký tự.",
        "code_notation",
        id="notation-too-long",
    ),
    pytest.param(
        {"doc_type": "cong_van_den"}, "doc_type", "Loại văn bản không hợp lệ.", "doc_type", id="doc-type"
    ),
    pytest.param({"urgency": 7}, "urgency", "Độ khẩn không hợp lệ.", "urgency", id="urgency"),
    pytest.param({"channel": "fax"}, "channel", "Hình thức nhận không hợp lệ.", "channel", id="channel"),
]


@pytest.mark.parametrize(("overrides", "code", "message", "field"), FIELD_CASES)
def test_bad_metadata_is_refused_and_nothing_is_stored(
    cast, first, blob_dir, overrides, code, message, field
):
    overrides.setdefault("files", [upload(make_pdf("Tệp gửi kèm một yêu cầu sai"), "kem-theo.pdf")])
    _refused(cast, first, blob_dir, code=code, message=message, field=field, **overrides)


def test_subject_of_exactly_500_characters_is_accepted(cast, first):
    subject = ("Về việc triển khai " * 30)[:500]
    assert len(subject) == 500
    assert register(cast, subject=subject).subject == subject


def test_clerk_of_another_agency_is_refused_and_nothing_is_stored(cast, first, blob_dir):
    before = Snapshot.take(first.register, blob_dir)
    with pytest.raises(Forbidden) as caught:
        register(cast, clerk=cast.clerk_b, files=[upload(make_pdf("Gửi nhầm"), "nham.pdf")])
    assert caught.value.message == "Chỉ văn thư của cơ quan được vào sổ văn bản đến."
    assert Snapshot.take(first.register, blob_dir) == before


def test_same_request_key_twice_gives_one_entry(cast, first, blob_dir):
    one = register(cast, request_key="dk-2026-0001", files=[upload(make_pdf("Lần bấm thứ nhất"), "a.pdf")])
    after_first = Snapshot.take(first.register, blob_dir)
    data = inbound.IncomingData(
        doc_type="cong_van",
        subject="V/v triển khai kế hoạch chuyển đổi số năm 2026",
        issuer_name="UBND thành phố Huế",
        request_key="dk-2026-0001",
        files=[upload(make_pdf("Lần bấm thứ hai, tệp khác"), "b.pdf")],
    )
    again = inbound.incoming_register(actor=cast.clerk_a, agency=cast.agency_a, data=data)
    assert (again.created, again.incoming.pk, again.incoming.arrival_number) == (False, one.pk, 2)
    # The repeat is answered before its file is even looked at.
    assert Snapshot.take(first.register, blob_dir) == after_first


def test_failure_after_the_files_were_stored_takes_them_back(cast, first, blob_dir, monkeypatch):
    stored: list[str] = []
    real_check_and_store = documents.check_and_store

    def spying_check_and_store(uploads, batch):
        files = real_check_and_store(uploads, batch)
        stored.extend(f.sha256 for f in files)
        return files

    def broken_attachments_create(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(documents, "check_and_store", spying_check_and_store)
    monkeypatch.setattr(documents, "attachments_create", broken_attachments_create)
    before = Snapshot.take(first.register, blob_dir)
    files = [upload(make_pdf("Văn bản chính"), "chinh.pdf"), upload(make_pdf("Phụ lục"), "phu-luc.pdf")]
    with pytest.raises(RuntimeError):
        register(cast, files=files)
    assert len(stored) == 2 and not before.files & set(stored)  # they really were written, then removed
    assert Snapshot.take(first.register, blob_dir) == before


def test_failure_keeps_a_file_an_earlier_document_shares(cast, first, blob_dir, monkeypatch):
    # The same bytes as document 1's file: content addressing stores them once, so the failed
    # registration must not delete what document 1 still points to.
    monkeypatch.setattr(
        documents, "attachments_create", lambda **kwargs: (_ for _ in ()).throw(RuntimeError())
    )
    shared = first.attachments.get()
    same_bytes = storage.read_blob(shared.blob_id)
    before = Snapshot.take(first.register, blob_dir)
    with pytest.raises(RuntimeError):
        register(cast, files=[upload(same_bytes, "ban-sao.pdf")])
    assert Snapshot.take(first.register, blob_dir) == before
    assert storage.read_blob(shared.blob_id) == same_bytes
