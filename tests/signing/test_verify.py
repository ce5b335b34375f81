"""Verification of signed PDFs: the report, each fault flagged, and the API."""

import io

import pytest

from edesk.documents.pdf import EncryptedPdf
from edesk.signing import devca, pades
from edesk.signing.verify import verification_for_blob, verify_pdf
from tests import pki
from tests.conftest import make_pdf


@pytest.fixture
def signed(cast, person_credential, signable_pdf):
    credential = person_credential(cast.leader_a)
    name = cast.leader_a.get_full_name()
    return pades.sign_as_person(signable_pdf(name), credential=credential, pin="123456", signer_name=name)


def test_valid_signature_reported(signed):
    (sig,) = verify_pdf(signed).as_dict()["signatures"]
    assert sig["signer_name"] == "Nguyễn Văn Phương"
    assert sig["intact"] and sig["trusted"] and not sig["modified_after"]
    assert sig["problems"] == []
    assert sig["signing_time"].endswith("+07:00")
    assert "edesk Issuing CA" in sig["issuer"]


def test_unsigned_pdf_has_no_signatures(db):
    assert verify_pdf(make_pdf()).as_dict() == {"signatures": []}


def test_changed_after_signing_is_flagged(signed):
    # Someone appends a revision that rewrites the page content: not a permitted change.
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    stream = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 40 Tf 100 400 Td (GIA MAO) Tj ET"))
    page = writer.find_page_for_modification(0)[0].get_object()
    page["/Contents"] = stream
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    (sig,) = verify_pdf(out.getvalue()).as_dict()["signatures"]
    assert sig["modified_after"]
    assert any("sửa đổi sau khi ký" in p for p in sig["problems"])


def test_bytes_changed_inside_signed_range_break_the_signature(signed):
    tampered = signed.replace(b"/Title", b"/Titlf", 1)
    (sig,) = verify_pdf(tampered).as_dict()["signatures"]
    assert not sig["intact"]
    assert sig["problems"]


def test_untrusted_ca(cast, signed, settings, tmp_path):
    other = devca.DevCA.create(tmp_path / "other", key_factory=pki.fresh_key)
    settings.EDESK_TRUST_ROOTS = str(other.root_path)
    (sig,) = verify_pdf(signed).as_dict()["signatures"]
    assert sig["intact"] and not sig["trusted"]
    assert any("không thuộc tổ chức" in p for p in sig["problems"])


def test_expired_certificate(cast, person_credential, signable_pdf):
    credential = person_credential(cast.leader_b, expired=True)
    name = cast.leader_b.get_full_name()
    data = pades.sign_as_person(signable_pdf(name), credential=credential, pin="123456", signer_name=name)
    (sig,) = verify_pdf(data).as_dict()["signatures"]
    assert not sig["trusted"]
    assert any("hết hạn" in p for p in sig["problems"])


def encrypted_pdf() -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=pdfencrypt.StandardEncryption("", ownerPassword="chu-so-huu", canPrint=0))
    c.drawString(72, 760, "Secret")
    c.showPage()
    c.save()
    return buf.getvalue()


def test_encrypted_pdf_refused(db):
    with pytest.raises(EncryptedPdf):
        verify_pdf(encrypted_pdf())


def test_verification_is_stored_per_blob(signed):
    from edesk.core import storage
    from edesk.documents.models import Blob

    sha256, size = storage.WriteBatch().put_bytes(signed)
    Blob.objects.create(sha256=sha256, size=size, content_type="application/pdf")
    first = verification_for_blob(sha256)
    assert first.signature_count == 1 and first.all_valid
    assert verification_for_blob(sha256).checked_at == first.checked_at
    assert verification_for_blob(sha256, refresh=True).checked_at >= first.checked_at


def test_verify_api(client, cast, signed):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cast.clerk_b)
    response = client.post("/api/v1/signatures/verify/", {"file": SimpleUploadedFile("a.pdf", signed)})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["signatures"][0]["trusted"] is True
    bad = client.post("/api/v1/signatures/verify/", {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 hong")})
    assert bad.status_code == 400
    assert bad.json()["code"] == "pdf_corrupt"
    unsigned = client.post("/api/v1/signatures/verify/", {"file": SimpleUploadedFile("b.pdf", make_pdf())})
    assert unsigned.json() == {"signatures": []}


def test_verify_api_needs_login(client, db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post("/api/v1/signatures/verify/", {"file": SimpleUploadedFile("b.pdf", b"x")})
    assert response.status_code in (401, 403)
