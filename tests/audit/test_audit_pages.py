"""The audit log page: who may read which chains, the filters, the paging and what a row shows."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from edesk.accounts import services as accounts
from edesk.accounts.roles import Role
from edesk.audit import events
from edesk.audit.models import AuditEvent
from edesk.orgs import services as orgs
from tests.conftest import PASSWORD, direct_to_unit, register

pytestmark = pytest.mark.django_db

LIST = reverse("audit:list")


@pytest.fixture
def admin_a(cast):
    user = accounts.user_create(actor=None, username="qt.stc", full_name="Đỗ Văn Quản", password=PASSWORD)
    accounts.membership_add(actor=None, user=user, org=cast.agency_a, role=Role.ADMIN, title="Quản trị")
    return user


def _get(client, user, **params) -> str:
    client.force_login(user)
    response = client.get(LIST, params)
    assert response.status_code == 200
    return response.content.decode()


def _rows(client, user, **params):
    client.force_login(user)
    return client.get(LIST, params).context["rows"]


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(LIST)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("persona", ["clerk_a", "leader_a", "head_a", "spec_a", "outsider"])
def test_people_without_the_right_get_404(client, cast, persona):
    client.force_login(getattr(cast, persona))
    assert client.get(LIST).status_code == 404


def test_system_admin_reads_every_chain(client, cast):
    register(cast)
    rows = _rows(client, cast.admin)
    assert {r.action for r in rows} >= {"incoming.register", "membership.add", "user.create", "org.create"}
    html = _get(client, cast.admin)
    assert "Vào sổ văn bản đến" in html and "Thêm người dùng" in html and "Hệ thống (chung)" in html
    assert cast.agency_b.name in html


def test_agency_admin_reads_only_their_agencies_events(client, cast, admin_a):
    register(cast)
    register(cast, clerk=cast.clerk_b, agency=cast.agency_b, code_number="77")
    rows = _rows(client, admin_a)
    assert rows and all(r.agency == cast.agency_a.name for r in rows)
    visible = set(AuditEvent.objects.filter(agency_id=cast.agency_a.pk).values_list("pk", flat=True))
    assert {r.id for r in rows} == visible
    html = _get(client, admin_a)
    assert cast.clerk_b.full_name not in html
    # Naming agency B in the filter does not widen the view: the choice is not even offered.
    client.force_login(admin_a)
    response = client.get(LIST, {"agency": str(cast.agency_b.public_id)})
    assert not response.context["rows"] or all(
        r.agency == cast.agency_a.name for r in response.context["rows"]
    )
    assert response.context["form"].errors


def test_a_row_shows_time_actor_action_object_ip_and_details(client, cast):
    with transaction.atomic():
        token = events.client_ip.set("10.20.30.40")
        try:
            orgs.org_update(
                actor=cast.admin,
                org=cast.unit_a1,
                name="Phòng Ngân sách",
                short_name="NS",
                code=None,
                active=True,
            )
        finally:
            events.client_ip.reset(token)
    event = AuditEvent.objects.latest("id")
    row = _rows(client, cast.admin)[0]
    assert (row.id, row.actor, row.username, row.label) == (
        event.pk,
        "Quản trị hệ thống",
        "admin",
        "Sửa cơ quan, đơn vị",
    )
    assert (row.object_type, row.object_name, row.ip) == ("Cơ quan, đơn vị", "Phòng Ngân sách", "10.20.30.40")
    assert row.object_url == reverse("orgs:org_detail", args=[cast.unit_a1.public_id])
    assert ("Tên", "Phòng Ngân sách") in row.details and ("Đang hoạt động", "Có") in row.details
    html = _get(client, cast.admin)
    assert timezone.localtime(event.at).strftime("%d/%m/%Y %H:%M:%S") in html
    assert "10.20.30.40" in html


def test_details_name_people_units_roles_and_dates(client, cast):
    doc = register(cast)
    due = timezone.localdate() + timedelta(days=5)
    direct_to_unit(cast, doc, due=due)
    rows = {r.action: r for r in _rows(client, cast.admin)}
    assert ("Lãnh đạo", cast.leader_a.full_name) in rows["incoming.present"].details
    given = dict(rows["incoming.direct"].details)["Giao cho"]
    assert f"Vai trò: Xử lý chính, Đơn vị: {cast.unit_a1.name}, Hạn xử lý: {due:%d/%m/%Y}" in given
    assert f"Vai trò: Nhận để biết, Cá nhân: {cast.spec_a2.full_name}" in given
    registered = dict(rows["incoming.register"].details)
    assert registered["Số đến"] == "1" and registered["Trùng với văn bản"] == "—"
    assert registered["Tệp (mã băm)"].endswith("…") and len(registered["Tệp (mã băm)"]) == 13


def test_a_documents_subject_never_shows(client, cast):
    doc = register(cast, subject="Về việc kỷ luật cán bộ X", secrecy=2)
    rows = _rows(client, cast.admin, action="incoming.register")
    assert (
        len(rows) == 1
        and rows[0].object_name == ""
        and rows[0].object_url == reverse("inbound:detail", args=[doc.public_id])
    )
    assert "kỷ luật" not in _get(client, cast.admin)


def test_filters(client, cast, admin_a):
    register(cast)
    a = cast.agency_a
    assert {r.action for r in _rows(client, cast.admin, action="membership.add")} == {"membership.add"}
    rows = _rows(client, cast.admin, actor="VT.STC")
    assert rows and {r.username for r in rows} == {"vt.stc"}
    assert _rows(client, cast.admin, actor="khong.co") == []
    rows = _rows(client, cast.admin, object_type="organization", object_id=str(cast.unit_a1.public_id))
    assert [r.action for r in rows] == ["org.create"]
    rows = _rows(client, cast.admin, object_type="user", object_id=str(cast.spec_a.public_id))
    assert {r.action for r in rows} == {"user.create", "membership.add"}
    assert {r.agency for r in _rows(client, cast.admin, agency=str(a.public_id))} == {a.name}
    assert {r.agency for r in _rows(client, cast.admin, agency="0")} == {"Hệ thống (chung)"}
    today = timezone.localdate()
    assert _rows(client, cast.admin, date_from=f"{today:%d/%m/%Y}", date_to=f"{today:%d/%m/%Y}")
    assert _rows(client, cast.admin, date_to=(today - timedelta(days=1)).isoformat()) == []
    assert _rows(client, cast.admin, date_from=(today + timedelta(days=1)).isoformat()) == []


def test_bad_filters_are_reported_not_applied_blindly(client, cast):
    client.force_login(cast.admin)
    response = client.get(LIST, {"object_id": "khong-phai-ma", "date_from": "31/02/2026"})
    html = response.content.decode()
    assert response.status_code == 200 and "Bộ lọc chưa hợp lệ" in html
    response = client.get(LIST, {"object_id": str(cast.unit_a1.public_id)})
    assert "Chọn loại đối tượng cho mã đối tượng." in response.content.decode()


def test_keyset_pages_newest_first_at_constant_cost(client, cast, settings):
    settings.EDESK_PAGE_SIZE = 10
    client.force_login(cast.admin)
    total = AuditEvent.objects.count()
    seen: list[int] = []
    url, costs = LIST, []
    while url:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        costs.append(len(queries))
        seen += [r.id for r in response.context["rows"]]
        cursor = response.context["page"].next_cursor
        url = f"{LIST}?cursor={cursor}" if cursor else None
    assert seen == sorted(seen, reverse=True) and len(seen) == len(set(seen)) == total
    assert len(costs) == -(-total // 10)
    assert len(set(costs[:-1])) == 1, costs
    assert 'href="?cursor=' in _get(client, cast.admin)


def test_cursor_keeps_the_filters(client, cast, settings):
    settings.EDESK_PAGE_SIZE = 2
    html = _get(client, cast.admin, action="membership.add")
    assert 'href="?action=membership.add&amp;cursor=' in html
