"""Every error is JSON `{"detail": <Vietnamese>, "code": <stable>}` (+ "field"), and people outside
a document's agency learn nothing from guessing ids: the answer is the 404 of a missing one."""

import uuid

import pytest

from edesk.inbound import services as inbound
from edesk.inbound.models import Assignment, Incoming
from tests.api.conftest import client_for
from tests.conftest import direct_to_unit, make_pdf, register, upload

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "Không tìm thấy hoặc bạn không có quyền truy cập.", "code": "not_found"}


@pytest.fixture
def story(cast):
    """A document of agency A in progress, with a file, an assignment tree and a progress note file."""
    doc = register(cast)
    direct_to_unit(cast, doc)
    lead = Assignment.objects.get(incoming=doc, role="lead")
    child = inbound.assignment_delegate(actor=cast.head_a, assignment=lead, user_id=cast.spec_a.pk, note="")
    note = inbound.assignment_progress(
        actor=cast.spec_a,
        assignment=child,
        note="Đang làm",
        files=[upload(make_pdf("Ghi chú"), "ghi-chu.pdf")],
    )
    return {
        "doc": doc,
        "lead": lead,
        "child": child,
        "attachment": doc.attachments.get(),
        "file": note.files.get(),
    }


def requests_for(doc_key, assignment_key, attachment_id, file_id):
    """Every endpoint that takes an id, with a body that would be valid for the document's own people."""
    return [
        ("get", f"/api/v1/incoming/{doc_key}/", None),
        ("post", f"/api/v1/incoming/{doc_key}/present/", {"leader": 1}),
        ("post", f"/api/v1/incoming/{doc_key}/direct/", {"assignments": [{"role": "lead", "user": 1}]}),
        ("post", f"/api/v1/incoming/{doc_key}/reassign/", {"assignments": [{"role": "lead", "user": 1}]}),
        ("post", f"/api/v1/incoming/{doc_key}/return/", {"reason": "Nhầm"}),
        ("get", f"/api/v1/incoming/{doc_key}/attachments/{attachment_id}/", None),
        ("get", f"/api/v1/incoming/{doc_key}/note-files/{file_id}/", None),
        ("post", f"/api/v1/assignments/{assignment_key}/delegate/", {"user": 1}),
        ("post", f"/api/v1/assignments/{assignment_key}/progress/", {"note": "Đã xem"}),
        ("post", f"/api/v1/assignments/{assignment_key}/complete/", {"note": "Xong"}),
    ]


def call(client, method, url, body):
    return client.get(url) if method == "get" else client.post(url, body, format="json")


@pytest.mark.parametrize("persona", ["outsider", "leader_b", "spec_b", "admin"])
@pytest.mark.parametrize("by", ["id", "public_id"])
def test_outsiders_guessing_ids_get_the_404_of_a_missing_document(cast, story, persona, by):
    client = client_for(getattr(cast, persona))
    doc_key = getattr(story["doc"], "pk" if by == "id" else "public_id")
    assignment_key = getattr(story["child"], "pk" if by == "id" else "public_id")
    real = requests_for(doc_key, assignment_key, story["attachment"].pk, story["file"].pk)
    missing = requests_for(
        uuid.uuid4() if by == "public_id" else 999_999,
        uuid.uuid4() if by == "public_id" else 999_999,
        999_999,
        999_999,
    )
    for (method, url, body), (_, missing_url, _) in zip(real, missing, strict=True):
        guessed, absent = call(client, method, url, body), call(client, method, missing_url, body)
        assert (guessed.status_code, guessed.json()) == (404, NOT_FOUND), url
        assert (absent.status_code, absent.json()) == (404, NOT_FOUND), missing_url
    assert Incoming.objects.get(pk=story["doc"].pk).state == "in_progress"


@pytest.mark.parametrize("persona", ["outsider", "leader_b", "clerk_b"])
def test_outsiders_lists_and_search_hold_nothing_of_another_agency(cast, story, persona):
    client = client_for(getattr(cast, persona))
    assert client.get("/api/v1/incoming/").json()["results"] == []
    assert client.get("/api/v1/assignments/").json()["results"] == []
    assert client.get("/api/v1/search/", {"q": "chuyen doi so"}).json()["results"] == []


@pytest.mark.parametrize("key", ["abc", "12abc", "-1", "not-a-uuid", "0"])
def test_malformed_ids_are_404_too(cast, key):
    client = client_for(cast.clerk_a)
    assert client.get(f"/api/v1/incoming/{key}/").json() == NOT_FOUND
    response = client.post(f"/api/v1/assignments/{key}/complete/", {"note": "Xong"}, format="json")
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_error_shape_for_every_status(cast, story, settings):
    """One example per status, all in the documented shape."""
    doc, child = story["doc"], story["child"]
    clerk, leader = client_for(cast.clerk_a), client_for(cast.leader_a)
    settings.EDESK_MAX_UPLOAD_BYTES = 100
    too_big = upload(make_pdf(), "lon.pdf").fileobj
    too_big.name = "lon.pdf"
    cases = {
        400: clerk.post("/api/v1/incoming/", {"doc_type": "Công văn"}, format="json"),
        401: client_for(None).get("/api/v1/me/"),
        403: client_for(cast.spec_a).post(
            "/api/v1/incoming/", {"doc_type": "KH", "subject": "x"}, format="json"
        ),
        404: clerk.get("/api/v1/incoming/999999/"),
        409: leader.post(
            f"/api/v1/incoming/{doc.pk}/direct/",
            {"assignments": [{"role": "lead", "user": cast.spec_a.pk}]},
            format="json",
        ),
        413: client_for(cast.spec_a).post(
            f"/api/v1/assignments/{child.pk}/progress/",
            {"note": "Kèm tệp", "files": [too_big]},
            format="multipart",
        ),
    }
    for status, response in cases.items():
        assert response.status_code == status
        assert response["Content-Type"] == "application/json"
        body = response.json()
        assert set(body) <= {"detail", "code", "field"} and {"detail", "code"} <= set(body), body
        assert body["code"].isascii() and body["code"] == body["code"].lower()
        assert not body["detail"].isascii(), body  # Vietnamese, with its diacritics
    assert cases[400].json() == {"detail": "Thiếu “Trích yếu”.", "code": "required", "field": "subject"}


def test_wrong_method_and_unreadable_body_are_json_too(cast):
    client = client_for(cast.clerk_a)
    wrong = client.put("/api/v1/incoming/", {}, format="json")
    assert (wrong.status_code, wrong.json()["code"]) == (405, "method_not_allowed")
    garbled = client.post("/api/v1/incoming/", b"{not json", content_type="application/json")
    assert (garbled.status_code, garbled.json()["code"]) == (400, "parse_error")
    wrong_type = client.post("/api/v1/incoming/", b"<xml/>", content_type="application/xml")
    assert (wrong_type.status_code, wrong_type.json()["code"]) == (415, "unsupported_media_type")


def test_oversized_form_fields_are_413(cast, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 200
    response = client_for(cast.clerk_a).post(
        "/api/v1/incoming/", {"doc_type": "KH", "subject": "x", "description": "d" * 400}, format="multipart"
    )
    assert response.status_code == 413
    assert response.json() == {"detail": "Dữ liệu gửi lên quá lớn.", "code": "request_too_large"}
