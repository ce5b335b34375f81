"""A key inside a PKCS#11 token (SoftHSM2): registered with its dev-CA certificate, signs on the
server without ever leaving the token."""

import os
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from edesk.core.errors import UserError
from edesk.signing import devca, pades
from edesk.signing.services import credential_register_pkcs11
from edesk.signing.verify import verify_pdf
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
