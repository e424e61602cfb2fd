"""Tenders point at the core's themes (same table, renamed; nothing changes in the database)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("commissioning", "0002_tender_list_index"),
        ("vocabularies", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="tender",
                    name="themes",
                    field=models.ManyToManyField(
                        blank=True, related_name="tenders", to="vocabularies.theme"
                    ),
                ),
            ],
            database_operations=[],
        )
    ]
