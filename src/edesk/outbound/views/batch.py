"""Ký hàng loạt: the signer ticks documents on the "Chờ tôi ký" queue and signs them all with one
PIN. The answer is the same queue (fewer rows now) with the list of signed documents and of those
skipped with the reason; a wrong PIN or nothing ticked is shown on the form and signs nothing."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_POST

from edesk.core.errors import UserError
from edesk.core.form_actions import FORM_ERRORS
from edesk.outbound import services
from edesk.outbound.access import access_outgoings
from edesk.outbound.forms import SignBatchForm
from edesk.outbound.selectors import Queue
from edesk.outbound.views.desk import render_desk


@login_required
@require_POST
def sign_batch(request):
    form = SignBatchForm(request.POST)
    extra: dict = {"batch_form": form}
    if form.is_valid():
        outgoings, missing = access_outgoings(request.user, form.cleaned_data["ids"])
        try:
            result = services.outgoing_sign_batch(
                actor=request.user, outgoings=outgoings, pin=form.cleaned_data["pin"]
            )
        except UserError as exc:
            if exc.status not in FORM_ERRORS:
                raise
            form.add_error("pin" if exc.code == "wrong_pin" else None, exc.message)
        else:
            extra.update(batch_result=result, batch_missing=len(missing), batch_form=SignBatchForm())
    return render_desk(request, Queue.TO_SIGN, extra=extra)
