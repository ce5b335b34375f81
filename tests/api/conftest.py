"""API test helpers: a client per persona, authenticated with a real API token."""

from rest_framework.test import APIClient

from edesk.accounts import services as accounts


def client_for(user) -> APIClient:
    """A client carrying `user`'s API token, as a mobile app or another system would; an anonymous
    client for None."""
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {accounts.token_create(actor=user)}")
    return client
