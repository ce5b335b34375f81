from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboundConfig(AppConfig):
    name = "edesk.outbound"
    label = "outbound"
    verbose_name = _("Văn bản đi")
