"""Text extraction from registered PDFs: it runs after the registration commits, makes the body of
the file searchable, never spoils the registration when it fails, and may run twice."""

import pytest

from edesk.core import storage
from edesk.documents.models import Attachment, Document, TextStatus
from edesk.documents.tasks import attachment_extract_text_task
from edesk.inbound import selectors
from edesk.inbound.models import State
from tests.conftest import make_pdf, register, upload

pytestmark = pytest.mark.django_db

BODY = "Đề nghị Sở Tài chính thẩm định dự toán mua sắm thiết bị phòng họp trực tuyến"


def found(user, q: str) -> list[int]:
    return [doc.pk for doc in selectors.search(user, q)[0]]


def test_registration_leaves_the_pdf_pending_until_the_commit(cast):
    doc = register(cast, files=[upload(make_pdf(BODY), "de-nghi.pdf")])
    attachment = doc.attachments.get()
    assert (attachment.text_status, attachment.text) == (TextStatus.PENDING, "")
    assert found(cast.clerk_a, "phong hop truc tuyen") == []


def test_extraction_on_commit_turns_pending_into_done_with_the_text(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        doc = register(cast, subject="V/v đề nghị thẩm định", files=[upload(make_pdf(BODY), "de-nghi.pdf")])
    attachment = doc.attachments.get()
    assert attachment.text_status == TextStatus.DONE
    assert BODY in attachment.text and "Trang 1" in attachment.text
    doc.refresh_from_db()
    assert "mua sam thiet bi phong hop truc tuyen" in doc.search_text
    assert found(cast.clerk_a, "phong hop truc tuyen") == [doc.pk]


def test_every_pdf_of_a_document_is_extracted_and_searchable(cast, django_capture_on_commit_callbacks):
    files = [
        upload(make_pdf(BODY), "chinh.pdf"),
        upload(make_pdf("Phụ lục danh mục máy chiếu"), "phu-luc.pdf"),
    ]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        doc = register(cast, files=files)
    # Per PDF: its text extraction and its signature check (signing.tasks.blob_verify_task).
    assert len(callbacks) == 4
    assert set(doc.attachments.values_list("text_status", flat=True)) == {TextStatus.DONE}
    assert found(cast.clerk_a, "danh muc may chieu") == found(cast.clerk_a, "thiet bi phong hop") == [doc.pk]


def test_a_damaged_file_fails_extraction_but_the_registration_stands(
    cast, django_capture_on_commit_callbacks
):
    doc = register(cast, subject="V/v kiểm tra tệp", files=[upload(make_pdf(BODY), "de-nghi.pdf")])
    attachment = doc.attachments.get()
    # The stored copy rots after registration (disk fault, bad restore): pdfium can no longer open it.
    path = storage.backend().path(storage.blob_path(attachment.blob_id))
    with open(path, "r+b") as fh:
        fh.write(b"\x00" * 400)
    attachment_extract_text_task.delay(attachment.pk)
    attachment.refresh_from_db()
    assert (attachment.text_status, attachment.text) == (TextStatus.FAILED, "")
    doc.refresh_from_db()
    assert doc.state == State.REGISTERED and doc.arrival_number == 1
    assert found(cast.clerk_a, "kiem tra tep") == [doc.pk]


def test_a_missing_file_fails_extraction_without_an_error(cast):
    doc = register(cast, files=[upload(make_pdf(BODY), "de-nghi.pdf")])
    attachment = doc.attachments.get()
    storage.backend().delete(storage.blob_path(attachment.blob_id))
    attachment_extract_text_task.delay(attachment.pk)
    attachment.refresh_from_db()
    assert attachment.text_status == TextStatus.FAILED


def test_running_the_task_twice_is_harmless(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        doc = register(cast, files=[upload(make_pdf(BODY), "de-nghi.pdf")])
    attachment = doc.attachments.get()
    first = (attachment.text, attachment.text_status, attachment.updated_at)
    search_text = Document.objects.get(pk=doc.pk).search_text
    attachment_extract_text_task.delay(attachment.pk)
    attachment_extract_text_task.delay(attachment.pk)
    attachment.refresh_from_db()
    assert (attachment.text, attachment.text_status, attachment.updated_at) == first
    assert Document.objects.get(pk=doc.pk).search_text == search_text
    assert found(cast.clerk_a, "phong hop truc tuyen") == [doc.pk]


def test_task_for_a_vanished_attachment_does_nothing(cast):
    missing = (Attachment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    result = attachment_extract_text_task.delay(missing)
    assert result.successful()


def test_secret_documents_have_nothing_to_extract(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        doc = register(cast, secrecy=1)
    assert callbacks == [] and not doc.attachments.exists()
