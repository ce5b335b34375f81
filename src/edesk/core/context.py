"""Template context shared by every page."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _


def site(request):
    return {"SITE_NAME": _("Hệ thống Quản lý văn bản và Điều hành"), "DEBUG": settings.DEBUG}
