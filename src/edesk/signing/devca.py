"""A development PKI: root CA → issuing CA → person and agency certificates (RSA-2048, SHA-256).

For the demo and the tests only. In production the certificates come from a licensed CA and the
trust roots (settings.EDESK_TRUST_ROOTS) are the national roots; nothing here is used then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ROOT_KEY = "root-key.pem"
ROOT_CERT = "root.pem"
ISSUING_KEY = "issuing-key.pem"
ISSUING_CERT = "issuing.pem"
ORGANIZATION = "edesk (phát triển)"

PrivateKey = rsa.RSAPrivateKey


def new_key() -> PrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str, *, organization: str = ORGANIZATION, email: str = "") -> x509.Name:
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ]
    if email:
        attributes.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, email))
    return x509.Name(attributes)


def _key_usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _build(
    *,
    subject: x509.Name,
    public_key,
    issuer: x509.Name,
    issuer_key: PrivateKey,
    ca: bool,
    not_before: dt.datetime,
    not_after: dt.datetime,
    path_length: int | None = None,
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=path_length), critical=True)
        .add_extension(_key_usage(ca=ca), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
    )
    if not ca:
        # Document signing; the validator accepts it for PDF signatures.
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION, ExtendedKeyUsageOID.CODE_SIGNING]),
            critical=False,
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def key_pem(key: PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


@dataclass
class DevCA:
    """The root and issuing CA of the development PKI, kept as PEM files in `directory`."""

    directory: Path
    root_key: PrivateKey
    root: x509.Certificate
    issuing_key: PrivateKey
    issuing: x509.Certificate

    @classmethod
    def create(cls, directory: Path, *, key_factory=new_key) -> DevCA:
        """Generate a new root and issuing CA and write them to `directory` (created if missing)."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        now = _now()
        root_key = key_factory()
        root_name = _name("edesk Root CA (phát triển)")
        root = _build(
            subject=root_name,
            public_key=root_key.public_key(),
            issuer=root_name,
            issuer_key=root_key,
            ca=True,
            not_before=now - dt.timedelta(days=400),
            not_after=now + dt.timedelta(days=3650),
            path_length=1,
        )
        issuing_key = key_factory()
        issuing = _build(
            subject=_name("edesk Issuing CA (phát triển)"),
            public_key=issuing_key.public_key(),
            issuer=root.subject,
            issuer_key=root_key,
            ca=True,
            not_before=now - dt.timedelta(days=400),
            not_after=now + dt.timedelta(days=3000),
            path_length=0,
        )
        ca = cls(directory, root_key, root, issuing_key, issuing)
        ca._write()
        return ca

    @classmethod
    def load(cls, directory: Path) -> DevCA:
        directory = Path(directory)

        def key(name: str) -> PrivateKey:
            loaded = serialization.load_pem_private_key((directory / name).read_bytes(), password=None)
            assert isinstance(loaded, rsa.RSAPrivateKey)
            return loaded

        def cert(name: str) -> x509.Certificate:
            return x509.load_pem_x509_certificate((directory / name).read_bytes())

        return cls(directory, key(ROOT_KEY), cert(ROOT_CERT), key(ISSUING_KEY), cert(ISSUING_CERT))

    @classmethod
    def exists(cls, directory: Path) -> bool:
        return all((Path(directory) / n).is_file() for n in (ROOT_KEY, ROOT_CERT, ISSUING_KEY, ISSUING_CERT))

    @classmethod
    def load_or_create(cls, directory: Path) -> DevCA:
        return cls.load(directory) if cls.exists(directory) else cls.create(directory)

    def _write(self) -> None:
        for name, data in (
            (ROOT_KEY, key_pem(self.root_key)),
            (ROOT_CERT, _pem(self.root)),
            (ISSUING_KEY, key_pem(self.issuing_key)),
            (ISSUING_CERT, _pem(self.issuing)),
        ):
            path = self.directory / name
            path.write_bytes(data)
            if name.endswith("key.pem"):
                path.chmod(0o600)

    @property
    def root_path(self) -> Path:
        return self.directory / ROOT_CERT

    @property
    def chain(self) -> list[x509.Certificate]:
        """What a signature carries besides its own certificate."""
        return [self.issuing]

    def issue(
        self,
        subject: x509.Name,
        *,
        key: PrivateKey | None = None,
        public_key=None,
        not_before: dt.datetime | None = None,
        not_after: dt.datetime | None = None,
        days: int = 730,
    ) -> tuple[PrivateKey | None, x509.Certificate]:
        """A leaf certificate for `key` (generated when neither it nor `public_key` is given), valid
        from `not_before` (default: a day back) but never before the issuing CA itself."""
        if key is None and public_key is None:
            key = new_key()
        now = _now()
        start = max(not_before or now - dt.timedelta(days=1), self.issuing.not_valid_before_utc)
        cert = _build(
            subject=subject,
            public_key=public_key if public_key is not None else key.public_key(),  # type: ignore[union-attr]
            issuer=self.issuing.subject,
            issuer_key=self.issuing_key,
            ca=False,
            not_before=start,
            not_after=not_after or now + dt.timedelta(days=days),
        )
        return key, cert

    def issue_person(
        self,
        common_name: str,
        *,
        email: str = "",
        days: int = 730,
        key: PrivateKey | None = None,
        not_before: dt.datetime | None = None,
    ) -> tuple[PrivateKey, x509.Certificate]:
        issued_key, cert = self.issue(
            _name(common_name, email=email), key=key or new_key(), days=days, not_before=not_before
        )
        assert issued_key is not None
        return issued_key, cert

    def issue_agency(
        self,
        agency_name: str,
        *,
        code: str = "",
        key: PrivateKey | None = None,
        not_before: dt.datetime | None = None,
    ) -> tuple[PrivateKey, x509.Certificate]:
        attributes = [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, agency_name),
            x509.NameAttribute(NameOID.COMMON_NAME, agency_name),
        ]
        if code:
            attributes.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, code))
        issued_key, cert = self.issue(
            x509.Name(attributes), key=key or new_key(), days=1825, not_before=not_before
        )
        assert issued_key is not None
        return issued_key, cert

    def issue_expired(
        self, common_name: str, *, key: PrivateKey | None = None
    ) -> tuple[PrivateKey, x509.Certificate]:
        """A person's certificate that expired yesterday (valid for the year before)."""
        now = _now()
        issued_key, cert = self.issue(
            _name(common_name),
            key=key or new_key(),
            not_before=now - dt.timedelta(days=366),
            not_after=now - dt.timedelta(days=1),
        )
        assert issued_key is not None
        return issued_key, cert

    def issue_for_public_key(self, common_name: str, public_key) -> x509.Certificate:
        """A certificate for a key held elsewhere (a PKCS#11 token, a user's USB token)."""
        return self.issue(_name(common_name), public_key=public_key)[1]


def pkcs12_bytes(key: PrivateKey, cert: x509.Certificate, chain: list[x509.Certificate], pin: str) -> bytes:
    """A PKCS#12 file of the key, its certificate and the chain, encrypted by `pin`."""
    return pkcs12.serialize_key_and_certificates(
        name=cert.subject.rfc4514_string()[:64].encode(),
        key=key,
        cert=cert,
        cas=chain or None,
        encryption_algorithm=serialization.BestAvailableEncryption(pin.encode()),
    )


def cert_pem(cert: x509.Certificate) -> str:
    return _pem(cert).decode()
