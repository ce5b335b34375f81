"""Signing, numbering, issuance, recall and replacement of outgoing documents."""

import io
from datetime import date

import pytest
from django.utils import timezone

from edesk.core import storage
from edesk.core.errors import Conflict, Forbidden, UserError
from edesk.documents import pdf
from edesk.documents.models import Attachment, AttachmentKind, RegisterKind
from edesk.inbound.models import Received, ReceivedState
from edesk.outbound import numbering
from edesk.outbound import services as outbound
from edesk.outbound.models import NumberingRule, Outgoing, Recipient, RecipientState, State
from edesk.signing.verify import verify_pdf
from tests.conftest import make_pdf, upload
from tests.outbound.story import approved, draft, signed


def field_values(data: bytes) -> dict[str, str]:
    """The form fields' values (the number and date are filled fields, not page text)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data))
    fields = [f.get_object() for f in reader.root["/AcroForm"]["/Fields"]]
    return {str(f.get("/T")): str(f.get("/V", "")) for f in fields}


def test_signing_an_unapproved_draft_is_a_conflict(cast, person_credential):
    person_credential(cast.leader_a)
    outgoing = outbound.draft_submit(actor=cast.spec_a, outgoing=draft(cast))
    with pytest.raises(Conflict) as err:
        outbound.outgoing_sign(actor=cast.leader_a, outgoing=outgoing, pin="123456")
    assert err.value.status == 409 and "đã được duyệt" in err.value.message


def test_the_signer_signs_the_approved_draft(cast, signable_pdf, person_credential):
    outgoing = signed(cast, signable_pdf, person_credential)
    assert outgoing.state == State.SIGNED and outgoing.signed_by == cast.leader_a
    report = verify_pdf(storage.read_blob(outgoing.signed_blob_id)).as_dict()
    (signature,) = report["signatures"]
    assert signature["intact"] and signature["trusted"]


def test_only_the_chosen_signer_signs(cast, signable_pdf, person_credential):
    person_credential(cast.leader_a)
    outgoing = approved(cast, draft(cast, pdf=signable_pdf(cast.leader_a.full_name)))
    with pytest.raises(Forbidden):
        outbound.outgoing_sign(actor=cast.clerk_a, outgoing=outgoing, pin="123456")


def test_a_wrong_pin_leaves_the_draft_approved(cast, signable_pdf, person_credential):
    person_credential(cast.leader_a)
    outgoing = approved(cast, draft(cast, pdf=signable_pdf(cast.leader_a.full_name)))
    with pytest.raises(UserError) as err:
        outbound.outgoing_sign(actor=cast.leader_a, outgoing=outgoing, pin="000000")
    assert err.value.code == "wrong_pin"
    outgoing.refresh_from_db()
    assert outgoing.state == State.APPROVED and outgoing.signed_blob_id is None


def test_numbering_writes_number_date_and_agency_signature(
    cast, signable_pdf, person_credential, agency_credential
):
    agency_credential(cast.agency_a)
    outgoing = signed(cast, signable_pdf, person_credential)
    outgoing = outbound.outgoing_number(actor=cast.clerk_a, outgoing=outgoing)
    assert outgoing.state == State.NUMBERED and outgoing.number == 1
    assert outgoing.code_number == "01" and outgoing.code_notation == "QĐ-STC"
    assert (
        outgoing.register.kind == RegisterKind.OUTGOING
        and outgoing.register.year == timezone.localdate().year
    )
    assert outgoing.issued_date == timezone.localdate()
    main = Attachment.objects.get(document=outgoing, kind=AttachmentKind.MAIN)
    data = storage.read_blob(main.blob_id)
    fields = field_values(data)
    assert "01/QĐ-STC" in fields["so_ky_hieu"]
    assert numbering.date_line(cast.agency_a, timezone.localdate()) in fields["ngay_ban_hanh"]
    signatures = verify_pdf(data).as_dict()["signatures"]
    assert len(signatures) == 2 and all(s["intact"] and s["trusted"] for s in signatures)
    # Filling the number and date, then the agency's signature, are revisions the leader allowed.
    assert [s["modified_after"] for s in signatures] == [False, False]
    assert [s["problems"] for s in signatures] == [[], []]
    assert "stc" in Outgoing.objects.get(pk=outgoing.pk).search_text.split()


def test_appendices_get_the_agency_stamp(cast, signable_pdf, person_credential, agency_credential):
    agency_credential(cast.agency_a)
    person_credential(cast.leader_a)
    outgoing = draft(cast, pdf=signable_pdf(cast.leader_a.full_name, notation="QĐ-STC"))
    outbound.draft_set_appendices(
        actor=cast.spec_a, outgoing=outgoing, files=[upload(make_pdf("Phụ lục I"), "pl.pdf")]
    )
    outgoing = approved(cast, outgoing)
    outgoing = outbound.outgoing_sign(actor=cast.leader_a, outgoing=outgoing, pin="123456")
    outgoing = outbound.outgoing_number(actor=cast.clerk_a, outgoing=outgoing)
    appendix = Attachment.objects.get(document=outgoing, kind=AttachmentKind.APPENDIX)
    data = storage.read_blob(appendix.blob_id)
    assert pdf.extract_text(data).startswith("Phụ lục I") and appendix.size == len(data)
    (signature,) = verify_pdf(data).as_dict()["signatures"]
    assert signature["intact"] and signature["trusted"]


def test_numbering_twice_is_a_conflict(cast, signable_pdf, person_credential, agency_credential):
    agency_credential(cast.agency_a)
    outgoing = outbound.outgoing_number(
        actor=cast.clerk_a, outgoing=signed(cast, signable_pdf, person_credential)
    )
    with pytest.raises(Conflict):
        outbound.outgoing_number(actor=cast.clerk_a, outgoing=outgoing)
    assert outgoing.register.__class__.objects.get(pk=outgoing.register_id).last_number == 1


def test_only_the_clerk_numbers(cast, signable_pdf, person_credential, agency_credential):
    agency_credential(cast.agency_a)
    outgoing = signed(cast, signable_pdf, person_credential)
    with pytest.raises(Forbidden):
        outbound.outgoing_number(actor=cast.leader_a, outgoing=outgoing)


def test_an_approved_document_that_is_not_secret_is_not_numbered(cast):
    outgoing = approved(cast, draft(cast))
    with pytest.raises(Conflict):
        outbound.outgoing_number(actor=cast.clerk_a, outgoing=outgoing)


def test_a_type_with_its_own_book(cast, signable_pdf, person_credential, agency_credential):
    agency_credential(cast.agency_a)
    NumberingRule.objects.create(
        agency=cast.agency_a, doc_type="quyet_dinh", book="QD", book_name="Quyết định"
    )
    outgoing = outbound.outgoing_number(
        actor=cast.clerk_a, outgoing=signed(cast, signable_pdf, person_credential)
    )
    assert outgoing.register.book == "QD" and outgoing.number == 1


def test_secret_documents_skip_signing_and_go_by_post(cast):
    outgoing = approved(cast, draft(cast, secrecy=1))
    with pytest.raises(UserError) as err:
        outbound.outgoing_sign(actor=cast.leader_a, outgoing=outgoing, pin="123456")
    assert err.value.code == "secret_paper"
    outgoing = outbound.outgoing_number(actor=cast.clerk_a, outgoing=outgoing)
    assert outgoing.register.kind == RegisterKind.OUTGOING_SECRET and outgoing.code_number == "01"
    assert not Attachment.objects.filter(document=outgoing).exists()
    outgoing = outbound.outgoing_issue(actor=cast.clerk_a, outgoing=outgoing)
    assert set(Recipient.objects.filter(outgoing=outgoing).values_list("state", flat=True)) == {
        RecipientState.BY_POST
    }
    assert not Received.objects.exists()


def test_issuance_delivers_to_every_kind_of_recipient(
    cast, signable_pdf, person_credential, agency_credential
):
    agency_credential(cast.agency_a)
    outgoing = outbound.outgoing_number(
        actor=cast.clerk_a, outgoing=signed(cast, signable_pdf, person_credential)
    )
    with pytest.raises(Forbidden):
        outbound.outgoing_issue(actor=cast.leader_a, outgoing=outgoing)
    outgoing = outbound.outgoing_issue(actor=cast.clerk_a, outgoing=outgoing)
    assert outgoing.state == State.ISSUED and outgoing.issued_by == cast.clerk_a
    states = dict(Recipient.objects.filter(outgoing=outgoing).values_list("kind", "state"))
    assert states == {
        "agency": RecipientState.DELIVERED,
        "unit": RecipientState.DELIVERED,
        "person": RecipientState.DELIVERED,
        "external": RecipientState.BY_POST,
    }
    received = Received.objects.get(agency=cast.agency_b)
    assert received.document_id == outgoing.pk and received.state == ReceivedState.WAITING
    assert Recipient.objects.get(outgoing=outgoing, kind="agency").received == received
    # The person and a member of the unit open it: the sender sees it opened.
    assert outbound.recipient_open(actor=cast.spec_a2, outgoing=outgoing) == 2
    assert outbound.recipient_open(actor=cast.spec_a2, outgoing=outgoing) == 0
    assert set(
        Recipient.objects.filter(outgoing=outgoing, kind__in=("unit", "person")).values_list(
            "state", flat=True
        )
    ) == {RecipientState.OPENED}
    with pytest.raises(Conflict):
        outbound.outgoing_issue(actor=cast.clerk_a, outgoing=outgoing)


def test_the_sender_sees_the_receiving_agency_open_and_register(
    cast, signable_pdf, person_credential, agency_credential
):
    from edesk.inbound import services as inbound

    agency_credential(cast.agency_a)
    outgoing = _issued(cast, signable_pdf, person_credential)

    def seen() -> str:
        return (
            Recipient.objects.select_related("received").get(outgoing=outgoing, kind="agency").delivery_state
        )

    assert seen() == RecipientState.DELIVERED
    received = inbound.received_open(actor=cast.clerk_b, received=Received.objects.get(agency=cast.agency_b))
    assert seen() == RecipientState.OPENED
    data = inbound.IncomingData(doc_type=outgoing.doc_type, subject=outgoing.subject)
    inbound.received_register(actor=cast.clerk_b, received=received, data=data)
    assert seen() == RecipientState.REGISTERED
    outbound.outgoing_recall(
        actor=cast.clerk_a, outgoing=Outgoing.objects.get(pk=outgoing.pk), reason="Sai sót"
    )
    assert seen() == RecipientState.RECALLED


def _issued(cast, signable_pdf, person_credential, **overrides):
    outgoing = signed(cast, signable_pdf, person_credential, **overrides)
    outgoing = outbound.outgoing_number(actor=cast.clerk_a, outgoing=outgoing)
    return outbound.outgoing_issue(actor=cast.clerk_a, outgoing=outgoing)


def test_recall_withdraws_the_receivers_copies(cast, signable_pdf, person_credential, agency_credential):
    agency_credential(cast.agency_a)
    outgoing = _issued(cast, signable_pdf, person_credential)
    with pytest.raises(UserError):
        outbound.outgoing_recall(actor=cast.clerk_a, outgoing=outgoing, reason=" ")
    with pytest.raises(Forbidden):
        outbound.outgoing_recall(actor=cast.spec_a, outgoing=outgoing, reason="Sai nội dung")
    outgoing = outbound.outgoing_recall(actor=cast.leader_a, outgoing=outgoing, reason="Sai nội dung")
    assert outgoing.state == State.RECALLED and outgoing.recall_reason == "Sai nội dung"
    assert Received.objects.get(agency=cast.agency_b).state == ReceivedState.RECALLED
    assert set(Recipient.objects.filter(outgoing=outgoing).values_list("state", flat=True)) == {
        RecipientState.RECALLED
    }
    with pytest.raises(Conflict):
        outbound.outgoing_recall(actor=cast.leader_a, outgoing=outgoing, reason="Lần hai")


def test_a_replacement_recalls_the_replaced_document(
    cast, signable_pdf, person_credential, agency_credential
):
    agency_credential(cast.agency_a)
    first = _issued(cast, signable_pdf, person_credential)
    second = _issued(cast, signable_pdf, person_credential, replaces_id=first.pk)
    first.refresh_from_db()
    assert first.state == State.RECALLED
    assert first.recall_reason == f"Được thay thế bằng văn bản số {second.number_notation}"
    assert second.number == 2


def test_notation_and_date_line(cast):
    outgoing = draft(cast, doc_type="cong_van")
    assert numbering.notation_for(outgoing) == "STC-NS"
    outgoing.doc_type = "quy_dinh"
    assert numbering.notation_for(outgoing) == "QyĐ-STC"
    assert numbering.date_line(cast.agency_a, date(2026, 1, 5)) == "Huế, ngày 05 tháng 01 năm 2026"
    assert numbering.date_line(cast.agency_a, date(2026, 11, 23)) == "Huế, ngày 23 tháng 11 năm 2026"
    cast.agency_a.address = "Số 6 Lê Lợi, phường Thuận Hóa, thành phố Đà Nẵng"
    assert numbering.date_line(cast.agency_a, date(2026, 6, 9)) == "Đà Nẵng, ngày 09 tháng 6 năm 2026"
