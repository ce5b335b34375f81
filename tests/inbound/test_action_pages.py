"""The workflow forms on the document page, posted through the test client as each persona would."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from edesk.accounts import services as accounts
from edesk.accounts.roles import Role
from edesk.core.errors import UserError
from edesk.inbound import services as inbound
from edesk.inbound.models import Assignment, AssignmentState, Incoming, NoteFile, ProgressNote, State
from tests.conftest import direct_to_unit, make_pdf, register, upload

pytestmark = pytest.mark.django_db


def url(name, obj):
    return reverse(f"inbound:{name}", args=[obj.public_id])


def post(client, user, name, obj, data, **extra):
    client.force_login(user)
    return client.post(url(name, obj), data, **extra)


def followed(client, response) -> str:
    assert response.status_code == 302, response.content.decode()[:500]
    return client.get(response["Location"]).content.decode()


def presented(cast):
    doc = register(cast)
    inbound.incoming_present(actor=cast.clerk_a, incoming=doc, leader_id=cast.leader_a.pk)
    return doc


def rows(*items):
    """Direction rows as the form posts them: parallel lists, blanks included."""
    data = {"role": [], "target": [], "due_date": []}
    for role, target, due in items:
        data["role"].append(role)
        data["target"].append(target)
        data["due_date"].append(f"{due:%d/%m/%Y}" if due else "")
    return data


def unit(org):
    return f"o:{org.public_id}"


def person(user):
    return f"u:{user.public_id}"


def test_clerk_presents_to_a_leader(client, cast):
    doc = register(cast)

    response = post(client, cast.clerk_a, "present", doc, {"leader": str(cast.leader_a.public_id)})

    assert response["Location"] == url("detail", doc)
    doc.refresh_from_db()
    assert doc.state == State.PRESENTED and doc.presented_to == cast.leader_a
    assert "Đã trình văn bản cho lãnh đạo." in followed(client, response)


def test_presenting_to_someone_not_offered_shows_the_form_again(client, cast):
    doc = register(cast)

    response = post(client, cast.clerk_a, "present", doc, {"leader": str(cast.spec_a.public_id)})

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    doc.refresh_from_db()
    assert doc.state == State.REGISTERED


def test_leader_returns_with_a_reason_and_the_clerk_presents_again(client, cast):
    doc = presented(cast)

    empty = post(client, cast.leader_a, "return", doc, {"reason": "  "})
    assert empty.status_code == 200 and "Hãy ghi lý do trả lại." in empty.content.decode()
    doc.refresh_from_db()
    assert doc.state == State.PRESENTED

    sent_back = post(client, cast.leader_a, "return", doc, {"reason": "Thiếu phụ lục số 2"})
    assert "Đã trả lại văn bản cho văn thư." in followed(client, sent_back)
    doc.refresh_from_db()
    assert doc.state == State.RETURNED

    client.force_login(cast.clerk_a)
    html = client.get(url("detail", doc)).content.decode()
    assert "Thiếu phụ lục số 2" in html and url("present", doc) in html
    again = post(client, cast.clerk_a, "present", doc, {"leader": str(cast.leader_a.public_id)})
    assert again.status_code == 302
    doc.refresh_from_db()
    assert doc.state == State.PRESENTED and doc.return_reason == ""


def test_leader_sees_six_rows_with_units_and_people_grouped(client, cast):
    doc = presented(cast)
    client.force_login(cast.leader_a)

    html = client.get(url("detail", doc)).content.decode()

    assert url("direct", doc) in html and url("return", doc) in html
    assert html.count('name="target"') == 7  # six rows and the row kept for "Thêm dòng"
    assert '<optgroup label="Đơn vị">' in html and '<optgroup label="Cá nhân">' in html
    assert unit(cast.unit_a1) in html and person(cast.spec_a) in html
    assert person(cast.spec_b) not in html and unit(cast.unit_b1) not in html
    assert f'value="{doc.due_date:%d/%m/%Y}"' in html


def test_leader_directs_and_empty_rows_are_ignored(client, cast):
    doc = presented(cast)
    due = timezone.localdate() + timedelta(days=7)
    data = rows(
        ("lead", unit(cast.unit_a1), due),
        ("co", "", due),
        ("co", person(cast.spec_a2), due),
        ("info", person(cast.clerk_a), due),
        ("co", "", None),
    )

    response = post(client, cast.leader_a, "direct", doc, {"note": "Phòng Ngân sách chủ trì.", **data})

    assert "Đã chỉ đạo, phân công xử lý." in followed(client, response)
    doc.refresh_from_db()
    assert doc.state == State.DIRECTED and doc.direction_note == "Phòng Ngân sách chủ trì."
    parts = {
        (a.role, a.target_org_id or a.target_user_id): a for a in Assignment.objects.filter(incoming=doc)
    }
    assert set(parts) == {("lead", cast.unit_a1.pk), ("co", cast.spec_a2.pk), ("info", cast.clerk_a.pk)}
    assert parts[("lead", cast.unit_a1.pk)].due_date == due
    assert parts[("info", cast.clerk_a.pk)].due_date is None


def test_two_leads_get_the_services_message_and_the_input_is_kept(client, cast):
    doc = presented(cast)
    data = rows(("lead", unit(cast.unit_a1), None), ("lead", unit(cast.unit_a2), None))

    response = post(client, cast.leader_a, "direct", doc, {"note": "Ghi chú của lãnh đạo", **data})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Phải có đúng một đơn vị hoặc cá nhân xử lý chính." in html
    assert "Chưa thực hiện được; xem thông báo ở phần xử lý văn bản." in html
    assert "Ghi chú của lãnh đạo" in html
    assert f'<option value="{unit(cast.unit_a2)}" selected>' in html
    assert not Assignment.objects.filter(incoming=doc).exists()


def test_no_assignment_at_all_is_refused_with_the_services_message(client, cast):
    doc = presented(cast)
    response = post(client, cast.leader_a, "direct", doc, {"note": "", **rows(("lead", "", None))})
    assert response.status_code == 200
    assert "Hãy phân công ít nhất một đơn vị hoặc cá nhân xử lý chính." in response.content.decode()


def test_a_row_with_a_bad_date_is_marked_and_nothing_is_assigned(client, cast):
    doc = presented(cast)
    data = {"note": "", "role": ["lead"], "target": [unit(cast.unit_a1)], "due_date": ["31/02/2026"]}

    response = post(client, cast.leader_a, "direct", doc, data)

    assert response.status_code == 200
    assert "Có dòng phân công chưa hợp lệ" in response.content.decode()
    assert not Assignment.objects.filter(incoming=doc).exists()


def test_specialist_posting_a_direction_gets_not_found_and_nothing_changes(client, cast):
    doc = presented(cast)

    response = post(
        client, cast.spec_a, "direct", doc, {"note": "x", **rows(("lead", unit(cast.unit_a1), None))}
    )

    assert response.status_code == 404
    doc.refresh_from_db()
    assert doc.state == State.PRESENTED and not Assignment.objects.filter(incoming=doc).exists()


def test_clerk_who_sees_the_document_may_not_direct_it(client, cast):
    doc = presented(cast)

    response = post(
        client, cast.clerk_a, "direct", doc, {"note": "x", **rows(("lead", unit(cast.unit_a1), None))}
    )

    assert response.status_code == 403
    doc.refresh_from_db()
    assert doc.state == State.PRESENTED and not Assignment.objects.filter(incoming=doc).exists()


def test_the_second_of_two_leaders_directing_sees_the_conflict(cast):
    deputy = accounts.user_create(actor=None, username="pgd.stc", full_name="Trương Công Định", password=None)
    accounts.membership_add(
        actor=None, user=deputy, org=cast.agency_a, role=Role.LEADER, title="Phó Giám đốc"
    )
    doc = presented(cast)
    first, second = Client(), Client()
    first.force_login(cast.leader_a)
    second.force_login(deputy)
    # Both opened the page before either sent the form.
    assert first.get(url("detail", doc)).status_code == second.get(url("detail", doc)).status_code == 200

    one = first.post(
        url("direct", doc), {"note": "Giám đốc giao", **rows(("lead", unit(cast.unit_a1), None))}
    )
    two = second.post(
        url("direct", doc), {"note": "Phó Giám đốc giao", **rows(("lead", unit(cast.unit_a2), None))}
    )

    assert one.status_code == 302 and two.status_code == 302
    html = second.get(two["Location"]).content.decode()
    assert "Không thể chỉ đạo văn bản đang ở trạng thái “Đã phân công”" in html
    doc.refresh_from_db()
    assert doc.direction_note == "Giám đốc giao"
    assert list(Assignment.objects.filter(incoming=doc).values_list("target_org_id", flat=True)) == [
        cast.unit_a1.pk
    ]


def test_reassign_starts_from_the_open_parts_and_replaces_them(client, cast):
    doc = register(cast)
    direct_to_unit(cast, doc)
    client.force_login(cast.leader_a)

    html = client.get(url("detail", doc)).content.decode()
    assert url("reassign", doc) in html
    assert f'<option value="{unit(cast.unit_a1)}" selected>' in html
    # Not yet read by its holder, the for-information part is still open and is replaced too.
    assert f'<option value="{person(cast.spec_a2)}" selected>' in html

    response = post(
        client,
        cast.leader_a,
        "reassign",
        doc,
        {"note": "Chuyển Phòng Giá chủ trì", **rows(("lead", unit(cast.unit_a2), None))},
    )

    assert "Đã phân công lại." in followed(client, response)
    states = {(a.target_org_id, a.target_user_id): a.state for a in Assignment.objects.filter(incoming=doc)}
    assert states == {
        (cast.unit_a1.pk, None): AssignmentState.CANCELLED,
        (None, cast.spec_a2.pk): AssignmentState.CANCELLED,
        (cast.unit_a2.pk, None): AssignmentState.PENDING,
    }


def test_unit_head_delegates_to_a_specialist_of_the_unit(client, cast):
    doc = register(cast)
    direct_to_unit(cast, doc)
    lead = Assignment.objects.get(incoming=doc, role="lead")
    client.force_login(cast.head_a)

    html = client.get(url("detail", doc)).content.decode()
    assert url("delegate", lead) in html and url("progress", lead) in html and url("complete", lead) in html
    assert str(cast.spec_a.public_id) in html and str(cast.spec_a2.public_id) not in html

    response = post(
        client, cast.head_a, "delegate", lead, {"user": str(cast.spec_a.public_id), "note": "Em xử lý"}
    )

    assert "Đã giao phần việc cho cán bộ." in followed(client, response)
    child = Assignment.objects.get(parent=lead)
    assert child.target_user == cast.spec_a and child.note == "Em xử lý"
    again = client.get(url("detail", doc)).content.decode()
    assert "Giao lại cho cán bộ khác" in again and "Phần việc đang giao cho Phạm Thị Lan" in again
    doc.refresh_from_db()
    assert doc.state == State.IN_PROGRESS


def test_delegating_outside_the_unit_is_refused_on_the_form(client, cast):
    doc = register(cast)
    direct_to_unit(cast, doc)
    lead = Assignment.objects.get(incoming=doc, role="lead")

    response = post(client, cast.head_a, "delegate", lead, {"user": str(cast.spec_a2.public_id)})

    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not Assignment.objects.filter(parent=lead).exists()


def test_specialist_handles_but_cannot_delegate(client, cast):
    doc = register(cast)
    direct_to_unit(cast, doc)
    lead = Assignment.objects.get(incoming=doc, role="lead")
    child = inbound.assignment_delegate(actor=cast.head_a, assignment=lead, user_id=cast.spec_a.pk, note="")
    client.force_login(cast.spec_a)

    html = client.get(url("detail", doc)).content.decode()

    assert url("progress", child) in html and url("complete", child) in html
    assert url("delegate", child) not in html
    assert (
        post(client, cast.spec_a, "delegate", child, {"user": str(cast.head_a.public_id)}).status_code == 403
    )
    assert not Assignment.objects.filter(parent=child).exists()


def test_progress_with_a_file_then_completion_finishes_the_document(client, cast):
    doc = register(cast)
    direct_to_unit(cast, doc)
    lead = Assignment.objects.get(incoming=doc, role="lead")
    child = inbound.assignment_delegate(actor=cast.head_a, assignment=lead, user_id=cast.spec_a.pk, note="")
    client.force_login(cast.spec_a)
    draft = SimpleUploadedFile("Dự thảo trả lời.pdf", make_pdf("Dự thảo"), content_type="application/pdf")
    response = client.post(
        url("progress", child), {"note": "Đã dự thảo văn bản trả lời.", "attachments": [draft]}
    )

    html = followed(client, response)
    assert "Đã cập nhật tiến độ." in html and "Đã dự thảo văn bản trả lời." in html
    note_file = NoteFile.objects.get()
    assert note_file.name == "Dự thảo trả lời.pdf"
    assert reverse("inbound:note_file", args=[doc.public_id, note_file.pk]) in html

    missing = client.post(url("complete", child), {"note": ""})
    assert missing.status_code == 200 and "Hãy ghi kết quả xử lý." in missing.content.decode()

    done = client.post(url("complete", child), {"note": "Đã trả lời bằng Công văn 15/STC-NS."})
    assert "Đã ghi nhận hoàn thành phần việc." in followed(client, done)
    doc.refresh_from_db()
    assert doc.state == State.COMPLETED


def test_a_file_that_is_not_what_it_claims_is_refused_on_the_progress_form(client, cast):
    doc = register(cast)
    direct_to_unit(cast, doc)
    lead = Assignment.objects.get(incoming=doc, role="lead")
    client.force_login(cast.head_a)
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url("progress", lead), {"note": "Gửi báo cáo", "attachments": [fake]})

    assert response.status_code == 200
    assert "không phải là PDF hợp lệ" in response.content.decode()
    assert not ProgressNote.objects.exists()


def test_secret_document_progress_form_takes_no_files(client, cast):
    doc = register(cast, secrecy=1, channel="post")
    inbound.incoming_present(actor=cast.clerk_a, incoming=doc, leader_id=cast.leader_a.pk)
    inbound.incoming_direct(
        actor=cast.leader_a,
        incoming=doc,
        note="",
        assignments=[inbound.AssignmentSpec(role="lead", user_id=cast.spec_a.pk)],
    )
    part = Assignment.objects.get(incoming=doc)
    client.force_login(cast.spec_a)

    html = client.get(url("detail", doc)).content.decode()
    assert url("progress", part) in html and 'type="file"' not in html

    smuggled = SimpleUploadedFile("mat.pdf", make_pdf("Mật"), content_type="application/pdf")
    response = client.post(url("progress", part), {"note": "Đã xử lý một phần", "attachments": [smuggled]})
    assert response.status_code == 302
    assert ProgressNote.objects.get().note == "Đã xử lý một phần"
    assert not NoteFile.objects.exists()


def test_someone_else_cannot_act_on_a_part(client, cast):
    doc = register(cast)
    direct_to_unit(cast, doc)
    lead = Assignment.objects.get(incoming=doc, role="lead")

    # The clerk sees the document but does not hold the part; another agency does not see it at all.
    assert post(client, cast.clerk_a, "complete", lead, {"note": "Xong"}).status_code == 403
    assert post(client, cast.head_b, "complete", lead, {"note": "Xong"}).status_code == 404
    lead.refresh_from_db()
    assert lead.state == AssignmentState.PENDING


def test_htmx_post_follows_to_the_refreshed_fragment_with_its_message(client, cast):
    doc = register(cast)
    client.force_login(cast.clerk_a)

    response = client.post(
        url("present", doc),
        {"leader": str(cast.leader_a.public_id)},
        headers={"HX-Request": "true"},
        follow=True,
    )

    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith('<div id="doc-page"')
    assert "Đã trình văn bản cho lãnh đạo." in html and "Chờ chỉ đạo" in html


def test_htmx_invalid_form_comes_back_as_the_fragment(client, cast):
    doc = presented(cast)
    client.force_login(cast.leader_a)

    response = client.post(url("return", doc), {"reason": ""}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<div id="doc-page"')
    assert "Hãy ghi lý do trả lại." in html


def test_action_addresses_accept_only_posts_with_a_csrf_token(cast):
    doc = register(cast)
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.clerk_a)

    assert client.get(url("present", doc)).status_code == 405
    assert client.post(url("present", doc), {"leader": str(cast.leader_a.public_id)}).status_code == 403
    assert Incoming.objects.get(pk=doc.pk).state == State.REGISTERED
    html = client.get(url("detail", doc)).content.decode()
    assert html.count('name="csrfmiddlewaretoken"') == html.count('method="post"')


def test_the_service_itself_refuses_files_on_a_secret_documents_progress(cast):
    doc = register(cast, secrecy=2, channel="hand")
    inbound.incoming_present(actor=cast.clerk_a, incoming=doc, leader_id=cast.leader_a.pk)
    inbound.incoming_direct(
        actor=cast.leader_a,
        incoming=doc,
        note="",
        assignments=[inbound.AssignmentSpec(role="lead", user_id=cast.spec_a.pk)],
    )
    part = Assignment.objects.get(incoming=doc)

    with pytest.raises(UserError) as refused:
        inbound.assignment_progress(
            actor=cast.spec_a, assignment=part, note="Kèm tệp", files=[upload(make_pdf())]
        )

    assert refused.value.code == "secret_file"
    assert not ProgressNote.objects.exists() and not NoteFile.objects.exists()
