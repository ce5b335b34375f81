"""Writes to accounts: people, posts, log-in attempts, passwords and API tokens."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from edesk.accounts.access import require_admin
from edesk.accounts.models import ApiToken, Membership, User
from edesk.accounts.roles import Role
from edesk.audit import events
from edesk.core.errors import NotFound, UserError


class LockedOut(UserError):
    status = 403
    code = "locked"

    def __init__(self, until):
        local = timezone.localtime(until)
        super().__init__(f"Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần; thử lại sau {local:%H:%M}.")


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    full_name: str,
    password: str | None,
    email: str = "",
    is_system_admin: bool = False,
) -> User:
    require_admin(actor)
    username = username.strip().lower()
    if User.objects.filter(username=username).exists():
        raise UserError(f"Tên đăng nhập “{username}” đã tồn tại.", code="username_taken", field="username")
    user = User(username=username, full_name=full_name.strip(), email=email, is_system_admin=is_system_admin)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    events.record(actor, "user.create", user, data={"username": username})
    return user


@transaction.atomic
def membership_add(
    *, actor, user: User, org, role: str, title: str = "", is_primary: bool = True
) -> Membership:
    """Give `user` a post in `org`. Several posts are allowed (kiêm nhiệm)."""
    require_admin(actor, org)
    if role not in Role.values:
        raise UserError("Vai trò không hợp lệ.", code="role", field="role")
    membership, created = Membership.objects.get_or_create(
        user=user,
        org=org,
        role=role,
        defaults={"agency_id": org.agency_id, "title": title, "is_primary": is_primary},
    )
    if not created and not membership.active:
        membership.active = True
        membership.save(update_fields=["active", "updated_at"])
    events.record(
        actor,
        "membership.add",
        user,
        agency_id=org.agency_id,
        data={"org": org.pk, "role": role, "title": title},
    )
    return membership


@transaction.atomic
def membership_end(*, actor, membership: Membership) -> None:
    require_admin(actor, membership.org)
    Membership.objects.filter(pk=membership.pk).update(active=False, updated_at=timezone.now())
    events.record(
        actor,
        "membership.end",
        membership.user,
        agency_id=membership.agency_id,
        data={"org": membership.org_id, "role": membership.role},
    )


def login_failed(user: User) -> None:
    """Count a failure in its own short transaction; lock the account after too many."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
        user.refresh_from_db(fields=["failed_logins"])
        if user.failed_logins >= settings.EDESK_LOGIN_MAX_FAILURES:
            until = timezone.now() + timedelta(minutes=settings.EDESK_LOGIN_LOCK_MINUTES)
            User.objects.filter(pk=user.pk).update(locked_until=until, failed_logins=0)
            events.record(None, "user.locked", user, data={"until": until.isoformat()})


def login_succeeded(user: User) -> None:
    if user.failed_logins or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)


def check_not_locked(user: User) -> None:
    if user.locked_until and user.locked_until > timezone.now():
        raise LockedOut(user.locked_until)


@transaction.atomic
def password_change(*, actor: User, old_password: str, new_password: str) -> None:
    if not actor.check_password(old_password):
        raise UserError("Mật khẩu hiện tại không đúng.", code="wrong_password", field="old_password")
    try:
        validate_password(new_password, actor)
    except ValidationError as exc:
        raise UserError(" ".join(exc.messages), code="weak_password", field="new_password") from exc
    actor.set_password(new_password)
    actor.save(update_fields=["password"])
    # A new password ends every API token issued under the old one.
    ApiToken.objects.filter(user=actor, revoked=False).update(revoked=True)
    events.record(actor, "user.password_change", actor)


@transaction.atomic
def token_create(*, actor: User, name: str = "") -> str:
    """Issue an API token; the clear key is returned once and never stored."""
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=actor,
        key_hash=ApiToken.hash_key(key),
        prefix=key[:8],
        name=name[:100],
        expires_at=timezone.now() + timedelta(days=settings.EDESK_API_TOKEN_DAYS),
    )
    events.record(actor, "token.create", actor, data={"prefix": key[:8]})
    return key


@transaction.atomic
def token_revoke(*, actor: User, token_id: int) -> None:
    updated = ApiToken.objects.filter(pk=token_id, user=actor, revoked=False).update(revoked=True)
    if not updated:
        raise NotFound()
    events.record(actor, "token.revoke", actor, data={"token": token_id})
