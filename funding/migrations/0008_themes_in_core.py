"""Programmes and bids point at the core's themes (same table, renamed; nothing changes in the
database)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0007_upload_policy_validators"),
        ("vocabularies", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="bid",
                    name="themes",
                    field=models.ManyToManyField(
                        blank=True, related_name="bids", to="vocabularies.theme"
                    ),
                ),
                migrations.AlterField(
                    model_name="programme",
                    name="themes",
                    field=models.ManyToManyField(
                        blank=True, related_name="programmes", to="vocabularies.theme"
                    ),
                ),
            ],
            database_operations=[],
        )
    ]
