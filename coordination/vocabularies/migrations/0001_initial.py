"""Themes and community additions, which were mapping's: the tables exist already (mapping 0010
gave them this app's names), so this only records the models."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("mapping", "0010_vocabulary_tables_to_core"),
        ("organisations", "0002_web_address_characters"),
        ("places", "0002_first_places"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CommunityAddition",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "community",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="organisations.community",
                            ),
                        ),
                        (
                            "place",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="places.place",
                            ),
                        ),
                    ],
                    options={
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("place", "community"),
                                name="community_addition_once_per_place",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Theme",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=100)),
                        ("slug", models.SlugField(max_length=100)),
                        ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        (
                            "place",
                            models.ForeignKey(
                                blank=True,
                                help_text="Empty for the shared themes; a place for its own additions.",
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="places.place",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["name"],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("place__isnull", True)),
                                fields=("slug",),
                                name="theme_unique_shared_slug",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("place__isnull", False)),
                                fields=("place", "slug"),
                                name="theme_unique_slug_per_place",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        )
    ]
