"""The search index: one row per searchable object per place, derived from the apps' records.

The rows are derived data (``rebuild_search_index`` makes them again from the records at any time),
so a place export leaves them out. On PostgreSQL ``vector`` holds the weighted full-text vector
(title A, body B) under a GIN index, and the title has a trigram index for names and typos; on
SQLite an FTS5 table (``search_searchentry_fts``, kept by triggers the migration creates) indexes
the same title and body. ``coordination.search.selectors`` hides which one answers.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from coordination import text_limits
from coordination.places.tenancy import PlaceScoped

# The text search configuration of the PostgreSQL vector and queries (stems English words).
CONFIG = "english"
TITLE_LIMIT = 300
BODY_LIMIT = text_limits.TEXT


class SearchEntry(PlaceScoped):
    kind = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    title = models.CharField(max_length=TITLE_LIMIT)
    body = text_limits.BoundedTextField(blank=True, max_length=BODY_LIMIT)
    url = models.CharField(max_length=500)
    # Whether anyone at all could open it when it was indexed: visitors' searches read only these
    # rows; every result is still checked with its kind's visibility selector.
    public = models.BooleanField(default=False)
    vector = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["place", "kind", "object_id"], name="search_entry_one_per_object"
            )
        ]
        indexes = [
            GinIndex(fields=["vector"], name="search_entry_vector"),
            GinIndex(OpClass("title", name="gin_trgm_ops"), name="search_entry_title_trgm"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}: {self.title}"
