from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "edesk.core"
    label = "core"
    verbose_name = "Lõi hệ thống"
