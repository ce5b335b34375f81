"""The workflow through the API: present, return, direct, reassign, delegate, progress, complete —
and two leaders directing the same document at the same moment."""

import io
import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from edesk.accounts import services as accounts
from edesk.inbound import services as inbound
from edesk.inbound.models import Assignment, AssignmentState, Incoming, State
from tests.api.conftest import client_for
from tests.conftest import PASSWORD, make_pdf, register

pytestmark = pytest.mark.django_db


def named_pdf(name: str, text: str = "Báo cáo kết quả") -> io.BytesIO:
    fileobj = io.BytesIO(make_pdf(text))
    fileobj.name = name
    return fileobj


def presented(cast):
    doc = register(cast)
    inbound.incoming_present(actor=cast.clerk_a, incoming=doc, leader_id=cast.leader_a.pk)
    return doc


def test_the_whole_life_of_a_document_through_the_api(cast):
    clerk, leader = client_for(cast.clerk_a), client_for(cast.leader_a)
    head, specialist = client_for(cast.head_a), client_for(cast.spec_a)
    created = clerk.post(
        "/api/v1/incoming/",
        {
            "files": [named_pdf("cong-van.pdf")],
            "doc_type": "Công văn",
            "code_number": "88",
            "code_notation": "UBND-KT",
            "issuer_name": "UBND thành phố Huế",
            "subject": "V/v báo cáo tình hình thực hiện dự toán ngân sách",
        },
        format="multipart",
    ).json()
    doc_id = created["id"]

    response = clerk.post(f"/api/v1/incoming/{doc_id}/present/", {"leader": cast.leader_a.pk}, format="json")
    assert response.status_code == 200
    assert response.json()["state"] == "presented"
    assert response.json()["presented_to"] == {"id": cast.leader_a.pk, "full_name": "Nguyễn Văn Phương"}

    due = (timezone.localdate() + timedelta(days=5)).isoformat()
    response = leader.post(
        f"/api/v1/incoming/{created['public_id']}/direct/",
        {
            "note": "Phòng Ngân sách chủ trì, phòng Giá phối hợp.",
            "assignments": [
                {"role": "lead", "org": cast.unit_a1.pk, "due_date": due},
                {"role": "co", "user": cast.spec_a2.pk},
                {"role": "info", "user": cast.clerk_a.pk},
            ],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["state"] == "directed"
    assert [(a["role"], a["due_date"]) for a in body["assignments"]] == [
        ("lead", due),
        ("co", None),
        ("info", None),
    ]

    [part] = head.get("/api/v1/assignments/", {"queue": "xu-ly"}).json()["results"]
    response = head.post(
        f"/api/v1/assignments/{part['public_id']}/delegate/",
        {"user": cast.spec_a.pk, "note": "Em chuẩn bị báo cáo."},
        format="json",
    )
    assert response.status_code == 201, response.json()
    child = response.json()
    assert child["parent"] == part["id"] and child["target_user"]["id"] == cast.spec_a.pk
    assert child["due_date"] == due and child["incoming"]["state"] == "in_progress"

    response = specialist.post(
        f"/api/v1/assignments/{child['id']}/progress/",
        {"note": "Đã dự thảo báo cáo.", "files": [named_pdf("du-thao.pdf")]},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    note = response.json()
    assert note["author"]["id"] == cast.spec_a.pk and not note["is_completion"]
    assert note["files"][0]["name"] == "du-thao.pdf" and note["files"][0]["download_url"]
    response = specialist.post(
        f"/api/v1/assignments/{child['id']}/progress/", {"note": "Đã trình trưởng phòng."}, format="json"
    )
    assert response.status_code == 201 and response.json()["files"] == []

    response = specialist.post(
        f"/api/v1/assignments/{child['id']}/complete/",
        {"note": "Đã gửi Báo cáo số 15/BC-STC."},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["state"] == "completed"
    assert response.json()["completion_note"] == "Đã gửi Báo cáo số 15/BC-STC."

    final = clerk.get(f"/api/v1/incoming/{doc_id}/").json()
    assert final["state"] == "completed" and final["completed_at"]
    # The clerk's for-information part became "read" by the very opening that returned it.
    assert {a["role"]: a["state"] for a in final["assignments"]} == {
        "lead": "completed",
        "co": "completed",
        "info": "read",
    }


def test_leader_returns_to_the_clerk_who_presents_again(cast):
    doc = presented(cast)
    response = client_for(cast.leader_a).post(
        f"/api/v1/incoming/{doc.pk}/return/", {"reason": "Gửi nhầm cơ quan"}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["return_reason"]) == ("returned", "Gửi nhầm cơ quan")
    again = client_for(cast.clerk_a).post(
        f"/api/v1/incoming/{doc.pk}/present/", {"leader": cast.leader_a.pk}, format="json"
    )
    assert again.status_code == 200 and again.json()["state"] == "presented"
    assert again.json()["return_reason"] == ""


def test_blank_return_reason_is_refused(cast):
    doc = presented(cast)
    response = client_for(cast.leader_a).post(
        f"/api/v1/incoming/{doc.pk}/return/", {"reason": "  "}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "“Lý do trả lại” không được để trống.",
        "code": "blank",
        "field": "reason",
    }


def test_reassign_cancels_the_open_parts_and_gives_new_ones(cast):
    doc = presented(cast)
    inbound.incoming_direct(
        actor=cast.leader_a,
        incoming=doc,
        note="Phòng Ngân sách chủ trì",
        assignments=[inbound.AssignmentSpec(role="lead", org_id=cast.unit_a1.pk)],
    )
    response = client_for(cast.leader_a).post(
        f"/api/v1/incoming/{doc.pk}/reassign/",
        {
            "note": "Chuyển Phòng Giá chủ trì.",
            "assignments": [{"role": "lead", "org": cast.unit_a2.pk}],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["direction_note"] == "Chuyển Phòng Giá chủ trì."
    assert [(a["target_org"]["id"], a["state"]) for a in body["assignments"]] == [
        (cast.unit_a1.pk, "cancelled"),
        (cast.unit_a2.pk, "pending"),
    ]


@pytest.mark.parametrize(
    ("assignments", "code", "field"),
    [
        ([], "no_lead", None),
        ([{"role": "lead", "user": 1}, {"role": "lead", "org": 1}], "one_lead", None),
        ([{"role": "lead"}], "target", "assignments[0]"),
        ([{"role": "lead", "org": 1}, {"role": "boss", "user": 1}], "invalid_choice", "assignments[1].role"),
        ([{"role": "lead", "org": 1, "due_date": "mai"}], "invalid", "assignments[0].due_date"),
    ],
)
def test_bad_direction_is_a_400_naming_the_row(cast, assignments, code, field):
    doc = presented(cast)
    for spec in assignments:  # ids in the table stand for "a real unit / person of agency A"
        if "org" in spec:
            spec["org"] = (
                cast.unit_a1.pk if spec["role"] == "lead" and "user" not in spec else cast.unit_a2.pk
            )
        if "user" in spec:
            spec["user"] = cast.spec_a.pk
    response = client_for(cast.leader_a).post(
        f"/api/v1/incoming/{doc.pk}/direct/", {"note": "", "assignments": assignments}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json().get("field") == field
    doc.refresh_from_db()
    assert doc.state == State.PRESENTED and not Assignment.objects.filter(incoming=doc).exists()


def test_presenting_to_someone_who_is_not_a_leader_is_refused(cast):
    doc = register(cast)
    response = client_for(cast.clerk_a).post(
        f"/api/v1/incoming/{doc.pk}/present/", {"leader": cast.head_a.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Người nhận trình phải là lãnh đạo của cơ quan.",
        "code": "not_a_leader",
        "field": "leader",
    }


def test_directing_twice_is_a_409(cast):
    doc = presented(cast)
    leader = client_for(cast.leader_a)
    payload = {"note": "", "assignments": [{"role": "lead", "user": cast.spec_a.pk}]}
    assert leader.post(f"/api/v1/incoming/{doc.pk}/direct/", payload, format="json").status_code == 200
    again = leader.post(f"/api/v1/incoming/{doc.pk}/direct/", payload, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "invalid_state"
    assert "Đã phân công" in again.json()["detail"]


def test_people_who_see_a_document_but_may_not_act_get_403(cast):
    doc = presented(cast)
    inbound.incoming_direct(
        actor=cast.leader_a,
        incoming=doc,
        note="",
        assignments=[
            inbound.AssignmentSpec(role="lead", user_id=cast.spec_a.pk),
            inbound.AssignmentSpec(role="co", org_id=cast.unit_a1.pk),
        ],
    )
    part = Assignment.objects.get(incoming=doc, role="lead")
    specialist = client_for(cast.spec_a)
    reassign = specialist.post(
        f"/api/v1/incoming/{doc.pk}/reassign/",
        {"assignments": [{"role": "lead", "user": cast.spec_a2.pk}]},
        format="json",
    )
    assert reassign.status_code == 403 and reassign.json()["code"] == "forbidden"
    delegate = specialist.post(
        f"/api/v1/assignments/{part.pk}/delegate/", {"user": cast.spec_a2.pk}, format="json"
    )
    assert delegate.status_code == 403
    assert delegate.json()["detail"] == "Chỉ lãnh đạo đơn vị được giao tiếp phần việc."
    not_theirs = client_for(cast.leader_a).post(
        f"/api/v1/assignments/{part.pk}/complete/", {"note": "Xong"}, format="json"
    )
    assert not_theirs.status_code == 403
    assert not_theirs.json() == {"detail": "Phần việc này không được giao cho bạn.", "code": "forbidden"}
    part.refresh_from_db()
    assert part.state == AssignmentState.PENDING


def test_completing_a_finished_part_is_a_409(cast):
    doc = presented(cast)
    inbound.incoming_direct(
        actor=cast.leader_a,
        incoming=doc,
        note="",
        assignments=[inbound.AssignmentSpec(role="lead", user_id=cast.spec_a.pk)],
    )
    part = Assignment.objects.get(incoming=doc)
    specialist = client_for(cast.spec_a)
    first = specialist.post(f"/api/v1/assignments/{part.pk}/complete/", {"note": "Xong"}, format="json")
    assert first.status_code == 200
    again = specialist.post(f"/api/v1/assignments/{part.pk}/complete/", {"note": "Xong"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "invalid_state"


@pytest.mark.django_db(transaction=True)
def test_two_leaders_directing_at_once_one_wins_one_gets_409(cast):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks; SQLite serialises the two writers before either reads")
    deputy = accounts.user_create(actor=None, username="pgd.stc", full_name="Lê Văn Phó", password=PASSWORD)
    accounts.membership_add(actor=None, user=deputy, org=cast.agency_a, role="leader", title="Phó Giám đốc")
    doc = presented(cast)
    clients = [client_for(cast.leader_a), client_for(deputy)]
    payloads = [
        {"note": "Phòng Ngân sách chủ trì.", "assignments": [{"role": "lead", "org": cast.unit_a1.pk}]},
        {"note": "Phòng Giá chủ trì.", "assignments": [{"role": "lead", "org": cast.unit_a2.pk}]},
    ]
    start = threading.Barrier(2)
    statuses: list[int] = []

    def direct(client, payload):
        try:
            start.wait(timeout=10)
            response = client.post(f"/api/v1/incoming/{doc.pk}/direct/", payload, format="json")
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=direct, args=pair) for pair in zip(clients, payloads, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(statuses) == [200, 409]
    assert Incoming.objects.get(pk=doc.pk).state == State.DIRECTED
    assert Assignment.objects.filter(incoming=doc).count() == 1


def test_assignments_must_be_a_list_of_objects(cast):
    doc = presented(cast)
    leader = client_for(cast.leader_a)
    not_a_list = leader.post(f"/api/v1/incoming/{doc.pk}/direct/", {"assignments": "lead"}, format="json")
    assert not_a_list.json() == {
        "detail": "“Phân công” phải là một danh sách.",
        "code": "not_a_list",
        "field": "assignments",
    }
    not_objects = leader.post(f"/api/v1/incoming/{doc.pk}/direct/", {"assignments": ["lead"]}, format="json")
    assert not_objects.json() == {
        "detail": "“Phân công” phải là một đối tượng JSON.",
        "code": "invalid",
        "field": "assignments[0]",
    }
    not_an_object = leader.post(f"/api/v1/incoming/{doc.pk}/direct/", [], format="json")
    assert not_an_object.json() == {
        "detail": "Dữ liệu gửi lên phải là một đối tượng JSON.",
        "code": "invalid",
    }
