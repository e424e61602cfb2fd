"""The search index: its table everywhere; on PostgreSQL pg_trgm, the GIN index of the vector and
the trigram index of titles; on SQLite an FTS5 table over title and body, kept by triggers."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

import coordination.text_limits
from coordination.search.migration_ops import OnVendor

FTS_CREATE = [
    "CREATE VIRTUAL TABLE search_searchentry_fts USING fts5(title, body, "
    "content='search_searchentry', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_searchentry_fts_insert AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_searchentry_fts(rowid, title, body) VALUES (new.id, new.title, new.body); "
    "END",
    "CREATE TRIGGER search_searchentry_fts_delete AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER search_searchentry_fts_update AFTER UPDATE ON search_searchentry BEGIN "
    "INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO search_searchentry_fts(rowid, title, body) VALUES (new.id, new.title, new.body); "
    "END",
]
FTS_DROP = [
    "DROP TRIGGER IF EXISTS search_searchentry_fts_update",
    "DROP TRIGGER IF EXISTS search_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS search_searchentry_fts_insert",
    "DROP TABLE IF EXISTS search_searchentry_fts",
]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("places", "0003_place_postcode_districts"),
    ]

    operations = [
        # CreateExtension itself does nothing on another vendor.
        TrigramExtension(),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=40)),
                ("object_id", models.BigIntegerField()),
                ("title", models.CharField(max_length=300)),
                (
                    "body",
                    coordination.text_limits.BoundedTextField(blank=True, max_length=5000),
                ),
                ("url", models.CharField(max_length=500)),
                ("public", models.BooleanField(default=False)),
                (
                    "vector",
                    django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
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
                        fields=("place", "kind", "object_id"), name="search_entry_one_per_object"
                    )
                ],
            },
        ),
        OnVendor(
            "postgresql",
            migrations.AddIndex(
                model_name="searchentry",
                index=django.contrib.postgres.indexes.GinIndex(
                    fields=["vector"], name="search_entry_vector"
                ),
            ),
        ),
        OnVendor(
            "postgresql",
            migrations.AddIndex(
                model_name="searchentry",
                index=django.contrib.postgres.indexes.GinIndex(
                    django.contrib.postgres.indexes.OpClass("title", name="gin_trgm_ops"),
                    name="search_entry_title_trgm",
                ),
            ),
        ),
        OnVendor("sqlite", migrations.RunSQL(FTS_CREATE, FTS_DROP)),
    ]
