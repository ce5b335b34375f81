"""The organisation tree's services: who may add and change nodes, and the rules a node obeys."""

import pytest

from edesk.accounts import services as accounts
from edesk.accounts.roles import Role
from edesk.audit.models import AuditEvent
from edesk.core.errors import Forbidden, UserError
from edesk.orgs import services as orgs
from edesk.orgs.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_a(cast):
    """Agency A's own administrator (Role.ADMIN at the agency)."""
    user = accounts.user_create(actor=None, username="qt.stc", full_name="Đỗ Văn Quản", password=None)
    accounts.membership_add(actor=None, user=user, org=cast.agency_a, role=Role.ADMIN, title="Quản trị")
    return user


def test_system_admin_builds_a_tree_of_any_depth(cast):
    root = orgs.org_create(
        actor=cast.admin, name="UBND thành phố Huế", short_name="UBND", code="000.00.00.H57"
    )
    office = orgs.org_create(
        actor=cast.admin,
        parent=root,
        name="Văn phòng UBND",
        short_name="VP",
        code="000.00.01.H57",
        is_agency=True,
    )
    room = orgs.org_create(actor=cast.admin, parent=office, name="Phòng Tổng hợp", short_name="TH")
    desk = orgs.org_create(actor=cast.admin, parent=room, name="Tổ Một cửa", short_name="MC")
    assert root.is_agency and root.agency_id == root.pk and root.depth == 0
    assert office.agency_id == office.pk and office.path.startswith(root.path)
    assert (room.agency_id, room.depth) == (office.pk, 2)
    assert (desk.agency_id, desk.depth) == (office.pk, 3)
    assert list(orgs.subtree(office)) == [office, room, desk]
    event = AuditEvent.objects.filter(action="org.create").latest("id")
    assert (event.agency_id, event.actor_id, event.data["name"]) == (office.pk, cast.admin.pk, "Tổ Một cửa")


@pytest.mark.parametrize("code", ["H57", "000.00.00.h57", "000-00-00-H57", "0000.00.00.H57"])
def test_code_must_match_the_pattern(cast, code):
    with pytest.raises(UserError) as exc:
        orgs.org_create(
            actor=cast.admin, parent=cast.agency_a, name="Phòng Thanh tra", short_name="TTr", code=code
        )
    assert exc.value.field == "code"
    assert "không đúng định dạng" in exc.value.message and code in exc.value.message
    assert not Organization.objects.filter(name="Phòng Thanh tra").exists()


def test_code_pattern_is_configurable(cast, settings):
    settings.EDESK_ORG_CODE_PATTERN = r"^[A-Z]{2}-\d{4}$"
    unit = orgs.org_create(
        actor=cast.admin, parent=cast.agency_a, name="Phòng Thanh tra", short_name="TTr", code="TT-0001"
    )
    assert unit.code == "TT-0001"
    with pytest.raises(UserError):
        orgs.org_create(
            actor=cast.admin,
            parent=cast.agency_a,
            name="Phòng Pháp chế",
            short_name="PC",
            code="000.00.00.H57",
        )


def test_code_is_unique(cast):
    with pytest.raises(UserError, match="đã được dùng") as exc:
        orgs.org_create(
            actor=cast.admin, parent=cast.agency_a, name="Phòng khác", short_name="K", code="000.02.00.H57"
        )
    assert exc.value.code == "org_code_taken"


def test_names_are_required(cast):
    with pytest.raises(UserError) as exc:
        orgs.org_create(actor=cast.admin, parent=cast.agency_a, name="   ", short_name="X")
    assert exc.value.field == "name"
    with pytest.raises(UserError) as exc:
        orgs.org_update(
            actor=cast.admin, org=cast.unit_a1, name="Phòng Ngân sách", short_name=" ", code=None, active=True
        )
    assert exc.value.field == "short_name"


def test_agency_admin_manages_units_of_their_own_agency_only(cast, admin_a):
    unit = orgs.org_create(actor=admin_a, parent=cast.agency_a, name="Phòng Tin học", short_name="TH")
    team = orgs.org_create(actor=admin_a, parent=unit, name="Tổ Hạ tầng", short_name="HT")
    assert team.agency_id == cast.agency_a.pk
    orgs.org_update(
        actor=admin_a, org=unit, name="Phòng Công nghệ thông tin", short_name="CNTT", code=None, active=True
    )
    unit.refresh_from_db()
    assert unit.name == "Phòng Công nghệ thông tin"
    with pytest.raises(Forbidden):
        orgs.org_create(actor=admin_a, parent=cast.agency_b, name="Phòng lạ", short_name="L")
    with pytest.raises(Forbidden):
        orgs.org_update(
            actor=admin_a, org=cast.unit_b1, name="Đổi tên", short_name="D", code=None, active=True
        )
    with pytest.raises(Forbidden):
        orgs.org_create(actor=admin_a, name="Cơ quan gốc mới", short_name="G")


def test_only_a_system_admin_creates_agencies(cast, admin_a):
    with pytest.raises(Forbidden, match="Chỉ quản trị hệ thống"):
        orgs.org_create(
            actor=admin_a, parent=cast.agency_a, name="Quỹ Đầu tư", short_name="QDT", is_agency=True
        )
    fund = orgs.org_create(
        actor=cast.admin, parent=cast.agency_a, name="Quỹ Đầu tư", short_name="QDT", is_agency=True
    )
    assert fund.agency_id == fund.pk


def test_agency_admin_renames_their_agency_but_cannot_recode_or_close_it(cast, admin_a):
    a = cast.agency_a
    orgs.org_update(
        actor=admin_a, org=a, name="Sở Tài chính thành phố Huế", short_name="STC", code=a.code, active=True
    )
    a.refresh_from_db()
    with pytest.raises(Forbidden):
        orgs.org_update(
            actor=admin_a, org=a, name=a.name, short_name="STC", code="000.09.00.H57", active=True
        )
    with pytest.raises(Forbidden):
        orgs.org_update(actor=admin_a, org=a, name=a.name, short_name="STC", code=a.code, active=False)
    orgs.org_update(actor=cast.admin, org=a, name=a.name, short_name="STC", code="000.09.00.H57", active=True)
    a.refresh_from_db()
    assert (a.name, a.code) == ("Sở Tài chính thành phố Huế", "000.09.00.H57")


def test_closing_a_unit_needs_its_children_closed_first(cast):
    team = orgs.org_create(actor=cast.admin, parent=cast.unit_a1, name="Tổ Dự toán", short_name="DT")
    with pytest.raises(UserError, match="Còn đơn vị trực thuộc"):
        orgs.org_update(
            actor=cast.admin,
            org=cast.unit_a1,
            name="Phòng Ngân sách",
            short_name="NS",
            code=None,
            active=False,
        )
    orgs.org_update(actor=cast.admin, org=team, name=team.name, short_name="DT", code=None, active=False)
    orgs.org_update(
        actor=cast.admin, org=cast.unit_a1, name="Phòng Ngân sách", short_name="NS", code=None, active=False
    )
    cast.unit_a1.refresh_from_db()
    assert not cast.unit_a1.active
    with pytest.raises(UserError, match="ngừng hoạt động"):
        orgs.org_create(actor=cast.admin, parent=cast.unit_a1, name="Tổ mới", short_name="M")
    event = AuditEvent.objects.filter(action="org.update").latest("id")
    assert event.data == {"name": "Phòng Ngân sách", "code": None, "active": False}


@pytest.mark.parametrize("persona", ["clerk_a", "leader_a", "head_a", "outsider"])
def test_people_without_admin_rights_change_nothing(cast, persona):
    actor = getattr(cast, persona)
    with pytest.raises(Forbidden):
        orgs.org_create(actor=actor, parent=cast.agency_a, name="Phòng mới", short_name="M")
    with pytest.raises(Forbidden):
        orgs.org_update(actor=actor, org=cast.unit_a1, name="Đổi", short_name="D", code=None, active=True)
