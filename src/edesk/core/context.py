"""Template context shared by every page."""

from django.conf import settings


def site(request):
    return {"SITE_NAME": "Hệ thống Quản lý văn bản và Điều hành", "DEBUG": settings.DEBUG}
