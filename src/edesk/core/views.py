"""Pages the core serves itself."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    # Django's default CSRF page is English and technical; clerks need to know nothing was saved.
    return render(request, "403_csrf.html", status=403)
