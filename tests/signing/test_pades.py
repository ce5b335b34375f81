"""The leader's signature, numbering with the agency's seal and attachment stamps, checked with
pyHanko's validator and poppler's pdfsig."""

import io
import subprocess
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import validation
from pyhanko.sign.diff_analysis import ModificationLevel

from edesk.signing import pades, trust

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "signing"


def statuses(data: bytes):
    reader = PdfFileReader(io.BytesIO(data))
    context = trust.validation_context()
    return [validation.validate_pdf_signature(s, context) for s in reader.embedded_signatures]


def pdfsig(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "signed.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout


def save_render(data: bytes, name: str, tmp_path: Path, page: int = 1) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(path),
            str(ARTIFACTS / name),
        ],
        check=True,
    )
    return ARTIFACTS / f"{name}.png"


@pytest.fixture
def leader_signed(cast, person_credential, signable_pdf):
    credential = person_credential(cast.leader_a)
    source = signable_pdf(cast.leader_a.get_full_name())
    return pades.sign_as_person(
        source, credential=credential, pin="123456", signer_name=cast.leader_a.get_full_name()
    )


def test_leader_signature_is_valid_and_placed_above_the_name(leader_signed, tmp_path):
    (status,) = statuses(leader_signed)
    assert status.intact and status.valid and status.trusted
    out = pdfsig(leader_signed, tmp_path)
    assert "Signature is Valid" in out
    assert "Total document signed" in out
    save_render(leader_signed, "leader-signed", tmp_path)


def test_numbering_keeps_the_leader_signature_valid(cast, leader_signed, agency_credential, tmp_path):
    seal = agency_credential(cast.agency_a)
    numbered = pades.number_and_seal(
        leader_signed,
        credential=seal,
        number_notation="15/QĐ-UBND",
        date_line="Huế, ngày 05 tháng 01 năm 2026",
    )
    leader, agency = statuses(numbered)
    assert leader.intact and leader.valid and leader.trusted
    assert leader.modification_level == ModificationLevel.FORM_FILLING
    assert leader.docmdp_ok
    assert agency.intact and agency.valid and agency.trusted
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=numbered, capture_output=True, check=True
    ).stdout.decode()
    out = pdfsig(numbered, tmp_path)
    assert out.count("Signature is Valid") == 2
    assert "Total document signed" in out.split("Signature #2")[1]
    save_render(numbered, "numbered-sealed", tmp_path)
    assert "Số: 15/QĐ-UBND" in text and "Huế, ngày 05 tháng 01 năm 2026" in text
