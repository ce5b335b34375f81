"""The workflow forms of the document page. Each view reads its form, asks the gatekeeper, calls one
service and goes back to the document page with a message; a form the service refuses is shown
again with its errors and the person's input kept.

With htmx the forms post in the background and the document page's main fragment is swapped in,
by following the same redirect; with JavaScript off they are ordinary forms.
"""

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edesk.core.form_actions import form_action
from edesk.inbound import services
from edesk.inbound.access import access_assignment, access_incoming
from edesk.inbound.action_forms import (
    Bound,
    CompleteForm,
    DelegateForm,
    ProgressForm,
    ReturnForm,
    delegate_people,
    direction_form,
    part_key,
    present_form,
    reassign_form,
)
from edesk.inbound.views.document import render_document


def _act(request, incoming, bound: Bound, success: str, run):
    done_url = reverse("inbound:detail", kwargs={"public_id": incoming.public_id})
    return form_action(request, bound.form, run, success=success, done_url=done_url) or render_document(
        request, incoming, bound=bound
    )


@login_required
@require_POST
def present(request, public_id):
    incoming = access_incoming(request.user, str(public_id))
    form = present_form(incoming, request.POST)
    return _act(
        request,
        incoming,
        Bound("present", form),
        _("Đã trình văn bản cho lãnh đạo."),
        lambda data: services.incoming_present(
            actor=request.user, incoming=incoming, leader_id=data["leader"]
        ),
    )


@login_required
@require_POST
def return_to_clerk(request, public_id):
    incoming = access_incoming(request.user, str(public_id))
    return _act(
        request,
        incoming,
        Bound("return", ReturnForm(request.POST)),
        _("Đã trả lại văn bản cho văn thư."),
        lambda data: services.incoming_return(actor=request.user, incoming=incoming, reason=data["reason"]),
    )


@login_required
@require_POST
def direct(request, public_id):
    incoming = access_incoming(request.user, str(public_id))
    form = direction_form(incoming, request.POST)
    return _act(
        request,
        incoming,
        Bound("direct", form),
        _("Đã chỉ đạo, phân công xử lý."),
        lambda data: services.incoming_direct(
            actor=request.user, incoming=incoming, note=data["note"], assignments=form.specs
        ),
    )


@login_required
@require_POST
def reassign(request, public_id):
    incoming = access_incoming(request.user, str(public_id))
    form = reassign_form(incoming, request.POST)
    return _act(
        request,
        incoming,
        Bound("reassign", form),
        _("Đã phân công lại."),
        lambda data: services.incoming_reassign(
            actor=request.user, incoming=incoming, note=data["note"], assignments=form.specs
        ),
    )


@login_required
@require_POST
def delegate(request, public_id):
    assignment = access_assignment(request.user, str(public_id), action="delegate")
    people = delegate_people(request.user, [assignment])[assignment.pk]
    form = DelegateForm(request.POST, people=people, key=part_key(assignment))
    return _act(
        request,
        assignment.incoming,
        Bound("delegate", form, assignment.pk),
        _("Đã giao phần việc cho cán bộ."),
        lambda data: services.assignment_delegate(
            actor=request.user,
            assignment=assignment,
            user_id=data["user"],
            note=data["note"],
            due_date=data["due_date"],
        ),
    )


@login_required
@require_POST
def progress(request, public_id):
    assignment = access_assignment(request.user, str(public_id), action="progress")
    incoming = assignment.incoming
    form = ProgressForm(request.POST, request.FILES, key=part_key(assignment), secret=incoming.is_secret)
    return _act(
        request,
        incoming,
        Bound("progress", form, assignment.pk),
        _("Đã cập nhật tiến độ."),
        lambda data: services.assignment_progress(
            actor=request.user, assignment=assignment, note=data["note"], files=form.uploads()
        ),
    )


@login_required
@require_POST
def complete(request, public_id):
    assignment = access_assignment(request.user, str(public_id), action="complete")
    form = CompleteForm(request.POST, key=part_key(assignment))
    return _act(
        request,
        assignment.incoming,
        Bound("complete", form, assignment.pk),
        _("Đã ghi nhận hoàn thành phần việc."),
        lambda data: services.assignment_complete(
            actor=request.user, assignment=assignment, note=data["note"]
        ),
    )
