"""The document page (metadata, file viewer, processing tree, history, action forms) and its files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from edesk.accounts.context import actor_for
from edesk.accounts.roles import Perm
from edesk.core import storage
from edesk.core.errors import Conflict, NotFound
from edesk.documents import pdf
from edesk.documents.models import AttachmentKind
from edesk.inbound import selectors, services
from edesk.inbound.access import access_attachment, access_note_file, incoming_visible_to
from edesk.inbound.action_forms import Bound, action_panel
from edesk.inbound.models import Incoming, Received, State
from edesk.inbound.timeline import document_timeline, file_kind, processing_tree
from edesk.inbound.verification import file_checks

# Previews are for screens without a PDF viewer (most phones): a few pages first, more on request,
# each drawn once per file and width and then served from the cache.
PREVIEW_PAGES = 5
PREVIEW_STEP = 20
PREVIEW_WIDTH = 900
PREVIEW_CACHE_SECONDS = 24 * 3600
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})


@login_required
@require_GET
def detail(request, public_id):
    incoming = services.incoming_open(actor=request.user, incoming_id=str(public_id))
    return render_document(request, incoming)


def render_document(request, incoming: Incoming, *, bound: Bound | None = None):
    """The page (or, for htmx, its main fragment); `bound` is a submitted form shown with its errors."""
    doc = selectors.document_detail(incoming)
    panel = action_panel(request.user, doc, bound=bound)
    if bound is not None and not panel.placed:
        # The form is no longer offered (the document moved on, or never was the person's to act on).
        messages.error(request, Conflict.default_message)
        return redirect("inbound:detail", public_id=doc.public_id)
    context = {
        "doc": doc,
        "panel": panel,
        "form_error": bound is not None,
        "deadline": selectors.deadline_mark(doc.due_date, done=doc.state == State.COMPLETED),
        "duplicate": _visible_duplicate(request.user, doc),
        "tree": processing_tree(doc),
        "timeline": document_timeline(doc, with_openings=request.GET.get("luot_mo") == "1"),
        **_files(request, doc),
        **_answers(request.user, doc),
    }
    template = "inbound/detail.html#doc-page" if request.htmx else "inbound/detail.html"
    return render(request, template, context)


def _visible_duplicate(user, doc: Incoming) -> Incoming | None:
    if not doc.duplicate_of_id:
        return None
    return incoming_visible_to(user).filter(pk=doc.duplicate_of_id).first()


def _outbound_url(name: str, *args) -> str | None:
    # The outgoing pages are another app's; the links appear once its URLs are installed.
    try:
        return reverse(f"outbound:{name}", args=args)
    except NoReverseMatch:
        return None


def _answers(user, doc: Incoming) -> dict:
    """The replies issued to the document, the way to draft one, and the recall notice."""
    recalled = doc.state == State.RECALLED
    create_url = _outbound_url("create")
    can_reply = not recalled and actor_for(user).has(Perm.OUTGOING_DRAFT, agency_id=doc.agency_id)
    return {
        "answered_by": [(r, _outbound_url("detail", r.public_id)) for r in selectors.answered_by(doc)],
        "reply_url": f"{create_url}?reply_to={doc.public_id}" if create_url and can_reply else None,
        "recall": Received.objects.filter(incoming=doc).first() if recalled else None,
    }


def _files(request, doc: Incoming) -> dict:
    if doc.is_secret or doc.state == State.RECALLED:
        # A recalled document's files are withdrawn (access_attachment refuses them too).
        return {"files": [], "viewer": None, "checks": []}
    files = [(a, file_kind(a.content_type)) for a in doc.attachments.all()]
    checks = file_checks([a for a, _kind in files])
    viewer = next((a for a, _ in files if a.is_pdf and a.kind == AttachmentKind.MAIN), None)
    if viewer is None:
        return {"files": files, "viewer": None, "checks": checks}
    total = viewer.page_count or 1
    try:
        wanted = int(request.GET.get("trang", PREVIEW_PAGES))
    except ValueError:
        wanted = PREVIEW_PAGES
    shown = max(1, min(wanted, total))
    return {
        "files": files,
        "checks": checks,
        "viewer": viewer,
        "pages": range(1, shown + 1),
        "more_pages": min(shown + PREVIEW_STEP, total) if shown < total else None,
        "hidden_pages": total - shown,
    }


@login_required
@require_GET
def attachment(request, public_id, attachment_id):
    item = access_attachment(request.user, str(public_id), attachment_id)
    return _file_response(item.blob_id, item.name, item.content_type)


@login_required
@require_GET
def note_file(request, public_id, file_id):
    item = access_note_file(request.user, str(public_id), file_id)
    return _file_response(item.blob_id, item.name, item.content_type)


def _file_response(sha256: str, name: str, content_type: str) -> FileResponse:
    """Stream a stored file: shown in the browser when it can show it safely, else downloaded."""
    response = FileResponse(
        storage.open_blob(sha256),
        as_attachment=content_type not in INLINE_TYPES,
        filename=name,  # Django adds the RFC 5987 filename* form for Vietnamese names
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response


@login_required
@require_GET
def page_preview(request, public_id, attachment_id, page):
    item = access_attachment(request.user, str(public_id), attachment_id)
    if not item.is_pdf or page < 1 or (item.page_count and page > item.page_count):
        raise NotFound()
    key = f"edesk:preview:{item.blob_id}:{page}:{PREVIEW_WIDTH}"
    png = cache.get(key)
    if png is None:
        png = pdf.render_page_png(storage.read_blob(item.blob_id), page - 1, width_px=PREVIEW_WIDTH)
        cache.set(key, png, PREVIEW_CACHE_SECONDS)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response
