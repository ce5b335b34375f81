"""Writes shared by incoming and outgoing documents: register numbers, stored files, extracted text."""

import logging
import re
from dataclasses import dataclass
from functools import partial
from typing import BinaryIO

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edesk.core import storage
from edesk.core.errors import UserError
from edesk.core.filetypes import detect
from edesk.core.text import fold, squash, strip_diacritics
from edesk.documents import pdf
from edesk.documents.models import (
    Attachment,
    AttachmentKind,
    Blob,
    Document,
    Register,
    RegisterKind,
    TextStatus,
)
from edesk.search import index as search_index
from edesk.search import query as search_query

log = logging.getLogger(__name__)

REGISTER_NAMES = {
    RegisterKind.INCOMING: "Sổ đăng ký văn bản đến năm {year}",
    RegisterKind.INCOMING_SECRET: "Sổ đăng ký văn bản đến mật năm {year}",
    RegisterKind.OUTGOING: "Sổ đăng ký văn bản đi năm {year}",
    RegisterKind.OUTGOING_SECRET: "Sổ đăng ký văn bản đi mật năm {year}",
}
SEARCH_TEXT_LIMIT = 500_000
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


class FileTooLarge(UserError):
    status = 413
    code = "file_too_large"


@dataclass
class Upload:
    """A file as received from a form or the API, before it is checked and stored."""

    name: str
    fileobj: BinaryIO
    size: int


@dataclass
class CheckedFile:
    name: str
    sha256: str
    size: int
    content_type: str
    page_count: int | None
    # The uploaded bytes, kept until the transaction records the file (see blobs_record).
    source: BinaryIO | None = None


def register_for(*, agency, year: int, kind: str, book: str = "", book_name: str = "") -> Register:
    """The agency's register of `kind` (and `book`) for `year`, created on first use (1 January or
    later)."""
    name = REGISTER_NAMES[RegisterKind(kind)].format(year=year)
    if book:
        name = f"{name} — {book_name or book}"
    try:
        with transaction.atomic():
            register, _ = Register.objects.get_or_create(
                agency=agency, year=year, kind=kind, book=book, defaults={"name": name}
            )
    except IntegrityError:
        # Another clerk created it a moment ago.
        register = Register.objects.get(agency=agency, year=year, kind=kind, book=book)
    return register


def register_next_number(register: Register) -> int:
    """Take the next number of `register`. Must run inside the caller's transaction: the row lock
    is held until commit, and a rollback gives the number back, so none is ever skipped."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("register numbers are taken inside the registration's transaction")
    locked = Register.objects.select_for_update().get(pk=register.pk)
    locked.last_number += 1
    locked.save(update_fields=["last_number", "updated_at"])
    return locked.last_number


def check_and_store(uploads: list[Upload], batch: storage.WriteBatch) -> list[CheckedFile]:
    """Check every file by its content, then store it. Nothing is stored unless all pass."""
    limit = settings.EDESK_MAX_UPLOAD_BYTES
    checked: list[tuple[Upload, str, int | None]] = []
    for upload in uploads:
        if upload.size > limit:
            size_mb = f"{upload.size / 1048576:.1f}".replace(".", ",")  # Vietnamese decimal comma
            raise FileTooLarge(
                _("Tệp “%(name)s” dung lượng %(size)s MB, vượt giới hạn %(limit)s MB.")
                % {"name": upload.name, "size": size_mb, "limit": limit // 1048576}
            )
        kind = detect(upload.fileobj, filename=upload.name)
        pages = None
        if kind.kind == "pdf":
            upload.fileobj.seek(0)
            pages = pdf.inspect_pdf(upload.fileobj.read()).page_count
        checked.append((upload, kind.content_type, pages))
    stored = []
    for upload, content_type, pages in checked:
        sha256, size = batch.put(upload.fileobj)
        stored.append(
            CheckedFile(squash(upload.name)[:255], sha256, size, content_type, pages, upload.fileobj)
        )
    return stored


def _lock_blob(sha256: str) -> None:
    """Serialise, per file, the transactions that record it and the clean-ups that may remove it.

    PostgreSQL: a transaction-scoped advisory lock on the hash. SQLite: every write transaction
    already holds the database's single write lock (BEGIN IMMEDIATE), so there is nothing to add.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(sha256[:15], 16)])


def blob_release(sha256: str) -> None:
    """After a failed operation: remove a file it wrote unless a committed row now uses it.

    A concurrent upload of the same bytes that found this file already stored either committed
    first (its Blob row is seen here, the file stays) or records it after this (it finds the file
    gone and writes it again from its own upload, in blobs_record).
    """
    with transaction.atomic():
        _lock_blob(sha256)
        if not Blob.objects.filter(sha256=sha256).exists():
            storage.backend().delete(storage.blob_path(sha256))


def blobs_record(files: list[CheckedFile]) -> None:
    """Record stored files in the caller's transaction, making sure each is really in storage."""
    for f in files:
        _lock_blob(f.sha256)
        Blob.objects.get_or_create(sha256=f.sha256, defaults={"size": f.size, "content_type": f.content_type})
        if f.source is not None:
            storage.save_if_missing(f.sha256, f.source)


def attachments_create(*, document: Document, files: list[CheckedFile], actor) -> list[Attachment]:
    blobs_record(files)
    attachments = [
        Attachment(
            document=document,
            blob_id=f.sha256,
            name=f.name,
            content_type=f.content_type,
            size=f.size,
            kind=AttachmentKind.MAIN if i == 0 else AttachmentKind.APPENDIX,
            page_count=f.page_count,
            text_status=TextStatus.PENDING if f.content_type == "application/pdf" else TextStatus.NONE,
            sort_order=i,
            uploaded_by=actor,
        )
        for i, f in enumerate(files)
    ]
    Attachment.objects.bulk_create(attachments)
    pending = [a.pk for a in Attachment.objects.filter(document=document, text_status=TextStatus.PENDING)]
    if pending:
        from edesk.documents.tasks import attachment_extract_text_task

        for attachment_id in pending:
            transaction.on_commit(partial(attachment_extract_text_task.delay, attachment_id))
    return attachments


def dup_key(code_number: str, code_notation: str, issuer_key: str) -> str:
    """Decree 30 App. VI: the same (number, notation, issuer) arriving twice is flagged."""
    if not code_number and not code_notation:
        return ""
    return fold(f"{code_number.lstrip('0')}|{code_notation}|{issuer_key}")[:300]


def search_text_of(document: Document, texts: list[str]) -> str:
    """The diacritic-free text the search index holds for `document`.

    Punctuation becomes space, so both backends see the words the query is split into (PostgreSQL's
    parser would otherwise keep "125/qd-ubnd" as one path-like token); the number/notation is also
    kept as one exact token for notation queries.
    """
    parts = [
        search_query.notation_token(document.code_number, document.code_notation),
        document.number_notation,
        document.subject,
        document.issuer_name,
        document.signer_name,
        *texts,
    ]
    text = _NON_WORD.sub(" ", strip_diacritics(" ".join(p for p in parts if p)).lower())
    return text[:SEARCH_TEXT_LIMIT]


def document_reindex(document: Document) -> None:
    """Recompute the searchable text of `document` from its metadata and its files' text."""
    texts = list(document.attachments.exclude(text="").values_list("text", flat=True))
    document.search_text = search_text_of(document, texts)
    Document.objects.filter(pk=document.pk).update(search_text=document.search_text)
    search_index.document_changed(document)


def attachment_extract_text(attachment_id: int) -> None:
    """Extract the text of a PDF attachment and make it searchable. Safe to run twice."""
    attachment = Attachment.objects.filter(pk=attachment_id, text_status=TextStatus.PENDING).first()
    if attachment is None:
        return
    try:
        text = pdf.extract_text(storage.read_blob(attachment.blob_id))
        status = TextStatus.DONE
    except (UserError, OSError) as exc:
        log.warning("text extraction failed for attachment %s: %s", attachment_id, exc)
        text, status = "", TextStatus.FAILED
    with transaction.atomic():
        updated = Attachment.objects.filter(pk=attachment_id, text_status=TextStatus.PENDING).update(
            text=text, text_status=status, updated_at=timezone.now()
        )
        if updated:
            document_reindex(Document.objects.get(pk=attachment.document_id))
