"""Reading credentials: whose certificate signs now, and the fields a certificate fills in a row."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID
from django.utils import timezone

from edesk.signing.models import Credential


def _valid_now():
    now = timezone.now()
    return Credential.objects.filter(active=True, not_before__lte=now, not_after__gt=now)


def credential_for_user(user) -> Credential | None:
    """The person's active credential valid today (the newest if several), or None."""
    if user is None or not getattr(user, "pk", None):
        return None
    return _valid_now().filter(user=user).order_by("-not_after", "-pk").first()


def credential_for_agency(agency) -> Credential | None:
    """The agency's active seal credential valid today (the newest if several), or None."""
    if agency is None:
        return None
    return _valid_now().filter(agency=agency).order_by("-not_after", "-pk").first()


@dataclass(frozen=True)
class CertificateFacts:
    """What a Credential row records about its certificate."""

    certificate_pem: str
    subject_name: str
    issuer_name: str
    serial: str
    fingerprint: str
    not_before: datetime
    not_after: datetime


def common_name(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else name.rfc4514_string()


def certificate_facts(cert: x509.Certificate) -> CertificateFacts:
    der = cert.public_bytes(serialization.Encoding.DER)
    return CertificateFacts(
        certificate_pem=cert.public_bytes(serialization.Encoding.PEM).decode(),
        subject_name=common_name(cert.subject)[:200],
        issuer_name=common_name(cert.issuer)[:300],
        serial=format(cert.serial_number, "x")[:64],
        fingerprint=hashlib.sha256(der).hexdigest(),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
    )


def chain_pem(certs: list[x509.Certificate]) -> str:
    return "".join(c.public_bytes(serialization.Encoding.PEM).decode() for c in certs)
