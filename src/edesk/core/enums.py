"""Enumerations shared by every app (Decree 30 and QCVN 102 vocabularies)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Urgency(models.IntegerChoices):
    """Độ khẩn. Stored as a number so that "most urgent first" is an index-friendly ORDER BY."""

    NORMAL = 0, _("Thường")
    URGENT = 1, _("Khẩn")
    VERY_URGENT = 2, _("Thượng khẩn")
    FLASH = 3, _("Hỏa tốc")

    @property
    def api_code(self) -> str:
        return URGENCY_CODES[self]


URGENCY_CODES = {
    Urgency.NORMAL: "normal",
    Urgency.URGENT: "urgent",
    Urgency.VERY_URGENT: "very_urgent",
    Urgency.FLASH: "flash",
}


class Secrecy(models.IntegerChoices):
    """Độ mật. Secret documents keep only their register entry: no file ever enters the system."""

    NONE = 0, pgettext_lazy("secrecy", "Thường")
    CONFIDENTIAL = 1, _("Mật")
    SECRET = 2, _("Tối mật")
    TOP_SECRET = 3, _("Tuyệt mật")


SECRECY_CODES = {
    Secrecy.NONE: "none",
    Secrecy.CONFIDENTIAL: "confidential",
    Secrecy.SECRET: "secret",
    Secrecy.TOP_SECRET: "top_secret",
}


class Channel(models.TextChoices):
    """How an incoming document arrived."""

    ELECTRONIC = "electronic", _("Điện tử")
    POST = "post", _("Bưu chính")
    HAND = "hand", _("Trực tiếp")


def choice_from_code(enum: type[models.IntegerChoices], codes: dict, value: str | int | None):
    """Accept the API code ('urgent'), the number (1) or the Vietnamese label ('Khẩn')."""
    if value is None or value == "":
        return enum(0)
    for member, code in codes.items():
        if value in (code, member.value, str(member.value), member.label):
            return member
    raise ValueError(value)
