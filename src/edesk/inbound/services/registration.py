"""Registering an incoming document (vào sổ văn bản đến)."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from edesk.accounts.context import actor_for
from edesk.accounts.roles import Perm
from edesk.audit import events
from edesk.core import storage
from edesk.core.enums import Channel, Secrecy, Urgency
from edesk.core.errors import Forbidden, UserError
from edesk.core.text import squash
from edesk.documents import services as documents
from edesk.documents.doctypes import DocType
from edesk.documents.models import RegisterKind
from edesk.inbound.models import Incoming
from edesk.orgs.models import Organization, validate_org_code
from edesk.signing.queue import verify_after_commit


@dataclass
class IncomingData:
    """What the clerk enters (Decree 30 App. VI incoming metadata)."""

    doc_type: str
    subject: str
    code_number: str = ""
    code_notation: str = ""
    issued_date: date | None = None
    issuer_id: int | None = None
    issuer_name: str = ""
    issuer_code: str = ""
    signer_name: str = ""
    signer_position: str = ""
    urgency: int = Urgency.NORMAL
    secrecy: int = Secrecy.NONE
    due_date: date | None = None
    channel: str = Channel.ELECTRONIC
    page_amount: int | None = None
    description: str = ""
    arrival_at: datetime | None = None
    request_key: str | None = None
    files: list[documents.Upload] = field(default_factory=list)


@dataclass
class RegistrationResult:
    incoming: Incoming
    created: bool
    duplicates: list[Incoming]


def _require(condition: bool, message: str | Promise, code: str, field_name: str) -> None:
    # Messages are lazy: built only when a check fails, in the language of the request.
    if not condition:
        raise UserError(message, code=code, field=field_name)


def resolve_issuer(data: IncomingData) -> tuple[Organization | None, str, str]:
    if data.issuer_id is not None:
        issuer = Organization.objects.filter(pk=data.issuer_id, active=True).first()
        _require(
            issuer is not None, _("Cơ quan ban hành không có trong hệ thống."), "unknown_issuer", "issuer"
        )
        assert issuer is not None
        return issuer, issuer.name, issuer.code or ""
    name = squash(data.issuer_name)
    _require(bool(name), _("Hãy nhập cơ quan ban hành."), "required", "issuer_name")
    code = (data.issuer_code or "").strip()
    if code:
        try:
            validate_org_code(code)
        except ValidationError as exc:
            raise UserError(exc.messages[0], code="org_code", field="issuer_code") from exc
        known = Organization.objects.filter(code=code, active=True).first()
        if known is not None:
            return known, known.name, code
    return None, name[:200], code


def validate(data: IncomingData, arrival: datetime, *, has_files: bool | None = None) -> None:
    """Check what the clerk entered. `has_files` says whether files come with it when they are not
    `data.files` (an electronic delivery brings the sender's stored files)."""
    has_files = bool(data.files) if has_files is None else has_files
    _require(data.doc_type in DocType.values, _("Loại văn bản không hợp lệ."), "doc_type", "doc_type")
    _require(bool(squash(data.subject)), _("Hãy nhập trích yếu nội dung."), "required", "subject")
    _require(len(squash(data.subject)) <= 500, _("Trích yếu dài quá 500 ký tự."), "too_long", "subject")
    _require(len(data.code_number) <= 11, _("Số văn bản dài quá 11 ký tự."), "too_long", "code_number")
    _require(len(data.code_notation) <= 30, _("Ký hiệu dài quá 30 ký tự."), "too_long", "code_notation")
    _require(data.urgency in Urgency.values, _("Độ khẩn không hợp lệ."), "urgency", "urgency")
    _require(data.secrecy in Secrecy.values, _("Độ mật không hợp lệ."), "secrecy", "secrecy")
    _require(data.channel in Channel.values, _("Hình thức nhận không hợp lệ."), "channel", "channel")
    arrival_day = timezone.localdate(arrival)
    if data.issued_date is not None:
        _require(
            data.issued_date <= arrival_day,
            _("Ngày ban hành không thể sau ngày đến."),
            "issued_in_future",
            "issued_date",
        )
    if data.due_date is not None:
        _require(
            data.due_date >= arrival_day,
            _("Hạn xử lý không thể trước ngày đến."),
            "due_before_arrival",
            "due_date",
        )
    if data.secrecy != Secrecy.NONE:
        _require(
            not has_files,
            _("Văn bản mật chỉ được vào sổ; không đưa tệp văn bản mật lên hệ thống."),
            "secret_file",
            "files",
        )
    elif data.channel == Channel.ELECTRONIC:
        _require(has_files, _("Văn bản điện tử phải kèm tệp văn bản."), "file_required", "files")


def incoming_register(*, actor, agency: Organization, data: IncomingData) -> RegistrationResult:
    """Register an incoming document in `agency`'s register and give it the next arrival number.

    Files are checked and stored before the transaction (slow work stays outside the register lock);
    if anything fails, the files this call wrote are removed and no number is consumed. A repeated
    request with the same `request_key` returns the first entry.
    """
    if not actor_for(actor).has(Perm.INCOMING_REGISTER, agency_id=agency.pk):
        raise Forbidden(_("Chỉ văn thư của cơ quan được vào sổ văn bản đến."))
    arrival = data.arrival_at or timezone.now()
    validate(data, arrival)
    issuer, issuer_name, issuer_code = resolve_issuer(data)
    register = register_of(agency, data, arrival)
    if data.request_key:
        earlier = Incoming.objects.filter(register=register, request_key=data.request_key).first()
        if earlier is not None:
            return RegistrationResult(earlier, False, [])
    try:
        with storage.files_written(documents.blob_release) as batch:
            files = documents.check_and_store(data.files, batch)
            with transaction.atomic():
                return create(
                    actor, agency, register, data, arrival, (issuer, issuer_name, issuer_code), files
                )
    except IntegrityError:
        if data.request_key:
            earlier = Incoming.objects.filter(register=register, request_key=data.request_key).first()
            if earlier is not None:
                return RegistrationResult(earlier, False, [])
        raise


def _queue_verification(files: list[documents.CheckedFile]) -> None:
    verify_after_commit(f.sha256 for f in files if f.content_type == "application/pdf")


def register_of(agency: Organization, data: IncomingData, arrival: datetime):
    """The register the document goes in: the agency's incoming (or secret incoming) book of the
    arrival's year."""
    kind = RegisterKind.INCOMING if data.secrecy == Secrecy.NONE else RegisterKind.INCOMING_SECRET
    return documents.register_for(agency=agency, year=timezone.localdate(arrival).year, kind=kind)


def create(actor, agency, register, data, arrival, issuer_of, files) -> RegistrationResult:
    """Number and write the entry with its files. Runs in the caller's transaction (the register
    row stays locked until it commits); `issuer_of` is resolve_issuer's (issuer, name, code)."""
    issuer, issuer_name, issuer_code = issuer_of
    key = documents.dup_key(data.code_number.strip(), data.code_notation.strip(), issuer_code or issuer_name)
    duplicates = list(
        Incoming.objects.filter(agency=agency, dup_key=key).order_by("-arrival_at")[:5] if key else []
    )
    number = documents.register_next_number(register)
    incoming = Incoming(
        agency=agency,
        direction="in",
        doc_type=data.doc_type,
        code_number=data.code_number.strip(),
        code_notation=data.code_notation.strip(),
        issued_date=data.issued_date,
        issuer=issuer,
        issuer_name=issuer_name,
        issuer_code=issuer_code,
        signer_name=squash(data.signer_name)[:50],
        signer_position=squash(data.signer_position)[:100],
        subject=squash(data.subject),
        urgency=data.urgency,
        secrecy=data.secrecy,
        page_amount=data.page_amount or (sum(f.page_count or 0 for f in files) or None),
        description=squash(data.description)[:500],
        created_by=actor,
        dup_key=key,
        register=register,
        arrival_number=number,
        arrival_at=arrival,
        channel=data.channel,
        due_date=data.due_date,
        duplicate_of=duplicates[0] if duplicates else None,
        request_key=data.request_key or None,
    )
    incoming.search_text = documents.search_text_of(incoming, [])
    incoming.save()
    documents.attachments_create(document=incoming, files=files, actor=actor)
    _queue_verification(files)
    documents.document_reindex(incoming)
    events.record(
        actor,
        "incoming.register",
        incoming,
        agency_id=agency.pk,
        data={
            "register": register.pk,
            "arrival_number": number,
            "files": [f.sha256 for f in files],
            "duplicate_of": incoming.duplicate_of_id,
        },
    )
    return RegistrationResult(incoming, True, duplicates)
