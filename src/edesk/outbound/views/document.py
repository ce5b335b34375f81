"""The outgoing document page: metadata, the PDF and its page images, versions, review history,
action forms, delivery and the signature check; and the files it shows."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from edesk.accounts.context import actor_for
from edesk.core import storage
from edesk.core.errors import NotFound
from edesk.documents import pdf
from edesk.documents.models import Attachment, AttachmentKind
from edesk.inbound.views.document import PREVIEW_CACHE_SECONDS, PREVIEW_WIDTH, _file_response
from edesk.outbound import services
from edesk.outbound.access import access_outgoing, outgoing_visible_to
from edesk.outbound.models import DraftVersion, Outgoing, RecipientKind, RecipientState, ReviewAction, State
from edesk.outbound.views.panel import ActionPanel, action_panel

# The states in which the document's main attachment is the issued PDF (number, date, agency seal).
ISSUED_STATES = (State.NUMBERED, State.ISSUED, State.RECALLED)
PREVIEW_PAGES = 5


@dataclass(frozen=True)
class Shown:
    """The PDF the page shows: the issued file, the leader-signed one, or the current version."""

    label: str
    sha256: str
    name: str
    page_count: int
    key: str  # "v<number>", "ky" or "t<attachment id>", as in the file URLs


def shown_pdf(doc: Outgoing) -> Shown | None:
    from django.utils.translation import gettext as _

    version = doc.current_version
    pages = (version.page_count if version else None) or 1
    if doc.state in ISSUED_STATES:
        main = next((a for a in doc.attachments.all() if a.kind == AttachmentKind.MAIN and a.is_pdf), None)
        if main is not None:
            return Shown(
                _("Văn bản phát hành"), main.blob_id, main.name, main.page_count or pages, f"t{main.pk}"
            )
    if doc.signed_blob_id:
        return Shown(_("Bản đã ký"), doc.signed_blob_id, f"{doc.subject[:60]}.pdf", pages, "ky")
    if version is not None:
        return Shown(
            _("Phiên bản %(n)s") % {"n": version.number},
            version.pdf_id,
            version.source_name,
            pages,
            f"v{version.number}",
        )
    return None


def blob_for(doc: Outgoing, key: str) -> tuple[str, str, str]:
    """(sha256, name, content type) of the file `key` names on `doc`; NotFound for anything else."""
    if key == "ky" and doc.signed_blob_id:
        return doc.signed_blob_id, "ban-ky.pdf", "application/pdf"
    if key.startswith("v") and key[1:].isdigit():
        version = DraftVersion.objects.filter(outgoing=doc, number=int(key[1:])).first()
        if version is not None:
            return (
                version.pdf_id,
                f"v{version.number}-{version.source_name.rsplit('.', 1)[0]}.pdf",
                "application/pdf",
            )
    if key.startswith("g") and key[1:].isdigit():
        version = DraftVersion.objects.filter(outgoing=doc, number=int(key[1:])).first()
        if version is not None:
            return version.source_id, version.source_name, version.source_type
    if key.startswith("t") and key[1:].isdigit():
        item = Attachment.objects.filter(document_id=doc.pk, pk=int(key[1:])).first()
        if item is not None:
            return item.blob_id, item.name, item.content_type
    raise NotFound()


@login_required
@require_GET
def detail(request, public_id):
    doc = access_outgoing(request.user, str(public_id))
    if _is_unopened_recipient(request.user, doc):
        services.recipient_open(actor=request.user, outgoing=doc)
    return render_document(request, doc)


def _is_unopened_recipient(user, doc: Outgoing) -> bool:
    """An internal recipient (the person, or a member of the unit) opening it for the first time."""
    if doc.state != State.ISSUED:
        return False
    mine = Q(kind=RecipientKind.PERSON, user_id=user.pk) | Q(
        kind=RecipientKind.UNIT, org_id__in=actor_for(user).org_ids
    )
    return doc.recipients.filter(mine, state=RecipientState.DELIVERED).exists()


def load(doc: Outgoing) -> Outgoing:
    """The document with what its page reads, in a fixed number of queries."""
    return (
        Outgoing.objects.select_related(
            "author",
            "drafting_unit",
            "signer",
            "current_version",
            "register",
            "reply_to",
            "replaces",
            "signed_by",
            "owner",
        )
        .prefetch_related("attachments")
        .get(pk=doc.pk)
    )


def render_document(request, doc: Outgoing, *, panel: ActionPanel | None = None, status: int = 200):
    """The page (or, for htmx, its main fragment); `panel` carries a refused form with its errors."""
    doc = load(doc)
    panel = panel or action_panel(request.user, doc)
    shown = shown_pdf(doc)
    events = list(doc.review_events.select_related("actor", "version"))
    appendices = [a for a in doc.attachments.all() if a.kind == AttachmentKind.APPENDIX]
    for item in appendices:
        setattr(item, "file_key", f"t{item.pk}")  # noqa: B010 - a page-only attribute
    context = {
        "doc": doc,
        "panel": panel,
        "shown": shown,
        "pages": range(1, min(shown.page_count, PREVIEW_PAGES) + 1) if shown else [],
        "hidden_pages": max(shown.page_count - PREVIEW_PAGES, 0) if shown else 0,
        "versions": _keyed_versions(doc),
        "events": events,
        "last_return": next((e for e in reversed(events) if e.action == ReviewAction.RETURN), None),
        "recipients": list(doc.recipients.select_related("org", "user", "received")),
        "appendices": appendices,
        "checks": _verifications(doc, shown),
        "replies_to": doc.reply_to,
        **_replacement(request.user, doc),
    }
    template = "outbound/detail.html#doc-page" if request.htmx else "outbound/detail.html"
    return render(request, template, context, status=status)


def _replacement(user, doc: Outgoing) -> dict:
    """The document this one replaces and the issued one that replaced it (Decree 30 Art. 18.3),
    each linked when the person may open it."""
    replaced_by = (
        Outgoing.objects.filter(replaces_id=doc.pk, issued_at__isnull=False).order_by("issued_at").first()
    )
    related = [o.pk for o in (doc.replaces, replaced_by) if o is not None]
    visible = (
        set(outgoing_visible_to(user).filter(pk__in=related).values_list("pk", flat=True))
        if related
        else set()
    )
    return {
        "replaced_by": replaced_by,
        "replaced_by_visible": replaced_by is not None and replaced_by.pk in visible,
        "replaces_visible": doc.replaces_id in visible,
    }


def _keyed_versions(doc: Outgoing) -> list[DraftVersion]:
    versions = list(doc.versions.select_related("author"))
    for v in versions:
        setattr(v, "pdf_key", f"v{v.number}")  # noqa: B010 - page-only attributes
        setattr(v, "source_key", f"g{v.number}")  # noqa: B010
    return versions


@dataclass(frozen=True)
class Check:
    name: str
    signatures: list[dict]


def _verifications(doc: Outgoing, shown: Shown | None) -> list[Check]:
    """The signature check of the signed or issued PDF and of each signed appendix; before signing,
    of the current version only when the uploaded PDF already carries signatures."""
    from edesk.signing.verify import verification_for_blob

    if shown is None:
        return []
    if doc.state not in (State.SIGNED, *ISSUED_STATES):
        found = verification_for_blob(shown.sha256)
        if not found.signature_count:
            return []
        return [Check(shown.name, [_signature(s) for s in found.report.get("signatures", [])])]
    files = [(shown.name, shown.sha256)]
    if doc.state in ISSUED_STATES:
        files += [
            (a.name, a.blob_id)
            for a in doc.attachments.all()
            if a.kind == AttachmentKind.APPENDIX and a.is_pdf
        ]
    checks = []
    for name, sha256 in files:
        report = verification_for_blob(sha256).report or {}
        checks.append(Check(name, [_signature(s) for s in report.get("signatures", [])]))
    return checks


def _signature(raw: dict) -> dict:
    signed = raw.get("signing_time")
    when = None
    if signed:
        try:
            when = timezone.localtime(datetime.fromisoformat(str(signed)))
        except ValueError:
            when = None
    return {**raw, "when": when}


@login_required
@require_GET
def file(request, public_id, key: str):
    doc = access_outgoing(request.user, str(public_id))
    sha256, name, content_type = blob_for(doc, key)
    return _file_response(sha256, name, content_type)


@login_required
@require_GET
def page_preview(request, public_id, key: str, page: int):
    doc = access_outgoing(request.user, str(public_id))
    sha256, _name, content_type = blob_for(doc, key)
    if content_type != "application/pdf" or page < 1:
        raise NotFound()
    return HttpResponse(
        page_png(sha256, page), content_type="image/png", headers={"Cache-Control": "private, max-age=3600"}
    )


def page_png(sha256: str, page: int) -> bytes:
    """Page `page` (from 1) drawn once per file and then served from the cache."""
    key = f"edesk:preview:{sha256}:{page}:{PREVIEW_WIDTH}"
    png = cache.get(key)
    if png is None:
        try:
            png = pdf.render_page_png(storage.read_blob(sha256), page - 1, width_px=PREVIEW_WIDTH)
        except pdf.CorruptPdf as exc:
            raise NotFound() from exc
        cache.set(key, png, PREVIEW_CACHE_SECONDS)
    return png


def page_sizes(sha256: str) -> list[tuple[float, float]]:
    """Each page's width and height in PDF points (for the signature position picker)."""
    import pypdfium2 as pdfium

    data = storage.read_blob(sha256)
    with pdf.PDFIUM_LOCK:
        document = pdfium.PdfDocument(data)
        try:
            return [document.get_page_size(i) for i in range(len(document))]
        finally:
            document.close()


@login_required
@require_GET
def compare(request, public_id):
    """Two versions side by side, page by page (stacked on phones)."""
    doc = access_outgoing(request.user, str(public_id))
    versions = list(doc.versions.select_related("author"))
    if not versions:
        raise NotFound()
    by_number = {v.number: v for v in versions}
    left = by_number.get(_int(request.GET.get("a")), versions[-2] if len(versions) > 1 else versions[0])
    right = by_number.get(_int(request.GET.get("b")), versions[-1])
    pages = max(left.page_count or 1, right.page_count or 1)
    rows = [(n, n <= (left.page_count or 1), n <= (right.page_count or 1)) for n in range(1, pages + 1)]
    context = {
        "doc": doc,
        "versions": versions,
        "left": left,
        "right": right,
        "pair": [left, right],
        "left_key": f"v{left.number}",
        "right_key": f"v{right.number}",
        "rows": rows,
    }
    return render(request, "outbound/compare.html", context)


def _int(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None
