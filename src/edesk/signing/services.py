"""Managing signing credentials: importing a PKCS#12, registering a PKCS#11 key or a remote
(USB-token) certificate, and setting the signature/seal image. Every write is audited."""

from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edesk.accounts.context import actor_for
from edesk.accounts.roles import Perm
from edesk.audit import events as audit
from edesk.core import storage
from edesk.core.errors import Forbidden, UserError
from edesk.documents import services as documents
from edesk.documents.services import Upload
from edesk.signing import keys
from edesk.signing.credentials import CertificateFacts, certificate_facts, chain_pem
from edesk.signing.models import Credential, CredentialKind

IMAGE_WIDTH_MM = {"person": 35, "agency": 36}
_MAX_IMAGE_WIDTH_MM = 80


class BadCertificate(UserError):
    code = "bad_certificate"
    default_message = gettext_lazy("Chứng thư số không đọc được hoặc không hợp lệ.")


class DuplicateCredential(UserError):
    status = 409
    code = "credential_exists"
    default_message = gettext_lazy("Chứng thư số này đã được đăng ký.")


def _owner_agency_ids(user, agency) -> set[int]:
    if agency is not None:
        return {agency.pk}
    return set(actor_for(user).agency_ids)


def _check_may_manage(actor, *, user, agency) -> None:
    """The system (actor None), a system administrator, the agency's administrator, or a person
    for their own credential."""
    if (user is None) == (agency is None):
        raise ValueError("a credential belongs to exactly one of user or agency")
    if actor is None or getattr(actor, "is_system_admin", False):
        return
    if user is not None and actor.pk == user.pk:
        return
    admin_of = actor_for(actor).agencies_with(Perm.ORG_ADMIN)
    if admin_of & _owner_agency_ids(user, agency):
        return
    raise Forbidden(_("Chỉ quản trị cơ quan hoặc chính người ký được quản lý chứng thư số."))


def _audit_agency(user, agency) -> int | None:
    if agency is not None:
        return agency.pk
    ids = sorted(actor_for(user).agency_ids)
    return ids[0] if ids else None


def _load_pem(certificate_pem: str) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(certificate_pem.strip().encode())
    except ValueError:
        raise BadCertificate() from None


def _new_credential(
    *, user, agency, kind: str, facts: CertificateFacts, chain: str, label: str
) -> Credential:
    if Credential.objects.filter(fingerprint=facts.fingerprint).exists():
        raise DuplicateCredential()
    return Credential(
        user=user,
        agency=agency,
        kind=kind,
        label=label[:200],
        certificate_pem=facts.certificate_pem,
        chain_pem=chain,
        subject_name=facts.subject_name,
        issuer_name=facts.issuer_name,
        serial=facts.serial,
        fingerprint=facts.fingerprint,
        not_before=facts.not_before,
        not_after=facts.not_after,
        image_width_mm=IMAGE_WIDTH_MM["agency" if agency is not None else "person"],
    )


def _store_image(credential: Credential, image: Upload, width_mm: int | None, batch) -> None:
    files = documents.check_and_store([image], batch)
    if files[0].content_type != "image/png":
        raise UserError(_("Ảnh chữ ký, con dấu phải là tệp PNG nền trong suốt."), field="image")
    documents.blobs_record(files)
    credential.image_id = files[0].sha256
    if width_mm is not None:
        if not 10 <= width_mm <= _MAX_IMAGE_WIDTH_MM:
            raise UserError(
                _("Chiều rộng ảnh phải từ 10 đến %(max)s mm.") % {"max": _MAX_IMAGE_WIDTH_MM},
                field="width_mm",
            )
        credential.image_width_mm = width_mm


def _owner_name(credential: Credential) -> str:
    if credential.agency is not None:
        return credential.agency.name
    return credential.user.get_full_name() if credential.user is not None else ""


def _save(
    actor, credential: Credential, action: str, image: Upload | None, width_mm: int | None
) -> Credential:
    with storage.files_written(documents.blob_release) as batch, transaction.atomic():
        if image is not None:
            _store_image(credential, image, width_mm, batch)
        credential.save()
        keys.forget_signer(credential)
        audit.record(
            actor,
            action,
            credential,
            agency_id=_audit_agency(credential.user, credential.agency),
            data={
                "kind": credential.kind,
                "subject": credential.subject_name,
                "fingerprint": credential.fingerprint,
                "owner": _owner_name(credential),
            },
        )
    return credential


def credential_import_pkcs12(
    *,
    actor,
    user=None,
    agency=None,
    data: bytes,
    pin: str,
    image: Upload | None = None,
    image_width_mm: int | None = None,
    keep_pin: bool = False,
) -> Credential:
    """Store a PKCS#12 file (still encrypted by its PIN, wrapped again by the server key) as the
    credential of `user` or `agency`. The PIN is checked now and kept only when `keep_pin` (an
    agency's key, which the system applies on issuance). Wrong PIN → WrongPin."""
    _check_may_manage(actor, user=user, agency=agency)
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, pin.encode())
    except ValueError:
        # A wrong PIN and a damaged file look alike to the decoder; the PIN is the usual cause.
        raise keys.WrongPin(_("Mã PIN không đúng hoặc tệp PKCS#12 bị hỏng.")) from None
    if cert is None or key is None:
        raise BadCertificate(_("Tệp PKCS#12 không chứa khóa và chứng thư số."))
    facts = certificate_facts(cert)
    credential = _new_credential(
        user=user,
        agency=agency,
        kind=CredentialKind.PKCS12,
        facts=facts,
        chain=chain_pem(list(extra)),
        label=facts.subject_name,
    )
    credential.wrapped_pkcs12 = keys.wrap(data, context=f"p12:{facts.fingerprint}")
    if keep_pin:
        credential.wrapped_pin = keys.wrap(pin.encode(), context=f"pin:{facts.fingerprint}")
    return _save(actor, credential, "credential.import", image, image_width_mm)


def credential_register_pkcs11(
    *,
    actor,
    user=None,
    agency=None,
    token_label: str,
    key_label: str,
    certificate_pem: str,
    chain: str = "",
    pin: str | None = None,
    image: Upload | None = None,
    image_width_mm: int | None = None,
) -> Credential:
    """Register a key that stays in a PKCS#11 token (HSM) with its certificate. `pin` is kept
    (wrapped) only for an agency's token, which the system uses unattended on issuance."""
    _check_may_manage(actor, user=user, agency=agency)
    if not token_label.strip() or not key_label.strip():
        raise UserError(_("Cần tên thiết bị (token) và tên khóa."), field="token_label")
    facts = certificate_facts(_load_pem(certificate_pem))
    credential = _new_credential(
        user=user,
        agency=agency,
        kind=CredentialKind.PKCS11,
        facts=facts,
        chain=chain,
        label=facts.subject_name,
    )
    credential.pkcs11_token = token_label.strip()[:100]
    credential.pkcs11_key_label = key_label.strip()[:100]
    if pin is not None and agency is not None:
        credential.wrapped_pin = keys.wrap(pin.encode(), context=f"pin:{facts.fingerprint}")
    return _save(actor, credential, "credential.register", image, image_width_mm)


def credential_register_remote(
    *, actor, user, certificate_pem: str, chain: str = "", image: Upload | None = None
) -> Credential:
    """Register the certificate of a USB token the person signs with on their own machine."""
    _check_may_manage(actor, user=user, agency=None)
    facts = certificate_facts(_load_pem(certificate_pem))
    credential = _new_credential(
        user=user, agency=None, kind=CredentialKind.REMOTE, facts=facts, chain=chain, label=facts.subject_name
    )
    return _save(actor, credential, "credential.register", image, None)


def credential_set_image(*, actor, credential: Credential, image: Upload, width_mm: int) -> Credential:
    """Replace the signature (blue) or seal (red) image drawn in the signature's appearance."""
    _check_may_manage(actor, user=credential.user, agency=credential.agency)
    return _save(actor, credential, "credential.image", image, width_mm)


def credential_deactivate(*, actor, credential: Credential) -> Credential:
    """Stop using a credential (lost token, revoked certificate); signatures made stay valid."""
    _check_may_manage(actor, user=credential.user, agency=credential.agency)
    with transaction.atomic():
        credential.active = False
        credential.save(update_fields=["active", "updated_at"])
        keys.forget_signer(credential)
        audit.record(
            actor,
            "credential.deactivate",
            credential,
            agency_id=_audit_agency(credential.user, credential.agency),
            data={"fingerprint": credential.fingerprint},
        )
    return credential
