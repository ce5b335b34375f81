"""Writes to accounts: people, posts, log-in attempts, passwords and API tokens."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edesk.accounts.access import require_account_admin, require_admin
from edesk.accounts.models import ApiToken, Membership, User
from edesk.accounts.roles import Role
from edesk.audit import events
from edesk.core.errors import NotFound, UserError


class LockedOut(UserError):
    status = 403
    code = "locked"

    def __init__(self, until):
        local = timezone.localtime(until)
        super().__init__(
            _("Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần; thử lại sau %(time)s.")
            % {"time": f"{local:%H:%M}"}
        )


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
    user = _user_insert(
        username=username,
        full_name=full_name,
        email=email,
        password=password,
        is_system_admin=is_system_admin,
    )
    events.record(actor, "user.create", user, data={"username": user.username})
    return user


def _user_insert(
    *, username: str, full_name: str, email: str, password: str | None, is_system_admin: bool
) -> User:
    username = username.strip().lower()
    if User.objects.filter(username=username).exists():
        raise UserError(
            _("Tên đăng nhập “%(username)s” đã tồn tại.") % {"username": username},
            code="username_taken",
            field="username",
        )
    user = User(username=username, full_name=full_name.strip(), email=email, is_system_admin=is_system_admin)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


# Django's own Vietnamese catalogue lags its English source for some of these messages, so the
# validators' error codes are worded here; an unknown validator keeps its own message.
_PASSWORD_PROBLEMS = {
    "password_too_short": _("Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự."),
    "password_too_common": _("Mật khẩu này quá phổ biến, dễ bị đoán."),
    "password_entirely_numeric": _("Mật khẩu không được chỉ gồm chữ số."),
    "password_too_similar": _("Mật khẩu quá giống %(verbose_name)s."),
}


def _check_password(password: str, user: User, field: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        problems = [
            str(_PASSWORD_PROBLEMS[error.code] % (error.params or {}))
            if error.code in _PASSWORD_PROBLEMS
            else " ".join(error.messages)
            for error in exc.error_list
        ]
        raise UserError(" ".join(problems), code="weak_password", field=field) from exc


def _home_agency_id(person: User) -> int | None:
    """The chain an account event belongs to: the person's primary agency, so that agency's
    administrators see it in their audit log; the system chain for someone without posts."""
    return (
        Membership.objects.filter(user_id=person.pk, active=True)
        .order_by("-is_primary", "id")
        .values_list("agency_id", flat=True)
        .first()
    )


@transaction.atomic
def person_create(
    *,
    actor,
    username: str,
    full_name: str,
    email: str = "",
    password: str | None = None,
    org=None,
    role: str = "",
    title: str = "",
) -> User:
    """Create an account for someone, with their first post when `org` is given.

    An agency admin must give a post in their agency (an account without one would be out of their
    reach at once); only a system admin creates accounts without posts. With no password the account
    cannot log in until an administrator sets one."""
    require_admin(actor, org)
    username, full_name = username.strip().lower(), full_name.strip()
    try:
        User.username_validator(username)
    except ValidationError as exc:
        raise UserError(
            _("Tên đăng nhập chỉ gồm chữ, chữ số và các ký tự . @ + - _"), code="username", field="username"
        ) from exc
    if not full_name:
        raise UserError(_("Chưa nhập họ và tên."), code="full_name", field="full_name")
    if password:
        _check_password(password, User(username=username, full_name=full_name, email=email), "password")
    user = _user_insert(
        username=username, full_name=full_name, email=email.strip(), password=password, is_system_admin=False
    )
    agency_id = org.agency_id if org is not None else None
    events.record(actor, "user.create", user, agency_id=agency_id, data={"username": username})
    if org is not None:
        membership_add(actor=actor, user=user, org=org, role=role, title=title)
    return user


@transaction.atomic
def person_update(*, actor, person: User, full_name: str, email: str = "", phone: str = "") -> User:
    """Correct a person's name and contact details."""
    require_account_admin(actor, person)
    person = User.objects.select_for_update().get(pk=person.pk)
    full_name = full_name.strip()
    if not full_name:
        raise UserError(_("Chưa nhập họ và tên."), code="full_name", field="full_name")
    changes = {
        name: value
        for name, value in (("full_name", full_name), ("email", email.strip()), ("phone", phone.strip()))
        if getattr(person, name) != value
    }
    if changes:
        for name, value in changes.items():
            setattr(person, name, value)
        person.save(update_fields=list(changes))
        events.record(actor, "user.update", person, agency_id=_home_agency_id(person), data=changes)
    return person


@transaction.atomic
def person_set_active(*, actor, person: User, active: bool) -> None:
    """Close or reopen an account. A closed account is signed out at its next request (the
    backend refuses inactive users) and its API tokens are revoked, not merely suspended."""
    require_account_admin(actor, person)
    if not active and actor is not None and actor.pk == person.pk:
        raise UserError(_("Không thể tự khóa tài khoản của chính mình."), code="self_deactivate")
    if not User.objects.filter(pk=person.pk, is_active=not active).update(is_active=active):
        return  # already in that state: nothing happened, nothing to record
    if not active:
        ApiToken.objects.filter(user_id=person.pk, revoked=False).update(revoked=True)
    action = "user.reactivate" if active else "user.deactivate"
    events.record(actor, action, person, agency_id=_home_agency_id(person))


@transaction.atomic
def person_unlock(*, actor, person: User) -> None:
    """Lift a lock-out after too many failed log-ins, before it expires by itself."""
    require_account_admin(actor, person)
    User.objects.filter(pk=person.pk).update(locked_until=None, failed_logins=0)
    events.record(actor, "user.unlock", person, agency_id=_home_agency_id(person))


@transaction.atomic
def person_password_reset(*, actor, person: User, new_password: str) -> None:
    """Set a new password for someone who lost theirs. Their sessions end (Django checks the
    password hash on every request), a lock-out is lifted and their API tokens are revoked."""
    require_account_admin(actor, person)
    person = User.objects.select_for_update().get(pk=person.pk)
    _check_password(new_password, person, "new_password")
    person.set_password(new_password)
    person.locked_until, person.failed_logins = None, 0
    person.save(update_fields=["password", "locked_until", "failed_logins"])
    ApiToken.objects.filter(user_id=person.pk, revoked=False).update(revoked=True)
    events.record(actor, "user.password_reset", person, agency_id=_home_agency_id(person))


@transaction.atomic
def membership_add(
    *, actor, user: User, org, role: str, title: str = "", is_primary: bool = True
) -> Membership:
    """Give `user` a post in `org`. Several posts are allowed (kiêm nhiệm)."""
    require_admin(actor, org)
    if role not in Role.values:
        raise UserError(_("Vai trò không hợp lệ."), code="role", field="role")
    membership, created = Membership.objects.get_or_create(
        user=user,
        org=org,
        role=role,
        defaults={"agency_id": org.agency_id, "title": title, "is_primary": is_primary},
    )
    if not created and membership.active:
        raise UserError(_("Người này đã giữ chức vụ này tại đơn vị."), code="membership_exists", field="role")
    if not created:
        membership.active, membership.title = True, title
        membership.save(update_fields=["active", "title", "updated_at"])
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
        raise UserError(_("Mật khẩu hiện tại không đúng."), code="wrong_password", field="old_password")
    _check_password(new_password, actor, "new_password")
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
