"""The signer's digital signature on an approved draft: with a key kept on the server (PKCS#12
unlocked by the signer's PIN, or a PKCS#11 token), or prepared here and completed by the signing
client on the signer's machine (remote). Secret documents are signed on paper, never here."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.sign.signers import Signer

from edesk.accounts.context import actor_for
from edesk.accounts.roles import Perm
from edesk.audit import events
from edesk.core import storage
from edesk.core.errors import Forbidden, NotFound, UserError
from edesk.documents import services as documents
from edesk.outbound.access import access_outgoing
from edesk.outbound.models import Outgoing, ReviewAction, ReviewEvent
from edesk.outbound.transitions import transition_for
from edesk.signing import keys, pades
from edesk.signing import remote as remote_signing
from edesk.signing.credentials import credential_for_user
from edesk.signing.models import Credential, CredentialKind, PendingSignature, PendingState

PURPOSE = "outgoing.sign"
# One batch is one request: enough for a leader's morning, short enough to answer in seconds.
SIGN_BATCH_MAX = 50


def _check_signer(actor, outgoing: Outgoing) -> str | None:
    """Refuse unless `actor` may sign `outgoing` now; return the next state."""
    transition = transition_for(outgoing.state, "sign")
    if outgoing.is_secret:
        raise UserError(
            _("Văn bản mật được ký trên bản giấy, không ký số trên hệ thống."), code="secret_paper"
        )
    if outgoing.signer_id != actor.pk or not actor_for(actor).has(
        Perm.OUTGOING_SIGN, agency_id=outgoing.owner_id
    ):
        raise Forbidden(_("Chỉ người ký được chọn cho văn bản mới được ký."))
    if outgoing.current_version_id is None:
        raise UserError(_("Dự thảo chưa có tệp để ký."), code="no_version")
    return transition.next_state


def _credential(actor) -> Credential:
    credential = credential_for_user(actor)
    if credential is None:
        raise UserError(
            _("Bạn chưa có chứng thư số còn hiệu lực trên hệ thống; hãy liên hệ quản trị."),
            code="no_credential",
        )
    return credential


def _draft_pdf(outgoing: Outgoing) -> bytes:
    assert outgoing.current_version is not None
    return storage.read_blob(outgoing.current_version.pdf_id)


def _store_signed(actor, outgoing: Outgoing, signed: bytes, next_state, batch, *, how: str) -> Outgoing:
    sha256, size = batch.put_bytes(signed)
    documents.blobs_record([documents.CheckedFile("signed.pdf", sha256, size, "application/pdf", None)])
    now = timezone.now()
    outgoing.state = next_state
    outgoing.signed_blob_id = sha256
    outgoing.signed_at = now
    outgoing.signed_by = actor
    outgoing.moved_at = now
    outgoing.save(update_fields=["state", "signed_blob", "signed_at", "signed_by", "moved_at", "updated_at"])
    ReviewEvent.objects.create(
        outgoing=outgoing,
        action=ReviewAction.SIGN,
        actor=actor,
        version_id=outgoing.current_version_id,
        created_at=now,
    )
    events.record(
        actor, "outgoing.sign", outgoing, agency_id=outgoing.owner_id, data={"pdf": sha256, "how": how}
    )
    return outgoing


def outgoing_sign(
    *, actor, outgoing: Outgoing, pin: str, placement: pades.Placement | None = None
) -> Outgoing:
    """The signer signs the approved draft's PDF with the key the server holds for them (PIN)."""
    with storage.files_written(documents.blob_release) as batch:
        return _sign(actor, outgoing, placement, batch, pin=pin)


def _server_credential(actor) -> Credential:
    credential = _credential(actor)
    if credential.kind == CredentialKind.REMOTE:
        raise UserError(
            _("Chứng thư số của bạn nằm trên thiết bị ký (USB token): hãy ký bằng phần mềm ký trên máy."),
            code="remote_credential",
        )
    return credential


@transaction.atomic
def _sign(
    actor,
    outgoing,
    placement,
    batch,
    *,
    pin: str | None = None,
    opened: tuple[Credential, Signer] | None = None,
) -> Outgoing:
    """Sign one document in its own transaction: with `pin`, or with the key `opened` by a batch."""
    outgoing = access_outgoing(actor, outgoing.pk, for_update=True)
    next_state = _check_signer(actor, outgoing)
    credential, signer = opened if opened is not None else (_server_credential(actor), None)
    signed = pades.sign_as_person(
        _draft_pdf(outgoing),
        credential=credential,
        pin=pin,
        signer=signer,
        signer_name=outgoing.signer_name,
        placement=placement,
    )
    return _store_signed(actor, outgoing, signed, next_state, batch, how=credential.kind)


@dataclass(frozen=True)
class Skipped:
    """A document of a batch that was not signed, and why (the refusal's message and code)."""

    outgoing: Outgoing
    detail: str
    code: str


@dataclass
class BatchResult:
    signed: list[Outgoing] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def outgoing_sign_batch(*, actor, outgoings: list[Outgoing], pin: str) -> BatchResult:
    """Sign several approved documents with one PIN entry ("ký số hàng loạt").

    The key is unlocked once, for this call only: a wrong PIN (WrongPin, code "wrong_pin") or a
    missing credential signs nothing. Then each document is signed as outgoing_sign signs it, in
    its own transaction with its own audit event; one that cannot be signed (not approved,
    another signer, no signer's name line, already signed, not visible) is skipped with the
    reason, and the others are signed. Documents are signed in the order given, each once.
    """
    outgoings = list({o.pk: o for o in outgoings}.values())
    if len(outgoings) > SIGN_BATCH_MAX:
        raise UserError(
            _("Mỗi lần ký được tối đa %(max)d văn bản.") % {"max": SIGN_BATCH_MAX}, code="batch_too_large"
        )
    credential = _server_credential(actor)
    result = BatchResult()
    with keys.open_signer(credential, pin) as signer:
        for outgoing in outgoings:
            try:
                with storage.files_written(documents.blob_release) as batch:
                    signed = _sign(actor, outgoing, None, batch, opened=(credential, signer))
            except UserError as exc:
                result.skipped.append(Skipped(outgoing, str(exc.message), exc.code))
            else:
                result.signed.append(signed)
    return result


@transaction.atomic
def outgoing_sign_prepare(
    *, actor, outgoing: Outgoing, placement: pades.Placement | None = None
) -> PendingSignature:
    """Prepare the signature for the signing client on the signer's machine: the returned pending
    signature carries the digest to sign; it expires after settings.EDESK_REMOTE_SIGNING_SECONDS."""
    outgoing = access_outgoing(actor, outgoing.pk, for_update=True)
    _check_signer(actor, outgoing)
    credential = _credential(actor)
    return remote_signing.remote_prepare(
        actor=actor,
        credential=credential,
        pdf=_draft_pdf(outgoing),
        purpose=PURPOSE,
        object_ref=str(outgoing.public_id),
        signer_name=outgoing.signer_name,
        placement=placement,
    )


def outgoing_sign_complete(*, actor, outgoing: Outgoing, pending_id, cms: bytes) -> Outgoing:
    """Embed the CMS signature the signing client returned for `pending_id`; the draft is signed."""
    with storage.files_written(documents.blob_release) as batch:
        return _complete(actor, outgoing, pending_id, cms, batch)


@transaction.atomic
def _complete(actor, outgoing, pending_id, cms, batch) -> Outgoing:
    outgoing = access_outgoing(actor, outgoing.pk, for_update=True)
    next_state = _check_signer(actor, outgoing)
    key = "public_id" if isinstance(pending_id, str) and "-" in pending_id else "pk"
    try:
        pending = PendingSignature.objects.select_for_update().get(
            **{key: pending_id}, purpose=PURPOSE, object_ref=str(outgoing.public_id), requested_by_id=actor.pk
        )
    except Exception as exc:  # noqa: BLE001 - DoesNotExist and malformed ids alike
        raise NotFound() from exc
    if pending.state == PendingState.COMPLETED:
        raise UserError(_("Chữ ký này đã được hoàn tất."), code="already_completed")
    signed = remote_signing.remote_complete(actor=actor, pending=pending, cms=cms)
    return _store_signed(actor, outgoing, signed, next_state, batch, how=CredentialKind.REMOTE)
