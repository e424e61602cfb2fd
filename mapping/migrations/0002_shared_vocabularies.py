"""The shared themes. (Communities served are the organisations registry's rows.)"""

from django.db import migrations
from django.utils.text import slugify

# Frozen here: later changes to mapping/vocabulary.py need a migration of their own.
SHARED_THEMES = [
    "Food",
    "Mental health",
    "Loneliness",
    "Money and debt",
    "Housing",
    "Employment",
    "Young people",
    "Older people",
    "Domestic abuse",
    "Digital inclusion",
    "Physical health",
    "Advice and advocacy",
]


def create(apps, schema_editor):
    Theme = apps.get_model("mapping", "Theme")
    for name in SHARED_THEMES:
        if not Theme.objects.filter(slug=slugify(name), place__isnull=True).exists():
            Theme.objects.create(name=name, slug=slugify(name))


class Migration(migrations.Migration):
    dependencies = [
        ("mapping", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
