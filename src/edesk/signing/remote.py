"""Remote (deferred) signing: the key stays on the signer's own device (a USB token).

1. `remote_prepare`: the server lays out the signature as sign_as_person would, reserves space for
   the CMS, stores that prepared PDF as a Blob and records the SHA-256 digest of its byte ranges.
2. The signing client on the user's machine signs the digest and returns a CMS SignedData
   (edesk.signing.client.sign_digest is what it does).
3. `remote_complete`: the CMS must be by this credential's certificate and valid over that digest;
   then it is embedded (pyHanko's PdfTBSDocument.finish_signing) and the signed PDF returned.
A prepared signature not completed within settings.EDESK_REMOTE_SIGNING_SECONDS expires
(`remote_expire_due`), and its prepared file is released.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
from datetime import timedelta

from asn1crypto import cms
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.sign import signers
from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
from pyhanko.sign.signers.pdf_signer import PdfTBSDocument
from pyhanko.sign.validation.generic_cms import validate_sig_integrity

from edesk.audit import events as audit
from edesk.core import storage
from edesk.core.errors import Forbidden, UserError
from edesk.documents import services as documents
from edesk.documents.models import Blob
from edesk.signing import keys, pades
from edesk.signing.layout import Placement
from edesk.signing.models import Credential, PendingSignature, PendingState

log = logging.getLogger(__name__)

# Room for the CMS: an RSA-4096 signature, the signer's certificate and a chain of a few CAs.
_BYTES_RESERVED = 16384
_PLACEHOLDER_SIGNATURE = bytes(512)


def _check_requester(actor, credential: Credential) -> None:
    if actor is None or credential.user_id != actor.pk:
        raise Forbidden(_("Chỉ người sở hữu chứng thư số được ký bằng chứng thư số đó."))
    if not credential.active or not (credential.not_before <= timezone.now() < credential.not_after):
        raise UserError(_("Chứng thư số không còn hiệu lực."), code="credential_invalid")


def _digest(pdf: bytes, *, credential: Credential, signer_name: str, placement: Placement | None):
    prepared = pades.prepare_person_signature(
        pdf, credential=credential, signer_name=signer_name, placement=placement
    )
    external = signers.ExternalSigner(
        signing_cert=keys.credential_certificate(credential),
        cert_registry=None,
        signature_value=_PLACEHOLDER_SIGNATURE,
    )
    pdf_signer = signers.PdfSigner(
        prepared.metadata, signer=external, stamp_style=prepared.style, new_field_spec=prepared.field_spec
    )
    out = io.BytesIO()
    digest, _tbs, _out = asyncio.run(
        pdf_signer.async_digest_doc_for_signing(prepared.writer, bytes_reserved=_BYTES_RESERVED, output=out)
    )
    return digest, out.getvalue()


def remote_prepare(
    *,
    actor,
    credential: Credential,
    pdf: bytes,
    purpose: str,
    object_ref: str,
    signer_name: str,
    placement: Placement | None = None,
) -> PendingSignature:
    """Prepare `pdf` for `credential`'s remote signature; the digest to sign is
    `pending.document_digest` (hex SHA-256). Raises the same UserErrors as sign_as_person."""
    _check_requester(actor, credential)
    digest, prepared_pdf = _digest(pdf, credential=credential, signer_name=signer_name, placement=placement)
    with storage.files_written(documents.blob_release) as batch, transaction.atomic():
        sha256, size = batch.put_bytes(prepared_pdf)
        Blob.objects.get_or_create(sha256=sha256, defaults={"size": size, "content_type": "application/pdf"})
        pending = PendingSignature.objects.create(
            credential=credential,
            requested_by=actor,
            purpose=purpose[:40],
            object_ref=object_ref[:64],
            prepared_id=sha256,
            md_algorithm="sha256",
            document_digest=digest.document_digest.hex(),
            reserved_start=digest.reserved_region_start,
            reserved_end=digest.reserved_region_end,
            expires_at=timezone.now() + timedelta(seconds=settings.EDESK_REMOTE_SIGNING_SECONDS),
        )
        audit.record(
            actor, "signature.remote_prepare", pending, data={"purpose": purpose, "object": object_ref}
        )
    return pending


def _signer_info(cms_bytes: bytes) -> tuple[cms.SignedData, cms.SignerInfo]:
    try:
        content = cms.ContentInfo.load(cms_bytes)
        signed_data = content["content"]
        if content["content_type"].native != "signed_data" or len(signed_data["signer_infos"]) != 1:
            raise ValueError("not a SignedData with one signer")
        return signed_data, signed_data["signer_infos"][0]
    except (ValueError, TypeError, KeyError):
        raise UserError(
            _("Chữ ký gửi về không đọc được (không phải CMS hợp lệ)."), code="bad_signature"
        ) from None


def _check_cms(pending: PendingSignature, cms_bytes: bytes) -> None:
    """The CMS must be signed by the credential's own certificate, over the prepared digest."""
    signed_data, signer_info = _signer_info(cms_bytes)
    expected = keys.credential_certificate(pending.credential)
    sid = signer_info["sid"]
    certs = [c.chosen for c in signed_data["certificates"] if c.name == "certificate"]
    signer_cert = next(
        (
            c
            for c in certs
            if sid.name == "issuer_and_serial_number" and c.issuer_serial == expected.issuer_serial
        ),
        None,
    )
    if (
        signer_cert is None
        or hashlib.sha256(signer_cert.dump()).hexdigest() != pending.credential.fingerprint
    ):
        raise UserError(_("Chữ ký gửi về không phải của chứng thư số đã chọn."), code="wrong_certificate")
    try:
        intact, valid = validate_sig_integrity(
            signer_info,
            expected,
            expected_content_type="data",
            actual_digest=bytes.fromhex(pending.document_digest),
        )
    except Exception:  # noqa: BLE001 - any failure to check is a bad signature
        intact = valid = False
    if not (intact and valid):
        raise UserError(_("Chữ ký gửi về không khớp với văn bản đã chuẩn bị."), code="bad_signature")


def remote_complete(*, actor, pending: PendingSignature, cms: bytes) -> bytes:
    """Embed the client's CMS in the prepared PDF and return the signed PDF.

    Raises UserError code="expired" (too late or not pending), "bad_signature", "wrong_certificate".
    Marks the pending signature COMPLETED (the caller stores the returned PDF in its own transaction).
    """
    with transaction.atomic():
        locked = PendingSignature.objects.select_for_update().select_related("credential").get(pk=pending.pk)
        if locked.requested_by_id != getattr(actor, "pk", None):
            raise Forbidden()
        if (
            locked.state != PendingState.PENDING
            or locked.expires_at <= timezone.now()
            or locked.prepared_id is None
        ):
            raise UserError(_("Phiên ký đã hết hạn hoặc đã kết thúc; hãy ký lại."), code="expired")
        _check_cms(locked, cms)
        prepared = storage.read_blob(locked.prepared_id)
        digest = PreparedByteRangeDigest(
            document_digest=bytes.fromhex(locked.document_digest),
            reserved_region_start=locked.reserved_start,
            reserved_region_end=locked.reserved_end,
        )
        out = io.BytesIO(prepared)
        try:
            PdfTBSDocument.finish_signing(out, digest, cms)
        except Exception as exc:  # a CMS larger than the reserved space, chiefly
            raise UserError(_("Chữ ký gửi về quá lớn hoặc không hợp lệ."), code="bad_signature") from exc
        locked.state = PendingState.COMPLETED
        locked.completed_at = timezone.now()
        locked.save(update_fields=["state", "completed_at", "updated_at"])
        audit.record(actor, "signature.remote_complete", locked, data={"object": locked.object_ref})
    pending.state, pending.completed_at = locked.state, locked.completed_at
    return out.getvalue()


def _release_prepared(sha256: str) -> None:
    """Drop the Blob row unless something else still points to it, then its file."""
    try:
        with transaction.atomic():
            Blob.objects.filter(sha256=sha256).delete()
    except (ProtectedError, RestrictedError, IntegrityError):
        return  # still used (the same bytes are another record's file)
    transaction.on_commit(lambda: documents.blob_release(sha256))


def remote_expire_due() -> int:
    """Expire pending remote signatures past their time and release their prepared files."""
    count = 0
    due = PendingSignature.objects.filter(state=PendingState.PENDING, expires_at__lte=timezone.now())
    for pending_id in due.values_list("pk", flat=True)[:500]:
        with transaction.atomic():
            pending = PendingSignature.objects.select_for_update().filter(pk=pending_id).first()
            if pending is None or pending.state != PendingState.PENDING:
                continue
            prepared = pending.prepared_id
            pending.state = PendingState.EXPIRED
            pending.prepared = None
            pending.save(update_fields=["state", "prepared", "updated_at"])
            audit.record(None, "signature.remote_expire", pending, data={"object": pending.object_ref})
            if prepared:
                _release_prepared(prepared)
            count += 1
    return count


__all__ = ["remote_complete", "remote_expire_due", "remote_prepare"]
