"""REST API v1 routes of accounts: tokens, the signed-in person, the organisation directory."""

from django.urls import path

from edesk.accounts import api

app_name = "accounts_api"
urlpatterns = [
    path("auth/token/", api.TokenView.as_view(), name="token"),
    path("me/", api.MeView.as_view(), name="me"),
    path("orgs/", api.OrgListView.as_view(), name="orgs"),
]
