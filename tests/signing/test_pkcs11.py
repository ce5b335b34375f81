"""A key inside a PKCS#11 token (SoftHSM2): registered with its dev-CA certificate, signs on the
server without ever leaving the token."""

import io
import os
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding
from django.urls import reverse

from edesk.accounts import services as accounts
from edesk.accounts.roles import Role
from edesk.core import storage
from edesk.core.errors import UserError
from edesk.outbound import services as outbound
from edesk.outbound.models import State
from edesk.signing import devca, keys, pades
from edesk.signing.images import seal_png
from edesk.signing.models import Credential, CredentialKind
from edesk.signing.services import credential_register_pkcs11
from edesk.signing.verify import verify_pdf
from tests.outbound.story import approved, draft
from tests.signing.test_pades import pdfsig

SOFTHSM = Path("/usr/lib/softhsm/libsofthsm2.so")
TOKEN, SO_PIN, PIN, KEY_LABEL = "edesk-test", "0000", "1234", "ky-lanh-dao"

pytestmark = pytest.mark.skipif(
    not SOFTHSM.exists(), reason="libsofthsm2.so is absent (Debian package softhsm2 not installed)"
)


@pytest.fixture(scope="session")
def softhsm_token(tmp_path_factory):
    """A fresh SoftHSM2 token in a temporary directory holding one RSA-2048 key pair."""
    import pkcs11

    base = tmp_path_factory.mktemp("softhsm")
    (base / "tokens").mkdir()
    conf = base / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {base / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n"
    )
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", TOKEN, "--so-pin", SO_PIN, "--pin", PIN],
        check=True,
        capture_output=True,
    )
    token = pkcs11.lib(str(SOFTHSM)).get_token(token_label=TOKEN)
    with token.open(rw=True, user_pin=PIN) as session:
        public, _private = session.generate_keypair(pkcs11.KeyType.RSA, 2048, label=KEY_LABEL, store=True)
        numbers = rsa.RSAPublicNumbers(
            int.from_bytes(public[pkcs11.Attribute.PUBLIC_EXPONENT], "big"),
            int.from_bytes(public[pkcs11.Attribute.MODULUS], "big"),
        )
    return numbers.public_key()


def test_sign_with_a_key_in_softhsm(cast, trusted_dev_ca, softhsm_token, signable_pdf, settings, tmp_path):
    settings.EDESK_PKCS11_MODULE = str(SOFTHSM)
    name = cast.leader_a.get_full_name()
    cert = trusted_dev_ca.issue_for_public_key(name, softhsm_token)
    credential = credential_register_pkcs11(
        actor=cast.leader_a,
        user=cast.leader_a,
        token_label=TOKEN,
        key_label=KEY_LABEL,
        certificate_pem=devca.cert_pem(cert),
        chain=devca.cert_pem(trusted_dev_ca.issuing),
    )
    with pytest.raises(UserError) as caught:
        pades.sign_as_person(signable_pdf(name), credential=credential, pin="9999", signer_name=name)
    assert caught.value.code == "wrong_pin"
    signed = pades.sign_as_person(signable_pdf(name), credential=credential, pin=PIN, signer_name=name)
    (sig,) = verify_pdf(signed).signatures
    assert sig.intact and sig.trusted and not sig.problems
    assert "Signature is Valid" in pdfsig(signed, tmp_path)


CREDENTIALS = reverse("outbound:credentials")


def _named(data: bytes, name: str) -> io.BytesIO:
    file = io.BytesIO(data)
    file.name = name
    return file


def _token_form(prefix: str, cert, chain: list, **extra) -> dict:
    return {
        "action": prefix,
        f"{prefix}-token_label": TOKEN,
        f"{prefix}-key_label": KEY_LABEL,
        f"{prefix}-certificate": _named(cert.public_bytes(Encoding.DER), "khoa.cer"),
        f"{prefix}-chain": _named("".join(devca.cert_pem(c) for c in chain).encode(), "chuoi.pem"),
        f"{prefix}-image_width_mm": "35",
        **extra,
    }


def test_leader_registers_a_token_key_on_the_page_and_signs_with_it(
    client, cast, trusted_dev_ca, softhsm_token, signable_pdf, settings
):
    settings.EDESK_PKCS11_MODULE = str(SOFTHSM)
    name = cast.leader_a.get_full_name()
    cert = trusted_dev_ca.issue_for_public_key(name, softhsm_token)
    client.force_login(cast.leader_a)
    html = client.get(CREDENTIALS).content.decode()
    assert 'name="p11-token_label"' in html and 'name="agency_p11-pin"' not in html

    bad = _token_form("p11", cert, trusted_dev_ca.chain)
    bad["p11-certificate"] = _named(b"not a certificate", "x.cer")
    response = client.post(CREDENTIALS, bad)
    assert response.status_code == 200 and "Tệp không phải chứng thư số hợp lệ." in response.content.decode()
    assert not Credential.objects.exists()

    response = client.post(CREDENTIALS, _token_form("p11", cert, trusted_dev_ca.chain))
    assert response.status_code == 302, response.content.decode()[:3000]
    credential = Credential.objects.get(user=cast.leader_a)
    assert credential.kind == CredentialKind.PKCS11 and credential.pkcs11_key_label == KEY_LABEL
    assert not credential.wrapped_pin  # a person types the PIN at each signature
    assert "Hiệu lực từ" in client.get(CREDENTIALS).content.decode()

    # The same certificate twice is refused on the form.
    response = client.post(CREDENTIALS, _token_form("p11", cert, trusted_dev_ca.chain))
    assert "Chứng thư số này đã được đăng ký." in response.content.decode()

    doc = approved(cast, draft(cast, pdf=signable_pdf(name, notation="QĐ-STC")))
    sign = reverse("outbound:sign", kwargs={"public_id": doc.public_id})
    assert client.post(sign, {"pin": "9999"}).status_code == 200
    doc.refresh_from_db()
    assert doc.state == State.APPROVED
    assert client.post(sign, {"pin": PIN}).status_code == 302
    doc.refresh_from_db()
    assert doc.state == State.SIGNED
    (sig,) = verify_pdf(storage.read_blob(doc.signed_blob_id)).signatures
    assert sig.intact and sig.trusted and not sig.problems


def test_agency_admin_registers_the_seal_token_with_its_pin(
    client, cast, trusted_dev_ca, softhsm_token, signable_pdf, person_credential, settings
):
    settings.EDESK_PKCS11_MODULE = str(SOFTHSM)
    admin = accounts.user_create(actor=None, username="qt.stc", full_name="Quản Trị Sở", password="x")
    accounts.membership_add(actor=None, user=admin, org=cast.agency_a, role=Role.ADMIN, title="Quản trị")
    cert = trusted_dev_ca.issue_for_public_key(cast.agency_a.name, softhsm_token)
    data = _token_form(
        "agency_p11",
        cert,
        trusted_dev_ca.chain,
        **{
            "agency": str(cast.agency_a.public_id),
            "agency_p11-pin": PIN,
            "agency_p11-image": _named(seal_png(cast.agency_a.name), "dau.png"),
            "agency_p11-image_width_mm": "36",
        },
    )
    client.force_login(cast.clerk_a)
    assert client.post(CREDENTIALS, data).status_code == 404
    client.force_login(admin)
    without_pin = {k: v for k, v in data.items() if k != "agency_p11-pin"}
    assert client.post(CREDENTIALS, without_pin).status_code == 200
    assert not Credential.objects.exists()
    data["agency_p11-certificate"] = _named(cert.public_bytes(Encoding.DER), "khoa.cer")
    data["agency_p11-chain"] = _named(devca.cert_pem(trusted_dev_ca.issuing).encode(), "chuoi.pem")
    data["agency_p11-image"] = _named(seal_png(cast.agency_a.name), "dau.png")
    response = client.post(CREDENTIALS, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    seal = Credential.objects.get(agency=cast.agency_a)
    assert seal.kind == CredentialKind.PKCS11 and seal.wrapped_pin and seal.image_width_mm == 36
    assert keys.unwrap(seal.wrapped_pin, context=f"pin:{seal.fingerprint}").decode() == PIN

    # The system applies the seal from the token with the kept PIN when the clerk numbers.
    person_credential(cast.leader_a)
    doc = approved(cast, draft(cast, pdf=signable_pdf(cast.leader_a.full_name, notation="QĐ-STC")))
    doc = outbound.outgoing_sign(actor=cast.leader_a, outgoing=doc, pin="123456")
    doc = outbound.outgoing_number(actor=cast.clerk_a, outgoing=doc)
    issued = doc.attachments.get(kind="main")
    signatures = verify_pdf(storage.read_blob(issued.blob_id)).signatures
    assert len(signatures) == 2 and all(s.intact and s.trusted for s in signatures)
    assert cast.agency_a.name in signatures[1].signer_name
