"""The outgoing API end to end: create, versions, review, sign (PIN and remote), number, issue,
recall; errors in the part 1 shape; the detail with verification; constant query counts."""

import base64
import io
import json

import pytest
from django.utils import timezone

from edesk.outbound.models import Outgoing, State
from edesk.signing.client import sign_digest
from tests.api.conftest import client_for
from tests.conftest import make_pdf

URL = "/api/v1/outgoing/"


def _create(cast, client, pdf: bytes, **extra):
    body = {
        "doc_type": "Quyết định",
        "subject": "Quyết định phê duyệt kế hoạch",
        "drafting_unit": cast.unit_a1.pk,
        "signer": cast.leader_a.pk,
        "recipients": json.dumps(
            [{"kind": "agency", "org": cast.agency_b.pk}, {"kind": "person", "user": cast.spec_a2.pk}]
        ),
        "file": io.BytesIO(pdf),
        **extra,
    }
    body["file"].name = "du-thao.pdf"
    return client.post(URL, body, format="multipart")


def _review(cast, outgoing_id):
    assert client_for(cast.spec_a).post(f"{URL}{outgoing_id}/submit/", {}, format="json").status_code == 200
    for reviewer in (cast.head_a, cast.clerk_a, cast.leader_a):
        response = client_for(reviewer).post(f"{URL}{outgoing_id}/approve/", {"comment": "OK"}, format="json")
        assert response.status_code == 200, response.json()
    return response.json()


def test_the_whole_path_through_the_api(cast, signable_pdf, person_credential, agency_credential):
    person_credential(cast.leader_a)
    agency_credential(cast.agency_a)
    author = client_for(cast.spec_a)
    response = _create(cast, author, signable_pdf(cast.leader_a.full_name, notation="QĐ-STC"))
    assert response.status_code == 201, response.json()
    body = response.json()
    oid = body["id"]
    assert body["state"] == "draft" and body["versions"][0]["number"] == 1 and len(body["recipients"]) == 2
    assert set(body["actions"]) == {"edit", "upload", "submit"}
    # A second version, then the file of version 1.
    file = io.BytesIO(signable_pdf(cast.leader_a.full_name, notation="QĐ-STC"))
    file.name = "v2.pdf"
    response = author.post(f"{URL}{oid}/versions/", {"file": file, "comment": "Bản 2"}, format="multipart")
    assert response.status_code == 201 and response.json()["number"] == 2
    response = author.get(f"{URL}{oid}/versions/1/file/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    # Signing before approval is a 409 with the message.
    response = client_for(cast.leader_a).post(f"{URL}{oid}/sign/", {"pin": "123456"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "invalid_state"
    body = _review(cast, oid)
    assert body["state"] == "approved" and [e["action"] for e in body["review_history"]][0] == "submit"
    leader = client_for(cast.leader_a)
    response = leader.post(f"{URL}{oid}/sign/", {"pin": "000000"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "wrong_pin"
    response = leader.post(f"{URL}{oid}/sign/", {"pin": "123456"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "signed"
    clerk = client_for(cast.clerk_a)
    body = clerk.post(f"{URL}{oid}/number/", {}, format="json").json()
    assert body["state"] == "numbered" and body["number_notation"] == "01/QĐ-STC"
    assert clerk.post(f"{URL}{oid}/number/", {}, format="json").status_code == 409
    body = clerk.post(f"{URL}{oid}/issue/", {}, format="json").json()
    assert body["state"] == "issued"
    assert {r["kind"]: r["state"] for r in body["recipients"]} == {
        "agency": "delivered",
        "person": "delivered",
    }
    signatures = body["verification"]["signatures"]
    assert len(signatures) == 2 and all(s["intact"] and s["trusted"] for s in signatures)
    main = next(f for f in body["files"] if f["kind"] == "main")
    assert clerk.get(main["download_url"]).status_code == 200
    # The person it was sent to opens it: the sender sees it opened.
    assert client_for(cast.spec_a2).get(f"{URL}{oid}/").status_code == 200
    body = clerk.get(f"{URL}{oid}/").json()
    assert {r["kind"]: r["state"] for r in body["recipients"]}["person"] == "opened"
    response = clerk.post(f"{URL}{oid}/recall/", {"reason": ""}, format="json")
    assert response.status_code == 400 and response.json()["field"] == "reason"
    body = clerk.post(f"{URL}{oid}/recall/", {"reason": "Sai nội dung"}, format="json").json()
    assert body["state"] == "recalled"
    # Agency B's clerk cannot open A's row (B has its own inbox entry).
    assert client_for(cast.clerk_b).get(f"{URL}{oid}/").status_code == 404


def test_remote_signing_prepare_and_complete(cast, signable_pdf, trusted_dev_ca):
    from edesk.signing.devca import cert_pem
    from edesk.signing.services import credential_register_remote

    key, cert = trusted_dev_ca.issue_person(cast.leader_a.full_name)
    credential_register_remote(actor=cast.admin, user=cast.leader_a, certificate_pem=cert_pem(cert))
    oid = _create(cast, client_for(cast.spec_a), signable_pdf(cast.leader_a.full_name)).json()["id"]
    _review(cast, oid)
    leader = client_for(cast.leader_a)
    pending = leader.post(f"{URL}{oid}/sign/prepare/", {}, format="json").json()
    assert set(pending) == {"pending_id", "digest", "md_algorithm", "expires_at"}
    cms = sign_digest(pending["digest"], key=key, cert=cert, chain=trusted_dev_ca.chain)
    body = {"pending_id": pending["pending_id"], "cms": base64.b64encode(cms).decode()}
    response = leader.post(f"{URL}{oid}/sign/complete/", body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "signed"


def test_an_expired_pending_signature_is_refused_cleanly(cast, signable_pdf, trusted_dev_ca):
    from edesk.signing.devca import cert_pem
    from edesk.signing.models import PendingSignature
    from edesk.signing.services import credential_register_remote

    key, cert = trusted_dev_ca.issue_person(cast.leader_a.full_name)
    credential_register_remote(actor=cast.admin, user=cast.leader_a, certificate_pem=cert_pem(cert))
    oid = _create(cast, client_for(cast.spec_a), signable_pdf(cast.leader_a.full_name)).json()["id"]
    _review(cast, oid)
    leader = client_for(cast.leader_a)
    pending = leader.post(f"{URL}{oid}/sign/prepare/", {}, format="json").json()
    PendingSignature.objects.filter(public_id=pending["pending_id"]).update(
        expires_at=timezone.now() - timezone.timedelta(seconds=1)
    )
    cms = sign_digest(pending["digest"], key=key, cert=cert, chain=trusted_dev_ca.chain)
    body = {"pending_id": pending["pending_id"], "cms": base64.b64encode(cms).decode()}
    response = leader.post(f"{URL}{oid}/sign/complete/", body, format="json")
    assert response.status_code == 400 and response.json()["code"] == "expired"
    assert Outgoing.objects.get(pk=oid).state == State.APPROVED


def test_errors_have_the_part_one_shape(cast):
    client = client_for(cast.spec_a)
    response = client.post(
        URL, {"doc_type": "Thông tư", "subject": "x", "drafting_unit": cast.unit_a1.pk}, format="json"
    )
    assert response.status_code == 400 and response.json()["field"] == "doc_type"
    response = client.post(
        URL, {"doc_type": "cong_van", "subject": "x", "drafting_unit": cast.unit_b1.pk}, format="json"
    )
    assert response.json() == {
        "detail": "Đơn vị soạn thảo không thuộc cơ quan.",
        "code": "unit_outside",
        "field": "drafting_unit",
    }
    assert client.get(f"{URL}?queue=nope").status_code == 400
    assert client.get(f"{URL}00000000-0000-0000-0000-000000000000/").status_code == 404


def test_idempotency_key_returns_the_first_draft(cast):
    client = client_for(cast.spec_a)
    body = {"doc_type": "cong_van", "subject": "Công văn", "drafting_unit": cast.unit_a1.pk}
    first = client.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"] and Outgoing.objects.count() == 1


@pytest.mark.parametrize(
    "queue", ["my_drafts", "to_review", "to_sign", "to_number", "to_issue", "issued", "for_info"]
)
def test_lists_cost_the_same_whatever_their_length(cast, queue, django_assert_max_num_queries):
    client = client_for(cast.spec_a)
    for k in range(3):
        client.post(
            URL,
            {"doc_type": "cong_van", "subject": f"CV {k}", "drafting_unit": cast.unit_a1.pk},
            format="json",
        )
    client.get(f"{URL}?queue={queue}")  # the token's first use is recorded once
    with django_assert_max_num_queries(8):
        response = client.get(f"{URL}?queue={queue}")
    assert response.status_code == 200
    if queue == "my_drafts":
        assert len(response.json()["results"]) == 3


def test_a_docx_upload_without_libreoffice_asks_for_a_pdf(cast, settings):
    from tests.outbound.test_services_drafts import docx_bytes

    settings.EDESK_SOFFICE = "/nonexistent/soffice"
    client = client_for(cast.spec_a)
    oid = _create(cast, client, make_pdf()).json()["id"]
    file = io.BytesIO(docx_bytes("Dự thảo"))
    file.name = "du-thao.docx"
    response = client.post(f"{URL}{oid}/versions/", {"file": file}, format="multipart")
    assert response.status_code == 400 and response.json()["code"] == "conversion_unavailable"
