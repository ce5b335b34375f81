"""Logging in for the API, tokens that expire or are revoked, the signed-in person, the directory."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from edesk.accounts import services as accounts
from edesk.accounts.models import ApiToken
from edesk.orgs import services as orgs
from tests.api.conftest import client_for
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


def login(username: str, password: str = PASSWORD, client: APIClient | None = None):
    return (client or APIClient()).post(
        TOKEN_URL, {"username": username, "password": password}, format="json"
    )


def test_clerk_logs_in_and_the_token_opens_the_api(cast):
    response = login("vt.stc")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expires_at"}
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    me = client.get("/api/v1/me/").json()
    assert me["username"] == "vt.stc"
    assert me["full_name"] == "Trần Thị Hoa"
    assert me["memberships"] == [
        {
            "org": cast.agency_a.pk,
            "org_name": "Sở Tài chính",
            "agency": cast.agency_a.pk,
            "role": "clerk",
            "role_label": "Văn thư",
            "title": "Văn thư",
        }
    ]
    # Only the hash is stored: the clear key is nowhere in the database.
    assert not ApiToken.objects.filter(key_hash=body["token"]).exists()


def test_me_lists_every_post_of_a_person_holding_two(cast):
    accounts.membership_add(
        actor=None, user=cast.head_a, org=cast.unit_a2, role="specialist", title="Chuyên viên"
    )
    posts = client_for(cast.head_a).get("/api/v1/me/").json()["memberships"]
    assert {(p["org"], p["role"]) for p in posts} == {
        (cast.unit_a1.pk, "unit_head"),
        (cast.unit_a2.pk, "specialist"),
    }
    assert all(p["agency"] == cast.agency_a.pk for p in posts)


def test_wrong_password_and_unknown_user_are_the_same_400(cast):
    wrong = login("vt.stc", "sai-mat-khau")
    unknown = login("khong.ton.tai")
    assert wrong.status_code == unknown.status_code == 400
    assert (
        wrong.json()
        == unknown.json()
        == {
            "detail": "Tên đăng nhập hoặc mật khẩu không đúng.",
            "code": "invalid_credentials",
        }
    )


def test_missing_password_is_a_field_error_in_vietnamese(cast):
    response = APIClient().post(TOKEN_URL, {"username": "vt.stc"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Thiếu “Mật khẩu”.", "code": "required", "field": "password"}


def test_repeated_failures_lock_the_account_through_the_token_endpoint(cast, settings):
    settings.EDESK_LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        assert login("vt.stc", "sai-mat-khau").status_code == 400
    locked = login("vt.stc")  # the right password, too late
    assert locked.status_code == 403
    assert locked.json()["code"] == "locked"
    assert "tạm khóa" in locked.json()["detail"]


def test_unauthenticated_request_gets_401_in_vietnamese(cast):
    response = APIClient().get("/api/v1/incoming/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Bạn cần đăng nhập.", "code": "not_authenticated"}
    assert response["WWW-Authenticate"] == "Token"


def test_expired_token_is_refused(cast):
    client = client_for(cast.clerk_a)
    ApiToken.objects.filter(user=cast.clerk_a).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Mã truy cập không hợp lệ hoặc đã hết hạn.",
        "code": "not_authenticated",
    }


def test_token_revoked_from_the_profile_page_is_refused(cast):
    client = client_for(cast.clerk_a)
    token = ApiToken.objects.get(user=cast.clerk_a)
    accounts.token_revoke(actor=cast.clerk_a, token_id=token.pk)
    assert client.get("/api/v1/me/").status_code == 401


def test_delete_revokes_the_token_in_use_and_no_other(cast):
    phone = client_for(cast.clerk_a)
    office = client_for(cast.clerk_a)
    response = phone.delete(TOKEN_URL)
    assert response.status_code == 204
    assert phone.get("/api/v1/me/").status_code == 401
    assert office.get("/api/v1/me/").status_code == 200


def test_delete_needs_a_token_not_a_session(cast):
    client = APIClient()
    client.force_login(cast.clerk_a)
    assert client.get("/api/v1/me/").status_code == 200
    response = client.delete(TOKEN_URL)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_logging_in_again_works_with_a_stale_token_still_sent(cast):
    client = client_for(cast.clerk_a)
    ApiToken.objects.filter(user=cast.clerk_a).update(revoked=True)
    assert login("vt.stc", client=client).status_code == 200


def test_any_signed_in_person_lists_the_directory_in_tree_order(cast):
    response = client_for(cast.outsider).get("/api/v1/orgs/")
    assert response.status_code == 200
    body = response.json()
    assert body["next"] is None
    assert [o["name"] for o in body["results"]] == [
        "Sở Tài chính",
        "Phòng Ngân sách",
        "Phòng Quản lý giá và công sản",
        "Sở Nội vụ",
        "Phòng Công chức – Viên chức",
    ]
    unit = body["results"][1]
    assert unit == {
        "id": cast.unit_a1.pk,
        "public_id": str(cast.unit_a1.public_id),
        "name": "Phòng Ngân sách",
        "short_name": "NS",
        "code": None,
        "is_agency": False,
        "parent": cast.agency_a.pk,
        "agency": cast.agency_a.pk,
    }


def test_directory_filter_ignores_diacritics_and_matches_codes(cast):
    client = client_for(cast.spec_a)
    by_name = client.get("/api/v1/orgs/", {"q": "so tai chinh"}).json()["results"]
    assert [o["id"] for o in by_name] == [cast.agency_a.pk]
    by_code = client.get("/api/v1/orgs/", {"q": "000.02.00"}).json()["results"]
    assert [o["id"] for o in by_code] == [cast.agency_b.pk]


def test_directory_pages_follow_next_and_skip_inactive_units(cast):
    orgs.org_update(
        actor=None, org=cast.unit_a2, name=cast.unit_a2.name, short_name="QLG", code=None, active=False
    )
    client = client_for(cast.spec_a)
    seen, url = [], "/api/v1/orgs/?page_size=2"
    while url:
        body = client.get(url).json()
        seen += [o["id"] for o in body["results"]]
        url = body["next"]
        assert url is None or (url.startswith("http://testserver/api/v1/orgs/?") and "cursor=" in url)
    assert seen == [cast.agency_a.pk, cast.unit_a1.pk, cast.agency_b.pk, cast.unit_b1.pk]


def test_forged_cursor_is_a_400(cast):
    response = client_for(cast.spec_a).get("/api/v1/orgs/", {"cursor": "not-a-cursor"})
    assert response.status_code == 400
    assert response.json()["code"] == "bad_cursor"
