"""The document page and its files, through the test client."""

import io
import re
import uuid
import zipfile

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from edesk.accounts import services as accounts
from edesk.accounts.roles import Role
from edesk.audit.models import AuditEvent
from edesk.documents import pdf
from edesk.inbound import services as inbound
from edesk.inbound.models import Assignment, AssignmentState, NoteFile
from tests.conftest import direct_to_unit, make_pdf, register, upload

pytestmark = pytest.mark.django_db


def detail_url(doc, **query):
    url = reverse("inbound:detail", args=[doc.public_id])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def page(client, user, doc, **query):
    client.force_login(user)
    response = client.get(detail_url(doc, **query))
    assert response.status_code == 200
    return response.content.decode()


def minimal_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def test_clerk_sees_the_metadata_and_the_present_form(client, cast):
    doc = register(cast, issuer_code="000.00.00.H57", signer_position="Chủ tịch")

    html = page(client, cast.clerk_a, doc)

    assert "V/v triển khai kế hoạch chuyển đổi số năm 2026" in html
    assert 'class="meta"' in html
    for label in (
        "Số đến",
        "Ngày đến",
        "Sổ",
        "Số, ký hiệu",
        "Ngày ban hành",
        "Cơ quan ban hành",
        "Người ký",
        "Trích yếu",
        "Độ khẩn",
        "Độ mật",
        "Hạn xử lý",
        "Hình thức nhận",
        "Trạng thái",
    ):
        assert f"<dt>{label}" in html, label
    assert "125/UBND-VX" in html and "(000.00.00.H57)" in html and "Chủ tịch" in html
    assert doc.arrival_at.astimezone().strftime("%d/%m/%Y") in html
    assert "Trình lãnh đạo" in html and "Nguyễn Văn Phương" in html
    assert reverse("inbound:present", args=[doc.public_id]) in html
    assert reverse("inbound:direct", args=[doc.public_id]) not in html


def test_opening_is_recorded_and_marks_the_for_information_part_read(client, cast):
    doc = register(cast)
    direct_to_unit(cast, doc)

    page(client, cast.spec_a2, doc)

    assert AuditEvent.objects.filter(
        action="incoming.view", object_id=str(doc.pk), actor_id=cast.spec_a2.pk
    ).exists()
    assert Assignment.objects.get(incoming=doc, target_user=cast.spec_a2).state == AssignmentState.READ


def normalised(response) -> str:
    # The CSRF token is masked afresh on every page, and the language switcher returns to the address
    # asked for, which the person already knows; nothing else may differ.
    html = re.sub(r'name="next" value="[^"]*"', "", response.content.decode())
    return re.sub(r"[A-Za-z0-9]{64}", "", html)


def test_outsider_and_a_random_id_get_the_same_not_found_page(client, cast):
    doc = register(cast)
    client.force_login(cast.leader_b)

    hidden = client.get(detail_url(doc))
    missing = client.get(reverse("inbound:detail", args=[uuid.uuid4()]))

    assert hidden.status_code == missing.status_code == 404
    assert normalised(hidden) == normalised(missing)
    assert "Không tìm thấy hoặc bạn không có quyền truy cập." in hidden.content.decode()
    assert not AuditEvent.objects.filter(action="incoming.view").exists()


def test_anonymous_visitor_is_sent_to_log_in(client, cast):
    doc = register(cast)
    response = client.get(detail_url(doc))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_secret_document_shows_the_notice_and_no_file_links_even_to_the_clerk(client, cast):
    doc = register(cast, secrecy=1, channel="post")

    html = page(client, cast.clerk_a, doc)

    assert "Văn bản mật: chỉ quản lý số đăng ký, không lưu tệp trên hệ thống." in html
    assert "/tep/" not in html
    assert "<object" not in html and "trang-1.png" not in html


def test_pdf_gets_the_inline_viewer_and_lazy_page_previews(client, cast):
    doc = register(cast, files=[upload(make_pdf(pages=8), "Công văn 125.pdf")])
    main = doc.attachments.get()

    html = page(client, cast.clerk_a, doc)

    file_url = reverse("inbound:attachment", args=[doc.public_id, main.pk])
    assert f'<object data="{file_url}" type="application/pdf" class="viewer' in html
    first_five = [reverse("inbound:page_preview", args=[doc.public_id, main.pk, n]) for n in range(1, 6)]
    assert all(url in html for url in first_five)
    assert reverse("inbound:page_preview", args=[doc.public_id, main.pk, 6]) not in html
    assert html.count('loading="lazy"') == html.count('.png"') > 0
    assert "?trang=8" in html and "còn 3 trang" in html
    assert "Công văn 125.pdf" in html and "8 trang" in html

    more = page(client, cast.clerk_a, doc, trang=8)
    assert reverse("inbound:page_preview", args=[doc.public_id, main.pk, 8]) in more
    assert "Xem thêm trang" not in more


def test_other_files_are_listed_as_downloads_with_size_and_type(client, cast):
    doc = register(cast, files=[upload(make_pdf(), "van-ban.pdf"), upload(minimal_docx(), "Phụ lục.docx")])

    html = page(client, cast.clerk_a, doc)

    appendix = doc.attachments.get(name="Phụ lục.docx")
    assert reverse("inbound:attachment", args=[doc.public_id, appendix.pk]) in html
    assert "DOCX" in html and "Phụ lục, tài liệu kèm theo" in html


def test_attachment_streams_a_pdf_inline_with_its_vietnamese_name(client, cast):
    data = make_pdf()
    doc = register(cast, files=[upload(data, "Công văn số 125.pdf")])
    client.force_login(cast.clerk_a)

    response = client.get(reverse("inbound:attachment", args=[doc.public_id, doc.attachments.get().pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert "filename*=utf-8''C%C3%B4ng%20v%C4%83n%20s%E1%BB%91%20125.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_office_files_are_downloaded_not_shown(client, cast):
    doc = register(cast, files=[upload(make_pdf()), upload(minimal_docx(), "Phụ lục.docx")])
    client.force_login(cast.clerk_a)

    appendix = doc.attachments.get(name="Phụ lục.docx")
    response = client.get(reverse("inbound:attachment", args=[doc.public_id, appendix.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_file_of_another_document_is_not_found_under_this_documents_address(client, cast):
    mine = register(cast)
    other = register(cast, code_number="200", files=[upload(make_pdf("Văn bản khác"), "khac.pdf")])
    client.force_login(cast.clerk_a)

    foreign = other.attachments.get().pk
    assert client.get(reverse("inbound:attachment", args=[mine.public_id, foreign])).status_code == 404
    assert client.get(reverse("inbound:page_preview", args=[mine.public_id, foreign, 1])).status_code == 404
    assert client.get(reverse("inbound:attachment", args=[other.public_id, foreign])).status_code == 200


def test_files_are_not_found_for_those_who_cannot_see_the_document(client, cast):
    doc = register(cast)
    client.force_login(cast.spec_b)
    response = client.get(reverse("inbound:attachment", args=[doc.public_id, doc.attachments.get().pk]))
    assert response.status_code == 404


def test_page_preview_is_a_png_drawn_once_then_cached(client, cast, monkeypatch):
    cache.clear()
    doc = register(cast, files=[upload(make_pdf(pages=2))])
    main = doc.attachments.get()
    calls = []
    real = pdf.render_page_png

    def counting(data, index, **kwargs):
        calls.append(index)
        return real(data, index, **kwargs)

    monkeypatch.setattr(pdf, "render_page_png", counting)
    client.force_login(cast.clerk_a)
    url = reverse("inbound:page_preview", args=[doc.public_id, main.pk, 2])

    first = client.get(url)
    second = client.get(url)

    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == "image/png" and first.content.startswith(b"\x89PNG")
    assert first["Cache-Control"] == "private, max-age=3600"
    assert second.content == first.content
    assert calls == [1]
    assert client.get(reverse("inbound:page_preview", args=[doc.public_id, main.pk, 3])).status_code == 404
    assert client.get(reverse("inbound:page_preview", args=[doc.public_id, main.pk, 0])).status_code == 404
    assert not AuditEvent.objects.filter(action="incoming.file_download").exists()


def test_note_files_are_served_only_under_their_own_document(client, cast):
    doc = register(cast)
    other = register(cast, code_number="300")
    direct_to_unit(cast, doc)
    lead = Assignment.objects.get(incoming=doc, role="lead")
    inbound.assignment_progress(
        actor=cast.head_a,
        assignment=lead,
        note="Dự thảo trả lời",
        files=[upload(make_pdf("Dự thảo"), "Dự thảo.pdf")],
    )
    note_file = NoteFile.objects.get()
    client.force_login(cast.head_a)

    html = client.get(detail_url(doc)).content.decode()
    url = reverse("inbound:note_file", args=[doc.public_id, note_file.pk])
    assert url in html and "Dự thảo trả lời" in html

    assert client.get(url).status_code == 200
    client.force_login(cast.clerk_a)
    assert client.get(reverse("inbound:note_file", args=[other.public_id, note_file.pk])).status_code == 404


def test_timeline_shows_the_work_and_folds_openings_behind_a_link(client, cast):
    doc = register(cast)
    inbound.incoming_present(actor=cast.clerk_a, incoming=doc, leader_id=cast.leader_a.pk)
    inbound.incoming_open(actor=cast.leader_a, incoming_id=doc.pk)

    html = page(client, cast.clerk_a, doc)

    assert "Vào sổ văn bản đến" in html and "Trình: Nguyễn Văn Phương" in html
    assert "Mở văn bản" not in html
    assert "Hiện cả 2 lượt mở văn bản" in html and "?luot_mo=1" in html

    full = page(client, cast.clerk_a, doc, luot_mo=1)
    assert full.count("Mở văn bản") == 3
    assert "Ẩn các lượt mở văn bản" in full


def test_returned_document_shows_the_reason_at_the_top(client, cast):
    doc = register(cast)
    inbound.incoming_present(actor=cast.clerk_a, incoming=doc, leader_id=cast.leader_a.pk)
    inbound.incoming_return(actor=cast.leader_a, incoming=doc, reason="Văn bản gửi nhầm cơ quan")

    html = page(client, cast.clerk_a, doc)

    assert "Lãnh đạo đã trả lại văn bản." in html and "Văn bản gửi nhầm cơ quan" in html
    assert reverse("inbound:present", args=[doc.public_id]) in html


def test_duplicate_warning_links_to_the_earlier_entry_when_visible(client, cast):
    first = register(cast)
    second = register(cast)
    assert second.duplicate_of_id == first.pk

    html = page(client, cast.clerk_a, second)

    assert "Có thể trùng" in html
    assert detail_url(first) in html and "văn bản đến số 1 ngày" in html


def test_htmx_request_gets_only_the_page_fragment(client, cast):
    doc = register(cast)
    client.force_login(cast.clerk_a)

    response = client.get(detail_url(doc), headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="doc-page"') and "<html" not in html


def _person(username: str, full_name: str, org) -> object:
    user = accounts.user_create(actor=None, username=username, full_name=full_name, password=None)
    accounts.membership_add(actor=None, user=user, org=org, role=Role.SPECIALIST, title="Chuyên viên")
    return user


def _worked_document(cast, people):
    """A directed document whose every part has a progress note with a file."""
    doc = register(cast, code_number=str(100 + len(people)))
    inbound.incoming_present(actor=cast.clerk_a, incoming=doc, leader_id=cast.leader_a.pk)
    specs = [inbound.AssignmentSpec(role="lead", org_id=cast.unit_a1.pk)]
    specs += [inbound.AssignmentSpec(role="co", user_id=person.pk) for person in people]
    inbound.incoming_direct(actor=cast.leader_a, incoming=doc, note="Phối hợp thực hiện.", assignments=specs)
    for part in Assignment.objects.filter(incoming=doc).select_related("target_user"):
        actor = part.target_user or cast.head_a
        inbound.assignment_progress(
            actor=actor,
            assignment=part,
            note=f"Tiến độ của {actor}",
            files=[upload(make_pdf(str(actor)), "bao-cao.pdf")],
        )
    return doc


@pytest.mark.parametrize("viewer", ["leader_a", "head_a", "clerk_a"])
def test_document_page_query_count_does_not_grow_with_the_work(client, cast, viewer):
    people = [_person(f"phoihop{i}.stc", f"Chuyên viên số {i}", cast.unit_a2) for i in range(7)]
    small = _worked_document(cast, [])
    large = _worked_document(cast, people)
    assert (
        large.assignments.count() == 8
        and NoteFile.objects.filter(note__assignment__incoming=large).count() == 8
    )
    client.force_login(getattr(cast, viewer))
    # Warm the session and caches alike for both; the first opening also checks the files' signatures
    # when no stored report exists yet (blob_verify_task normally stored it on registration).
    client.get(detail_url(small))
    client.get(detail_url(large))

    counts = []
    for doc in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(detail_url(doc)).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1], counts
