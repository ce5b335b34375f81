"""Views that exist only for the benchmarks (mounted when EDESK_BENCH is on)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
@login_required
def empty(request):
    """A logged-in page that does nothing: the session and user lookups every page pays, and the
    middleware, with no page work. Benchmarks quote each page's time as a multiple of this one."""
    return HttpResponse(b"ok", content_type="text/plain")
