from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = "Funding"

    def ready(self):
        # The stored figures are told when what they count changes.
        from . import signals

        signals.connect()
