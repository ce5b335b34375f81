"""The trust roots signatures are checked against.

settings.EDESK_TRUST_ROOTS lists PEM/DER certificate files or directories of them, separated by
commas or the path separator (in production: the national root CA of Vietnam's public digital
signature service and the government's specialised CA). When it is empty, the development CA in
EDESK_PKI_DIR is trusted if it exists, so the demo's signatures show as valid.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from django.conf import settings
from pyhanko.keys import load_certs_from_pemder
from pyhanko_certvalidator import ValidationContext

from edesk.signing.devca import ISSUING_CERT, ROOT_CERT

_CERT_SUFFIXES = {".pem", ".crt", ".cer", ".der"}


def _paths(spec: str) -> list[Path]:
    return [Path(p.strip()) for p in re.split(rf"[,{re.escape(os.pathsep)}]", spec) if p.strip()]


def _files(path: Path) -> list[str]:
    if path.is_dir():
        return sorted(str(p) for p in path.iterdir() if p.suffix.lower() in _CERT_SUFFIXES and p.is_file())
    return [str(path)] if path.is_file() else []


@lru_cache(maxsize=8)
def _load(files: tuple[str, ...], mtimes: tuple[float, ...]) -> tuple[asn1_x509.Certificate, ...]:
    del mtimes  # part of the cache key only: a replaced file is read again
    return tuple(load_certs_from_pemder(list(files)))


def _cached(files: list[str]) -> tuple[asn1_x509.Certificate, ...]:
    return _load(tuple(files), tuple(os.path.getmtime(f) for f in files))


def trust_roots() -> tuple[asn1_x509.Certificate, ...]:
    spec = settings.EDESK_TRUST_ROOTS
    if spec.strip():
        return _cached([f for p in _paths(spec) for f in _files(p)])
    dev_root = Path(settings.EDESK_PKI_DIR) / ROOT_CERT
    return _cached([str(dev_root)]) if dev_root.is_file() else ()


def known_intermediates() -> tuple[asn1_x509.Certificate, ...]:
    """Intermediate CA certificates to help path building when a signature omits them."""
    issuing = Path(settings.EDESK_PKI_DIR) / ISSUING_CERT
    return _cached([str(issuing)]) if issuing.is_file() else ()


def validation_context(*, moment=None) -> ValidationContext:
    """Offline validation: no fetching of CRLs/OCSP (the server may have no internet access),
    revocation soft-fail, certificates checked at `moment` (default: now)."""
    return ValidationContext(
        trust_roots=list(trust_roots()),
        other_certs=list(known_intermediates()),
        allow_fetching=False,
        revocation_mode="soft-fail",
        moment=moment,
    )
