"""The outgoing register (by register book and year, newest number first) and its printing in the
Decree 30 App. IV columns, as PDF or XLSX."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import override
from django.views.decorators.http import require_GET

from edesk.accounts.context import actor_for
from edesk.accounts.roles import Perm
from edesk.core.errors import NotFound
from edesk.documents.models import OUTGOING_KINDS, Register, RegisterKind
from edesk.documents.register_print import OUTGOING
from edesk.inbound.access import access_agency
from edesk.inbound.services.printing import register_print_record
from edesk.inbound.views.lists import FORMATS, _download
from edesk.outbound import selectors
from edesk.outbound.models import Outgoing
from edesk.outbound.printing import outgoing_cover, outgoing_rows


def _registers(user, agency) -> list[Register]:
    """The agency's outgoing registers the person may read, newest year first; the secret ones only
    for those who see secret documents."""
    kinds = list(OUTGOING_KINDS)
    if not actor_for(user).has(Perm.INCOMING_VIEW_SECRET, agency_id=agency.pk):
        kinds.remove(RegisterKind.OUTGOING_SECRET)
    return list(Register.objects.filter(agency=agency, kind__in=kinds).order_by("-year", "kind", "book"))


def _chosen(request, registers: list[Register]) -> Register | None:
    raw = request.GET.get("so")
    if raw:
        found = next((r for r in registers if str(r.pk) == raw), None)
        if found is None:
            raise NotFound()
        return found
    return registers[0] if registers else None


@login_required
@require_GET
def register_list(request):
    agency = access_agency(request.user, Perm.OUTGOING_VIEW_ALL, request.GET.get("agency"))
    registers = _registers(request.user, agency)
    register = _chosen(request, registers)
    cursor = request.GET.get("cursor") or None
    page = (
        selectors.issued_register(request.user, register_id=register.pk, cursor=cursor) if register else None
    )
    context = {
        "agency": agency,
        "registers": registers,
        "register": register,
        "rows": page.items if page else [],
        "more_url": f"?so={register.pk}&cursor={page.next_cursor}" if page and page.next_cursor else "",
        "can_print": actor_for(request.user).has(Perm.REGISTER_PRINT, agency_id=agency.pk),
    }
    partial = request.htmx and cursor and not request.htmx.history_restore_request
    template = "outbound/register_list.html#list_rows" if partial else "outbound/register_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@require_GET
def register_print(request, register_id: int, fmt: str):
    if fmt not in FORMATS:
        raise NotFound()
    agency = access_agency(request.user, Perm.REGISTER_PRINT, request.GET.get("agency"))
    register = next((r for r in _registers(request.user, agency) if r.pk == register_id), None)
    if register is None:
        raise NotFound()
    render_file, content_type = FORMATS[fmt]
    entries = Outgoing.objects.filter(register=register, owner=agency)
    title = "Sổ đăng ký văn bản đi mật" if register.is_secret else "Sổ đăng ký văn bản đi"
    if register.book:
        title = f"{title} ({register.name})"
    cover = outgoing_cover(entries, agency=agency, title=title, year=register.year)
    # The printed register is the legal form, in Vietnamese whatever the page's language.
    with override(settings.LANGUAGE_CODE):
        content = render_file(OUTGOING, cover, outgoing_rows(entries))
    book = f"di-mat{register.book}" if register.is_secret else f"di{register.book}"
    register_print_record(actor=request.user, agency=agency, book=book, year=register.year, fmt=fmt)
    return _download(content, content_type, f"Sổ văn bản đi năm {register.year} - {agency.short_name}.{fmt}")
