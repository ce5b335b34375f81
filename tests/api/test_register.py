"""POST /api/v1/incoming/: a clerk registers an incoming document through the API."""

import io
import struct
import zlib
from datetime import timedelta

import pytest
from django.utils import timezone

from edesk.accounts import services as accounts
from edesk.core.enums import Secrecy, Urgency
from edesk.core.errors import UserError
from edesk.documents.models import Blob, Register
from edesk.inbound.models import Incoming
from tests.api.conftest import client_for
from tests.conftest import make_pdf, register

pytestmark = pytest.mark.django_db

URL = "/api/v1/incoming/"


def named(data: bytes, name: str) -> io.BytesIO:
    fileobj = io.BytesIO(data)
    fileobj.name = name
    return fileobj


def fields(**overrides) -> dict:
    today = timezone.localdate()
    data = {
        "doc_type": "Kế hoạch",
        "code_number": "45",
        "code_notation": "KH-UBND",
        "issued_date": (today - timedelta(days=2)).isoformat(),
        "issuer_name": "UBND thành phố Huế",
        "signer_name": "Nguyễn Văn Phương",
        "subject": "Kế hoạch chuyển đổi số năm 2026",
        "due_date": (today + timedelta(days=7)).isoformat(),
    }
    data.update(overrides)
    return data


def post(client, files=None, headers=None, **overrides):
    data = fields(**overrides)
    if files is not None:
        data["files"] = files
    return client.post(URL, data, format="multipart", headers=headers or {})


def png_bytes() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))


def encrypted_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, encrypt="pw")
    pdf.drawString(72, 720, "Tai lieu mat")
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def stored_files(tmp_path) -> list:
    root = tmp_path / "blobs"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def last_number(cast) -> int:
    register = Register.objects.filter(agency=cast.agency_a, kind="incoming").first()
    return register.last_number if register else 0


def test_clerk_registers_a_document_with_its_files(cast, tmp_path):
    response = post(
        client_for(cast.clerk_a),
        files=[
            named(make_pdf("Kế hoạch chuyển đổi số"), "ke-hoach.pdf"),
            named(make_pdf("Phụ lục", 2), "phu-luc.pdf"),
        ],
        urgency="very_urgent",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    incoming = Incoming.objects.get()
    assert response["Location"] == body["url"] == f"http://testserver/api/v1/incoming/{incoming.pk}/"
    assert body["id"] == incoming.pk and body["public_id"] == str(incoming.public_id)
    assert body["arrival_number"] == 1
    assert body["register"] == {
        "id": incoming.register_id,
        "name": f"Sổ đăng ký văn bản đến năm {incoming.register.year}",
        "year": incoming.register.year,
    }
    assert body["state"] == "registered" and body["state_label"] == "Đã vào sổ"
    assert body["doc_type"] == "ke_hoach" and body["doc_type_label"] == "Kế hoạch"
    assert body["number_notation"] == "45/KH-UBND"
    assert body["urgency"] == "very_urgent" and incoming.urgency == Urgency.VERY_URGENT
    assert body["page_amount"] == 3
    assert body["duplicates"] == [] and body["assignments"] == []
    assert [(a["name"], a["kind"], a["page_count"]) for a in body["attachments"]] == [
        ("ke-hoach.pdf", "main", 1),
        ("phu-luc.pdf", "appendix", 2),
    ]
    first = body["attachments"][0]
    assert first["content_type"] == "application/pdf" and first["text_status"] == "pending"
    assert (
        first["download_url"] == f"http://testserver/api/v1/incoming/{incoming.pk}/attachments/{first['id']}/"
    )
    assert len(stored_files(tmp_path)) == 2


@pytest.mark.parametrize("doc_type", ["Kế hoạch", "ke hoach", "KH", "ke_hoach"])
def test_doc_type_by_name_abbreviation_or_code(cast, doc_type):
    response = post(client_for(cast.clerk_a), files=[named(make_pdf(), "a.pdf")], doc_type=doc_type)
    assert response.status_code == 201
    assert response.json()["doc_type"] == "ke_hoach"


def test_paper_document_by_post_is_registered_from_json_without_files(cast):
    data = fields(doc_type="Công văn", channel="post", code_notation="UBND-VX")
    response = client_for(cast.clerk_a).post(URL, data, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["channel"] == "post"
    assert response.json()["attachments"] == []


def test_secret_document_goes_to_the_secret_register_with_no_files(cast):
    data = fields(secrecy="confidential")
    response = client_for(cast.clerk_a).post(URL, data, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["secrecy"] == "confidential" and body["secrecy_label"] == "Mật"
    assert body["register"]["name"].startswith("Sổ đăng ký văn bản đến mật")
    assert Incoming.objects.get().secrecy == Secrecy.CONFIDENTIAL


def test_issuer_chosen_from_the_directory(cast):
    response = post(
        client_for(cast.clerk_a), files=[named(make_pdf(), "a.pdf")], issuer=cast.agency_b.pk, issuer_name=""
    )
    assert response.status_code == 201
    body = response.json()
    assert body["issuer"] == cast.agency_b.pk
    assert (body["issuer_name"], body["issuer_code"]) == ("Sở Nội vụ", "000.02.00.H57")


@pytest.mark.parametrize("how", ["header", "field"])
def test_repeated_post_with_the_same_key_returns_the_first_entry(cast, tmp_path, how):
    client = client_for(cast.clerk_a)
    key = "5b0f4c1e-7a43-4a55-9f51-2f7b1c0e9d11"

    def send():
        if how == "header":
            return post(client, files=[named(make_pdf(), "a.pdf")], headers={"Idempotency-Key": key})
        return post(client, files=[named(make_pdf(), "a.pdf")], request_key=key)

    first, second = send(), send()
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["id"] == first.json()["id"]
    assert second.json()["arrival_number"] == first.json()["arrival_number"] == 1
    assert Incoming.objects.count() == 1
    assert last_number(cast) == 1
    assert len(stored_files(tmp_path)) == 1


def test_over_long_idempotency_key_is_refused(cast):
    response = post(
        client_for(cast.clerk_a), files=[named(make_pdf(), "a.pdf")], headers={"Idempotency-Key": "k" * 65}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "Idempotency-Key"
    assert Incoming.objects.count() == 0


def test_same_number_notation_and_issuer_is_registered_with_a_duplicate_warning(cast):
    earlier = register(cast)
    response = post(
        client_for(cast.clerk_a),
        files=[named(make_pdf(), "a.pdf")],
        doc_type="Công văn",
        code_number="125",
        code_notation="UBND-VX",
        issuer_name="UBND thành phố Huế",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["arrival_number"] == 2
    assert body["duplicate_of"] == earlier.pk
    assert len(body["duplicates"]) == 1
    warning = body["duplicates"][0]
    assert warning["id"] == earlier.pk and warning["arrival_number"] == 1
    assert warning["arrival_at"].startswith(timezone.localtime(earlier.arrival_at).date().isoformat())


def test_clerk_of_two_agencies_must_say_which(cast):
    accounts.membership_add(actor=None, user=cast.clerk_a, org=cast.agency_b, role="clerk", title="Văn thư")
    client = client_for(cast.clerk_a)
    response = post(client, files=[named(make_pdf(), "a.pdf")])
    assert response.status_code == 400
    assert response.json()["code"] == "agency_required" and response.json()["field"] == "agency"
    chosen = post(client, files=[named(make_pdf(), "a.pdf")], agency=cast.agency_b.pk)
    assert chosen.status_code == 201
    assert chosen.json()["agency"] == cast.agency_b.pk


def test_only_clerks_register_and_only_in_their_own_agency(cast):
    specialist = post(client_for(cast.spec_a), files=[named(make_pdf(), "a.pdf")])
    assert specialist.status_code == 403
    assert specialist.json() == {
        "detail": "Chỉ văn thư của cơ quan được vào sổ văn bản đến.",
        "code": "forbidden",
    }
    elsewhere = post(client_for(cast.clerk_a), files=[named(make_pdf(), "a.pdf")], agency=cast.agency_b.pk)
    assert elsewhere.status_code == 403
    unknown = post(client_for(cast.clerk_a), files=[named(make_pdf(), "a.pdf")], agency=999_999)
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown_agency"
    assert Incoming.objects.count() == 0


def _bad_cases():
    today = timezone.localdate()
    pdf = make_pdf()
    return {
        "png disguised as pdf": ({"files": [named(png_bytes(), "van-ban.pdf")]}, "file_type", None),
        "exe disguised as pdf": (
            {"files": [named(b"MZ\x90\x00" + b"\x00" * 200, "van-ban.pdf")]},
            "file_type",
            None,
        ),
        "corrupt pdf": ({"files": [named(pdf[: len(pdf) // 2], "van-ban.pdf")]}, "pdf_corrupt", None),
        "encrypted pdf": ({"files": [named(encrypted_pdf(), "van-ban.pdf")]}, "pdf_encrypted", None),
        "empty file": ({"files": [named(b"", "van-ban.pdf")]}, "file_empty", None),
        "good file then an exe": (
            {"files": [named(pdf, "a.pdf"), named(b"MZ" + b"\x00" * 100, "b.pdf")]},
            "file_type",
            None,
        ),
        "issued in the future": (
            {"issued_date": (today + timedelta(days=1)).isoformat()},
            "issued_in_future",
            "issued_date",
        ),
        "deadline before arrival": (
            {"due_date": (today - timedelta(days=1)).isoformat()},
            "due_before_arrival",
            "due_date",
        ),
        "unknown issuer": ({"issuer": 999_999}, "unknown_issuer", "issuer"),
        "bad doc type": ({"doc_type": "Thông tư"}, "doc_type", "doc_type"),
        "bad urgency code": ({"urgency": "rat_khan"}, "invalid_choice", "urgency"),
        "bad secrecy code": ({"secrecy": "mat"}, "invalid_choice", "secrecy"),
        "bad channel": ({"channel": "fax"}, "invalid_choice", "channel"),
        "bad date format": ({"issued_date": "05/03/2026"}, "invalid", "issued_date"),
        "bad issuer code": ({"issuer_code": "H57"}, "org_code", "issuer_code"),
        "secret with a file": ({"secrecy": "secret"}, "secret_file", "files"),
        "electronic without a file": ({"files": []}, "file_required", "files"),
        "number too long": ({"code_number": "1" * 12}, "max_length", "code_number"),
    }


@pytest.mark.parametrize("case", list(_bad_cases()))
def test_bad_input_is_refused_in_vietnamese_and_leaves_nothing_behind(cast, tmp_path, case):
    register(cast)  # an earlier entry: the counter stands at 1 and must stay there
    before_blobs = Blob.objects.count()
    before_files = len(stored_files(tmp_path))
    overrides, code, field = _bad_cases()[case]
    files = overrides.pop("files", [named(make_pdf(), "van-ban.pdf")])
    response = post(client_for(cast.clerk_a), files=files, **overrides)
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["code"] == code
    assert body.get("field") == field
    assert not body["detail"].isascii()  # a Vietnamese sentence, not one of DRF's English ones
    assert Incoming.objects.count() == 1
    assert Blob.objects.count() == before_blobs
    assert len(stored_files(tmp_path)) == before_files
    assert last_number(cast) == 1


def test_oversize_upload_is_413_and_leaves_nothing_behind(cast, tmp_path, settings):
    settings.EDESK_MAX_UPLOAD_BYTES = 1024
    response = post(client_for(cast.clerk_a), files=[named(make_pdf(), "lon.pdf")])
    assert response.status_code == 413
    assert response.json()["code"] == "file_too_large"
    assert "vượt giới hạn" in response.json()["detail"]
    assert Incoming.objects.count() == Blob.objects.count() == 0
    assert stored_files(tmp_path) == []
    assert last_number(cast) == 0


def test_failure_after_the_files_were_stored_takes_them_back(cast, tmp_path, monkeypatch):
    def broken(**kwargs):
        raise UserError("Lỗi giả lập khi ghi tệp đính kèm.", code="simulated")

    monkeypatch.setattr("edesk.documents.services.attachments_create", broken)
    response = post(
        client_for(cast.clerk_a), files=[named(make_pdf(), "a.pdf"), named(make_pdf("khác"), "b.pdf")]
    )
    assert response.status_code == 400 and response.json()["code"] == "simulated"
    assert Incoming.objects.count() == Blob.objects.count() == 0
    assert stored_files(tmp_path) == []
    assert last_number(cast) == 0
