"""Where a credential's private key is and how to sign with it: one interface, several providers.

- PKCS#12 (`CredentialKind.PKCS12`): the file is stored encrypted by its PIN and wrapped again with
  AES-GCM under a server key (HKDF of EDESK_KEY_WRAP_SECRET, or of SECRET_KEY when unset), so a
  database dump alone opens nothing and the PIN alone opens nothing either.
- PKCS#11 (`CredentialKind.PKCS11`): the key never leaves the token/HSM; pyHanko signs through
  settings.EDESK_PKCS11_MODULE with the token's PIN.
- Remote keys are not here: the user's own machine signs (edesk.signing.remote).

`open_signer(credential, pin)` is the one entry point: a context manager yielding a pyHanko Signer.

An agency's PKCS#12 key, whose PIN the system holds anyway, stays unlocked in the process for a
few minutes (`_AgencySigners`): unlocking costs 50-110 ms of deliberate key derivation, and one
issuance signs with it once per file. A person's key is never kept: their PIN unlocks it for one
request and the unlocked key goes with it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.keys.internal import (
    translate_pyca_cryptography_cert_to_asn1,
    translate_pyca_cryptography_key_to_asn1,
)
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from edesk.core.errors import UserError
from edesk.signing.models import Credential, CredentialKind

log = logging.getLogger(__name__)

_NONCE_BYTES = 12
_WRAP_INFO = b"edesk signing key wrap v1"


class WrongPin(UserError):
    code = "wrong_pin"
    default_message = _("Mã PIN không đúng.")


class KeyUnavailable(UserError):
    status = 503
    code = "key_unavailable"
    default_message = _("Không truy cập được khóa ký số (thiết bị ký hoặc tệp khóa); hãy báo quản trị.")


# -- key wrapping ------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _wrap_key(secret: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_WRAP_INFO).derive(secret.encode())


def _server_key() -> bytes:
    return _wrap_key(settings.EDESK_KEY_WRAP_SECRET or settings.SECRET_KEY)


def wrap(data: bytes, *, context: str) -> bytes:
    """Encrypt `data` under the server key; `context` (e.g. the certificate fingerprint) is bound
    to it, so a wrapped value copied onto another credential's row does not open."""
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + AESGCM(_server_key()).encrypt(nonce, data, context.encode())


def unwrap(blob: bytes, *, context: str) -> bytes:
    from cryptography.exceptions import InvalidTag

    blob = bytes(blob)
    try:
        return AESGCM(_server_key()).decrypt(blob[:_NONCE_BYTES], blob[_NONCE_BYTES:], context.encode())
    except InvalidTag as exc:
        # The server key changed (SECRET_KEY rotated without EDESK_KEY_WRAP_SECRET) or the row was
        # tampered with: no PIN can help, an administrator must re-import the credential.
        log.error("stored key of credential %s cannot be unwrapped", context)
        raise KeyUnavailable() from exc


# -- certificates --------------------------------------------------------------------------------


def credential_certificate(credential: Credential) -> asn1_x509.Certificate:
    return next(iter(load_certs_from_pemder_data(credential.certificate_pem.encode())))


def credential_chain(credential: Credential) -> list[asn1_x509.Certificate]:
    if not credential.chain_pem.strip():
        return []
    return list(load_certs_from_pemder_data(credential.chain_pem.encode()))


# -- providers ---------------------------------------------------------------------------------


class _LoadedKeySigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner parses its private key again for every signature (~50 ms for RSA,
    the key's consistency check); this one keeps the parsed key for its short life."""

    def __init__(self, *, pyca_key, **kwargs):
        super().__init__(**kwargs)
        self._pyca_key = pyca_key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        if mechanism == "rsassa_pkcs1v15" and isinstance(self._pyca_key, rsa.RSAPrivateKey):
            return self._pyca_key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
        return super().sign_raw(data, digest_algorithm)


def pkcs12_signer(data: bytes, pin: str, *, chain: list[asn1_x509.Certificate]) -> signers.SimpleSigner:
    """Unlock a PKCS#12 file with `pin`. Wrong PIN → WrongPin (the PIN appears in no message)."""
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, pin.encode())
    except ValueError:
        raise WrongPin() from None  # the cause would carry nothing useful, only noise in logs
    if key is None or cert is None:
        raise KeyUnavailable()
    registry = SimpleCertificateStore()
    registry.register_multiple([*chain, *(translate_pyca_cryptography_cert_to_asn1(c) for c in extra)])
    return _LoadedKeySigner(
        pyca_key=key,
        signing_key=translate_pyca_cryptography_key_to_asn1(key),
        signing_cert=translate_pyca_cryptography_cert_to_asn1(cert),
        cert_registry=registry,
    )


@contextmanager
def _pkcs11_signer(credential: Credential, pin: str | None) -> Iterator[signers.Signer]:
    try:
        from pkcs11 import exceptions as p11_errors
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign import pkcs11 as hanko_p11
    except ImportError as exc:  # python-pkcs11 is an optional extra of pyHanko
        raise KeyUnavailable() from exc
    module = settings.EDESK_PKCS11_MODULE
    if not module or not os.path.exists(module):
        raise KeyUnavailable()
    try:
        session = hanko_p11.open_pkcs11_session(
            module, token_criteria=TokenCriteria(label=credential.pkcs11_token), user_pin=pin
        )
    except p11_errors.PinIncorrect:
        raise WrongPin() from None
    except (p11_errors.PKCS11Error, hanko_p11.PKCS11Error) as exc:
        log.warning("PKCS#11 token %r cannot be opened: %s", credential.pkcs11_token, type(exc).__name__)
        raise KeyUnavailable() from None
    try:
        yield hanko_p11.PKCS11Signer(
            session,
            key_label=credential.pkcs11_key_label,
            signing_cert=credential_certificate(credential),
            ca_chain=credential_chain(credential),
        )
    finally:
        session.close()


class _AgencySigners:
    """Unlocked agency signers, least recently used first, each for at most `ttl` seconds.

    Keyed by the credential's row, its last change and a digest of its wrapped key and PIN: a
    re-imported key, a new PIN or any save of the row (deactivation included) misses the cache,
    and `forget` drops the entry at once in this process. Signing with a pyca key is thread-safe,
    so the same signer may serve concurrent requests.
    """

    def __init__(self, *, size: int = 16, ttl: float = 600.0) -> None:
        self.size, self.ttl = size, ttl
        self._entries: OrderedDict[tuple, tuple[float, signers.Signer]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(credential: Credential) -> tuple:
        stored = hashlib.sha256(
            bytes(credential.wrapped_pkcs12 or b"") + bytes(credential.wrapped_pin or b"")
        )
        return (credential.pk, credential.fingerprint, credential.updated_at, stored.hexdigest())

    def get(self, key: tuple) -> signers.Signer | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if time.monotonic() - entry[0] > self.ttl:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: tuple, signer: signers.Signer) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic(), signer)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def forget(self, credential: Credential) -> None:
        with self._lock:
            for key in [k for k in self._entries if k[0] == credential.pk and k[1] == credential.fingerprint]:
                del self._entries[key]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_agency_signers = _AgencySigners()


def forget_signer(credential: Credential) -> None:
    """Drop `credential`'s unlocked key from this process (called when it changes or is deactivated)."""
    _agency_signers.forget(credential)


def _agency_pkcs12_signer(credential: Credential) -> signers.Signer:
    """The agency's key unlocked with its stored PIN, from the cache when unlocked recently."""
    key = _AgencySigners.key(credential)
    signer = _agency_signers.get(key)
    if signer is None:
        pin = unwrap(bytes(credential.wrapped_pin or b""), context=f"pin:{credential.fingerprint}").decode()
        data = unwrap(bytes(credential.wrapped_pkcs12 or b""), context=f"p12:{credential.fingerprint}")
        signer = pkcs12_signer(data, pin, chain=credential_chain(credential))
        _agency_signers.put(key, signer)
    return signer


@contextmanager
def open_signer(credential: Credential, pin: str | None) -> Iterator[signers.Signer]:
    """A pyHanko signer for `credential`, unlocked with `pin`.

    For an agency credential with a stored PIN, pass pin=None to use it (its unlocked PKCS#12 key
    is reused for up to 10 minutes). Raises WrongPin or KeyUnavailable; remote credentials have
    no server-side key and raise KeyUnavailable.
    """
    if (
        pin is None
        and credential.kind == CredentialKind.PKCS12
        and credential.wrapped_pin
        and credential.wrapped_pkcs12
        and credential.agency_id is not None
        and credential.active
    ):
        yield _agency_pkcs12_signer(credential)
        return
    if pin is None and credential.wrapped_pin:
        pin = unwrap(credential.wrapped_pin, context=f"pin:{credential.fingerprint}").decode()
    if credential.kind == CredentialKind.PKCS12:
        if not credential.wrapped_pkcs12:
            raise KeyUnavailable()
        if pin is None:
            raise WrongPin(_("Cần nhập mã PIN để ký."))
        data = unwrap(credential.wrapped_pkcs12, context=f"p12:{credential.fingerprint}")
        yield pkcs12_signer(data, pin, chain=credential_chain(credential))
    elif credential.kind == CredentialKind.PKCS11:
        with _pkcs11_signer(credential, pin) as signer:
            yield signer
    else:
        raise KeyUnavailable(
            _("Chứng thư số này ký trên máy người dùng (USB token), không ký được trên máy chủ.")
        )
