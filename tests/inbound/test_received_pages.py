"""The electronic inbox, its registration page, and what the document page shows of signatures,
replies and recalls — through the test client."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from edesk.documents.register_rows import follow_up_rows
from edesk.inbound import services as inbound
from edesk.inbound.models import Incoming, Received, ReceivedState
from edesk.outbound.models import Outgoing
from edesk.signing.models import Verification
from tests.inbound.test_received import deliver, register_received, sent_document

pytestmark = pytest.mark.django_db

SIGNED_REPORT = {
    "signatures": [
        {
            "signer_name": "Nguyễn Văn Phương",
            "subject": "CN=Nguyễn Văn Phương, O=Sở Tài chính",
            "issuer": "CN=edesk Dev Issuing CA",
            "signing_time": "2026-11-20T03:15:00+00:00",
            "intact": True,
            "trusted": True,
            "modified_after": False,
            "problems": [],
        },
        {
            "signer_name": "Sở Tài chính",
            "subject": "CN=Sở Tài chính",
            "issuer": "CN=Một CA lạ",
            "signing_time": "2026-11-20T03:20:00+00:00",
            "intact": True,
            "trusted": False,
            "modified_after": True,
            "problems": ["Chứng thư số không chuỗi tới gốc tin cậy.", "Tệp đã bị sửa sau khi ký."],
        },
    ]
}


def stored_report(document, report=SIGNED_REPORT):
    """The report blob_verify_task would have stored for each PDF of `document`."""
    for attachment in document.attachments.all():
        Verification.objects.update_or_create(
            blob_id=attachment.blob_id,
            defaults={
                "checked_at": timezone.now(),
                "signature_count": len(report["signatures"]),
                "all_valid": False,
                "report": report,
            },
        )


def issued_reply(cast, incoming, number: str, *, state="issued"):
    """An outgoing document of `incoming`'s agency answering it, as issuance leaves it."""
    now = timezone.now()
    return Outgoing.objects.create(
        agency=incoming.agency,
        direction="out",
        doc_type="cong_van",
        code_number=number,
        code_notation="SNV-CCVC",
        issued_date=timezone.localdate(),
        issuer_name=incoming.agency.name,
        subject="V/v trả lời góp ý",
        owner=incoming.agency,
        moved_at=now,
        author=cast.spec_b,
        drafting_unit=cast.unit_b1,
        state=state,
        reply_to=incoming,
        issued_at=now if state == "issued" else None,
    )


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_inbox_lists_waiting_deliveries_for_the_clerk_and_the_desk_counts_them(client, cast):
    received = deliver(cast)
    stored_report(received.document)
    html = get(client, cast.clerk_b, reverse("inbound:received_list")).content.decode()
    assert "Văn bản điện tử chờ vào sổ" in html
    assert "Sở Tài chính" in html and "15/STC-NS" in html and "V/v góp ý dự thảo quy chế" in html
    assert "Chưa mở" in html
    desk = client.get(reverse("inbound:desk")).content.decode()
    assert reverse("inbound:received_list") in desk
    assert "Văn bản điện tử chờ vào sổ" in desk
    # Nobody outside the receiving agency's clerks and leaders reads it.
    for user in (cast.clerk_a, cast.spec_b, cast.head_b):
        listing = get(client, user, reverse("inbound:received_list"))
        assert listing.status_code == (200 if user == cast.clerk_a else 404)
        assert "V/v góp ý" not in listing.content.decode()  # A's own inbox is empty
        assert (
            get(client, user, reverse("inbound:received_detail", args=[received.public_id])).status_code
            == 404
        )
    assert get(client, cast.leader_b, reverse("inbound:received_list")).status_code == 200


def test_opening_marks_it_opened_and_prefills_the_form_with_the_files_checked(client, cast):
    received = deliver(cast)
    stored_report(received.document)
    html = get(
        client, cast.clerk_b, reverse("inbound:received_detail", args=[received.public_id])
    ).content.decode()
    received.refresh_from_db()
    assert received.opened_at is not None and received.opened_by_id == cast.clerk_b.pk
    assert 'value="15"' in html and 'value="STC-NS"' in html
    assert "V/v góp ý dự thảo quy chế</textarea>" in html
    assert "van-ban.pdf" in html
    # The verification panel: each signer, issuer, time (local, dd/mm/yyyy HH:MM) and verdicts.
    assert "Nguyễn Văn Phương" in html and "CN=edesk Dev Issuing CA" in html
    assert "20/11/2026 10:15" in html
    assert "Hợp lệ" in html and "Không tin cậy" in html and "Bị sửa sau khi ký" in html
    assert "Chứng thư số không chuỗi tới gốc tin cậy." in html
    file_url = reverse(
        "inbound:received_file", args=[received.public_id, received.document.attachments.get().pk]
    )
    assert file_url in html
    assert client.get(file_url).status_code == 200
    listing = client.get(reverse("inbound:received_list")).content.decode()
    assert "Đã mở" in listing


def test_registering_from_the_page_creates_the_incoming_and_shows_it(client, cast):
    received = deliver(cast)
    stored_report(received.document)
    url = reverse("inbound:received_detail", args=[received.public_id])
    client.force_login(cast.clerk_b)
    form = {
        "doc_type": "cong_van",
        "code_number": "15",
        "code_notation": "STC-NS",
        "subject": "V/v góp ý dự thảo quy chế làm việc",
        "urgency": "0",
        "secrecy": "0",
        "due_date": (timezone.localdate() + timedelta(days=7)).strftime("%d/%m/%Y"),
        "request_key": "k1",
    }
    bad = client.post(url, {**form, "subject": " "})
    assert bad.status_code == 200 and "Chưa vào sổ được" in bad.content.decode()
    response = client.post(url, form)
    incoming = Incoming.objects.get(agency=cast.agency_b)
    assert response.status_code == 302 and response["Location"] == reverse(
        "inbound:detail", args=[incoming.public_id]
    )
    assert incoming.subject == "V/v góp ý dự thảo quy chế làm việc" and incoming.channel == "electronic"
    page = client.get(response["Location"]).content.decode()
    assert "Đã vào sổ văn bản đến số 1." in page
    assert "Chữ ký số" in page and "CN=edesk Dev Issuing CA" in page  # the panel on the document page
    again = client.post(url, form)
    assert again.status_code == 302 and Incoming.objects.filter(agency=cast.agency_b).count() == 1
    received.refresh_from_db()
    assert received.state == ReceivedState.REGISTERED
    html = client.get(url).content.decode()
    assert "Đã vào sổ:" in html and "văn bản đến số 1" in html and 'name="subject"' not in html


def test_a_leader_reads_but_gets_no_form_and_leaves_it_unopened(client, cast):
    received = deliver(cast)
    stored_report(received.document)
    html = get(
        client, cast.leader_b, reverse("inbound:received_detail", args=[received.public_id])
    ).content.decode()
    assert "V/v góp ý dự thảo quy chế" in html and 'name="subject"' not in html
    received.refresh_from_db()
    assert received.opened_at is None
    assert client.post(reverse("inbound:received_detail", args=[received.public_id]), {}).status_code == 302
    assert not Incoming.objects.filter(agency=cast.agency_b).exists()


def test_recalled_delivery_shows_the_reason_and_serves_no_file(client, cast):
    received = deliver(cast)
    attachment = received.document.attachments.get()
    inbound.received_recall(actor=cast.clerk_a, received=received, reason="Gửi nhầm nơi nhận")
    client.force_login(cast.clerk_b)
    html = client.get(reverse("inbound:received_detail", args=[received.public_id])).content.decode()
    assert "Cơ quan gửi đã thu hồi văn bản này." in html and "Gửi nhầm nơi nhận" in html
    assert 'name="subject"' not in html
    assert (
        client.get(reverse("inbound:received_file", args=[received.public_id, attachment.pk])).status_code
        == 404
    )
    listing = client.get(reverse("inbound:received_list") + "?tab=da-thu-hoi").content.decode()
    assert "Gửi nhầm nơi nhận" in listing
    assert "V/v góp ý" not in client.get(reverse("inbound:received_list")).content.decode()


def test_recalled_incoming_page_has_the_banner_and_no_files_or_actions(client, cast):
    received = deliver(cast)
    stored_report(received.document)
    incoming = register_received(cast, received).incoming
    attachment = incoming.attachments.get()
    inbound.received_recall(actor=cast.leader_a, received=received, reason="Văn bản có sai sót")
    client.force_login(cast.clerk_b)
    html = client.get(reverse("inbound:detail", args=[incoming.public_id])).content.decode()
    assert "Cơ quan gửi đã thu hồi văn bản này." in html and "Văn bản có sai sót" in html
    assert "Tệp văn bản đã bị cơ quan gửi thu hồi." in html
    assert reverse("inbound:attachment", args=[incoming.public_id, attachment.pk]) not in html
    assert (
        'id="actions"' not in html
        and "Trình lãnh đạo" not in html.split("doc-history")[0].split("doc-side")[1]
    )
    assert (
        client.get(reverse("inbound:attachment", args=[incoming.public_id, attachment.pk])).status_code == 404
    )
    preview = reverse("inbound:page_preview", args=[incoming.public_id, attachment.pk, 1])
    assert client.get(preview).status_code == 404
    # It leaves the clerk's queue.
    desk = client.get(reverse("inbound:desk") + "?q=cho-trinh").content.decode()
    assert "V/v góp ý dự thảo quy chế" not in desk


def test_answered_by_lists_issued_replies_only(client, cast):
    received = deliver(cast)
    stored_report(received.document)
    incoming = register_received(cast, received).incoming
    issued_reply(cast, incoming, "07")
    issued_reply(cast, incoming, "09", state="draft")
    html = get(client, cast.clerk_b, reverse("inbound:detail", args=[incoming.public_id])).content.decode()
    assert "Đã trả lời bằng" in html and "07/SNV-CCVC" in html and "09/SNV-CCVC" not in html


def test_follow_up_register_fills_the_reply_column_in_one_query_per_chunk(cast):
    docs = []
    for n in range(3):
        received = deliver(cast, sent_document(cast, code_number=str(20 + n)))
        docs.append(register_received(cast, received).incoming)
    issued_reply(cast, docs[0], "07")
    issued_reply(cast, docs[0], "08")
    issued_reply(cast, docs[2], "11")
    issued_reply(cast, docs[1], "12", state="numbered")
    qs = Incoming.objects.filter(agency=cast.agency_b)
    with CaptureQueriesContext(connection) as queries:
        rows = list(follow_up_rows(qs))
    assert [r.reply_number_notation for r in rows] == ["07/SNV-CCVC; 08/SNV-CCVC", "", "11/SNV-CCVC"]
    assert len(queries) <= 5  # entries, their assignments (two prefetches), the replies


def test_inbox_list_costs_the_same_queries_for_1_and_30_deliveries(client, cast, settings):
    settings.EDESK_PAGE_SIZE = 20
    deliver(cast)
    client.force_login(cast.clerk_b)
    url = reverse("inbound:received_list")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for n in range(29):
        deliver(cast, sent_document(cast, code_number=str(100 + n)))
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert len(many) == len(one)
    assert Received.objects.filter(agency=cast.agency_b).count() == 30
    assert "Xem tiếp" in html and html.count("/dien-tu/") >= 20  # a keyset page, then "more"
    more = client.get(url + "?cursor=" + html.split("cursor=")[1].split('"')[0], HTTP_HX_REQUEST="true")
    assert more.status_code == 200 and more.content.decode().count("<tr") == 10


def test_registration_queues_the_signature_check_of_each_pdf(
    cast, monkeypatch, django_capture_on_commit_callbacks
):
    from edesk.signing import tasks

    queued = []
    monkeypatch.setattr(tasks.blob_verify_task, "delay", queued.append)
    received = deliver(cast)
    with django_capture_on_commit_callbacks(execute=True):
        incoming = register_received(cast, received).incoming
    assert queued == [incoming.attachments.get().blob_id]


def test_a_file_without_a_stored_report_is_checked_when_the_page_opens(client, cast):
    received = deliver(cast)
    html = get(
        client, cast.clerk_b, reverse("inbound:received_detail", args=[received.public_id])
    ).content.decode()
    assert "Tệp không có chữ ký số." in html
    assert Verification.objects.filter(blob_id=received.document.attachments.get().blob_id).exists()
