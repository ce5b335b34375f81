"""Administering people: accounts, posts (kiêm nhiệm), lock-outs and passwords, and who may do it."""

import pytest
from django.contrib.auth import authenticate

from edesk.accounts import services as accounts
from edesk.accounts.access import can_admin_account
from edesk.accounts.models import ApiToken, Membership, User
from edesk.accounts.roles import Role
from edesk.audit import events
from edesk.audit.models import AuditEvent
from edesk.core.errors import Forbidden, UserError
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

STRONG = "Sông Hương 2026!"


@pytest.fixture
def admin_a(cast):
    user = accounts.user_create(actor=None, username="qt.stc", full_name="Đỗ Văn Quản", password=PASSWORD)
    accounts.membership_add(actor=None, user=user, org=cast.agency_a, role=Role.ADMIN, title="Quản trị")
    return user


def _last(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("id")


def test_agency_admin_creates_a_person_with_a_first_post(cast, admin_a):
    person = accounts.person_create(
        actor=admin_a, username=" CV3.STC ", full_name=" Trương Thị Ngọc ", email="ngoc@stc.hue.gov.vn",
        password=STRONG, org=cast.unit_a1, role=Role.SPECIALIST, title="Chuyên viên",
    )  # fmt: skip
    assert (person.username, person.full_name) == ("cv3.stc", "Trương Thị Ngọc")
    assert person.check_password(STRONG) and not person.is_system_admin
    post = Membership.objects.get(user=person)
    assert (post.org_id, post.agency_id, post.role, post.title) == (
        cast.unit_a1.pk, cast.agency_a.pk, Role.SPECIALIST, "Chuyên viên"
    )  # fmt: skip
    created = _last("user.create")
    assert (created.agency_id, created.actor_id, created.data) == (
        cast.agency_a.pk,
        admin_a.pk,
        {"username": "cv3.stc"},
    )
    assert _last("membership.add").agency_id == cast.agency_a.pk
    assert events.verify() == []


def test_agency_admin_must_give_a_post_in_their_agency(cast, admin_a):
    with pytest.raises(Forbidden):
        accounts.person_create(actor=admin_a, username="x1", full_name="Không Chức Vụ")
    with pytest.raises(Forbidden):
        accounts.person_create(
            actor=admin_a, username="x2", full_name="Người Sở Khác", org=cast.unit_b1, role="specialist"
        )
    assert not User.objects.filter(username__in=["x1", "x2"]).exists()


def test_system_admin_may_create_an_account_without_post_or_password(cast):
    person = accounts.person_create(actor=cast.admin, username="qt2", full_name="Quản Trị Hai")
    assert not person.has_usable_password()
    assert not person.memberships.exists()
    assert _last("user.create").agency_id is None
    assert authenticate(username="qt2", password="") is None


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1!", "Mật khẩu quá ngắn"),
        ("password123", "Mật khẩu này quá phổ biến"),
        ("20262026202620", "không được chỉ gồm chữ số"),
        ("truong.ngoc.2026", "Mật khẩu quá giống"),
    ],
)
def test_weak_initial_password_is_refused_in_vietnamese(cast, password, message):
    with pytest.raises(UserError) as exc:
        accounts.person_create(
            actor=cast.admin, username="truong.ngoc.2026", full_name="Trương Ngọc", password=password,
            org=cast.unit_a1, role=Role.SPECIALIST,
        )  # fmt: skip
    assert exc.value.field == "password"
    assert message in exc.value.message
    assert not User.objects.filter(username="truong.ngoc.2026").exists()


def test_username_rules(cast):
    with pytest.raises(UserError, match="đã tồn tại") as exc:
        accounts.person_create(actor=cast.admin, username="VT.STC", full_name="Trùng Tên")
    assert exc.value.field == "username"
    with pytest.raises(UserError, match="chỉ gồm") as exc:
        accounts.person_create(actor=cast.admin, username="trần hoa", full_name="Trần Hoa")
    assert exc.value.field == "username"
    with pytest.raises(UserError, match="họ và tên") as exc:
        accounts.person_create(actor=cast.admin, username="tran.hoa", full_name="  ")
    assert exc.value.field == "full_name"


def test_update_records_only_what_changed(cast, admin_a):
    accounts.person_update(
        actor=admin_a, person=cast.spec_a, full_name="Phạm Thị Lan", email="lan@stc.vn", phone=""
    )
    event = _last("user.update")
    assert (event.data, event.agency_id, event.object_id) == (
        {"email": "lan@stc.vn"},
        cast.agency_a.pk,
        str(cast.spec_a.pk),
    )
    before = AuditEvent.objects.count()
    accounts.person_update(actor=admin_a, person=cast.spec_a, full_name="Phạm Thị Lan", email="lan@stc.vn")
    assert AuditEvent.objects.count() == before


def test_a_second_post_is_kiem_nhiem_and_an_ended_post_can_return(cast, admin_a):
    second = accounts.membership_add(
        actor=admin_a,
        user=cast.spec_a,
        org=cast.unit_a2,
        role=Role.UNIT_HEAD,
        title="Phó Trưởng phòng",
        is_primary=False,
    )
    assert cast.spec_a.memberships.filter(active=True).count() == 2
    with pytest.raises(UserError, match="đã giữ chức vụ này"):
        accounts.membership_add(actor=admin_a, user=cast.spec_a, org=cast.unit_a2, role=Role.UNIT_HEAD)
    accounts.membership_end(actor=admin_a, membership=second)
    second.refresh_from_db()
    assert not second.active
    again = accounts.membership_add(
        actor=admin_a, user=cast.spec_a, org=cast.unit_a2, role=Role.UNIT_HEAD, title="Trưởng phòng"
    )
    assert again.pk == second.pk and again.active and again.title == "Trưởng phòng"


def test_agency_admin_cannot_touch_posts_elsewhere(cast, admin_a):
    with pytest.raises(Forbidden):
        accounts.membership_add(actor=admin_a, user=cast.spec_a, org=cast.unit_b1, role=Role.SPECIALIST)
    with pytest.raises(Forbidden):
        accounts.membership_end(actor=admin_a, membership=cast.spec_b.memberships.get())


def test_deactivated_account_cannot_log_in_and_loses_its_tokens(cast, admin_a):
    key = accounts.token_create(actor=cast.spec_a)
    accounts.person_set_active(actor=admin_a, person=cast.spec_a, active=False)
    cast.spec_a.refresh_from_db()
    assert not cast.spec_a.is_active
    assert ApiToken.objects.get(key_hash=ApiToken.hash_key(key)).revoked
    assert authenticate(username="cv.stc", password=PASSWORD) is None
    assert _last("user.deactivate").agency_id == cast.agency_a.pk
    before = AuditEvent.objects.count()
    accounts.person_set_active(actor=admin_a, person=cast.spec_a, active=False)  # already closed: no event
    assert AuditEvent.objects.count() == before
    accounts.person_set_active(actor=admin_a, person=cast.spec_a, active=True)
    assert authenticate(username="cv.stc", password=PASSWORD) == cast.spec_a
    assert _last("user.reactivate").object_id == str(cast.spec_a.pk)


def test_nobody_closes_their_own_account(cast, admin_a):
    with pytest.raises(UserError, match="chính mình"):
        accounts.person_set_active(actor=admin_a, person=admin_a, active=False)


def test_unlock_lifts_a_lock_out(cast, admin_a, settings):
    for _ in range(settings.EDESK_LOGIN_MAX_FAILURES):
        authenticate(username="cv.stc", password="sai-mat-khau")
    cast.spec_a.refresh_from_db()
    assert cast.spec_a.locked_until is not None
    accounts.person_unlock(actor=admin_a, person=cast.spec_a)
    cast.spec_a.refresh_from_db()
    assert (cast.spec_a.locked_until, cast.spec_a.failed_logins) == (None, 0)
    assert authenticate(username="cv.stc", password=PASSWORD) == cast.spec_a
    assert _last("user.unlock").actor_id == admin_a.pk


def test_password_reset(cast, admin_a):
    key = accounts.token_create(actor=cast.spec_a)
    with pytest.raises(UserError, match="Mật khẩu quá ngắn") as exc:
        accounts.person_password_reset(actor=admin_a, person=cast.spec_a, new_password="ngan")
    assert exc.value.field == "new_password"
    accounts.person_password_reset(actor=admin_a, person=cast.spec_a, new_password=STRONG)
    assert authenticate(username="cv.stc", password=STRONG) == cast.spec_a
    assert authenticate(username="cv.stc", password=PASSWORD) is None
    assert ApiToken.objects.get(key_hash=ApiToken.hash_key(key)).revoked
    event = _last("user.password_reset")
    assert event.data == {} and STRONG not in str(event.data)


def test_account_changes_stay_within_the_admins_agency(cast, admin_a):
    # spec_a also works in agency B (kiêm nhiệm): their account reaches B's documents.
    accounts.membership_add(
        actor=None, user=cast.spec_a, org=cast.unit_b1, role=Role.SPECIALIST, is_primary=False
    )
    cast.admin_b = accounts.person_create(actor=cast.admin, username="qt.snv", full_name="Quản Trị Nội Vụ")
    checks = [
        (cast.spec_a, False),  # posts in A and B
        (cast.head_a, True),  # posts in A only
        (cast.spec_b, False),  # posts in B only
        (cast.admin, False),  # a system admin
        (cast.outsider, False),  # no posts anywhere
    ]
    for person, allowed in checks:
        assert can_admin_account(admin_a, person) is allowed, person
        if not allowed:
            with pytest.raises(Forbidden):
                accounts.person_password_reset(actor=admin_a, person=person, new_password=STRONG)
            with pytest.raises(Forbidden):
                accounts.person_set_active(actor=admin_a, person=person, active=False)
    assert can_admin_account(cast.admin, cast.spec_a)
    assert not can_admin_account(cast.leader_a, cast.spec_a)


def test_ended_posts_elsewhere_do_not_block_the_admin(cast, admin_a):
    post_b = accounts.membership_add(actor=None, user=cast.spec_a, org=cast.unit_b1, role=Role.SPECIALIST)
    accounts.membership_end(actor=None, membership=post_b)
    assert can_admin_account(admin_a, cast.spec_a)
