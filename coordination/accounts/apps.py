from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "coordination.accounts"
    label = "accounts"
    verbose_name = "People and memberships"
