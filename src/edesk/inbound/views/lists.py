"""The incoming register (normal and secret), its printing, and search."""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.db.models.functions import Substr
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.text import slugify
from django.utils.translation import override
from django.views.decorators.http import require_GET

from edesk.accounts.context import actor_for
from edesk.accounts.roles import Perm
from edesk.core.errors import NotFound
from edesk.core.text import nfc, strip_diacritics
from edesk.documents import register_rows
from edesk.documents.models import Attachment, RegisterKind
from edesk.documents.register_print import FOLLOW_UP, INCOMING, RegisterLayout, render_pdf, render_xlsx
from edesk.inbound import selectors
from edesk.inbound.access import access_agency, incoming_visible_to
from edesk.inbound.forms import RegisterFilterForm
from edesk.inbound.models import Incoming, State
from edesk.inbound.services.printing import register_print_record
from edesk.search import query as search_query

SEARCH_PAGE = 20
SEARCH_MAX_OFFSET = 2000
# How much of each file's text is scanned for a snippet, and how much is shown around the hit.
SNIPPET_SCAN = 20_000
SNIPPET_SIDE = 90


@dataclass(frozen=True)
class Book:
    kind: str
    layout: RegisterLayout
    title: str
    rows: Callable[[QuerySet], Iterator]  # register_rows.incoming_rows or .follow_up_rows


BOOKS = {
    "den": Book(RegisterKind.INCOMING, INCOMING, "Sổ đăng ký văn bản đến", register_rows.incoming_rows),
    "den-mat": Book(
        RegisterKind.INCOMING_SECRET,
        INCOMING,
        "Sổ đăng ký văn bản đến mật",
        register_rows.incoming_rows,
    ),
    "theo-doi": Book(
        RegisterKind.INCOMING,
        FOLLOW_UP,
        "Sổ theo dõi giải quyết văn bản đến",
        register_rows.follow_up_rows,
    ),
}
FORMATS = {
    "pdf": (render_pdf, "application/pdf"),
    "xlsx": (
        render_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


@dataclass(frozen=True)
class ListRow:
    doc: Incoming
    mark: str | None


@login_required
@require_GET
def register_list(request):
    form = RegisterFilterForm(request.GET)
    filters = form.filters() if form.is_valid() else None
    secret = bool(form.cleaned_data.get("mat"))
    if secret and not actor_for(request.user).agencies_with(Perm.INCOMING_VIEW_SECRET):
        raise NotFound()
    cursor = request.GET.get("cursor") or None
    page = selectors.register_list(request.user, filters, cursor=cursor) if filters else None
    today = timezone.localdate()
    context = {
        "form": form,
        "secret": secret,
        "rows": [ListRow(d, _mark(d, today)) for d in page.items] if page else [],
        "more_url": "?" + _query_with(request, cursor=page.next_cursor) if page and page.next_cursor else "",
        "print_year": (filters.year if filters else None) or today.year,
        "can_print": bool(actor_for(request.user).agencies_with(Perm.REGISTER_PRINT)),
    }
    partial = request.htmx and cursor and not request.htmx.history_restore_request
    response = render(
        request, "inbound/register_list.html#list_rows" if partial else "inbound/register_list.html", context
    )
    patch_vary_headers(response, ("HX-Request",))
    return response


def _mark(doc: Incoming, today) -> str | None:
    return selectors.deadline_mark(doc.due_date, today=today, done=doc.state == State.COMPLETED)


def _query_with(request, **changes) -> str:
    query = request.GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@login_required
@require_GET
def register_print(request, year: int, book: str, fmt: str):
    if book not in BOOKS or fmt not in FORMATS or not 2000 <= year <= 2100:
        raise NotFound()
    agency = access_agency(request.user, Perm.REGISTER_PRINT, request.GET.get("agency"))
    spec, (render_file, content_type) = BOOKS[book], FORMATS[fmt]
    if spec.kind == RegisterKind.INCOMING_SECRET and not actor_for(request.user).has(
        Perm.INCOMING_VIEW_SECRET, agency_id=agency.pk
    ):
        raise NotFound()
    entries = incoming_visible_to(request.user).filter(
        agency=agency, register__year=year, register__kind=spec.kind
    )
    cover = register_rows.register_cover(entries, agency=agency, title=spec.title, year=year)
    # The printed register is the legal form of Decree 30, kept in Vietnamese whatever language the
    # page is in: state, urgency and secrecy labels are written in the site's language, not the user's.
    # Rendered before the audit event, so only a register actually produced is recorded as printed.
    with override(settings.LANGUAGE_CODE):
        content = render_file(spec.layout, cover, spec.rows(entries))
    register_print_record(actor=request.user, agency=agency, book=book, year=year, fmt=fmt)
    return _download(content, content_type, f"{spec.title} năm {year} - {agency.short_name}.{fmt}")


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """An attachment with its Vietnamese name (RFC 5987 `filename*`) and an ASCII fallback."""
    stem, _, extension = filename.rpartition(".")
    fallback = f"{slugify(strip_diacritics(stem)) or 'so'}.{extension}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(nfc(filename))}"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def search(request):
    q = (request.GET.get("q") or "").strip()[:200]
    offset = _offset(request.GET.get("offset"))
    results, more = selectors.search(request.user, q, offset=offset, size=SEARCH_PAGE) if q else ([], False)
    snippets = _snippets(results, search_query.terms(q))
    context = {
        "q": q,
        "results": [(doc, snippets.get(doc.pk)) for doc in results],
        "offset": offset,
        "first": offset + 1,
        "last": offset + len(results),
        "previous_offset": max(offset - SEARCH_PAGE, 0) if offset else None,
        "next_offset": offset + SEARCH_PAGE if more and offset + SEARCH_PAGE <= SEARCH_MAX_OFFSET else None,
    }
    return render(request, "inbound/search.html", context)


def _offset(raw: str | None) -> int:
    try:
        return min(max(int(raw or 0), 0), SEARCH_MAX_OFFSET)
    except ValueError:
        return 0


def _snippets(results: list[Incoming], words: list[str]) -> dict[int, tuple[str, str, str]]:
    """For each result whose file text contains a search word: (before, hit, after) around it.

    One query for the whole page; only the first SNIPPET_SCAN characters of each file are read.
    """
    if not results or not words:
        return {}
    heads = (
        Attachment.objects.filter(document_id__in=[doc.pk for doc in results])
        .exclude(text="")
        .annotate(head=Substr("text", 1, SNIPPET_SCAN))
        .order_by("document_id", "sort_order", "id")
        .values_list("document_id", "head")
    )
    found: dict[int, tuple[str, str, str]] = {}
    for document_id, head in heads:
        if document_id not in found and (hit := _snippet(head, words)):
            found[document_id] = hit
    return found


_SPACES = re.compile(r"\s+")


def _snippet(text: str, words: list[str]) -> tuple[str, str, str] | None:
    text = nfc(text)
    # One folded character per original character, so a position found in the folded text is the
    # same position in the original: the snippet keeps its diacritics.
    folded = "".join((strip_diacritics(ch).lower() or " ")[:1] for ch in text)
    for word in words:
        start = folded.find(word)
        if start >= 0:
            end = start + len(word)
            before = _SPACES.sub(" ", text[max(start - SNIPPET_SIDE, 0) : start]).lstrip()
            after = _SPACES.sub(" ", text[end : end + SNIPPET_SIDE]).rstrip()
            prefix = "…" if start > SNIPPET_SIDE else ""
            suffix = "…" if end + SNIPPET_SIDE < len(text) else ""
            return prefix + before, text[start:end], after + suffix
    return None
