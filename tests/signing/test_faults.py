"""Bad input when signing: wrong PIN, signing twice, encrypted PDFs, no place for the signature;
and the attachment stamp."""

import logging
import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from edesk.core.errors import UserError
from edesk.documents.pdf import EncryptedPdf, inspect_pdf
from edesk.signing import keys, pades
from edesk.signing.layout import Placement
from edesk.signing.verify import verify_pdf
from tests.conftest import make_pdf
from tests.signing.test_pades import pdfsig, save_render
from tests.signing.test_verify import encrypted_pdf


def test_wrong_pin_is_refused_and_never_logged(cast, person_credential, signable_pdf, caplog):
    credential = person_credential(cast.leader_a, pin="246810")
    caplog.set_level(logging.DEBUG)
    with pytest.raises(keys.WrongPin) as caught:
        pades.sign_as_person(
            signable_pdf("Nguyễn Văn Phương"),
            credential=credential,
            pin="999777",
            signer_name="Nguyễn Văn Phương",
        )
    assert caught.value.code == "wrong_pin"
    assert "999777" not in caplog.text and "246810" not in caplog.text
    assert "999777" not in str(caught.value) and caught.value.__cause__ is None


def test_stored_key_is_wrapped_not_plain(cast, person_credential):
    credential = person_credential(cast.leader_a)
    wrapped = bytes(credential.wrapped_pkcs12)
    plain = keys.unwrap(wrapped, context=f"p12:{credential.fingerprint}")
    assert plain not in wrapped and credential.wrapped_pin is None
    with pytest.raises(keys.KeyUnavailable):
        keys.unwrap(wrapped, context="p12:other")


def test_signing_twice_with_the_same_certificate_is_refused(cast, person_credential, signable_pdf):
    credential = person_credential(cast.leader_a)
    once = pades.sign_as_person(
        signable_pdf("Nguyễn Văn Phương"),
        credential=credential,
        pin="123456",
        signer_name="Nguyễn Văn Phương",
    )
    with pytest.raises(UserError) as caught:
        pades.sign_as_person(once, credential=credential, pin="123456", signer_name="Nguyễn Văn Phương")
    assert caught.value.code == "already_signed"


def test_encrypted_pdf_cannot_be_signed(cast, person_credential):
    credential = person_credential(cast.leader_a)
    with pytest.raises(EncryptedPdf):
        pades.sign_as_person(encrypted_pdf(), credential=credential, pin="123456", signer_name="Secret")


def test_no_signer_line_needs_a_placement(cast, person_credential, tmp_path):
    credential = person_credential(cast.leader_a)
    with pytest.raises(UserError) as caught:
        pades.sign_as_person(make_pdf(), credential=credential, pin="123456", signer_name="Nguyễn Văn Phương")
    assert caught.value.code == "placement_required"
    signed = pades.sign_as_person(
        make_pdf(),
        credential=credential,
        pin="123456",
        signer_name="Nguyễn Văn Phương",
        placement=Placement(0, (350, 300, 500, 360)),
    )
    (sig,) = verify_pdf(signed).signatures
    assert sig.intact and sig.trusted


def test_twenty_pages_signed_on_the_last(cast, person_credential, signable_pdf, tmp_path):
    credential = person_credential(cast.leader_a)
    source = signable_pdf("Nguyễn Văn Phương", pages=20)
    placement = pades.find_signer_placement(source, "Nguyễn Văn Phương")
    pages = inspect_pdf(source).page_count
    assert pages >= 19
    assert placement is not None and placement.page == pages - 1
    signed = pades.sign_as_person(
        source, credential=credential, pin="123456", signer_name="Nguyễn Văn Phương"
    )
    assert "Signature is Valid" in pdfsig(signed, tmp_path)


def test_attachment_stamp_text_top_right(cast, agency_credential, tmp_path):
    seal = agency_credential(cast.agency_a)
    at = datetime(2026, 11, 23, 10, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    stamped = pades.stamp_attachment(
        make_pdf("Phụ lục kèm theo"), credential=seal, number_notation="15/QĐ-UBND", signed_at=at
    )
    out = pdfsig(stamped, tmp_path)
    assert "Signature is Valid" in out and "Total document signed" in out
    path = tmp_path / "stamped.pdf"
    path.write_bytes(stamped)
    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "2026-11-23T10:30:00+07:00" in bbox
    line = next(row for row in bbox.splitlines() if "2026-11-23T10:30:00+07:00" in row)
    x_max = float(line.split('xMax="')[1].split('"')[0])
    y_min = float(line.split('yMin="')[1].split('"')[0])
    assert x_max > 595 * 0.8 and y_min < 842 * 0.1  # top right (pdftotext measures y from the top)
    assert "15/QĐ-UBND," in bbox
    save_render(stamped, "attachment-stamp", tmp_path)
