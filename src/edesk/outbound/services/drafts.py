"""Drafting: the draft's metadata, its versions (each upload a new one) and its appendices.

Files are checked, converted and stored before the transaction (slow work stays outside the row
locks); if anything then fails, the files this call wrote are removed and no row remains.
"""

import io
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from edesk.accounts.context import actor_for
from edesk.accounts.roles import Perm
from edesk.audit import events
from edesk.core import storage
from edesk.core.errors import Forbidden, UserError
from edesk.core.filetypes import detect
from edesk.core.text import squash
from edesk.documents import pdf
from edesk.documents import services as documents
from edesk.documents.models import Attachment, AttachmentKind, TextStatus
from edesk.orgs.models import Organization
from edesk.outbound import convert
from edesk.outbound.access import access_outgoing
from edesk.outbound.models import DraftVersion, Outgoing, Recipient
from edesk.outbound.services.validation import Checked, DraftData, check_draft
from edesk.outbound.transitions import transition_for
from edesk.signing.queue import verify_after_commit

CONVERTIBLE = ("docx", "doc")


@dataclass
class PreparedFile:
    """A draft file stored and checked: the upload itself and the PDF that is reviewed and signed."""

    source: documents.CheckedFile
    pdf: documents.CheckedFile


def _secret_has_no_files() -> UserError:
    return UserError(
        _("Văn bản mật chỉ được đăng ký; không đưa tệp văn bản mật lên hệ thống."),
        code="secret_file",
        field="file",
    )


def prepare_file(upload: documents.Upload, batch: storage.WriteBatch) -> PreparedFile:
    """Check `upload` (PDF, or DOCX/DOC converted by LibreOffice) and store it and its PDF."""
    kind = detect(upload.fileobj, filename=upload.name).kind
    if kind not in ("pdf", *CONVERTIBLE):
        raise UserError(_("Dự thảo phải là tệp PDF, DOCX hoặc DOC."), code="draft_file_type", field="file")
    upload.fileobj.seek(0)
    if kind == "pdf":
        if pdf.inspect_pdf(upload.fileobj.read()).is_encrypted:
            # An owner password forbids changes: the signature and number could not be added.
            raise pdf.EncryptedPdf()
        upload.fileobj.seek(0)
        (source,) = documents.check_and_store([upload], batch)
        return PreparedFile(source, source)
    if not convert.available():
        raise convert.ConversionUnavailable()
    (source,) = documents.check_and_store([upload], batch)
    upload.fileobj.seek(0)
    converted = convert.to_pdf(upload.fileobj.read(), extension=kind)
    sha256, size = batch.put_bytes(converted)
    name = squash(upload.name).rsplit(".", 1)[0][:250] + ".pdf"
    pages = pdf.inspect_pdf(converted).page_count
    return PreparedFile(
        source, documents.CheckedFile(name, sha256, size, "application/pdf", pages, io.BytesIO(converted))
    )


def _check_author(actor, outgoing: Outgoing, action: str) -> None:
    transition_for(outgoing.state, action)
    if outgoing.author_id != actor.pk:
        raise Forbidden(_("Chỉ người soạn thảo được sửa dự thảo."))


def _apply(outgoing: Outgoing, checked: Checked) -> None:
    data = checked.data
    outgoing.doc_type = data.doc_type
    outgoing.subject = checked.subject
    outgoing.drafting_unit = checked.drafting_unit
    outgoing.signer_id = data.signer_id
    outgoing.signer_name = checked.signer_name
    outgoing.signer_position = checked.signer_position
    outgoing.authority = data.authority
    outgoing.authority_for = squash(data.authority_for)
    outgoing.urgency = data.urgency
    outgoing.secrecy = data.secrecy
    outgoing.issued_amount = data.issued_amount
    outgoing.reply_due = data.reply_due
    outgoing.reply_to_id = data.reply_to_id
    outgoing.replaces_id = data.replaces_id
    outgoing.recipients_text = data.recipients_text.strip()
    outgoing.description = squash(data.description)
    outgoing.search_text = documents.search_text_of(outgoing, [])


def _set_recipients(outgoing: Outgoing, data: DraftData) -> None:
    Recipient.objects.filter(outgoing=outgoing).delete()
    Recipient.objects.bulk_create(
        Recipient(
            outgoing=outgoing,
            kind=spec.kind,
            org_id=spec.org_id if spec.kind in ("agency", "unit") else None,
            user_id=spec.user_id if spec.kind == "person" else None,
            external_name=squash(spec.external_name) if spec.kind == "external" else "",
            external_code=spec.external_code.strip() if spec.kind == "external" else "",
            sort_order=i,
        )
        for i, spec in enumerate(data.recipients)
    )


def _add_version(actor, outgoing: Outgoing, prepared: PreparedFile, comment: str) -> DraftVersion:
    documents.blobs_record(
        [prepared.source] if prepared.pdf is prepared.source else [prepared.source, prepared.pdf]
    )
    last = DraftVersion.objects.filter(outgoing=outgoing).aggregate(m=Max("number"))["m"] or 0
    version = DraftVersion.objects.create(
        outgoing=outgoing,
        number=last + 1,
        author=actor,
        comment=squash(comment)[:2000],
        source_id=prepared.source.sha256,
        source_name=prepared.source.name,
        source_type=prepared.source.content_type,
        pdf_id=prepared.pdf.sha256,
        page_count=prepared.pdf.page_count,
    )
    outgoing.current_version = version
    outgoing.page_amount = prepared.pdf.page_count
    outgoing.save(update_fields=["current_version", "page_amount", "updated_at"])
    verify_after_commit([prepared.pdf.sha256])
    return version


def draft_create(
    *, actor, agency: Organization, data: DraftData, file: documents.Upload | None = None, comment: str = ""
) -> Outgoing:
    """Start a draft in `agency` (its first version when `file` is given). A repeated request with
    the same `request_key` returns the first draft."""
    if not actor_for(actor).has(Perm.OUTGOING_DRAFT, agency_id=agency.pk):
        raise Forbidden(_("Bạn không có quyền soạn văn bản đi của cơ quan này."))
    if data.request_key:
        earlier = Outgoing.objects.filter(author=actor, request_key=data.request_key).first()
        if earlier is not None:
            return earlier
    checked = check_draft(actor, agency, data)
    if file is not None and data.secrecy:
        raise _secret_has_no_files()
    try:
        with storage.files_written(documents.blob_release) as batch:
            prepared = prepare_file(file, batch) if file is not None else None
            return _create(actor, agency, checked, prepared, comment)
    except IntegrityError:
        if data.request_key:
            earlier = Outgoing.objects.filter(author=actor, request_key=data.request_key).first()
            if earlier is not None:
                return earlier
        raise


@transaction.atomic
def _create(actor, agency, checked: Checked, prepared: PreparedFile | None, comment: str) -> Outgoing:
    now = timezone.now()
    outgoing = Outgoing(
        agency=agency,
        owner=agency,
        direction="out",
        issuer=agency,
        issuer_name=agency.name,
        issuer_code=agency.code or "",
        author=actor,
        created_by=actor,
        moved_at=now,
        request_key=checked.data.request_key or None,
    )
    _apply(outgoing, checked)
    outgoing.save()
    _set_recipients(outgoing, checked.data)
    version = _add_version(actor, outgoing, prepared, comment) if prepared is not None else None
    events.record(
        actor,
        "outgoing.create",
        outgoing,
        agency_id=agency.pk,
        data={
            "version": version.number if version else None,
            "file": prepared.source.sha256 if prepared else None,
        },
    )
    return outgoing


@transaction.atomic
def draft_update(*, actor, outgoing: Outgoing, data: DraftData) -> Outgoing:
    """The author changes the draft's metadata and recipients (while it is a draft or returned)."""
    outgoing = access_outgoing(actor, outgoing.pk, for_update=True)
    _check_author(actor, outgoing, "edit")
    agency = Organization.objects.get(pk=outgoing.owner_id)
    checked = check_draft(actor, agency, data, outgoing=outgoing)
    has_files = (
        outgoing.current_version_id is not None or Attachment.objects.filter(document=outgoing).exists()
    )
    if data.secrecy and has_files:
        raise _secret_has_no_files()
    _apply(outgoing, checked)
    outgoing.save()
    _set_recipients(outgoing, data)
    events.record(actor, "outgoing.update", outgoing, agency_id=outgoing.owner_id)
    return outgoing


def draft_upload_version(
    *, actor, outgoing: Outgoing, file: documents.Upload, comment: str = ""
) -> DraftVersion:
    """A new version of the draft by its author (DOCX/DOC converted to PDF when LibreOffice is here)."""
    outgoing = access_outgoing(actor, outgoing.pk)
    _check_author(actor, outgoing, "upload")
    if outgoing.is_secret:
        raise _secret_has_no_files()
    with storage.files_written(documents.blob_release) as batch:
        prepared = prepare_file(file, batch)
        return _store_version(actor, outgoing, prepared, comment)


@transaction.atomic
def _store_version(actor, outgoing: Outgoing, prepared: PreparedFile, comment: str) -> DraftVersion:
    outgoing = access_outgoing(actor, outgoing.pk, for_update=True)
    _check_author(actor, outgoing, "upload")
    version = _add_version(actor, outgoing, prepared, comment)
    events.record(
        actor,
        "outgoing.upload",
        outgoing,
        agency_id=outgoing.owner_id,
        data={"version": version.number, "file": prepared.source.sha256, "pdf": prepared.pdf.sha256},
    )
    return version


def draft_set_appendices(*, actor, outgoing: Outgoing, files: list[documents.Upload]) -> list[Attachment]:
    """Replace the draft's separate appendices (PDF, or DOCX/DOC converted): on numbering each one
    gets the agency's signature with the number and time."""
    outgoing = access_outgoing(actor, outgoing.pk)
    _check_author(actor, outgoing, "upload")
    if outgoing.is_secret and files:
        raise _secret_has_no_files()
    with storage.files_written(documents.blob_release) as batch:
        prepared = [prepare_file(f, batch).pdf for f in files]
        return _store_appendices(actor, outgoing, prepared)


@transaction.atomic
def _store_appendices(actor, outgoing: Outgoing, files: list[documents.CheckedFile]) -> list[Attachment]:
    outgoing = access_outgoing(actor, outgoing.pk, for_update=True)
    _check_author(actor, outgoing, "upload")
    documents.blobs_record(files)
    Attachment.objects.filter(document=outgoing, kind=AttachmentKind.APPENDIX).delete()
    attachments = Attachment.objects.bulk_create(
        Attachment(
            document=outgoing,
            blob_id=f.sha256,
            name=f.name,
            content_type=f.content_type,
            size=f.size,
            kind=AttachmentKind.APPENDIX,
            page_count=f.page_count,
            text_status=TextStatus.NONE,
            sort_order=i + 1,
            uploaded_by=actor,
        )
        for i, f in enumerate(files)
    )
    events.record(
        actor,
        "outgoing.appendices",
        outgoing,
        agency_id=outgoing.owner_id,
        data={"files": [f.sha256 for f in files]},
    )
    verify_after_commit(f.sha256 for f in files if f.content_type == "application/pdf")
    return attachments
