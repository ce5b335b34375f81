"""The electronic inbox (văn bản điện tử chờ vào sổ): documents other agencies of the system sent,
each opened on a page that shows the sender's metadata and files and registers it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from edesk.accounts.context import actor_for
from edesk.accounts.roles import Perm
from edesk.core.errors import NotFound, UserError
from edesk.core.pagination import more_url
from edesk.inbound import selectors
from edesk.inbound.access import access_received, access_received_file, received_agencies
from edesk.inbound.forms import ReceivedForm
from edesk.inbound.models import ReceivedState
from edesk.inbound.services import received_open, received_register
from edesk.inbound.services.received import prefill
from edesk.inbound.verification import file_checks
from edesk.inbound.views.document import _file_response
from edesk.inbound.views.registration import announce

# The inbox's tabs: the URL's word for each state.
TABS = {
    "cho-vao-so": (ReceivedState.WAITING, gettext_lazy("Chờ vào sổ")),
    "da-vao-so": (ReceivedState.REGISTERED, gettext_lazy("Đã vào sổ")),
    "da-thu-hoi": (ReceivedState.RECALLED, gettext_lazy("Đã thu hồi")),
}


@login_required
@require_GET
def inbox(request):
    if not received_agencies(request.user):
        raise NotFound()
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "cho-vao-so"
    cursor = request.GET.get("cursor") or None
    page = selectors.received_page(request.user, TABS[tab][0], cursor=cursor)
    context = {
        "tabs": [(key, label) for key, (_state, label) in TABS.items()],
        "tab": tab,
        "rows": page.items,
        "more_url": more_url(reverse("inbound:received_list"), page.next_cursor, tab=tab),
    }
    partial = request.htmx and cursor and not request.htmx.history_restore_request
    response = render(
        request,
        "inbound/received_list.html#received_rows" if partial else "inbound/received_list.html",
        context,
    )
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@require_http_methods(["GET", "POST"])
def detail(request, public_id):
    received = received_open(actor=request.user, received=access_received(request.user, str(public_id)))
    received = selectors.received_detail(received)
    can_register = received.state == ReceivedState.WAITING and actor_for(request.user).has(
        Perm.INCOMING_REGISTER, agency_id=received.agency_id
    )
    form, error = None, None
    if can_register:
        initial = ReceivedForm.initial_from(prefill(received))
        form = ReceivedForm(request.POST or None, initial=initial)
        if form.is_bound and form.is_valid():
            try:
                result = received_register(actor=request.user, received=received, data=form.incoming_data())
            except UserError as exc:
                error = exc.message
                form.add_service_error(exc)
            else:
                announce(request, result)
                return redirect("inbound:detail", result.incoming.public_id)
    elif request.method == "POST":
        messages.error(request, _("Văn bản này không còn chờ vào sổ."))
        return redirect("inbound:received_detail", received.public_id)
    files = (
        []
        if received.state == ReceivedState.RECALLED or received.document.is_secret
        else received.document.attachments.all()
    )
    context = {
        "received": received,
        "doc": received.document,
        "form": form,
        "error": error,
        "checks": file_checks(files),
        "files": files,
    }
    return render(request, "inbound/received_detail.html", context)


@login_required
@require_GET
def file(request, public_id, attachment_id):
    item = access_received_file(request.user, str(public_id), attachment_id)
    return _file_response(item.blob_id, item.name, item.content_type)
