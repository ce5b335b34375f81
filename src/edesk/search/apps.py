from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "edesk.search"
    label = "search"
    verbose_name = "Tìm kiếm"
