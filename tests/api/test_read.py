"""Reading through the API: the register list, a document with its files and processing tree,
file downloads, desk assignments and search — each in a fixed number of queries."""

import io
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from edesk.audit.models import AuditEvent
from edesk.core.enums import Secrecy, Urgency
from edesk.documents.models import Attachment, Blob
from edesk.inbound import services as inbound
from edesk.inbound.models import Assignment, AssignmentState, NoteFile
from tests.api.conftest import client_for
from tests.conftest import direct_to_unit, make_pdf, register, upload

pytestmark = pytest.mark.django_db


def named_pdf(name: str) -> io.BytesIO:
    fileobj = io.BytesIO(make_pdf())
    fileobj.name = name
    return fileobj


def ids(body) -> list[int]:
    return [row["id"] for row in body["results"]]


def in_the_past(days: int, **overrides) -> dict:
    """Fields of a document that arrived `days` ago (so its deadline may already have passed)."""
    today = timezone.localdate()
    return {
        "arrival_at": timezone.now() - timedelta(days=days),
        "issued_date": today - timedelta(days=days + 1),
        **overrides,
    }


def delegated_with_progress(cast, doc):
    """Direct `doc` to unit A1; the head passes it to spec_a, who reports progress with a file."""
    direct_to_unit(cast, doc)
    lead = Assignment.objects.get(incoming=doc, role="lead")
    child = inbound.assignment_delegate(
        actor=cast.head_a, assignment=lead, user_id=cast.spec_a.pk, note="Em làm"
    )
    inbound.assignment_progress(
        actor=cast.spec_a,
        assignment=child,
        note="Đã dự thảo trả lời.",
        files=[upload(make_pdf("Dự thảo"), "du-thao.pdf")],
    )
    return lead, child


def test_register_list_newest_first_with_cursor_pages(cast):
    docs = [register(cast, subject=f"Công văn số {i}") for i in range(5)]
    client = client_for(cast.clerk_a)
    first = client.get("/api/v1/incoming/", {"page_size": 2, "state": "registered"}).json()
    assert ids(first) == [docs[4].pk, docs[3].pk]
    parts = urlsplit(first["next"])
    assert (parts.scheme, parts.netloc, parts.path) == ("http", "testserver", "/api/v1/incoming/")
    query = parse_qs(parts.query)
    assert query["state"] == ["registered"] and query["page_size"] == ["2"] and query["cursor"]
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    assert ids(second) + ids(third) == [docs[2].pk, docs[1].pk, docs[0].pk]
    assert third["next"] is None
    row = first["results"][0]
    assert row["arrival_number"] == 5
    assert row["url"] == f"http://testserver/api/v1/incoming/{docs[4].pk}/"
    assert {"attachments", "assignments"}.isdisjoint(row)


def test_register_list_filters(cast):
    letter = register(cast)
    plan = register(
        cast,
        doc_type="ke_hoach",
        urgency=Urgency.FLASH,
        issuer_name="Bộ Tài chính",
        subject="Kế hoạch kiểm tra ngân sách",
        code_number="7",
        code_notation="KH-BTC",
    )
    inbound.incoming_present(actor=cast.clerk_a, incoming=plan, leader_id=cast.leader_a.pk)
    late = register(
        cast, **in_the_past(10, due_date=timezone.localdate() - timedelta(days=2), subject="Báo cáo cũ")
    )
    secret = register(cast, secrecy=Secrecy.CONFIDENTIAL, subject="Văn bản mật")
    client = client_for(cast.clerk_a)

    def listed(**params):
        response = client.get("/api/v1/incoming/", params)
        assert response.status_code == 200, response.json()
        return ids(response.json())

    assert listed() == [plan.pk, letter.pk, late.pk]
    assert listed(doc_type="KH") == [plan.pk]
    assert listed(state="presented") == [plan.pk]
    assert listed(urgency="flash") == [plan.pk]
    assert listed(issuer="bộ tài") == [plan.pk]
    assert listed(q="ngan sach") == [plan.pk]
    assert listed(overdue=1) == [late.pk]
    today = timezone.localdate().isoformat()
    assert listed(date_from=today) == [plan.pk, letter.pk]
    assert listed(date_to=(timezone.localdate() - timedelta(days=1)).isoformat()) == [late.pk]
    assert listed(year=timezone.localdate().year + 1) == []
    assert listed(secret=1) == [secret.pk]
    assert ids(client_for(cast.spec_a).get("/api/v1/incoming/", {"secret": 1}).json()) == []


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"state": "done"}, "state", "invalid_choice"),
        ({"date_from": "31/12/2026"}, "date_from", "invalid"),
        ({"page_size": 0}, "page_size", "min_value"),
        ({"doc_type": "Thông tư"}, "doc_type", "doc_type"),
    ],
)
def test_register_list_bad_filter_is_a_400_naming_the_field(cast, params, field, code):
    response = client_for(cast.clerk_a).get("/api/v1/incoming/", params)
    assert response.status_code == 400
    assert (response.json()["field"], response.json()["code"]) == (field, code)


def test_register_list_costs_the_same_queries_for_2_or_8_rows(cast):
    client = client_for(cast.clerk_a)
    client.get("/api/v1/incoming/")  # the token's first use is recorded once; measure after it
    counts = []
    for extra in (2, 6):
        for _ in range(extra):
            register(cast)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/incoming/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_document_by_id_or_public_id_with_files_tree_and_deadline(cast):
    doc = register(cast, **in_the_past(5, due_date=timezone.localdate() + timedelta(days=1)))
    lead, child = delegated_with_progress(cast, doc)
    client = client_for(cast.leader_a)
    by_id = client.get(f"/api/v1/incoming/{doc.pk}/")
    by_uuid = client.get(f"/api/v1/incoming/{doc.public_id}/")
    assert by_id.status_code == by_uuid.status_code == 200
    body = by_id.json()
    assert body == by_uuid.json()
    assert body["state"] == "in_progress"
    assert body["deadline"] == "due_soon"
    assert body["directed_by"] == {"id": cast.leader_a.pk, "full_name": "Nguyễn Văn Phương"}
    assert body["direction_note"] == "Giao Phòng Ngân sách chủ trì tham mưu."
    assert body["attachments"][0]["download_url"].endswith(
        f"/api/v1/incoming/{doc.pk}/attachments/{body['attachments'][0]['id']}/"
    )
    top = body["assignments"]
    assert [(a["role"], a["target_org"], a["target_user"]) for a in top] == [
        ("lead", {"id": cast.unit_a1.pk, "name": "Phòng Ngân sách"}, None),
        ("info", None, {"id": cast.spec_a2.pk, "full_name": "Võ Đức Huy"}),
    ]
    assert top[0]["state"] == "delegated" and top[0]["id"] == lead.pk
    [passed_down] = top[0]["children"]
    assert passed_down["id"] == child.pk and passed_down["parent"] == lead.pk
    assert passed_down["target_user"]["id"] == cast.spec_a.pk and passed_down["state"] == "in_progress"
    [note] = passed_down["notes"]
    assert note["note"] == "Đã dự thảo trả lời." and note["author"]["id"] == cast.spec_a.pk
    [note_file] = note["files"]
    assert note_file["name"] == "du-thao.pdf"
    assert (
        note_file["download_url"]
        == f"http://testserver/api/v1/incoming/{doc.pk}/note-files/{note_file['id']}/"
    )


def test_opening_is_audited_and_marks_the_for_information_part_read(cast):
    doc = register(cast)
    direct_to_unit(cast, doc)
    response = client_for(cast.spec_a2).get(f"/api/v1/incoming/{doc.public_id}/")
    assert response.status_code == 200
    assert AuditEvent.objects.filter(
        action="incoming.view", object_id=str(doc.pk), actor_id=cast.spec_a2.pk
    ).exists()
    info = Assignment.objects.get(incoming=doc, role="info")
    assert info.state == AssignmentState.READ


def test_overdue_mark_and_none_once_completed(cast):
    doc = register(cast, **in_the_past(10, due_date=timezone.localdate() - timedelta(days=1)))
    client = client_for(cast.clerk_a)
    assert client.get(f"/api/v1/incoming/{doc.pk}/").json()["deadline"] == "overdue"
    inbound.incoming_present(actor=cast.clerk_a, incoming=doc, leader_id=cast.leader_a.pk)
    inbound.incoming_direct(
        actor=cast.leader_a,
        incoming=doc,
        note="",
        assignments=[inbound.AssignmentSpec(role="lead", user_id=cast.spec_a.pk)],
    )
    part = Assignment.objects.get(incoming=doc)
    inbound.assignment_complete(actor=cast.spec_a, assignment=part, note="Xong")
    assert client.get(f"/api/v1/incoming/{doc.pk}/").json()["deadline"] is None


def test_document_costs_the_same_queries_for_1_or_5_assignments(cast):
    client = client_for(cast.leader_a)
    counts = []
    for co_handlers in ([], [cast.spec_a2, cast.head_a, cast.clerk_a, cast.leader_a]):
        doc = register(cast)
        inbound.incoming_present(actor=cast.clerk_a, incoming=doc, leader_id=cast.leader_a.pk)
        specs = [inbound.AssignmentSpec(role="lead", user_id=cast.spec_a.pk)]
        specs += [inbound.AssignmentSpec(role="co", user_id=u.pk) for u in co_handlers]
        inbound.incoming_direct(actor=cast.leader_a, incoming=doc, note="", assignments=specs)
        for part in Assignment.objects.filter(incoming=doc).select_related("target_user"):
            holder = part.target_user
            inbound.assignment_progress(
                actor=holder,
                assignment=part,
                note="Đang làm",
                files=[upload(make_pdf(holder.username), "ghi-chu.pdf")],
            )
        client.get(f"/api/v1/incoming/{doc.pk}/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/v1/incoming/{doc.pk}/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_files_download_with_their_names_whatever_the_client_accepts(cast):
    doc = register(cast)
    delegated_with_progress(cast, doc)
    body = client_for(cast.spec_a).get(f"/api/v1/incoming/{doc.pk}/").json()
    client = client_for(cast.spec_a)
    attachment = client.get(body["attachments"][0]["download_url"], headers={"Accept": "application/pdf"})
    assert attachment.status_code == 200
    assert attachment["Content-Type"] == "application/pdf"
    assert attachment["Content-Disposition"] == 'attachment; filename="van-ban.pdf"'
    assert b"".join(attachment.streaming_content).startswith(b"%PDF-")
    note_file_url = body["assignments"][0]["children"][0]["notes"][0]["files"][0]["download_url"]
    note_file = client.get(note_file_url)
    assert note_file.status_code == 200
    assert b"".join(note_file.streaming_content).startswith(b"%PDF-")


def test_file_of_another_document_is_404_under_this_documents_url(cast):
    mine, other = register(cast), register(cast, subject="Văn bản khác")
    other_file = other.attachments.get()
    response = client_for(cast.clerk_a).get(f"/api/v1/incoming/{mine.pk}/attachments/{other_file.pk}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_secret_document_takes_no_progress_files(cast):
    doc = register(cast, secrecy=Secrecy.SECRET, subject="Văn bản tối mật")
    inbound.incoming_present(actor=cast.clerk_a, incoming=doc, leader_id=cast.leader_a.pk)
    inbound.incoming_direct(
        actor=cast.leader_a,
        incoming=doc,
        note="",
        assignments=[inbound.AssignmentSpec(role="lead", user_id=cast.spec_a.pk)],
    )
    part = Assignment.objects.get(incoming=doc)
    response = client_for(cast.spec_a).post(
        f"/api/v1/assignments/{part.pk}/progress/",
        {"note": "Đã xử lý", "files": [named_pdf("ghi-chu.pdf")]},
        format="multipart",
    )
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("secret_file", "files")


def test_secret_document_never_shows_or_serves_a_file_even_one_left_from_before(cast):
    doc = register(cast, secrecy=Secrecy.SECRET, subject="Văn bản tối mật")
    inbound.incoming_present(actor=cast.clerk_a, incoming=doc, leader_id=cast.leader_a.pk)
    inbound.incoming_direct(
        actor=cast.leader_a,
        incoming=doc,
        note="",
        assignments=[inbound.AssignmentSpec(role="lead", user_id=cast.spec_a.pk)],
    )
    note = inbound.assignment_progress(
        actor=cast.spec_a, assignment=Assignment.objects.get(incoming=doc), note="Đã xử lý"
    )
    # Rows no service writes today (files of a secret document, as imported from an older system):
    # the API must neither link nor serve them.
    blob = Blob.objects.create(sha256="0" * 64, size=10, content_type="application/pdf")
    attachment = Attachment.objects.create(
        document=doc, blob=blob, name="cu.pdf", content_type="application/pdf", size=10
    )
    note_file = NoteFile.objects.create(
        note=note, blob=blob, name="cu.pdf", content_type="application/pdf", size=10
    )
    client = client_for(cast.clerk_a)
    body = client.get(f"/api/v1/incoming/{doc.pk}/").json()
    assert [a["download_url"] for a in body["attachments"]] == [None]
    assert [f["download_url"] for f in body["assignments"][0]["notes"][0]["files"]] == [None]
    assert client.get(f"/api/v1/incoming/{doc.pk}/attachments/{attachment.pk}/").status_code == 404
    assert client.get(f"/api/v1/incoming/{doc.pk}/note-files/{note_file.pk}/").status_code == 404


def test_desk_assignments_mine_and_by_queue(cast):
    doc = register(cast, urgency=Urgency.URGENT)
    direct_to_unit(cast, doc)
    other = register(cast, subject="Văn bản thứ hai")
    direct_to_unit(cast, other)
    head = client_for(cast.head_a)
    mine = head.get("/api/v1/assignments/", {"mine": 1}).json()
    assert [(a["incoming"]["id"], a["role"]) for a in mine["results"]] == [
        (doc.pk, "lead"),
        (other.pk, "lead"),
    ]
    row = mine["results"][0]
    assert row["incoming"]["urgency"] == "urgent" and row["incoming"]["number_notation"] == "125/UBND-VX"
    assert row["assigned_by"] == {"id": cast.leader_a.pk, "full_name": "Nguyễn Văn Phương"}
    assert row["target_org"] == {"id": cast.unit_a1.pk, "name": "Phòng Ngân sách"}
    assert ids(head.get("/api/v1/assignments/", {"queue": "xu-ly"}).json()) == ids(mine)
    assert ids(head.get("/api/v1/assignments/", {"queue": "de-biet"}).json()) == []
    info = client_for(cast.spec_a2).get("/api/v1/assignments/", {"queue": "de-biet"}).json()
    assert [a["role"] for a in info["results"]] == ["info", "info"]
    paged = head.get("/api/v1/assignments/", {"page_size": 1}).json()
    assert len(paged["results"]) == 1 and "cursor=" in paged["next"]
    assert ids(head.get(paged["next"]).json()) == [ids(mine)[1]]


def test_assignment_list_refuses_other_listings(cast):
    client = client_for(cast.head_a)
    not_mine = client.get("/api/v1/assignments/", {"mine": 0})
    assert not_mine.status_code == 400 and not_mine.json()["code"] == "mine_only"
    document_queue = client.get("/api/v1/assignments/", {"queue": "cho-chi-dao"})
    assert document_queue.status_code == 400 and document_queue.json()["code"] == "invalid_choice"


def test_assignment_list_costs_the_same_queries_for_1_or_5_rows(cast):
    client = client_for(cast.head_a)
    client.get("/api/v1/assignments/")
    counts = []
    for extra in (1, 4):
        for _ in range(extra):
            direct_to_unit(cast, register(cast))
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/assignments/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_search_without_diacritics_only_in_what_the_searcher_may_see(cast):
    doc = register(cast, subject="Quyết định về chuyển đổi số năm 2026")
    register(cast, subject="Báo cáo tài chính quý III", code_number="9", code_notation="BC-UBND")
    response = client_for(cast.clerk_a).get("/api/v1/search/", {"q": "chuyen doi so"})
    assert response.status_code == 200
    [hit] = response.json()["results"]
    assert hit["id"] == doc.pk and hit["public_id"] == str(doc.public_id)
    assert hit["subject"] == "Quyết định về chuyển đổi số năm 2026"
    assert (hit["number_notation"], hit["issuer_name"], hit["arrival_number"]) == (
        "125/UBND-VX",
        "UBND thành phố Huế",
        1,
    )
    assert hit["url"] == f"http://testserver/api/v1/incoming/{doc.pk}/"
    assert client_for(cast.leader_b).get("/api/v1/search/", {"q": "chuyen doi so"}).json()["results"] == []


def test_search_pages_by_offset(cast):
    docs = [register(cast, subject=f"Kế hoạch chuyển đổi số đợt {i}") for i in range(3)]
    client = client_for(cast.clerk_a)
    first = client.get("/api/v1/search/", {"q": "chuyển đổi", "page_size": 2}).json()
    assert len(first["results"]) == 2
    assert parse_qs(urlsplit(first["next"]).query)["offset"] == ["2"]
    second = client.get(first["next"]).json()
    assert second["next"] is None
    assert sorted(ids(first) + ids(second)) == sorted(d.pk for d in docs)


def test_search_needs_words(cast):
    response = client_for(cast.clerk_a).get("/api/v1/search/")
    assert response.status_code == 400
    assert response.json() == {"detail": "Thiếu “Từ khóa”.", "code": "required", "field": "q"}
