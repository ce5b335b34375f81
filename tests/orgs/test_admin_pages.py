"""The administration pages through the client: the tree, organisations, people and their posts."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from edesk.accounts import services as accounts
from edesk.accounts.models import ApiToken, Membership, User
from edesk.accounts.roles import Role
from edesk.orgs import services as orgs
from edesk.orgs.models import Organization
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

TREE = reverse("orgs:tree")
PEOPLE = reverse("orgs:people")
STRONG = "Sông Hương 2026!"


@pytest.fixture
def admin_a(cast):
    user = accounts.user_create(actor=None, username="qt.stc", full_name="Đỗ Văn Quản", password=PASSWORD)
    accounts.membership_add(actor=None, user=user, org=cast.agency_a, role=Role.ADMIN, title="Quản trị")
    return user


def _as(client, user):
    client.force_login(user)
    return client


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _pages(cast) -> list[str]:
    return [
        TREE,
        PEOPLE,
        reverse("orgs:org_create") + f"?parent={cast.agency_a.public_id}",
        reverse("orgs:org_detail", args=[cast.unit_a1.public_id]),
        reverse("orgs:person_create"),
        reverse("orgs:person_detail", args=[cast.spec_a.public_id]),
    ]


def test_anonymous_visitors_are_sent_to_log_in(client, cast):
    for url in _pages(cast):
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("persona", ["clerk_a", "leader_a", "head_a", "spec_a", "outsider"])
def test_everyone_else_gets_404(client, cast, persona):
    _as(client, getattr(cast, persona))
    for url in _pages(cast):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("orgs:org_detail", args=[cast.unit_a1.public_id]), {"name": "X", "short_name": "X"}
    )
    assert response.status_code == 404
    assert Organization.objects.get(pk=cast.unit_a1.pk).name == "Phòng Ngân sách"


def test_system_admin_sees_the_whole_tree(client, cast):
    html = _html(_as(client, cast.admin).get(TREE))
    for org in (cast.agency_a, cast.unit_a1, cast.unit_a2, cast.agency_b, cast.unit_b1):
        assert org.name in html
    assert "000.01.00.H57" in html and "000.02.00.H57" in html
    assert "Thêm cơ quan cấp cao nhất" in html
    # Indentation follows depth; member counts are per node (agency A: clerk and leader).
    assert 'style="--indent: 1"' in html
    row_a = html[html.index("Sở Tài chính") :]
    assert '<td class="org-count num" data-label="Số người">2</td>' in row_a[: row_a.index("</tr>")]


def test_tree_costs_the_same_queries_whatever_its_size(client, cast):
    _as(client, cast.admin)
    with CaptureQueriesContext(connection) as small:
        _html(client.get(TREE))
    parent = cast.unit_a1
    for i in range(30):
        parent = orgs.org_create(
            actor=None, parent=parent if i % 3 else cast.agency_a, name=f"Tổ {i}", short_name=f"T{i}"
        )
        accounts.user_create(actor=None, username=f"nv{i}", full_name=f"Nhân viên {i}", password=None)
        accounts.membership_add(
            actor=None, user=User.objects.get(username=f"nv{i}"), org=parent, role=Role.SPECIALIST
        )
    with CaptureQueriesContext(connection) as large:
        html = _html(client.get(TREE))
    assert "Tổ 29" in html
    assert len(large) == len(small), [q["sql"] for q in large]


def test_agency_admin_sees_and_manages_only_their_agency(client, cast, admin_a):
    html = _html(_as(client, admin_a).get(TREE))
    assert cast.unit_a1.name in html and cast.agency_b.name not in html and cast.unit_b1.name not in html
    assert "Thêm cơ quan cấp cao nhất" not in html
    assert client.get(reverse("orgs:org_detail", args=[cast.unit_b1.public_id])).status_code == 404
    assert client.get(reverse("orgs:org_create") + f"?parent={cast.agency_b.public_id}").status_code == 404
    assert client.get(reverse("orgs:org_create")).status_code == 404  # a root is for system admins
    assert client.get(reverse("orgs:org_detail", args=[uuid.uuid4()])).status_code == 404


def test_search_in_the_tree(client, cast):
    html = _html(_as(client, cast.admin).get(TREE, {"q": "000.02"}))
    assert cast.agency_b.name in html and cast.agency_a.name not in html


def test_create_a_unit_with_a_code(client, cast, admin_a):
    url = reverse("orgs:org_create") + f"?parent={cast.unit_a1.public_id}"
    html = _html(_as(client, admin_a).get(url))
    assert "Trực thuộc" in html and cast.unit_a1.name in html
    assert 'name="is_agency"' not in html  # agencies are the system admin's
    response = client.post(url, {"name": "Tổ Dự toán", "short_name": "DT", "code": "000.01.01.h57"})
    team = Organization.objects.get(name="Tổ Dự toán")
    assert response.status_code == 302 and response["Location"] == reverse(
        "orgs:org_detail", args=[team.public_id]
    )
    assert (team.parent_id, team.agency_id, team.code, team.depth) == (
        cast.unit_a1.pk,
        cast.agency_a.pk,
        "000.01.01.H57",
        2,
    )
    assert "Đã thêm “Tổ Dự toán”" in _html(client.get(response["Location"]))


def test_a_bad_code_is_shown_on_the_field_and_the_input_kept(client, cast):
    url = reverse("orgs:org_create") + f"?parent={cast.agency_a.public_id}"
    html = _html(
        _as(client, cast.admin).post(url, {"name": "Phòng Thanh tra", "short_name": "TTr", "code": "TT-01"})
    )
    assert "Mã định danh “TT-01” không đúng định dạng" in html
    assert 'value="Phòng Thanh tra"' in html
    html = _html(client.post(url, {"name": "Phòng Thanh tra", "short_name": "TTr", "code": "000.02.00.H57"}))
    assert "đã được dùng cho cơ quan khác" in html
    assert not Organization.objects.filter(name="Phòng Thanh tra").exists()


def test_system_admin_adds_a_root_agency_and_a_sub_agency(client, cast):
    _as(client, cast.admin)
    response = client.post(
        reverse("orgs:org_create"),
        {"name": "UBND thành phố Huế", "short_name": "UBND", "code": "000.00.00.H57"},
    )
    root = Organization.objects.get(code="000.00.00.H57")
    assert response.status_code == 302 and root.is_agency and root.parent is None
    url = reverse("orgs:org_create") + f"?parent={root.public_id}"
    client.post(url, {"name": "Văn phòng UBND", "short_name": "VP", "is_agency": "on"})
    office = Organization.objects.get(name="Văn phòng UBND")
    assert office.is_agency and office.agency_id == office.pk


def test_edit_a_unit(client, cast, admin_a):
    url = reverse("orgs:org_detail", args=[cast.unit_a1.public_id])
    html = _html(_as(client, admin_a).get(url))
    assert cast.head_a.full_name in html and cast.spec_a.full_name in html  # the people holding posts there
    response = client.post(
        url, {"name": "Phòng Ngân sách nhà nước", "short_name": "NSNN", "code": "", "active": "on"}
    )
    assert response.status_code == 302
    cast.unit_a1.refresh_from_db()
    assert (cast.unit_a1.name, cast.unit_a1.short_name, cast.unit_a1.active) == (
        "Phòng Ngân sách nhà nước",
        "NSNN",
        True,
    )


def test_agency_admin_cannot_recode_or_close_their_agency_from_the_page(client, cast, admin_a):
    url = reverse("orgs:org_detail", args=[cast.agency_a.public_id])
    html = _html(_as(client, admin_a).get(url))
    assert (
        'name="code"' in html
        and "disabled" in html[html.index('name="code"') - 200 : html.index('name="code"') + 200]
    )
    client.post(
        url, {"name": "Sở Tài chính Huế", "short_name": "STC", "code": "000.09.00.H57"}
    )  # no "active"
    cast.agency_a.refresh_from_db()
    assert (cast.agency_a.name, cast.agency_a.code, cast.agency_a.active) == (
        "Sở Tài chính Huế",
        "000.01.00.H57",
        True,
    )


def test_people_list_search_and_filters(client, cast, admin_a):
    _as(client, cast.admin)
    html = _html(client.get(PEOPLE))
    for person in (cast.clerk_a, cast.spec_b, cast.outsider):
        assert person.full_name in html
    assert "Văn thư · Sở Tài chính" in html  # the post: title and unit
    html = _html(client.get(PEOPLE, {"q": "Hoa"}))
    assert cast.clerk_a.full_name in html and cast.clerk_b.full_name not in html
    html = _html(client.get(PEOPLE, {"q": "SNV"}))  # part of a username, case aside
    assert cast.clerk_b.full_name in html and cast.clerk_a.full_name not in html
    html = _html(client.get(PEOPLE, {"org": str(cast.unit_a1.public_id)}))
    names = {p.full_name for p in (cast.head_a, cast.spec_a)}
    assert all(n in html for n in names) and cast.clerk_a.full_name not in html
    accounts.person_set_active(actor=cast.admin, person=cast.spec_b, active=False)
    html = _html(client.get(PEOPLE, {"status": "inactive"}))
    assert cast.spec_b.full_name in html and cast.clerk_a.full_name not in html


def test_agency_admin_lists_only_people_of_their_agency(client, cast, admin_a):
    html = _html(_as(client, admin_a).get(PEOPLE))
    assert cast.clerk_a.full_name in html and cast.spec_a2.full_name in html
    assert (
        cast.clerk_b.full_name not in html
        and cast.outsider.full_name not in html
        and cast.admin.full_name not in html
    )
    assert client.get(reverse("orgs:person_detail", args=[cast.spec_b.public_id])).status_code == 404


def test_people_pages_follow_the_cursor_at_constant_cost(client, cast, settings):
    settings.EDESK_PAGE_SIZE = 5
    _as(client, cast.admin)
    seen: list[str] = []
    url, costs = PEOPLE, []
    while url:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        costs.append(len(queries))
        page = response.context["page"]
        seen += [p.username for p in page.items]
        url = f"{PEOPLE}?cursor={page.next_cursor}" if page.next_cursor else None
    assert sorted(seen) == sorted(User.objects.values_list("username", flat=True))
    assert len(seen) == len(set(seen)) == 11 and len(costs) == 3
    assert len(set(costs[1:])) == 1 and costs[0] <= costs[1]


def test_create_a_person_with_a_post(client, cast, admin_a):
    url = reverse("orgs:person_create") + f"?org={cast.unit_a2.public_id}"
    html = _html(_as(client, admin_a).get(url))
    assert f'value="{cast.unit_a2.public_id}" selected' in html
    assert cast.unit_b1.name not in html  # only units this admin manages are offered
    data = {
        "username": "cv4.stc", "full_name": "Lâm Thị Hạnh", "email": "", "password": STRONG,
        "org": str(cast.unit_a2.public_id), "role": Role.SPECIALIST, "title": "Chuyên viên chính",
    }  # fmt: skip
    response = client.post(url, data)
    person = User.objects.get(username="cv4.stc")
    assert response.status_code == 302 and response["Location"] == reverse(
        "orgs:person_detail", args=[person.public_id]
    )
    assert person.check_password(STRONG)
    assert Membership.objects.filter(
        user=person, org=cast.unit_a2, title="Chuyên viên chính", active=True
    ).exists()


def test_a_weak_password_is_shown_on_the_field(client, cast, admin_a):
    data = {
        "username": "cv5.stc", "full_name": "Lâm Văn Tú", "password": "12345678901",
        "org": str(cast.unit_a2.public_id), "role": Role.SPECIALIST,
    }  # fmt: skip
    html = _html(_as(client, admin_a).post(reverse("orgs:person_create"), data))
    assert "Mật khẩu này quá phổ biến" in html or "không được chỉ gồm chữ số" in html
    assert 'value="Lâm Văn Tú"' in html and 'value="cv5.stc"' in html
    assert not User.objects.filter(username="cv5.stc").exists()


def test_agency_admin_must_choose_a_post(client, cast, admin_a):
    data = {"username": "cv6.stc", "full_name": "Không Đơn Vị", "password": ""}
    html = _html(_as(client, admin_a).post(reverse("orgs:person_create"), data))
    assert "errorlist" in html and not User.objects.filter(username="cv6.stc").exists()


def test_person_page_actions(client, cast, admin_a):
    url = reverse("orgs:person_detail", args=[cast.spec_a.public_id])
    html = _html(_as(client, admin_a).get(url))
    assert cast.unit_a1.name in html and "Chuyên viên" in html and "Đặt lại mật khẩu" in html

    post = {
        "action": "add_post",
        "org": str(cast.unit_a2.public_id),
        "role": Role.UNIT_HEAD,
        "title": "Phó Trưởng phòng",
    }
    assert client.post(url, post).status_code == 302
    second = Membership.objects.get(user=cast.spec_a, org=cast.unit_a2)
    assert second.active and not second.is_primary and second.title == "Phó Trưởng phòng"

    end = {"action": "end_post", "org": str(cast.unit_a2.public_id), "role": Role.UNIT_HEAD}
    assert client.post(url, end).status_code == 302
    second.refresh_from_db()
    assert not second.active

    assert (
        client.post(
            url,
            {"action": "update", "full_name": "Phạm Thị Ngọc Lan", "email": "lan@stc.vn", "phone": "0234"},
        ).status_code
        == 302
    )
    cast.spec_a.refresh_from_db()
    assert (cast.spec_a.full_name, cast.spec_a.email) == ("Phạm Thị Ngọc Lan", "lan@stc.vn")

    accounts.token_create(actor=cast.spec_a)
    reset = {"action": "reset_password", "new_password": STRONG, "new_password2": STRONG}
    assert client.post(url, reset).status_code == 302
    cast.spec_a.refresh_from_db()
    assert cast.spec_a.check_password(STRONG)
    assert not ApiToken.objects.filter(user=cast.spec_a, revoked=False).exists()

    assert client.post(url, {"action": "deactivate"}).status_code == 302
    cast.spec_a.refresh_from_db()
    assert not cast.spec_a.is_active
    assert "Đã khóa tài khoản." in _html(client.get(url))
    client.post(url, {"action": "reactivate"})
    cast.spec_a.refresh_from_db()
    assert cast.spec_a.is_active


def test_unlock_from_the_page(client, cast, admin_a, settings):
    for _ in range(settings.EDESK_LOGIN_MAX_FAILURES):
        accounts.login_failed(cast.spec_a)
    url = reverse("orgs:person_detail", args=[cast.spec_a.public_id])
    html = _html(_as(client, admin_a).get(url))
    assert "Tạm khóa đăng nhập" in html and 'value="unlock"' in html
    client.post(url, {"action": "unlock"})
    cast.spec_a.refresh_from_db()
    assert cast.spec_a.locked_until is None


def test_password_reset_errors_stay_on_the_page(client, cast, admin_a):
    url = reverse("orgs:person_detail", args=[cast.spec_a.public_id])
    html = _html(
        _as(client, admin_a).post(
            url, {"action": "reset_password", "new_password": STRONG, "new_password2": "khác"}
        )
    )
    assert "Hai lần nhập mật khẩu không khớp." in html
    html = _html(
        client.post(url, {"action": "reset_password", "new_password": "ngan", "new_password2": "ngan"})
    )
    assert "Mật khẩu quá ngắn" in html
    assert cast.spec_a.__class__.objects.get(pk=cast.spec_a.pk).check_password(PASSWORD)


def test_kiem_nhiem_elsewhere_limits_an_agency_admin_to_the_posts(client, cast, admin_a):
    accounts.membership_add(
        actor=None, user=cast.spec_a, org=cast.unit_b1, role=Role.SPECIALIST, is_primary=False
    )
    url = reverse("orgs:person_detail", args=[cast.spec_a.public_id])
    html = _html(_as(client, admin_a).get(url))
    assert "chỉ quản trị hệ thống được sửa tài khoản" in html
    assert 'value="reset_password"' not in html and 'value="deactivate"' not in html
    assert html.count('value="end_post"') == 1  # the post in A, not the one in B
    response = client.post(url, {"action": "reset_password", "new_password": STRONG, "new_password2": STRONG})
    assert response.status_code == 403
    assert client.post(url, {"action": "deactivate"}).status_code == 403
    end_b = {"action": "end_post", "org": str(cast.unit_b1.public_id), "role": Role.SPECIALIST}
    assert client.post(url, end_b).status_code == 403
    cast.spec_a.refresh_from_db()
    assert cast.spec_a.is_active and cast.spec_a.check_password(PASSWORD)
    assert Membership.objects.get(user=cast.spec_a, org=cast.unit_b1).active


def test_unknown_action_changes_nothing(client, cast, admin_a):
    url = reverse("orgs:person_detail", args=[cast.spec_a.public_id])
    response = _as(client, admin_a).post(url, {"action": "delete"})
    assert response.status_code == 302 and response["Location"] == url
    assert "Thao tác không hợp lệ." in _html(client.get(url))
    end = {"action": "end_post", "org": "not-a-uuid", "role": Role.SPECIALIST}
    assert client.post(url, end).status_code == 404
