"""The organisation tree: province → departments and communes → their offices and units, any depth."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edesk.core.models import PublicId, TimeStamped


def validate_org_code(value: str) -> None:
    """Identifier codes (mã định danh) are opaque strings checked by a configurable pattern."""
    if not re.fullmatch(settings.EDESK_ORG_CODE_PATTERN, value):
        raise ValidationError(
            _("Mã định danh “%(value)s” không đúng định dạng (ví dụ 000.00.00.H57)."),
            code="org_code",
            params={"value": value},
        )


class Organization(PublicId, TimeStamped):
    """A node of the tree. An agency (cơ quan) has its own clerk, seal and registers; a unit
    (phòng, ban) lives inside an agency and shares its registers."""

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # The agency this node belongs to (itself, for an agency): every document query filters on it,
    # so it is stored rather than walked up the tree at read time.
    agency = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    is_agency = models.BooleanField(default=False)
    name = models.CharField(_("tên"), max_length=200)
    short_name = models.CharField(
        _("tên viết tắt"), max_length=30, help_text=_("Dùng trong ký hiệu văn bản: UBND, STC, VX")
    )
    code = models.CharField(
        _("mã định danh"), max_length=13, null=True, blank=True, unique=True, validators=[validate_org_code]
    )
    # Materialised path ("0001.0004.0012.") makes "this node and everything under it" one indexed prefix scan.
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    sort_order = models.PositiveIntegerField(default=0)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = pgettext_lazy("plural", "cơ quan, đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["path"], name="org_path_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_root(self) -> bool:
        return self.parent_id is None
