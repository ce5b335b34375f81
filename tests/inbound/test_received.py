"""Documents another agency of the system sends electronically: delivery, opening, registration and
recall, told through the cast (agency A "Sở Tài chính" sends to agency B "Sở Nội vụ")."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from edesk.audit.models import AuditEvent
from edesk.core.enums import Channel
from edesk.core.errors import Conflict, Forbidden, NotFound, UserError
from edesk.documents.models import Attachment, Register
from edesk.inbound import services as inbound
from edesk.inbound.access import access_attachment, access_received, received_visible_to
from edesk.inbound.models import Assignment, AssignmentState, Incoming, Received, ReceivedState, State
from edesk.inbound.services.received import prefill
from edesk.orgs import services as orgs
from tests.api.conftest import client_for
from tests.conftest import register

pytestmark = pytest.mark.django_db


def sent_document(cast, **overrides):
    """A document of agency A with a PDF: what A's issuance would deliver."""
    files = overrides.pop("files", None)
    fields = {"code_number": "15", "code_notation": "STC-NS", "subject": "V/v góp ý dự thảo quy chế"}
    fields.update(overrides)
    return register(cast, files=files, **fields)


def deliver(cast, document=None):
    document = document or sent_document(cast)
    return inbound.received_deliver(actor=cast.clerk_a, document=document, agency=cast.agency_b)


def register_received(cast, received, **changes):
    data = prefill(received)
    for name, value in changes.items():
        setattr(data, name, value)
    return inbound.received_register(actor=cast.clerk_b, received=received, data=data)


def test_delivery_is_idempotent(cast):
    document = sent_document(cast)
    first = deliver(cast, document)
    again = deliver(cast, document)
    assert first.pk == again.pk
    assert Received.objects.filter(document=document).count() == 1
    assert AuditEvent.objects.filter(action="received.deliver").count() == 1
    assert first.state == ReceivedState.WAITING and first.agency_id == cast.agency_b.pk
    event = AuditEvent.objects.get(action="received.deliver")
    assert event.agency_id == cast.agency_b.pk  # on the receiving agency's chain


def test_only_the_senders_clerk_delivers_and_only_to_another_agency(cast):
    document = sent_document(cast)
    with pytest.raises(Forbidden):
        inbound.received_deliver(actor=cast.spec_a, document=document, agency=cast.agency_b)
    with pytest.raises(Forbidden):
        inbound.received_deliver(actor=cast.clerk_b, document=document, agency=cast.agency_b)
    with pytest.raises(UserError) as own:
        inbound.received_deliver(actor=cast.clerk_a, document=document, agency=cast.agency_a)
    assert own.value.code == "own_agency"
    with pytest.raises(UserError) as unit:
        inbound.received_deliver(actor=cast.clerk_a, document=document, agency=cast.unit_b1)
    assert unit.value.code == "not_an_agency"
    assert not Received.objects.exists()


def test_opening_by_the_clerk_is_recorded_once_and_a_leader_leaves_it_unopened(cast):
    received = deliver(cast)
    inbound.received_open(actor=cast.leader_b, received=received)
    received.refresh_from_db()
    assert received.opened_at is None
    inbound.received_open(actor=cast.clerk_b, received=received)
    received.refresh_from_db()
    opened_at = received.opened_at
    assert opened_at is not None and received.opened_by_id == cast.clerk_b.pk
    inbound.received_open(actor=cast.clerk_b, received=received)
    received.refresh_from_db()
    assert received.opened_at == opened_at
    assert AuditEvent.objects.filter(action="received.open").count() == 1


def test_registration_takes_the_senders_files_and_metadata(cast):
    document = sent_document(cast)
    sender_file = document.attachments.get()
    received = deliver(cast, document)
    result = register_received(cast, received, subject="V/v góp ý dự thảo quy chế (sửa trích yếu)")
    incoming = result.incoming
    received.refresh_from_db()
    assert result.created
    assert received.state == ReceivedState.REGISTERED and received.incoming_id == incoming.pk
    assert received.registered_at is not None
    assert incoming.agency_id == cast.agency_b.pk and incoming.arrival_number == 1
    assert incoming.channel == Channel.ELECTRONIC
    assert incoming.issuer_id == cast.agency_a.pk and incoming.issuer_name == "Sở Tài chính"
    assert incoming.issuer_code == "000.01.00.H57"
    assert incoming.number_notation == "15/STC-NS"
    assert incoming.subject.endswith("(sửa trích yếu)")
    copy = incoming.attachments.get()
    assert copy.pk != sender_file.pk and copy.blob_id == sender_file.blob_id  # same blob, new row
    assert copy.name == sender_file.name and copy.page_count == sender_file.page_count
    assert Attachment.objects.filter(document=document).count() == 1  # the sender's row untouched


def test_registration_ignores_an_other_issuer_and_channel(cast):
    received = deliver(cast)
    result = register_received(cast, received, issuer_id=cast.agency_b.pk, channel=Channel.POST)
    assert result.incoming.issuer_id == cast.agency_a.pk
    assert result.incoming.channel == Channel.ELECTRONIC


def test_registering_twice_is_a_conflict_and_consumes_no_number(cast):
    received = deliver(cast)
    register_received(cast, received)
    with pytest.raises(Conflict) as err:
        register_received(cast, received)
    assert err.value.status == 409 and err.value.code == "already_registered"
    assert Incoming.objects.filter(agency=cast.agency_b).count() == 1
    assert Register.objects.get(agency=cast.agency_b, kind="incoming").last_number == 1


def test_bad_input_consumes_no_number_and_leaves_it_waiting(cast):
    received = deliver(cast)
    with pytest.raises(UserError) as err:
        register_received(cast, received, subject="  ")
    assert err.value.field == "subject"
    received.refresh_from_db()
    assert received.state == ReceivedState.WAITING
    assert not Incoming.objects.filter(agency=cast.agency_b).exists()
    assert not Register.objects.filter(agency=cast.agency_b, last_number__gt=0).exists()


def test_only_the_receiving_clerk_registers(cast):
    received = deliver(cast)
    with pytest.raises(Forbidden):
        inbound.received_register(actor=cast.leader_b, received=received, data=prefill(received))
    for outsider in (cast.clerk_a, cast.spec_b, cast.outsider):
        with pytest.raises(NotFound):
            inbound.received_register(actor=outsider, received=received, data=prefill(received))


def test_a_secret_document_is_registered_without_its_files(cast):
    document = sent_document(cast, secrecy=1, files=[])
    received = deliver(cast, document)
    incoming = register_received(cast, received).incoming
    assert incoming.is_secret and not incoming.attachments.exists()
    assert incoming.register.kind == "incoming_secret"


def test_recall_before_registration(cast):
    received = deliver(cast)
    with pytest.raises(UserError):
        inbound.received_recall(actor=cast.clerk_a, received=received, reason=" ")
    with pytest.raises(Forbidden):
        inbound.received_recall(actor=cast.clerk_b, received=received, reason="Gửi nhầm")
    inbound.received_recall(actor=cast.clerk_a, received=received, reason="Gửi nhầm nơi nhận")
    received.refresh_from_db()
    assert received.state == ReceivedState.RECALLED and received.recall_reason == "Gửi nhầm nơi nhận"
    assert received.recalled_at is not None
    with pytest.raises(Conflict) as err:
        register_received(cast, received)
    assert err.value.code == "recalled"
    inbound.received_recall(actor=cast.clerk_a, received=received, reason="Lần hai")
    received.refresh_from_db()
    assert received.recall_reason == "Gửi nhầm nơi nhận"
    assert AuditEvent.objects.filter(action="received.recall", agency_id=cast.agency_b.pk).count() == 1


def test_recall_after_registration_withdraws_the_incoming_document(cast):
    received = deliver(cast)
    incoming = register_received(cast, received).incoming
    inbound.incoming_present(actor=cast.clerk_b, incoming=incoming, leader_id=cast.leader_b.pk)
    inbound.incoming_direct(
        actor=cast.leader_b,
        incoming=incoming,
        note="Phòng CCVC xử lý",
        assignments=[
            inbound.AssignmentSpec(role="lead", org_id=cast.unit_b1.pk),
            inbound.AssignmentSpec(role="info", user_id=cast.spec_b.pk),
        ],
    )
    attachment = incoming.attachments.get()
    assert access_attachment(cast.head_b, str(incoming.public_id), attachment.pk) == attachment

    inbound.received_recall(actor=cast.leader_a, received=received, reason="Văn bản có sai sót, sẽ thay thế")
    incoming.refresh_from_db()
    assert incoming.state == State.RECALLED
    assert incoming.received_from.recall_reason == "Văn bản có sai sót, sẽ thay thế"
    assert set(Assignment.objects.filter(incoming=incoming).values_list("state", flat=True)) == {
        AssignmentState.CANCELLED
    }
    events = AuditEvent.objects.filter(agency_id=cast.agency_b.pk)
    assert events.filter(action="incoming.recall", object_id=str(incoming.pk)).exists()
    # Still a trail for those who saw it; the files are withdrawn and nothing can be done with it.
    for user in (cast.clerk_b, cast.leader_b, cast.head_b):
        assert inbound.incoming_open(actor=user, incoming_id=str(incoming.public_id)).pk == incoming.pk
        with pytest.raises(NotFound):
            access_attachment(user, str(incoming.public_id), attachment.pk)
    lead = Assignment.objects.get(incoming=incoming, role="lead")
    with pytest.raises(Conflict):
        inbound.assignment_progress(actor=cast.head_b, assignment=lead, note="Tiếp tục")
    with pytest.raises(Conflict):
        inbound.incoming_reassign(
            actor=cast.leader_b,
            incoming=incoming,
            note="x",
            assignments=[inbound.AssignmentSpec(role="lead", user_id=cast.spec_b.pk)],
        )
    with pytest.raises(Conflict):
        inbound.incoming_present(actor=cast.clerk_b, incoming=incoming, leader_id=cast.leader_b.pk)


def test_recall_of_a_completed_document(cast):
    received = deliver(cast)
    incoming = register_received(cast, received).incoming
    Incoming.objects.filter(pk=incoming.pk).update(state=State.COMPLETED)
    inbound.received_recall(actor=cast.clerk_a, received=received, reason="Thu hồi")
    incoming.refresh_from_db()
    assert incoming.state == State.RECALLED


def test_another_agency_sees_no_delivery(cast):
    received = deliver(cast)
    agency_c = orgs.org_create(
        actor=None, name="Sở Xây dựng", short_name="SXD", code="000.03.00.H57", is_agency=True
    )
    from edesk.accounts import services as accounts
    from edesk.accounts.roles import Role

    clerk_c = accounts.user_create(actor=None, username="vt.sxd", full_name="Lý Thị Cúc", password=None)
    accounts.membership_add(actor=None, user=clerk_c, org=agency_c, role="clerk", title="Văn thư")
    leader_c = accounts.user_create(actor=None, username="ld.sxd", full_name="Mai Văn Đức", password=None)
    accounts.membership_add(actor=None, user=leader_c, org=agency_c, role=Role.LEADER, title="Giám đốc")
    for user in (clerk_c, leader_c, cast.clerk_a, cast.leader_a, cast.head_b, cast.spec_b, cast.outsider):
        assert not received_visible_to(user).exists()
        with pytest.raises(NotFound):
            access_received(user, str(received.public_id))
        with pytest.raises(NotFound):
            inbound.received_open(actor=user, received=received)
    for user in (cast.clerk_b, cast.leader_b):
        assert access_received(user, str(received.public_id)).pk == received.pk
    with pytest.raises(NotFound):
        access_received(cast.clerk_b, "not-a-uuid")


def test_delivery_inside_the_callers_transaction_adds_few_queries(cast):
    document = sent_document(cast)
    deliver(cast, document)
    with CaptureQueriesContext(connection) as repeated:
        deliver(cast, document)
    assert len(repeated) <= 3  # the actor's posts (cached per user object) and the existing row


# Who reaches a delivery from A to B, through every door: the gatekeeper, the inbox page, the
# delivery's page, its file, and the API (list, detail, file). 1 = sees it, 0 = does not (404).
RECEIVED_MATRIX = """
persona   gate list page file api_list api api_file
clerk_b    1    1    1    1     1       1     1
leader_b   1    1    1    1     1       1     1
head_b     0    0    0    0     0       0     0
spec_b     0    0    0    0     0       0     0
clerk_a    0    0    0    0     0       0     0
leader_a   0    0    0    0     0       0     0
outsider   0    0    0    0     0       0     0
admin      0    0    0    0     0       0     0
"""


def test_received_access_matrix(cast, client):
    # The pages' test module imports this one: its helper is imported here, once both are loaded.
    from tests.inbound.test_received_pages import stored_report

    received = deliver(cast)
    attachment = received.document.attachments.get()

    stored_report(received.document)
    lines = RECEIVED_MATRIX.strip().splitlines()
    doors = lines[0].split()[1:]
    for line in lines[1:]:
        persona, *cells = line.split()
        user = getattr(cast, persona)
        client.force_login(user)
        api = client_for(user)
        measured = {}
        try:
            access_received(user, str(received.public_id))
            measured["gate"] = 1
        except NotFound:
            measured["gate"] = 0
        listing = client.get(reverse("inbound:received_list"))
        measured["list"] = int(
            listing.status_code == 200 and str(received.public_id) in listing.content.decode()
        )
        measured["page"] = int(
            client.get(reverse("inbound:received_detail", args=[received.public_id])).status_code == 200
        )
        file_url = reverse("inbound:received_file", args=[received.public_id, attachment.pk])
        measured["file"] = int(client.get(file_url).status_code == 200)
        api_list = api.get("/api/v1/received/")
        measured["api_list"] = int(any(r["id"] == received.pk for r in api_list.json().get("results", [])))
        measured["api"] = int(api.get(f"/api/v1/received/{received.pk}/").status_code == 200)
        measured["api_file"] = int(
            api.get(f"/api/v1/received/{received.pk}/files/{attachment.pk}/").status_code == 200
        )
        assert [measured[d] for d in doors] == [int(c) for c in cells], persona
