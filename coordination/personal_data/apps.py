from django.apps import AppConfig


class PersonalDataConfig(AppConfig):
    name = "coordination.personal_data"
    label = "personal_data"
    verbose_name = "Personal data requests"
