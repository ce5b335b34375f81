from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "edesk.demo"
    label = "demo"
    verbose_name = "Dữ liệu mẫu và dữ liệu đo hiệu năng"
