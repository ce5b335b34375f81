"""Replacing an issued document through the pages (Decree 30 Art. 18.3): the link on the issued
document, the draft form prefilled from it, and issuing the replacement recalls the replaced one."""

import io

import pytest
from django.urls import reverse

from edesk.inbound.models import Received
from edesk.inbound.models import State as ReceivedState
from edesk.outbound import services as outbound
from edesk.outbound.models import Outgoing, RecipientKind, State
from tests.outbound.story import approved, draft, signed

pytestmark = pytest.mark.django_db
CREATE = reverse("outbound:create")


def url(doc, name="outbound:detail"):
    return reverse(name, kwargs={"public_id": doc.public_id})


@pytest.fixture
def issued(cast, signable_pdf, person_credential, agency_credential):
    agency_credential(cast.agency_a)
    doc = signed(cast, signable_pdf, person_credential)
    doc = outbound.outgoing_number(actor=cast.clerk_a, outgoing=doc)
    return outbound.outgoing_issue(actor=cast.clerk_a, outgoing=doc)


def _form_data(cast, replaced: Outgoing, pdf: bytes, **overrides) -> dict:
    data = {
        "doc_type": replaced.doc_type,
        "subject": replaced.subject,
        "drafting_unit": str(cast.unit_a1.public_id),
        "signer": str(cast.leader_a.public_id),
        "authority": replaced.authority,
        "authority_for": replaced.authority_for,
        "urgency": "0",
        "secrecy": "0",
        "issued_amount": "2",
        "agencies": [str(cast.agency_b.public_id)],
        "recipients_text": "- Như trên;\n- Lưu: VT.",
        "replaces": str(replaced.public_id),
        "request_key": "thay-the-1",
        "file": io.BytesIO(pdf),
    }
    data.update(overrides)
    return data


def test_the_issued_page_offers_a_replacement_to_drafters_only(client, cast, issued):
    link = f"{CREATE}?replaces={issued.public_id}"
    for who in ("spec_a", "clerk_a", "leader_a"):
        client.force_login(getattr(cast, who))
        html = client.get(url(issued)).content.decode()
        assert "Soạn văn bản thay thế" in html and link in html, who
    client.force_login(cast.spec_a)
    html = client.get(url(draft(cast))).content.decode()
    assert "Soạn văn bản thay thế" not in html


def test_the_form_is_prefilled_from_the_replaced_document(client, cast, issued):
    client.force_login(cast.spec_a)
    response = client.get(f"{CREATE}?replaces={issued.public_id}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thay thế văn bản số" in html and issued.number_notation in html
    assert f'name="replaces" value="{issued.public_id}"' in html
    form = response.context["form"]
    assert form.initial["subject"] == issued.subject and form.initial["doc_type"] == issued.doc_type
    assert form.initial["signer"] == str(cast.leader_a.public_id)
    assert form.initial["agencies"] == [str(cast.agency_b.public_id)]
    assert form.initial["external"] == "Bộ Tài chính"


def test_others_cannot_replace(client, cast, issued):
    # Agency B's clerk does not see the document; a document of another agency is not offered.
    client.force_login(cast.clerk_b)
    assert client.get(f"{CREATE}?replaces={issued.public_id}").status_code == 404
    client.force_login(cast.outsider)
    assert client.get(f"{CREATE}?replaces={issued.public_id}").status_code == 404


def test_only_an_issued_document_is_replaced(client, cast, signable_pdf):
    not_issued = draft(cast)
    client.force_login(cast.spec_a)
    data = _form_data(cast, not_issued, signable_pdf(cast.leader_a.full_name, notation="QĐ-STC"))
    response = client.post(CREATE, data)
    assert response.status_code == 200
    assert "Văn bản được thay thế phải là văn bản đã phát hành của cơ quan." in response.content.decode()
    assert Outgoing.objects.count() == 1


def test_create_review_sign_number_issue_recalls_the_replaced_one(client, cast, issued, signable_pdf):
    client.force_login(cast.spec_a)
    pdf = signable_pdf(cast.leader_a.full_name, notation="QĐ-STC")
    response = client.post(CREATE, _form_data(cast, issued, pdf))
    assert response.status_code == 302, response.content.decode()[:3000]
    replacement = Outgoing.objects.get(replaces=issued)
    assert replacement.state == State.DRAFT
    html = client.get(url(replacement)).content.decode()
    assert "Thay thế văn bản số" in html and url(issued) in html

    # The edit form keeps the link.
    html = client.get(url(replacement, "outbound:edit")).content.decode()
    assert f'name="replaces" value="{issued.public_id}"' in html

    replacement = approved(cast, replacement)
    outbound.outgoing_sign(actor=cast.leader_a, outgoing=replacement, pin="123456")
    client.force_login(cast.clerk_a)
    assert client.post(url(replacement, "outbound:number")).status_code == 302
    html = client.get(url(issued)).content.decode()
    assert "Đã được thay thế bằng" not in html  # numbered, not yet issued
    assert client.post(url(replacement, "outbound:issue")).status_code == 302

    replacement.refresh_from_db()
    issued.refresh_from_db()
    assert replacement.state == State.ISSUED and replacement.number == 2
    reason = f"Được thay thế bằng văn bản số {replacement.number_notation}"
    assert issued.state == State.RECALLED and issued.recall_reason == reason
    copy = Received.objects.get(agency=cast.agency_b, document_id=issued.pk)
    assert copy.state == ReceivedState.RECALLED
    assert issued.recipients.filter(kind=RecipientKind.AGENCY).get().state == "recalled"

    html = client.get(url(issued)).content.decode()
    assert "Văn bản đã bị thu hồi." in html and reason in html
    assert "Đã được thay thế bằng" in html and url(replacement) in html
    # A recalled document is not replaced again.
    assert "Soạn văn bản thay thế" not in html
