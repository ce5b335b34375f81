"""The outgoing document page through the Django client: who sees it, which forms it offers, and
each workflow form posting to its service (errors shown in Vietnamese on the form)."""

import io

import pytest
from django.urls import reverse

from edesk.outbound import services as outbound
from edesk.outbound.models import RecipientState, State
from tests.conftest import make_pdf
from tests.outbound.story import approved, draft, signed

pytestmark = pytest.mark.django_db


def url(doc, name="outbound:detail", **kwargs):
    return reverse(name, kwargs={"public_id": doc.public_id, **kwargs})


def page(client, user, doc):
    client.force_login(user)
    return client.get(url(doc))


@pytest.mark.parametrize("who", ["spec_a", "head_a", "clerk_a", "leader_a"])
def test_people_of_the_draft_see_its_page(client, cast, who):
    doc = outbound.draft_submit(actor=cast.spec_a, outgoing=draft(cast))
    response = page(client, getattr(cast, who), doc)
    assert response.status_code == 200
    html = response.content.decode()
    assert doc.subject in html and "Phiên bản 1" in html


@pytest.mark.parametrize("who", ["outsider", "clerk_b", "leader_b", "spec_a2"])
def test_others_get_404(client, cast, who):
    doc = draft(cast)
    assert page(client, getattr(cast, who), doc).status_code == 404
    client.force_login(getattr(cast, who))
    assert client.get(url(doc, "outbound:file", key="v1")).status_code == 404
    assert client.get(url(doc, "outbound:compare")).status_code == 404


def test_anonymous_is_sent_to_login(client, cast):
    response = client.get(url(draft(cast)))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_author_submits_and_the_head_returns_with_a_required_comment(client, cast):
    doc = draft(cast)
    html = page(client, cast.spec_a, doc).content.decode()
    assert f'action="{url(doc, "outbound:submit")}"' in html
    assert client.post(url(doc, "outbound:submit"), {"submit-comment": ""}).status_code == 302
    doc.refresh_from_db()
    assert doc.state == State.IN_REVIEW

    client.force_login(cast.head_a)
    response = client.post(url(doc, "outbound:return"), {"comment": ""})
    assert response.status_code == 200
    assert "Hãy ghi ý kiến khi trả lại dự thảo." in response.content.decode()
    doc.refresh_from_db()
    assert doc.state == State.IN_REVIEW

    response = client.post(url(doc, "outbound:return"), {"comment": "Sửa lại căn cứ pháp lý."}, follow=True)
    doc.refresh_from_db()
    assert doc.state == State.RETURNED
    html = page(client, cast.spec_a, doc).content.decode()
    assert "Sửa lại căn cứ pháp lý." in html and "đã trả lại dự thảo" in html


def test_a_new_version_is_uploaded_and_two_versions_compared(client, cast):
    doc = draft(cast)
    client.force_login(cast.spec_a)
    pdf = make_pdf("Dự thảo lần hai", pages=2)
    response = client.post(
        url(doc, "outbound:upload"),
        {"comment": "Bổ sung Điều 3", "file": io.BytesIO(pdf)},
        format="multipart",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    html = page(client, cast.spec_a, doc).content.decode()
    assert "Phiên bản 2" in html and "Bổ sung Điều 3" in html
    response = client.get(url(doc, "outbound:compare") + "?a=1&b=2")
    compare = response.content.decode()
    assert response.status_code == 200
    assert compare.count("trang-1.png") == 2 and compare.count("trang-2.png") == 1
    assert "Không có trang này" in compare
    image = client.get(url(doc, "outbound:page_preview", key="v2", page=2))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert client.get(url(doc, "outbound:page_preview", key="v1", page=9)).status_code == 404


def test_upload_without_a_file_says_so(client, cast):
    doc = draft(cast)
    client.force_login(cast.spec_a)
    response = client.post(url(doc, "outbound:upload"), {"comment": "x"})
    assert response.status_code == 200
    assert "Hãy chọn tệp dự thảo." in response.content.decode()


def test_wrong_pin_is_refused_on_the_form_and_the_right_pin_signs(
    client, cast, signable_pdf, person_credential
):
    person_credential(cast.leader_a)
    doc = approved(cast, draft(cast, pdf=signable_pdf(cast.leader_a.full_name, notation="QĐ-STC")))
    client.force_login(cast.leader_a)
    html = client.get(url(doc)).content.decode()
    assert "Mã PIN của chứng thư số" in html
    response = client.post(url(doc, "outbound:sign"), {"pin": "000000"})
    assert response.status_code == 200
    assert "PIN" in response.content.decode() and "000000" not in response.content.decode()
    doc.refresh_from_db()
    assert doc.state == State.APPROVED
    assert client.post(url(doc, "outbound:sign"), {"pin": "123456"}).status_code == 302
    doc.refresh_from_db()
    assert doc.state == State.SIGNED
    html = client.get(url(doc)).content.decode()
    assert "Kiểm tra chữ ký số" in html and cast.leader_a.full_name in html


def test_sign_without_a_name_line_shows_the_position_picker(client, cast, person_credential):
    person_credential(cast.leader_a)
    doc = approved(cast, draft(cast))  # make_pdf has no signer's name line
    client.force_login(cast.leader_a)
    response = client.post(url(doc, "outbound:sign"), {"pin": "123456"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-placement-picker" in html and 'data-page="1"' in html
    response = client.post(
        url(doc, "outbound:sign"), {"pin": "123456", "place_page": "1", "place_box": "350,150,520,235"}
    )
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.state == State.SIGNED


def test_usb_token_signing_prepares_polls_and_completes(client, cast, signable_pdf, trusted_dev_ca):
    from edesk.signing import services as signing
    from tests import pki

    key = pki.pooled_key()
    key, cert = trusted_dev_ca.issue_person(cast.leader_a.full_name, key=key)
    from cryptography.hazmat.primitives.serialization import Encoding

    signing.credential_register_remote(
        actor=cast.leader_a, user=cast.leader_a, certificate_pem=cert.public_bytes(Encoding.PEM).decode()
    )
    doc = approved(cast, draft(cast, pdf=signable_pdf(cast.leader_a.full_name, notation="QĐ-STC")))
    client.force_login(cast.leader_a)
    assert "Ký bằng USB token" in client.get(url(doc)).content.decode()
    assert client.post(url(doc, "outbound:sign_prepare"), {}).status_code == 302
    html = client.get(url(doc)).content.decode()
    assert "Mã băm SHA-256" in html and 'hx-trigger="every 3s"' in html
    from edesk.signing.models import PendingSignature

    pending = PendingSignature.objects.get(object_ref=str(doc.public_id))
    status = client.get(url(doc, "outbound:sign_status", pending_id=pending.public_id))
    assert status.status_code == 204
    from edesk.signing import client as signing_client

    cms = signing_client.sign_digest(pending.document_digest, key=key, cert=cert, chain=trusted_dev_ca.chain)
    response = client.post(
        url(doc, "outbound:sign_complete", pending_id=pending.public_id),
        {"cms": io.BytesIO(cms)},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    doc.refresh_from_db()
    assert doc.state == State.SIGNED
    status = client.get(url(doc, "outbound:sign_status", pending_id=pending.public_id))
    assert status.status_code == 200 and status["HX-Refresh"] == "true"


def test_clerk_numbers_and_issues_and_recipients_show_delivery(
    client, cast, signable_pdf, person_credential, agency_credential
):
    doc = signed(cast, signable_pdf, person_credential)
    agency_credential(cast.agency_a)
    client.force_login(cast.clerk_a)
    html = client.get(url(doc)).content.decode()
    assert "…/QĐ-STC" in html
    assert client.post(url(doc, "outbound:number")).status_code == 302
    doc.refresh_from_db()
    assert doc.state == State.NUMBERED and doc.number == 1
    html = client.get(url(doc)).content.decode()
    assert "01/QĐ-STC" in html and "Văn bản phát hành" in html
    assert client.post(url(doc, "outbound:issue")).status_code == 302
    html = client.get(url(doc)).content.decode()
    assert "Nơi nhận và tình trạng gửi" in html and "Sở Nội vụ" in html and "bưu chính" in html

    # An internal person recipient opening the page is recorded.
    page(client, cast.spec_a2, doc)
    person = doc.recipients.get(user=cast.spec_a2)
    assert person.state == RecipientState.OPENED and person.opened_at is not None


def test_recall_requires_a_reason(client, cast, signable_pdf, person_credential, agency_credential):
    doc = signed(cast, signable_pdf, person_credential)
    agency_credential(cast.agency_a)
    outbound.outgoing_number(actor=cast.clerk_a, outgoing=doc)
    outbound.outgoing_issue(actor=cast.clerk_a, outgoing=doc)
    client.force_login(cast.clerk_a)
    response = client.post(url(doc, "outbound:recall"), {"reason": ""})
    assert "Hãy ghi lý do thu hồi." in response.content.decode()
    assert client.post(url(doc, "outbound:recall"), {"reason": "Sai căn cứ"}).status_code == 302
    html = client.get(url(doc)).content.decode()
    assert "Văn bản đã bị thu hồi." in html and "Sai căn cứ" in html


def test_number_again_reloads_with_the_conflict_message(
    client, cast, signable_pdf, person_credential, agency_credential
):
    doc = signed(cast, signable_pdf, person_credential)
    agency_credential(cast.agency_a)
    outbound.outgoing_number(actor=cast.clerk_a, outgoing=doc)
    client.force_login(cast.clerk_a)
    response = client.post(url(doc, "outbound:number"), follow=True)
    assert response.status_code == 200
    doc.refresh_from_db()
    assert doc.number == 1


def test_htmx_action_answers_with_the_page_fragment(client, cast):
    doc = draft(cast)
    client.force_login(cast.spec_a)
    response = client.post(url(doc, "outbound:submit"), {}, HTTP_HX_REQUEST="true", follow=True)
    html = response.content.decode()
    assert 'id="doc-page"' in html and "<html" not in html


def test_a_draft_uploaded_already_signed_shows_its_signature_check(
    client, cast, signable_pdf, person_credential
):
    from edesk.signing import pades

    plain = draft(cast)
    assert "Kiểm tra chữ ký số" not in page(client, cast.spec_a, plain).content.decode()

    # A file signed elsewhere (here by another agency's leader) before it became this draft.
    credential = person_credential(cast.leader_b)
    signed_elsewhere = pades.sign_as_person(
        signable_pdf(cast.leader_b.full_name),
        credential=credential,
        pin="123456",
        signer_name=cast.leader_b.full_name,
    )
    doc = draft(cast, pdf=signed_elsewhere)
    html = page(client, cast.spec_a, doc).content.decode()
    assert "Kiểm tra chữ ký số" in html and cast.leader_b.full_name in html
