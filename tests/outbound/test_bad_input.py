"""The issue's bad inputs on the outgoing side, each refused with a clear message and nothing kept:
numbering twice, signing an unapproved draft, a DOCX LibreOffice cannot convert, an encrypted PDF,
an expired remote signature (API test), a Word file without LibreOffice."""

import io

import pytest

from edesk.core import storage
from edesk.core.errors import Conflict, UserError
from edesk.documents.models import Blob
from edesk.outbound import convert
from edesk.outbound import services as outbound
from edesk.outbound.models import DraftVersion, State
from tests.conftest import upload
from tests.outbound.story import draft, signed


def _stored() -> set[str]:
    store = storage.backend()
    if not store.exists(""):
        return set()
    names = set()
    for first in store.listdir("")[0]:
        for second in store.listdir(first)[0]:
            names.update(store.listdir(f"{first}/{second}")[1])
    return names


def test_numbering_twice(cast, signable_pdf, person_credential, agency_credential):
    agency_credential(cast.agency_a)
    outgoing = outbound.outgoing_number(
        actor=cast.clerk_a, outgoing=signed(cast, signable_pdf, person_credential)
    )
    with pytest.raises(Conflict) as err:
        outbound.outgoing_number(actor=cast.clerk_a, outgoing=outgoing)
    assert err.value.status == 409 and "cấp số" in err.value.message


def test_signing_a_draft_that_is_not_approved(cast, person_credential):
    person_credential(cast.leader_a)
    outgoing = draft(cast)
    with pytest.raises(Conflict) as err:
        outbound.outgoing_sign(actor=cast.leader_a, outgoing=outgoing, pin="123456")
    assert err.value.status == 409 and "Chỉ ký được văn bản đã được duyệt" in err.value.message
    outgoing.refresh_from_db()
    assert outgoing.state == State.DRAFT


@pytest.mark.skipif(not convert.available(), reason="LibreOffice (soffice) is not installed here")
def test_a_docx_libreoffice_cannot_convert(cast):
    outgoing = draft(cast)
    before = _stored()
    # A DOCX by its parts, whose document part is not XML at all.
    buf = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00\x01 not xml \xff" * 200)
    with pytest.raises(UserError) as err:
        outbound.draft_upload_version(
            actor=cast.spec_a, outgoing=outgoing, file=upload(buf.getvalue(), "hong.docx")
        )
    assert err.value.code in ("conversion_failed", "file_type")
    assert DraftVersion.objects.filter(outgoing=outgoing).count() == 1
    assert _stored() == before and _stored() == set(Blob.objects.values_list("sha256", flat=True))


def test_a_conversion_that_fails_keeps_nothing(cast, monkeypatch):
    outgoing = draft(cast)
    before = _stored()
    monkeypatch.setattr(convert, "available", lambda: True)

    def failing(data, *, extension):
        raise convert.ConversionFailed()

    monkeypatch.setattr(convert, "to_pdf", failing)
    from tests.outbound.test_services_drafts import docx_bytes

    with pytest.raises(UserError) as err:
        outbound.draft_upload_version(
            actor=cast.spec_a, outgoing=outgoing, file=upload(docx_bytes("x"), "a.docx")
        )
    assert err.value.code == "conversion_failed" and "PDF" in err.value.message
    assert _stored() == before


def _encrypted_pdf(user_password: str) -> bytes:
    """Opens without a password when `user_password` is empty (an owner password forbids changes)."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    encryption = pdfencrypt.StandardEncryption(user_password, ownerPassword="chu-so-huu", canModify=0)
    pdf = canvas.Canvas(buf, encrypt=encryption)
    pdf.drawString(72, 760, "Du thao co mat khau")
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


@pytest.mark.parametrize("user_password", ["", "mat-khau"])
def test_an_encrypted_pdf(cast, user_password):
    outgoing = draft(cast)
    with pytest.raises(UserError) as err:
        outbound.draft_upload_version(
            actor=cast.spec_a, outgoing=outgoing, file=upload(_encrypted_pdf(user_password), "mat.pdf")
        )
    assert err.value.code == "pdf_encrypted"
    assert DraftVersion.objects.filter(outgoing=outgoing).count() == 1
