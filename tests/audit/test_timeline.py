"""A document's history as the audit log tells it: who did what, in order, in words."""

from datetime import timedelta

import pytest
from django.utils import timezone

from edesk.audit.selectors import events_for_document, openings_count
from edesk.inbound import services as inbound
from edesk.inbound.models import Assignment
from edesk.inbound.timeline import document_timeline
from tests.conftest import direct_to_unit, register

pytestmark = pytest.mark.django_db


def test_events_of_a_document_in_order_with_labels_and_actor_names(cast):
    doc = register(cast)
    direct_to_unit(cast, doc)

    events = events_for_document(doc)

    assert [e.action for e in events] == ["incoming.register", "incoming.present", "incoming.direct"]
    assert [e.label for e in events] == ["Vào sổ văn bản đến", "Trình lãnh đạo", "Chỉ đạo, phân công"]
    assert [e.actor for e in events] == ["Trần Thị Hoa", "Trần Thị Hoa", "Nguyễn Văn Phương"]
    assert events[0].at <= events[1].at <= events[2].at


def test_only_the_documents_own_events(cast):
    doc = register(cast)
    other = register(cast, code_number="126")
    inbound.incoming_present(actor=cast.clerk_a, incoming=other, leader_id=cast.leader_a.pk)

    assert [e.action for e in events_for_document(doc)] == ["incoming.register"]
    assert len(events_for_document(other)) == 2


def test_openings_can_be_left_out_and_counted(cast):
    doc = register(cast)
    inbound.incoming_open(actor=cast.clerk_a, incoming_id=doc.pk)
    inbound.incoming_open(actor=cast.leader_a, incoming_id=doc.pk)

    everything = events_for_document(doc)
    work_only = events_for_document(doc, include_openings=False)

    assert [e.label for e in everything].count("Mở văn bản") == 2
    assert [e.action for e in work_only] == ["incoming.register"]
    assert openings_count(doc) == 2
    assert all(e.is_opening for e in everything if e.action == "incoming.view")


def test_timeline_details_name_people_units_and_dates(cast):
    due = timezone.localdate() + timedelta(days=5)
    doc = register(cast)
    inbound.incoming_present(actor=cast.clerk_a, incoming=doc, leader_id=cast.leader_a.pk)
    inbound.incoming_return(actor=cast.leader_a, incoming=doc, reason="Thiếu phụ lục kèm theo")
    direct_to_unit(cast, doc, due=due)
    lead = Assignment.objects.get(incoming=doc, role="lead")
    inbound.assignment_delegate(
        actor=cast.head_a, assignment=lead, user_id=cast.spec_a.pk, note="Chị Lan xử lý"
    )

    timeline = document_timeline(doc)
    details = {entry.label: entry.details for entry in timeline.entries}

    assert details["Vào sổ văn bản đến"] == ["Số đến: 1"]
    assert details["Trả lại văn thư"] == ["Lý do: Thiếu phụ lục kèm theo"]
    assert "Trình: Nguyễn Văn Phương" in details["Trình lãnh đạo"]
    assert details["Chỉ đạo, phân công"] == [
        "Ý kiến chỉ đạo: Giao Phòng Ngân sách chủ trì tham mưu.",
        f"Xử lý chính: Phòng Ngân sách (hạn {due:%d/%m/%Y})",
        "Nhận để biết: Võ Đức Huy",
    ]
    assert details["Giao xử lý"][0].startswith("Giao cho: Phạm Thị Lan (hạn ")
    assert details["Giao xử lý"][1] == "Ý kiến: Chị Lan xử lý"


def test_timeline_hides_openings_unless_asked(cast):
    doc = register(cast)
    direct_to_unit(cast, doc)
    inbound.incoming_open(actor=cast.spec_a2, incoming_id=doc.pk)  # marks the for-information part read

    hidden = document_timeline(doc)
    shown = document_timeline(doc, with_openings=True)

    assert hidden.openings == shown.openings == 1
    assert not any(entry.is_opening for entry in hidden.entries)
    opening = next(entry for entry in shown.entries if entry.is_opening)
    assert opening.actor == "Võ Đức Huy"
    assert opening.details == ["Đã nhận văn bản để biết."]


def test_progress_and_completion_details(cast):
    doc = register(cast)
    direct_to_unit(cast, doc)
    lead = Assignment.objects.get(incoming=doc, role="lead")
    inbound.assignment_progress(actor=cast.head_a, assignment=lead, note="Đang lấy ý kiến các phòng.")
    inbound.assignment_complete(
        actor=cast.head_a, assignment=lead, note="Đã trả lời bằng Công văn 15/STC-NS."
    )

    labels = [(entry.label, entry.details) for entry in document_timeline(doc).entries]

    assert ("Cập nhật tiến độ", ["Đang lấy ý kiến các phòng."]) in labels
    assert ("Hoàn thành phần việc", ["Kết quả: Đã trả lời bằng Công văn 15/STC-NS."]) in labels
    assert labels[-1] == ("Hoàn thành xử lý", [])
