"""Request plumbing: the language of the answer, the client address for the audit log, and
UserError → a readable response."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation

from edesk.audit.events import client_ip
from edesk.core.errors import UserError


class LanguageMiddleware(LocaleMiddleware):
    """Pages are in Vietnamese unless the person chose another language with the switcher (the
    language cookie). The browser's Accept-Language is not asked: office PCs often run an English
    Windows whose browser asks for English while the clerk reads Vietnamese. The API follows
    Accept-Language, as programs say which language they want."""

    def process_request(self, request):
        if request.path.startswith("/api/"):
            return super().process_request(request)
        try:
            language = translation.get_supported_language_variant(
                request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or settings.LANGUAGE_CODE
            )
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        return None


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
