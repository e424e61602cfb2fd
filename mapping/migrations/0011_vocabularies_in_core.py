"""Services and needs point at the core's themes; mapping's own Theme and CommunityAddition
models are gone from its state (their tables were renamed to the core's in 0010)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("commissioning", "0003_tender_themes_in_core"),
        ("funding", "0008_themes_in_core"),
        ("mapping", "0010_vocabulary_tables_to_core"),
        ("vocabularies", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="need",
                    name="theme",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="needs",
                        to="vocabularies.theme",
                    ),
                ),
                migrations.AlterField(
                    model_name="service",
                    name="themes",
                    field=models.ManyToManyField(related_name="services", to="vocabularies.theme"),
                ),
                migrations.DeleteModel(name="CommunityAddition"),
                migrations.DeleteModel(name="Theme"),
            ],
            database_operations=[],
        )
    ]
