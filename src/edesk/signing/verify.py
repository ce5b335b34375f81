"""Checking the signatures of a PDF: who signed, whether the chain reaches a trust root, whether
the signed bytes are intact, and whether the file was changed after signing.

Validation is offline (no CRL/OCSP fetching) at the current time; see edesk.signing.trust.
"""

from __future__ import annotations

import io
import logging
from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import validation
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel

from edesk.core import storage
from edesk.core.errors import UserError
from edesk.documents import pdf as pdf_files
from edesk.signing.models import Verification
from edesk.signing.trust import validation_context

log = logging.getLogger(__name__)

WEAK_DIGESTS = frozenset({"md5", "sha1"})


@dataclass
class SignatureReport:
    signer_name: str
    subject: str
    issuer: str
    signing_time: str | None
    intact: bool
    trusted: bool
    modified_after: bool
    problems: list[str] = field(default_factory=list)


@dataclass
class Report:
    signatures: list[SignatureReport]

    def as_dict(self) -> dict:
        return {"signatures": [asdict(s) for s in self.signatures]}

    @property
    def all_valid(self) -> bool:
        return bool(self.signatures) and all(
            s.intact and s.trusted and not s.problems for s in self.signatures
        )


def _reader(data: bytes) -> PdfFileReader:
    info = pdf_files.inspect_pdf(data)  # CorruptPdf / EncryptedPdf (needs a password)
    if info.is_encrypted:
        raise pdf_files.EncryptedPdf(_("Tệp PDF được mã hóa; không kiểm tra được chữ ký số."))
    try:
        return PdfFileReader(io.BytesIO(data), strict=False)
    except (PdfError, ValueError) as exc:
        raise pdf_files.CorruptPdf() from exc


def _common_name(name) -> str:
    native = name.native
    return str(native.get("common_name") or name.human_friendly)


def _time_problems(status: PdfSignatureStatus) -> list[str]:
    cert = status.signing_cert
    signed_at = status.signer_reported_dt
    not_before, not_after = cert.not_valid_before, cert.not_valid_after
    if signed_at is not None and not (not_before <= signed_at <= not_after):
        return [_("Chứng thư số đã hết hạn hoặc chưa có hiệu lực tại thời điểm ký.")]
    if timezone.now() > not_after:
        return [_("Chứng thư số đã hết hạn; chữ ký không có dấu thời gian để chứng minh thời điểm ký.")]
    return []


def _problems(status: PdfSignatureStatus, *, is_last: bool) -> list[str]:
    problems = []
    if not (status.intact and status.valid):
        problems.append(_("Chữ ký bị hỏng: nội dung được ký đã bị thay đổi hoặc chữ ký không khớp."))
    if not status.trusted:
        time_problems = _time_problems(status)
        problems += time_problems or [
            _("Chứng thư số không thuộc tổ chức cung cấp dịch vụ chứng thực được tin cậy.")
        ]
    level = status.modification_level
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        if level is None or level > ModificationLevel.FORM_FILLING or not status.docmdp_ok:
            problems.append(_("Văn bản đã bị sửa đổi sau khi ký (thay đổi không được phép)."))
        elif is_last:
            problems.append(_("Chữ ký không bao trùm toàn bộ văn bản: có phần được thêm vào sau khi ký."))
    if status.md_algorithm in WEAK_DIGESTS:
        problems.append(
            _("Chữ ký dùng thuật toán băm yếu (%(name)s).") % {"name": status.md_algorithm.upper()}
        )
    return problems


def _broken(embedded, exc: Exception) -> SignatureReport:
    log.info("signature %s cannot be validated: %s", embedded.field_name, type(exc).__name__)
    try:
        cert = embedded.signer_cert
        name, subject, issuer = (
            _common_name(cert.subject),
            cert.subject.human_friendly,
            cert.issuer.human_friendly,
        )
    except Exception:  # noqa: BLE001 - a CMS too damaged to name its signer
        name = subject = issuer = ""
    return SignatureReport(
        signer_name=name,
        subject=subject,
        issuer=issuer,
        signing_time=None,
        intact=False,
        trusted=False,
        modified_after=False,
        problems=[_("Chữ ký bị hỏng hoặc dùng thuật toán không được chấp nhận; không kiểm tra được.")],
    )


def _modified_after(status: PdfSignatureStatus, *, is_last: bool) -> bool:
    """Whether the file changed after this signature in a way its signer did not allow: a later
    signature with the number and date filled in (form filling) is a permitted revision, not a
    modification; anything more, or anything appended after the last signature, is."""
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return False
    level = status.modification_level
    return is_last or level is None or level > ModificationLevel.FORM_FILLING or not status.docmdp_ok


def _report(status: PdfSignatureStatus, *, is_last: bool) -> SignatureReport:
    cert = status.signing_cert
    signed_at = status.signer_reported_dt
    return SignatureReport(
        signer_name=_common_name(cert.subject),
        subject=cert.subject.human_friendly,
        issuer=cert.issuer.human_friendly,
        signing_time=timezone.localtime(signed_at).isoformat() if signed_at else None,
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        modified_after=_modified_after(status, is_last=is_last),
        problems=_problems(status, is_last=is_last),
    )


def verify_pdf(data: bytes) -> Report:
    """The report on every signature of `data` (none for an unsigned PDF).

    Raises CorruptPdf or EncryptedPdf (UserErrors with a Vietnamese message).
    """
    reader = _reader(data)
    context = validation_context()
    try:
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError) as exc:
        raise pdf_files.CorruptPdf() from exc
    reports = []
    for index, signature in enumerate(embedded):
        try:
            status = validation.validate_pdf_signature(signature, context)
        except Exception as exc:  # noqa: BLE001 - any malformed signature is reported, not raised
            reports.append(_broken(signature, exc))
            continue
        reports.append(_report(status, is_last=index == len(embedded) - 1))
    return Report(reports)


def verification_for_blob(sha256: str, *, refresh: bool = False) -> Verification:
    """The stored signature report of a PDF blob, computed when missing (or when `refresh`).

    An unreadable or encrypted PDF gets a report with no signatures and its error message.
    """
    if not refresh:
        existing = Verification.objects.filter(blob_id=sha256).first()
        if existing is not None:
            return existing
    data = storage.read_blob(sha256)
    try:
        report = verify_pdf(data)
        body, count, valid = report.as_dict(), len(report.signatures), report.all_valid
    except UserError as exc:
        body, count, valid = {"signatures": [], "error": exc.message, "code": exc.code}, 0, False
    with transaction.atomic():
        verification, _created = Verification.objects.update_or_create(
            blob_id=sha256,
            defaults={
                "checked_at": timezone.now(),
                "signature_count": count,
                "all_valid": valid,
                "report": body,
            },
        )
    return verification
