"""The REST API v1: each app's api.py contributes its routes."""

from django.urls import include, path

urlpatterns = [
    path("", include("edesk.accounts.api_urls")),
    path("", include("edesk.inbound.api_urls")),
    path("", include("edesk.signing.api_urls")),
    path("", include("edesk.outbound.api_urls")),
]
