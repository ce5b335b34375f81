"""The one way a workflow form on a document page runs its service.

A valid form runs the service and goes back to the document page with a message. A refusal about
the input (400, 413) is shown on the form with the person's input kept; a 409 means the document
moved on, so the page is reloaded with the message instead; 403 and 404 go to the error page.
"""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from edesk.core.errors import UserError

FORM_ERRORS = (400, 413)


def form_action(
    request,
    form: forms.Form,
    run: Callable[[dict], object],
    *,
    success: str,
    done_url: str,
    refused: Callable[[UserError], HttpResponse | None] | None = None,
) -> HttpResponse | None:
    """Run `run(form.cleaned_data)` and redirect to `done_url`; None when the form, with its errors,
    must be shown again. `refused` may answer an input refusal itself before it lands on the form."""
    if not form.is_valid():
        return None
    try:
        run(form.cleaned_data)
    except UserError as exc:
        if exc.status == 409:
            messages.error(request, exc.message)
            return redirect(done_url)
        if exc.status not in FORM_ERRORS:
            raise
        response = refused(exc) if refused is not None else None
        if response is not None:
            return response
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None
    messages.success(request, success)
    return redirect(done_url)
