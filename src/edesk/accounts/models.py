"""Users, their posts in units (one person may hold several: kiêm nhiệm) and API tokens."""

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edesk.accounts.roles import Role
from edesk.core.models import PublicId, TimeStamped


class User(PublicId, AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=50)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    failed_logins = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    # A system-wide administrator manages every agency's tree and accounts.
    is_system_admin = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = pgettext_lazy("plural", "người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username


class Membership(TimeStamped):
    """A post: a person holds a role in one unit (or agency), with a title such as "Giám đốc"."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="memberships")
    # The agency of `org`, stored so "who are the clerks of this agency" is one indexed lookup.
    agency = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=Role.choices)
    title = models.CharField(_("chức vụ"), max_length=100, blank=True)
    is_primary = models.BooleanField(default=True)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = pgettext_lazy("plural", "chức vụ")
        constraints = [models.UniqueConstraint(fields=["user", "org", "role"], name="membership_unique")]
        indexes = [models.Index(fields=["agency", "role", "active"], name="membership_agency_role")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.org}"


class ApiToken(TimeStamped):
    """A REST API token. Only its SHA-256 is stored: a database leak gives no usable token."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    name = models.CharField(max_length=100, blank=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = pgettext_lazy("plural", "mã truy cập API")

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()
