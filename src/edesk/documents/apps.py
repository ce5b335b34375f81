from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "edesk.documents"
    label = "documents"
    verbose_name = "Văn bản"
