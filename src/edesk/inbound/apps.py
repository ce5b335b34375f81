from django.apps import AppConfig


class InboundConfig(AppConfig):
    name = "edesk.inbound"
    label = "inbound"
    verbose_name = "Văn bản đến"
