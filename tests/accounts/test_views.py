"""The account pages, told through the cast: log-in and lock-out, posts, password, API tokens, menu."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from edesk.accounts import services as accounts
from edesk.accounts.models import ApiToken
from edesk.accounts.roles import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."


def _log_in(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_login_page_is_in_vietnamese(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tên đăng nhập" in html and "Mật khẩu" in html
    assert "Quản trị" not in html  # no menu before log-in


def test_wrong_password_is_refused_with_one_message_for_both_mistakes(client, cast):
    for username in ("vt.stc", "khong.ton.tai"):
        response = _log_in(client, username, "sai-mat-khau")
        assert WRONG in response.content.decode()
        assert "_auth_user_id" not in client.session


def test_login_rotates_the_session_and_goes_to_the_desk(client, cast):
    client.get(LOGIN)
    session = client.session
    session["planted"] = "x"
    session.save()
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    response = _log_in(client, "VT.STC ")
    assert response.status_code == 302
    assert response["Location"] == reverse("inbound:desk")
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before
    assert int(client.session["_auth_user_id"]) == cast.clerk_a.pk


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/van-ban-den/so/?nam=2026", "/van-ban-den/so/?nam=2026"),
        ("https://evil.example/van-ban-den/", reverse("inbound:desk")),
        ("//evil.example/", reverse("inbound:desk")),
    ],
)
def test_next_is_followed_only_within_the_site(client, cast, next_url, expected):
    response = _log_in(client, "vt.stc", next=next_url)
    assert response["Location"] == expected


def test_five_failures_lock_the_account_even_against_the_right_password(client, cast):
    for _ in range(settings.EDESK_LOGIN_MAX_FAILURES):
        assert WRONG in _log_in(client, "cv.stc", "doan-sai").content.decode()
    response = _log_in(client, "cv.stc", PASSWORD)
    html = response.content.decode()
    assert "Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần" in html
    assert WRONG not in html
    assert "_auth_user_id" not in client.session


def test_logout_needs_post(client, cast):
    client.force_login(cast.clerk_a)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_profile_lists_every_post_including_concurrent_ones(client, cast):
    accounts.membership_add(
        actor=None,
        user=cast.head_a,
        org=cast.unit_a2,
        role=Role.SPECIALIST,
        title="Chuyên viên",
        is_primary=False,
    )
    client.force_login(cast.head_a)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "Phòng Ngân sách" in html and "Trưởng phòng" in html
    assert "Phòng Quản lý giá và công sản" in html and "kiêm nhiệm" in html
    assert "Sở Tài chính" in html


def test_profile_needs_log_in(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN + "?next=")


def test_password_change_keeps_the_session(client, cast):
    client.force_login(cast.spec_a)
    url = reverse("accounts:password_change")
    wrong = client.post(
        url, {"old_password": "x", "new_password": "Moi@2026-an-toan", "new_password2": "Moi@2026-an-toan"}
    )
    assert "Mật khẩu hiện tại không đúng." in wrong.content.decode()
    mismatch = client.post(
        url, {"old_password": PASSWORD, "new_password": "Moi@2026-an-toan", "new_password2": "khac"}
    )
    assert "không khớp" in mismatch.content.decode()
    response = client.post(
        url,
        {"old_password": PASSWORD, "new_password": "Moi@2026-an-toan", "new_password2": "Moi@2026-an-toan"},
    )
    assert response["Location"] == reverse("accounts:profile")
    cast.spec_a.refresh_from_db()
    assert cast.spec_a.check_password("Moi@2026-an-toan")
    assert client.get(reverse("accounts:profile")).status_code == 200  # still logged in


def test_weak_new_password_is_explained(client, cast):
    client.force_login(cast.spec_a)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password": "123", "new_password2": "123"},
    )
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    cast.spec_a.refresh_from_db()
    assert cast.spec_a.check_password(PASSWORD)


def test_token_is_shown_once_listed_by_prefix_and_revocable(client, cast):
    client.force_login(cast.clerk_a)
    url = reverse("accounts:tokens")
    response = client.post(url, {"action": "create", "name": "Phần mềm kế toán"})
    token = ApiToken.objects.get(user=cast.clerk_a)
    html = response.content.decode()
    key = html.split('<code class="token-key">')[1].split("</code>")[0]
    assert key.startswith(token.prefix) and ApiToken.hash_key(key) == token.key_hash
    listing = client.get(url).content.decode()
    assert key not in listing and token.prefix in listing and "Phần mềm kế toán" in listing
    assert client.post(url, {"action": "revoke", "token_id": token.pk}).status_code == 302
    token.refresh_from_db()
    assert token.revoked
    assert "Đã thu hồi" in client.get(url).content.decode()


def test_nobody_revokes_another_persons_token(client, cast):
    other = accounts.token_create(actor=cast.clerk_b)
    token = ApiToken.objects.get(prefix=other[:8])
    client.force_login(cast.clerk_a)
    response = client.post(reverse("accounts:tokens"), {"action": "revoke", "token_id": token.pk})
    assert response.status_code == 404
    token.refresh_from_db()
    assert not token.revoked


def test_menu_offers_each_person_what_they_may_do(client, cast):
    client.force_login(cast.clerk_a)
    clerk = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("inbound:register") in clerk and "Sổ văn bản đến mật" in clerk
    assert reverse("orgs:tree") not in clerk and reverse("audit:list") not in clerk
    client.force_login(cast.spec_a)
    specialist = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("inbound:register") not in specialist and "Sổ văn bản đến mật" not in specialist
    client.force_login(cast.admin)
    admin = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("orgs:tree") in admin and reverse("audit:list") in admin


def test_menu_costs_no_query_beyond_the_one_for_the_posts(client, cast):
    client.force_login(cast.clerk_a)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("inbound:desk")).status_code == 200
    membership_reads = [q["sql"] for q in ctx.captured_queries if '"accounts_membership"' in q["sql"]]
    assert len(membership_reads) == 1
