"""What the signing client on the user's machine does: sign a document digest with the key in
the user's token and return a PAdES-compatible CMS SignedData. Used by tests and the benchmark
(the real client holds the key in a USB token; this one is given a key object)."""

from __future__ import annotations

import asyncio

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.keys import load_private_key_from_pemder_data
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore


def _asn1_cert(cert: x509.Certificate):
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def sign_digest(digest_hex: str, *, key, cert: x509.Certificate, chain: list[x509.Certificate]) -> bytes:
    """A DER CMS SignedData over the SHA-256 `digest_hex` of the prepared PDF's byte ranges."""
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    signer = signers.SimpleSigner(
        signing_cert=_asn1_cert(cert),
        signing_key=load_private_key_from_pemder_data(pem, passphrase=None),
        cert_registry=SimpleCertificateStore.from_certs([_asn1_cert(c) for c in chain]),
    )
    content = asyncio.run(
        signer.async_sign(bytes.fromhex(digest_hex), digest_algorithm="sha256", use_pades=True)
    )
    return content.dump()
