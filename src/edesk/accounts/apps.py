from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "edesk.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"
