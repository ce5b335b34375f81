"""The signature check of a document's PDF files, as its page and the API show it.

The reports are computed by edesk.signing.verify when a file enters the system (blob_verify_task,
queued by the registration) and stored per file; here they are read in one query for all the
files of a document, and only a file with no report yet is checked now.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from edesk.documents.models import Attachment
from edesk.signing.models import Verification


@dataclass(frozen=True)
class SignatureCheck:
    """One signature of a file, as the report gives it."""

    signer_name: str
    subject: str
    issuer: str
    signing_time: datetime | None
    intact: bool
    trusted: bool
    modified_after: bool
    problems: list[str]

    @property
    def valid(self) -> bool:
        return self.intact and self.trusted and not self.modified_after

    @property
    def badges(self) -> list[tuple[str, str]]:
        """(badge class, label) for each verdict the signature earns: green, amber, red."""
        if self.valid:
            return [("badge-completed", str(_("Hợp lệ")))]
        badges = []
        if not self.trusted:
            badges.append(("badge-due_soon", str(_("Không tin cậy"))))
        if self.modified_after or not self.intact:
            badges.append(("badge-overdue", str(_("Bị sửa sau khi ký"))))
        return badges


@dataclass
class FileCheck:
    attachment: Attachment
    checked_at: datetime | None
    signatures: list[SignatureCheck] = field(default_factory=list)
    report: dict = field(default_factory=dict)


def _when(value) -> datetime | None:
    if not value:
        return None
    moment = value if isinstance(value, datetime) else parse_datetime(str(value))
    if moment is None:
        return None
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def _signature(row: dict) -> SignatureCheck:
    return SignatureCheck(
        signer_name=row.get("signer_name") or "",
        subject=row.get("subject") or "",
        issuer=row.get("issuer") or "",
        signing_time=_when(row.get("signing_time")),
        intact=bool(row.get("intact")),
        trusted=bool(row.get("trusted")),
        modified_after=bool(row.get("modified_after")),
        problems=[str(p) for p in row.get("problems") or []],
    )


def reports_for(sha256s: list[str]) -> dict[str, Verification]:
    """The stored report of each file, checking now those that have none yet."""
    wanted = list(dict.fromkeys(sha256s))
    found = {v.blob_id: v for v in Verification.objects.filter(blob_id__in=wanted)}
    missing = [sha for sha in wanted if sha not in found]
    if missing:
        from edesk.signing.verify import verification_for_blob  # loads pyHanko: only when needed

        for sha in missing:
            found[sha] = verification_for_blob(sha)
    return found


def file_checks(attachments) -> list[FileCheck]:
    """A check for every PDF among `attachments`, in their order."""
    pdfs = [a for a in attachments if a.is_pdf]
    reports = reports_for([a.blob_id for a in pdfs])
    checks = []
    for attachment in pdfs:
        verification = reports[attachment.blob_id]
        report = verification.report or {"signatures": []}
        checks.append(
            FileCheck(
                attachment,
                verification.checked_at,
                [_signature(row) for row in report.get("signatures", [])],
                report,
            )
        )
    return checks
