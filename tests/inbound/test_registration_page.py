"""The clerk's registration form: Decree 30 fields, double clicks, duplicates, errors that keep input."""

import io
import re
import uuid
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from edesk.documents.doctypes import DocType
from edesk.documents.models import RegisterKind
from edesk.inbound.models import Incoming
from tests.conftest import make_pdf, register

pytestmark = pytest.mark.django_db

FORM = reverse("inbound:register")


def pdf_file(name="cong-van.pdf", text="Công văn về chuyển đổi số"):
    file = io.BytesIO(make_pdf(text))
    file.name = name
    return file


def fields(**overrides):
    today = timezone.localdate()
    data = {
        "doc_type": "cong_van",
        "code_number": "125",
        "code_notation": "UBND-VX",
        "issued_date": (today - timedelta(days=2)).isoformat(),
        "issuer_name": "UBND thành phố Huế",
        "issuer_code": "",
        "signer_name": "Nguyễn Văn An",
        "signer_position": "Phó Chủ tịch",
        "subject": "V/v triển khai kế hoạch chuyển đổi số năm 2026",
        "urgency": "0",
        "secrecy": "0",
        "due_date": (today + timedelta(days=10)).strftime("%d/%m/%Y"),
        "channel": "electronic",
        "page_amount": "",
        "description": "",
        "request_key": uuid.uuid4().hex,
    }
    data.update(overrides)
    return data


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_form_offers_every_decree_30_field(client, cast):
    client.force_login(cast.clerk_a)
    response = client.get(FORM)
    html = response.content.decode()
    assert response.status_code == 200
    for doc_type in DocType:
        assert f'<option value="{doc_type.value}">{doc_type.label}</option>' in html
    for name in (
        "code_number",
        "code_notation",
        "issued_date",
        "issuer",
        "issuer_name",
        "issuer_code",
        "signer_name",
        "signer_position",
        "subject",
        "urgency",
        "secrecy",
        "due_date",
        "channel",
        "page_amount",
        "description",
        "attachments",
    ):
        assert f'name="{name}"' in html, name
    assert 'accept=".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg,.tif,.tiff"' in html and "multiple" in html
    assert re.search(r'name="request_key" value="[0-9a-f]{32}"', html)
    assert 'placeholder="dd/mm/yyyy"' in html
    assert "Sở Nội vụ" in html  # organisations of the system are offered as issuers


def test_each_rendering_gets_a_fresh_request_key(client, cast):
    client.force_login(cast.clerk_a)
    keys = {
        re.search(r'name="request_key" value="(\w+)"', client.get(FORM).content.decode()).group(1)
        for _ in "ab"
    }
    assert len(keys) == 2


@pytest.mark.parametrize("person", ["leader_a", "head_a", "spec_a", "outsider"])
def test_only_clerks_may_register(client, cast, person):
    client.force_login(getattr(cast, person))
    assert client.get(FORM).status_code == 404
    assert client.post(FORM, fields()).status_code == 404
    assert not Incoming.objects.exists()


def test_clerk_registers_and_lands_on_the_document(client, cast):
    client.force_login(cast.clerk_a)
    response = client.post(
        FORM, {**fields(), "attachments": [pdf_file(), pdf_file("phu-luc.pdf", "Phụ lục")]}
    )
    doc = Incoming.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("inbound:detail", args=[doc.public_id])
    assert "Đã vào sổ văn bản đến số 1." in _messages(response)
    assert doc.agency == cast.agency_a and doc.arrival_number == 1
    assert doc.signer_position == "Phó Chủ tịch" and doc.due_date == timezone.localdate() + timedelta(days=10)
    assert [a.name for a in doc.attachments.all()] == ["cong-van.pdf", "phu-luc.pdf"]


def test_double_click_registers_once(client, cast):
    client.force_login(cast.clerk_a)
    data = fields()
    first = client.post(FORM, {**data, "attachments": [pdf_file()]})
    second = client.post(FORM, {**data, "attachments": [pdf_file()]})
    assert Incoming.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert any("lần gửi lặp lại không tạo thêm số mới" in m for m in _messages(second))


def test_duplicate_number_notation_issuer_is_warned(client, cast):
    earlier = register(cast)
    client.force_login(cast.clerk_a)
    response = client.post(FORM, {**fields(), "attachments": [pdf_file()]})
    messages = _messages(response)
    assert "Đã vào sổ văn bản đến số 2." in messages
    warning = next(m for m in messages if m.startswith("Cảnh báo trùng"))
    assert "125/UBND-VX" in warning and "UBND thành phố Huế" in warning
    assert f"số đến {earlier.arrival_number}" in warning


def test_issuer_chosen_from_the_system(client, cast):
    client.force_login(cast.clerk_a)
    data = fields(issuer=str(cast.agency_b.public_id), issuer_name="")
    client.post(FORM, {**data, "attachments": [pdf_file()]})
    doc = Incoming.objects.get()
    assert doc.issuer == cast.agency_b and doc.issuer_name == "Sở Nội vụ"


def test_missing_fields_are_shown_next_to_them_and_input_is_kept(client, cast):
    client.force_login(cast.clerk_a)
    response = client.post(FORM, fields(subject="", issuer_name="", doc_type=""))
    html = response.content.decode()
    assert response.status_code == 200 and not Incoming.objects.exists()
    assert html.count('class="errorlist') >= 3
    assert "Hãy chọn cơ quan ban hành trong danh sách hoặc nhập tên cơ quan." in html
    assert 'value="Nguyễn Văn An"' in html and 'value="UBND-VX"' in html


def test_service_error_is_shown_on_top_with_input_kept_and_files_to_choose_again(client, cast):
    client.force_login(cast.clerk_a)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(FORM, {**fields(due_date=yesterday), "attachments": [pdf_file()]})
    html = response.content.decode()
    assert not Incoming.objects.exists()
    top = html.split('class="alert alert-error"')[1].split("</div>")[0]
    assert "Hạn xử lý không thể trước ngày đến." in top
    assert "tệp văn bản cần chọn lại" in top
    assert "V/v triển khai kế hoạch chuyển đổi số năm 2026" in html


def test_electronic_document_needs_a_file(client, cast):
    client.force_login(cast.clerk_a)
    html = client.post(FORM, fields()).content.decode()
    assert not Incoming.objects.exists()
    assert html.count("Văn bản điện tử phải kèm tệp văn bản.") == 2  # on top, and next to the file input


def test_secret_document_is_registered_without_files_in_the_secret_register(client, cast):
    client.force_login(cast.clerk_a)
    refused = client.post(FORM, {**fields(secrecy="1", channel="post"), "attachments": [pdf_file()]})
    assert "không đưa tệp văn bản mật lên hệ thống" in refused.content.decode()
    assert not Incoming.objects.exists()
    client.post(FORM, fields(secrecy="1", channel="post"))
    doc = Incoming.objects.get()
    assert doc.register.kind == RegisterKind.INCOMING_SECRET and not doc.attachments.exists()


def test_file_of_the_wrong_kind_is_refused_by_content(client, cast):
    client.force_login(cast.clerk_a)
    fake = io.BytesIO(b"MZ\x90\x00 this is a program")
    fake.name = "cong-van.pdf"
    html = client.post(FORM, {**fields(), "attachments": [fake]}).content.decode()
    assert "không phải là PDF hợp lệ" in html and not Incoming.objects.exists()


def test_oversize_file_gets_the_size_message(client, cast, settings):
    settings.EDESK_MAX_UPLOAD_BYTES = 1024
    client.force_login(cast.clerk_a)
    html = client.post(FORM, {**fields(), "attachments": [pdf_file()]}).content.decode()
    assert "vượt giới hạn" in html and "cong-van.pdf" in html
    assert not Incoming.objects.exists()
