"""The workflow forms of the outgoing document page. Each view reads its form, asks the gatekeeper,
calls one service and goes back to the document page with a message; a form the service refuses
is shown again with its errors. With htmx the page's main fragment is swapped in; with JavaScript
off they are ordinary forms.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from edesk.core.errors import UserError
from edesk.core.form_actions import form_action
from edesk.outbound import forms as outbound_forms
from edesk.outbound import services
from edesk.outbound.access import access_outgoing
from edesk.outbound.models import Outgoing
from edesk.outbound.views.document import page_sizes, render_document, shown_pdf
from edesk.outbound.views.panel import Bound, Placement, action_panel
from edesk.signing.models import PendingSignature, PendingState

PICKER_MAX_PAGES = 30


def _act(request, doc: Outgoing, bound: Bound, success: str, run):
    def refused(exc: UserError):
        if exc.code == "placement_required":
            return _placement_picker(request, doc, bound, exc.message)
        return None

    done_url = reverse("outbound:detail", kwargs={"public_id": doc.public_id})
    response = form_action(request, bound.form, run, success=success, done_url=done_url, refused=refused)
    return response or render_document(request, doc, panel=action_panel(request.user, doc, bound=bound))


def _placement_picker(request, doc: Outgoing, bound: Bound, message: str):
    """The name line was not found: show the pages so the signer clicks where the signature goes."""
    shown = shown_pdf(doc)
    if shown is None:
        raise UserError(message)
    sizes = page_sizes(shown.sha256)[:PICKER_MAX_PAGES]
    picker = Placement(shown.sha256, shown.key, [(i + 1, w, h) for i, (w, h) in enumerate(sizes)])
    bound.form.add_error(None, message)
    panel = action_panel(request.user, doc, bound=bound, placement=picker)
    return render_document(request, doc, panel=panel)


def _view(name: str, action: str, make, success: str, run, *, files: bool = False):
    @login_required
    @require_POST
    def view(request, public_id):
        doc = access_outgoing(request.user, str(public_id), action=action)
        form = make(request.POST, request.FILES) if files else make(request.POST)
        return _act(request, doc, Bound(name, form), success, lambda data: run(request, doc, form, data))

    view.__name__ = name
    return view


upload = _view(
    "upload",
    "upload",
    outbound_forms.VersionForm,
    _("Đã tải lên phiên bản mới."),
    lambda request, doc, form, data: services.draft_upload_version(
        actor=request.user, outgoing=doc, file=form.upload(), comment=data["comment"]
    ),
    files=True,
)
submit = _view(
    "submit",
    "submit",
    lambda data: outbound_forms.CommentForm(data, prefix_id="submit"),
    _("Đã trình duyệt dự thảo."),
    lambda request, doc, form, data: services.draft_submit(
        actor=request.user, outgoing=doc, comment=data["comment"]
    ),
)
approve = _view(
    "approve",
    "approve",
    lambda data: outbound_forms.CommentForm(data, prefix_id="approve"),
    _("Đã đồng ý, chuyển bước tiếp theo."),
    lambda request, doc, form, data: services.review_approve(
        actor=request.user, outgoing=doc, comment=data["comment"]
    ),
)
send_back = _view(
    "return",
    "return",
    outbound_forms.ReturnForm,
    _("Đã trả lại dự thảo cho người soạn."),
    lambda request, doc, form, data: services.review_return(
        actor=request.user, outgoing=doc, comment=data["comment"]
    ),
)
sign = _view(
    "sign",
    "sign",
    outbound_forms.SignForm,
    _("Đã ký số văn bản."),
    lambda request, doc, form, data: services.outgoing_sign(
        actor=request.user, outgoing=doc, pin=data["pin"], placement=form.placement()
    ),
)
sign_prepare = _view(
    "remote",
    "sign",
    outbound_forms.RemoteSignForm,
    _("Đã chuẩn bị chữ ký; hãy ký bằng USB token trên máy của bạn."),
    lambda request, doc, form, data: services.outgoing_sign_prepare(
        actor=request.user, outgoing=doc, placement=form.placement()
    ),
)
recall = _view(
    "recall",
    "recall",
    outbound_forms.RecallForm,
    _("Đã thu hồi văn bản; các nơi nhận trong hệ thống đã được báo."),
    lambda request, doc, form, data: services.outgoing_recall(
        actor=request.user, outgoing=doc, reason=data["reason"]
    ),
)


class _Confirm(outbound_forms.forms.Form):
    """Number and issue take no input: the button is the confirmation."""


number = _view(
    "number",
    "number",
    _Confirm,
    _("Đã cấp số, đóng dấu số và ký số của cơ quan."),
    lambda request, doc, form, data: services.outgoing_number(actor=request.user, outgoing=doc),
)
issue = _view(
    "issue",
    "issue",
    _Confirm,
    _("Đã phát hành văn bản."),
    lambda request, doc, form, data: services.outgoing_issue(actor=request.user, outgoing=doc),
)


@login_required
@require_POST
def sign_complete(request, public_id, pending_id):
    """The CMS signature returned by the signing client, uploaded on the page."""
    doc = access_outgoing(request.user, str(public_id), action="sign")
    form = outbound_forms.CmsForm(request.POST, request.FILES)
    return _act(
        request,
        doc,
        Bound("cms", form),
        _("Đã ký số văn bản."),
        lambda data: services.outgoing_sign_complete(
            actor=request.user, outgoing=doc, pending_id=str(pending_id), cms=data["cms"].read()
        ),
    )


@login_required
@require_GET
def sign_status(request, public_id, pending_id):
    """Polled by the page while the signing client works: 204 until the signature is completed or
    the prepared signature expired, then the page is reloaded (HX-Refresh)."""
    doc = access_outgoing(request.user, str(public_id))
    pending = PendingSignature.objects.filter(
        public_id=pending_id, object_ref=str(doc.public_id), requested_by=request.user
    ).first()
    if pending is None:
        return HttpResponse(status=404)
    if pending.state == PendingState.PENDING and not pending.expires_at <= _now():
        return HttpResponse(status=204)
    if pending.state == PendingState.COMPLETED:
        messages.success(request, _("Đã ký số văn bản."))
    else:
        messages.warning(request, _("Chữ ký chuẩn bị cho USB token đã hết hạn; hãy ký lại."))
    return HttpResponse(status=200, headers={"HX-Refresh": "true"})


def _now():
    from django.utils import timezone

    return timezone.now()
