"""The electronic inbox through the REST API, and what the incoming detail gains: per-file
verification and the replies that answer it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from edesk.inbound import services as inbound
from edesk.inbound.models import Incoming
from tests.api.conftest import client_for
from tests.inbound.test_received import deliver, register_received, sent_document
from tests.inbound.test_received_pages import SIGNED_REPORT, issued_reply, stored_report

pytestmark = pytest.mark.django_db


def test_inbox_list_and_detail(cast):
    received = deliver(cast)
    stored_report(received.document)
    api = client_for(cast.clerk_b)
    listing = api.get("/api/v1/received/")
    assert listing.status_code == 200
    [row] = listing.json()["results"]
    assert row["id"] == received.pk and row["state"] == "waiting"
    assert row["sender"]["name"] == "Sở Tài chính" and row["document"]["number_notation"] == "15/STC-NS"
    assert row["opened_at"] is None
    detail = api.get(f"/api/v1/received/{received.public_id}/").json()
    assert detail["opened_at"] is not None and detail["opened_by"]["id"] == cast.clerk_b.pk
    [file] = detail["files"]
    assert file["verification"]["signatures"] == SIGNED_REPORT["signatures"]
    assert api.get(file["download_url"]).status_code == 200
    for user in (cast.clerk_a, cast.spec_b, cast.outsider):
        assert client_for(user).get(f"/api/v1/received/{received.pk}/").status_code == 404
        assert client_for(user).get(file["download_url"]).status_code == 404
    assert client_for(cast.clerk_a).get("/api/v1/received/").json()["results"] == []


def test_register_with_defaults_from_the_sender_then_409(cast):
    received = deliver(cast)
    stored_report(received.document)
    api = client_for(cast.clerk_b)
    url = f"/api/v1/received/{received.pk}/register/"
    bad = api.post(url, {"subject": ""}, format="json")
    assert bad.status_code == 400
    response = api.post(url, {"due_date": None, "description": "Chuyển phòng CCVC"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["arrival_number"] == 1 and body["channel"] == "electronic"
    assert body["number_notation"] == "15/STC-NS" and body["issuer"] == cast.agency_a.pk
    assert body["attachments"][0]["verification"]["signatures"][1]["trusted"] is False
    again = api.post(url, {}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_registered"
    assert client_for(cast.leader_b).post(url, {}, format="json").status_code == 403
    assert Incoming.objects.filter(agency=cast.agency_b).count() == 1


def test_incoming_detail_has_answered_by_and_a_recall(cast):
    received = deliver(cast)
    stored_report(received.document)
    incoming = register_received(cast, received).incoming
    issued_reply(cast, incoming, "07")
    api = client_for(cast.clerk_b)
    body = api.get(f"/api/v1/incoming/{incoming.pk}/").json()
    assert [r["number_notation"] for r in body["answered_by"]] == ["07/SNV-CCVC"]
    assert body["recall_reason"] is None
    inbound.received_recall(actor=cast.clerk_a, received=received, reason="Thay thế bằng văn bản khác")
    body = api.get(f"/api/v1/incoming/{incoming.pk}/").json()
    assert body["state"] == "recalled" and body["recall_reason"] == "Thay thế bằng văn bản khác"
    assert body["attachments"][0]["download_url"] is None
    assert (
        api.get(f"/api/v1/incoming/{incoming.pk}/attachments/{body['attachments'][0]['id']}/").status_code
        == 404
    )
    assert api.get(f"/api/v1/received/{received.pk}/").json()["files"] == []


def test_inbox_list_query_count_does_not_grow(cast):
    deliver(cast)
    api = client_for(cast.clerk_b)
    api.get("/api/v1/received/")
    with CaptureQueriesContext(connection) as one:
        api.get("/api/v1/received/")
    for n in range(10):
        deliver(cast, sent_document(cast, code_number=str(50 + n)))
    with CaptureQueriesContext(connection) as many:
        assert len(api.get("/api/v1/received/").json()["results"]) == 11
    assert len(many) == len(one)
