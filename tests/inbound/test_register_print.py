"""Printing the registers: who may, what the rows say, the file name, the audit trail, the queries."""

import io
import uuid
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from edesk.accounts import services as accounts
from edesk.accounts.roles import Role
from edesk.audit.models import AuditEvent
from edesk.core.errors import NotFound
from edesk.documents import register_rows
from edesk.documents.register_print import fonts
from edesk.inbound import services as inbound
from edesk.inbound.models import Assignment, AssignmentRole, AssignmentState, State
from edesk.inbound.services.printing import register_print_record
from tests.conftest import direct_to_unit, register

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
TODAY = timezone.localdate().strftime("%d/%m/%Y")


def paper(cast, **overrides):
    return register(cast, channel="post", files=[], **overrides)


def url(book="den", fmt="xlsx", year=YEAR, **query):
    path = reverse("inbound:register_print", args=[year, book, fmt])
    return f"{path}?{'&'.join(f'{k}={v}' for k, v in query.items())}" if query else path


def sheet_rows(response) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(response.content))
    register_sheet = workbook.worksheets[1]
    return [tuple(cell.value for cell in row) for row in register_sheet.iter_rows(min_row=3)]


def test_incoming_register_rows_in_arrival_order_with_the_lead_unit(client, cast):
    directed = paper(cast, subject="V/v chuyển đổi số", code_number="125", code_notation="UBND-VX")
    direct_to_unit(cast, directed)
    presented = paper(
        cast, subject="Tổng kết năm", doc_type="bao_cao", code_number="7", code_notation="BC-SNV"
    )
    inbound.incoming_present(actor=cast.clerk_a, incoming=presented, leader_id=cast.leader_a.pk)
    paper(cast, subject="Khẩn: họp giao ban", urgency=1, description="Chuyển bản giấy", code_number="9")
    client.force_login(cast.clerk_a)
    response = client.get(url())
    assert response.status_code == 200
    rows = sheet_rows(response)
    assert [row[1] for row in rows] == [1, 2, 3]
    first, second, third = rows
    assert first[2] == "UBND thành phố Huế" and first[3] == "125/UBND-VX"
    assert first[5] == "Công văn V/v chuyển đổi số"
    assert first[6] == "Phòng Ngân sách" and first[7].strftime("%d/%m/%Y") == TODAY
    assert second[5] == "Báo cáo Tổng kết năm" and second[6] == "Nguyễn Văn Phương"
    assert not third[6] and third[9] == "Khẩn; Chuyển bản giấy"


def test_follow_up_register_shows_progress_and_co_handlers(client, cast):
    doc = paper(cast)
    inbound.incoming_present(actor=cast.clerk_a, incoming=doc, leader_id=cast.leader_a.pk)
    inbound.incoming_direct(
        actor=cast.leader_a,
        incoming=doc,
        note="Phòng Ngân sách chủ trì, Phòng Quản lý giá phối hợp.",
        assignments=[
            inbound.AssignmentSpec(role="lead", user_id=cast.spec_a.pk),
            inbound.AssignmentSpec(role="co", org_id=cast.unit_a2.pk),
        ],
    )
    lead = Assignment.objects.get(incoming=doc, role="lead")
    inbound.assignment_complete(
        actor=cast.spec_a, assignment=lead, note="Đã trả lời bằng Công văn 15/STC-NS."
    )
    open_late = paper(cast, subject="Chưa xong")
    type(open_late).objects.filter(pk=open_late.pk).update(due_date=timezone.localdate() - timedelta(days=2))
    client.force_login(cast.leader_a)
    rows = sheet_rows(client.get(url("theo-doi")))
    assert rows[0][1].startswith("Công văn số 125/UBND-VX ngày ") and rows[0][1].endswith(
        ", UBND thành phố Huế"
    )
    assert rows[0][2] == "Phạm Thị Lan\nPhối hợp: Phòng Quản lý giá và công sản"
    assert rows[0][4] == f"Hoàn thành ngày {TODAY}"
    assert rows[1][4] == "Đã vào sổ, quá hạn"


def test_secret_register_lists_only_secret_entries(client, cast):
    paper(cast, subject="Thường")
    paper(cast, subject="Mật", secrecy=1, code_number="3")
    client.force_login(cast.clerk_a)
    rows = sheet_rows(client.get(url("den-mat")))
    assert [row[5] for row in rows] == ["Công văn Mật"] and rows[0][9] == "Mật"
    assert [row[5] for row in sheet_rows(client.get(url("den")))] == ["Công văn Thường"]


def test_a_duplicate_entry_is_noted(client, cast):
    paper(cast)
    paper(cast)
    client.force_login(cast.clerk_a)
    rows = sheet_rows(client.get(url()))
    assert not rows[0][9]
    assert rows[1][9] == f"Trùng văn bản số đến 1 ngày {TODAY}"


def test_pdf_download_has_a_vietnamese_file_name_and_is_audited(client, cast):
    paper(cast)
    client.force_login(cast.clerk_a)
    response = client.get(url(fmt="pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    name = f"Sổ đăng ký văn bản đến năm {YEAR} - STC.pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="so-dang-ky-van-ban-den-nam-{YEAR}-stc.pdf"; ')
    assert f"filename*=UTF-8''{quote(name)}" in disposition
    event = AuditEvent.objects.get(action="register.print")
    assert event.actor_id == cast.clerk_a.pk and event.agency_id == cast.agency_a.pk
    assert event.data == {"book": "den", "year": YEAR, "fmt": "pdf"}


@pytest.mark.parametrize("person", ["head_a", "spec_a", "outsider"])
def test_only_clerks_and_leaders_may_print(client, cast, person):
    client.force_login(getattr(cast, person))
    assert client.get(url()).status_code == 404
    assert not AuditEvent.objects.filter(action="register.print").exists()


@pytest.mark.parametrize(
    ("book", "fmt", "year"), [("di", "pdf", YEAR), ("den", "docx", YEAR), ("den", "pdf", 1999)]
)
def test_unknown_book_format_or_year_is_not_found(client, cast, book, fmt, year):
    client.force_login(cast.clerk_a)
    assert client.get(url(book, fmt, year)).status_code == 404


def test_agency_is_chosen_among_those_the_person_prints_for(client, cast):
    accounts.membership_add(
        actor=None, user=cast.clerk_a, org=cast.agency_b, role=Role.CLERK, is_primary=False
    )
    paper(cast, subject="Của Sở Tài chính")
    paper(cast, clerk=cast.clerk_b, agency=cast.agency_b, subject="Của Sở Nội vụ")
    client.force_login(cast.clerk_a)
    assert [r[5] for r in sheet_rows(client.get(url()))] == ["Công văn Của Sở Tài chính"]
    chosen = client.get(url(agency=cast.agency_b.public_id))
    assert [r[5] for r in sheet_rows(chosen)] == ["Công văn Của Sở Nội vụ"]
    assert client.get(url(agency=uuid.uuid4())).status_code == 404
    assert client.get(url(agency="khong-phai-uuid")).status_code == 404
    client.force_login(cast.leader_b)
    assert client.get(url(agency=cast.agency_a.public_id)).status_code == 404


def test_missing_pdf_font_is_a_clear_error(client, cast, monkeypatch):
    monkeypatch.setattr(fonts, "SEARCH_DIRS", ())
    monkeypatch.delenv(fonts.FONT_DIR_ENV, raising=False)
    client.force_login(cast.clerk_a)
    response = client.get(url(fmt="pdf"))
    assert response.status_code == 503
    assert "phông chữ" in response.content.decode()
    assert not AuditEvent.objects.filter(action="register.print").exists()


def test_print_record_refuses_people_without_the_permission(cast):
    with pytest.raises(NotFound):
        register_print_record(actor=cast.spec_a, agency=cast.agency_a, book="den", year=YEAR, fmt="pdf")


def _print_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url("theo-doi")).status_code == 200
    return len(ctx.captured_queries)


def test_printing_costs_the_same_queries_for_3_and_30_entries(client, cast):
    for _ in range(3):
        direct_to_unit(cast, paper(cast))
    client.force_login(cast.clerk_a)
    few = _print_queries(client)
    for _ in range(27):
        direct_to_unit(cast, paper(cast))
    assert _print_queries(client) == few


def test_row_builder_vocabulary_matches_the_workflow():
    assert register_rows.ROLE_LEAD == AssignmentRole.LEAD
    assert register_rows.ROLE_CO == AssignmentRole.CO
    assert register_rows.ASSIGNMENT_CANCELLED == AssignmentState.CANCELLED
    assert register_rows.STATE_COMPLETED == State.COMPLETED
