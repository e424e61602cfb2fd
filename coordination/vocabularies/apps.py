from django.apps import AppConfig


class VocabulariesConfig(AppConfig):
    name = "coordination.vocabularies"
    label = "vocabularies"
    verbose_name = "Vocabularies"
