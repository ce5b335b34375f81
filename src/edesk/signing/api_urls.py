"""REST API v1 routes of digital signatures."""

from django.urls import path

from edesk.signing import api

app_name = "signing_api"
urlpatterns = [
    path("signatures/verify/", api.VerifyView.as_view(), name="signatures-verify"),
]
