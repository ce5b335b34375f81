"""The draft form: a new draft, a reply to an incoming document, editing, and its errors."""

import io

import pytest
from django.urls import reverse

from edesk.outbound.models import Outgoing, RecipientKind
from tests.conftest import make_pdf, register
from tests.outbound.story import draft

pytestmark = pytest.mark.django_db
CREATE = reverse("outbound:create")


def _post(cast, **overrides):
    data = {
        "doc_type": "cong_van",
        "subject": "V/v báo cáo tình hình thực hiện dự toán",
        "drafting_unit": str(cast.unit_a1.public_id),
        "signer": str(cast.leader_a.public_id),
        "authority": "KT.",
        "authority_for": "GIÁM ĐỐC",
        "urgency": "1",
        "secrecy": "0",
        "issued_amount": "3",
        "reply_due": "15/12/2026",
        "agencies": [str(cast.agency_b.public_id)],
        "units": [str(cast.unit_a2.public_id)],
        "people": [str(cast.spec_a2.public_id)],
        "external": "Bộ Tài chính\nKho bạc Nhà nước",
        "recipients_text": "- Như trên;\n- Lưu: VT, NS.",
        "request_key": "k1",
        "file": io.BytesIO(make_pdf("Dự thảo công văn")),
    }
    data.update(overrides)
    return data


def test_form_offers_own_units_leaders_and_the_libreoffice_notice(client, cast, monkeypatch):
    monkeypatch.setattr("edesk.outbound.convert.available", lambda: False)
    client.force_login(cast.spec_a)
    html = client.get(CREATE).content.decode()
    assert "Phòng Ngân sách" in html and "Nguyễn Văn Phương" in html and "Sở Nội vụ" in html
    assert "Chưa cài LibreOffice nên không chuyển được DOCX; hãy tải lên tệp PDF" in html
    assert 'accept=".pdf"' in html


def test_form_accepts_word_when_libreoffice_is_installed(client, cast, monkeypatch):
    monkeypatch.setattr("edesk.outbound.convert.available", lambda: True)
    client.force_login(cast.spec_a)
    html = client.get(CREATE).content.decode()
    assert 'accept=".pdf,.doc,.docx"' in html and "Chưa cài LibreOffice" not in html


def test_posting_creates_the_draft_with_its_recipients(client, cast):
    client.force_login(cast.spec_a)
    response = client.post(CREATE, _post(cast))
    doc = Outgoing.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "outbound:detail", args=[doc.public_id]
    )
    assert doc.issued_amount == 3 and doc.signer == cast.leader_a and doc.reply_due.day == 15
    kinds = sorted(r.kind for r in doc.recipients.all())
    assert kinds == sorted(
        [RecipientKind.AGENCY, RecipientKind.UNIT, RecipientKind.PERSON] + [RecipientKind.EXTERNAL] * 2
    )
    assert doc.versions.count() == 1


def test_errors_are_shown_in_vietnamese_and_nothing_is_created(client, cast):
    client.force_login(cast.spec_a)
    response = client.post(CREATE, _post(cast, subject="", authority_for="", reply_due="31/02/2026"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chưa lưu được" in html and "bắt buộc" in html and "Nhập một ngày hợp lệ." in html
    assert "hãy ghi thay mặt ai" in html
    assert "Các thông tin đã nhập được giữ lại" in html
    assert not Outgoing.objects.exists()


def test_a_broken_pdf_is_refused_by_the_service_on_the_form(client, cast):
    client.force_login(cast.spec_a)
    response = client.post(CREATE, _post(cast, file=io.BytesIO(b"%PDF-1.4 broken")))
    assert response.status_code == 200
    assert not Outgoing.objects.exists()
    assert "alert-error" in response.content.decode()


def test_reply_to_prefills_from_the_incoming_document(client, cast):
    incoming = register(cast, issuer_id=cast.agency_b.pk)
    client.force_login(cast.clerk_a)
    html = client.get(CREATE + f"?reply_to={incoming.public_id}").content.decode()
    assert "Văn bản trả lời cho văn bản đến" in html and "V/v trả lời văn bản số 125/UBND-VX" in html
    data = _post(cast, reply_to=str(incoming.public_id), drafting_unit=str(cast.agency_a.public_id))
    assert client.post(CREATE, data).status_code == 302
    assert Outgoing.objects.get().reply_to == incoming


def test_reply_to_someone_elses_document_is_404(client, cast):
    incoming = register(cast)
    client.force_login(cast.spec_b)
    assert client.get(CREATE + f"?reply_to={incoming.public_id}").status_code == 404


def test_outsider_cannot_open_the_form(client, cast):
    client.force_login(cast.outsider)
    assert client.get(CREATE).status_code == 404


def test_author_edits_others_get_404(client, cast):
    doc = draft(cast)
    edit = reverse("outbound:edit", args=[doc.public_id])
    client.force_login(cast.head_a)
    assert client.get(edit).status_code == 404
    client.force_login(cast.spec_a)
    html = client.get(edit).content.decode()
    assert doc.subject in html and 'name="file"' not in html
    data = _post(cast, subject="Trích yếu đã sửa", drafting_unit=str(cast.unit_a1.public_id))
    del data["file"]
    assert client.post(edit, data).status_code == 302
    doc.refresh_from_db()
    assert doc.subject == "Trích yếu đã sửa" and doc.versions.count() == 1
