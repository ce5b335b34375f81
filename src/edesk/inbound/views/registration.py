"""The clerk's registration form (vào sổ văn bản đến)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from edesk.accounts.roles import Perm
from edesk.core.errors import UserError
from edesk.inbound.access import access_agency
from edesk.inbound.forms import IncomingForm
from edesk.inbound.services import RegistrationResult, incoming_register


@login_required
@require_http_methods(["GET", "POST"])
def register_form(request):
    agency = access_agency(request.user, Perm.INCOMING_REGISTER, request.GET.get("agency"))
    form, error = IncomingForm(request.POST or None, request.FILES or None), None
    if form.is_bound and form.is_valid():
        try:
            result = incoming_register(actor=request.user, agency=agency, data=form.incoming_data())
        except UserError as exc:
            error = exc.message
            form.add_service_error(exc)
        else:
            announce(request, result)
            return redirect("inbound:detail", result.incoming.public_id)
    # A browser never re-fills a file input, so after an error the clerk must choose the files again.
    files_lost = form.is_bound and bool(request.FILES)
    context = {"form": form, "agency": agency, "error": error, "files_lost": files_lost}
    return render(request, "inbound/register_form.html", context)


def announce(request, result: RegistrationResult) -> None:
    doc = result.incoming
    if not result.created:
        # The same form was sent twice (a double click, or a resend after a slow answer).
        messages.info(
            request,
            _("Văn bản đã được vào sổ với số đến %(n)s; lần gửi lặp lại không tạo thêm số mới.")
            % {"n": doc.arrival_number},
        )
        return
    messages.success(request, _("Đã vào sổ văn bản đến số %(n)s.") % {"n": doc.arrival_number})
    if result.duplicates:
        earlier = result.duplicates[0]
        messages.warning(
            request,
            _(
                "Cảnh báo trùng: văn bản %(code)s của %(issuer)s đã được vào sổ ngày %(day)s, số đến %(n)s. "
                "Hãy kiểm tra trước khi trình."
            )
            % {
                "code": earlier.number_notation or _("cùng số, ký hiệu"),
                "issuer": earlier.issuer_name,
                "day": timezone.localdate(earlier.arrival_at).strftime("%d/%m/%Y"),
                "n": earlier.arrival_number,
            },
        )
