"""Request plumbing: the client address for the audit log, and UserError → a readable response."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from edesk.audit.events import client_ip
from edesk.core.errors import UserError


class UserErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Behind the reverse proxy the deployment guide describes, REMOTE_ADDR is the proxy; the
        # proxy sets X-Real-IP, which is trusted only when the deployment says so.
        token = client_ip.set(request.META.get("REMOTE_ADDR"))
        try:
            return self.get_response(request)
        finally:
            client_ip.reset(token)

    def process_exception(self, request, exception):
        if not isinstance(exception, UserError) or request.path.startswith("/api/"):
            return None
        if request.htmx:
            return HttpResponse(
                f'<div class="alert alert-error" role="alert">{_escape(exception.message)}</div>',
                status=exception.status,
            )
        if request.method == "POST" and exception.status in (400, 409):
            messages.error(request, exception.message)
            return HttpResponseRedirect(request.get_full_path())
        return render(request, "error.html", {"message": exception.message}, status=exception.status)


def _escape(text: str) -> str:
    from django.utils.html import escape

    return escape(text)
