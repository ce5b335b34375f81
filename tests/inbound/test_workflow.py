"""The whole life of an incoming document, told through the cast."""

import pytest

from edesk.core.errors import Conflict, Forbidden, NotFound, UserError
from edesk.inbound import services as inbound
from edesk.inbound.models import Assignment, AssignmentState, State
from tests.conftest import direct_to_unit, register

pytestmark = pytest.mark.django_db


def test_clerk_registers_leader_directs_head_delegates_specialist_completes(cast):
    doc = register(cast)
    assert doc.state == State.REGISTERED
    assert doc.arrival_number == 1
    direct_to_unit(cast, doc)
    doc.refresh_from_db()
    assert doc.state == State.DIRECTED
    lead = Assignment.objects.get(incoming=doc, role="lead")
    child = inbound.assignment_delegate(
        actor=cast.head_a, assignment=lead, user_id=cast.spec_a.pk, note="Em xử lý"
    )
    doc.refresh_from_db()
    assert doc.state == State.IN_PROGRESS
    inbound.assignment_progress(actor=cast.spec_a, assignment=child, note="Đã dự thảo văn bản trả lời.")
    inbound.assignment_complete(
        actor=cast.spec_a, assignment=child, note="Đã trả lời bằng Công văn 15/STC-NS."
    )
    doc.refresh_from_db()
    lead.refresh_from_db()
    assert doc.state == State.COMPLETED
    assert lead.state == AssignmentState.COMPLETED


def test_second_direction_gets_conflict(cast):
    doc = register(cast)
    direct_to_unit(cast, doc)
    with pytest.raises(Conflict):
        inbound.incoming_direct(
            actor=cast.leader_a,
            incoming=doc,
            note="x",
            assignments=[inbound.AssignmentSpec(role="lead", user_id=cast.spec_a.pk)],
        )


def test_leader_returns_to_clerk_with_reason(cast):
    doc = register(cast)
    inbound.incoming_present(actor=cast.clerk_a, incoming=doc, leader_id=cast.leader_a.pk)
    with pytest.raises(UserError):
        inbound.incoming_return(actor=cast.leader_a, incoming=doc, reason="  ")
    inbound.incoming_return(actor=cast.leader_a, incoming=doc, reason="Gửi nhầm cơ quan")
    doc.refresh_from_db()
    assert doc.state == State.RETURNED and doc.return_reason == "Gửi nhầm cơ quan"


def test_specialist_cannot_direct_and_outsider_sees_nothing(cast):
    doc = register(cast)
    inbound.incoming_present(actor=cast.clerk_a, incoming=doc, leader_id=cast.leader_a.pk)
    with pytest.raises(NotFound):
        inbound.incoming_direct(actor=cast.spec_a, incoming=doc, note="", assignments=[])
    with pytest.raises(NotFound):
        inbound.incoming_open(actor=cast.leader_b, incoming_id=doc.pk)
    with pytest.raises(Forbidden):
        register(cast, clerk=cast.clerk_b)


def test_secret_document_goes_to_people_by_name_not_to_a_unit(cast):
    doc = register(cast, secrecy=1)
    inbound.incoming_present(actor=cast.clerk_a, incoming=doc, leader_id=cast.leader_a.pk)
    with pytest.raises(UserError) as refused:
        inbound.incoming_direct(
            actor=cast.leader_a,
            incoming=doc,
            note="Giao phòng.",
            assignments=[inbound.AssignmentSpec(role="lead", org_id=cast.unit_a1.pk)],
        )
    assert refused.value.code == "secret_to_unit"
    inbound.incoming_direct(
        actor=cast.leader_a,
        incoming=doc,
        note="Giao đích danh.",
        assignments=[inbound.AssignmentSpec(role="lead", user_id=cast.head_a.pk)],
    )
    doc.refresh_from_db()
    assert doc.state == State.DIRECTED
