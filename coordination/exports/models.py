"""The built file of one open data export of one place (its 360Giving grants as CSV, ...)."""

from django.db import models

from coordination.places.tenancy import PlaceScoped


class ExportFile(PlaceScoped):
    """The current file of export ``key`` for a place, in the "exports" storage.

    ``generation`` counts the changes to what the export holds (each write the export watches adds
    one, in the writer's transaction); ``built_generation`` is the generation the current file was
    built from. The file is fresh when the two agree; a stale file is rebuilt by a task (and by the
    next request, if it comes first). ``name`` is content-addressed (it ends with the ETag), so a
    rebuild never overwrites a file someone is reading: it writes a new one and switches.
    """

    key = models.CharField(max_length=64)
    generation = models.PositiveBigIntegerField(default=1)
    built_generation = models.PositiveBigIntegerField(default=0)
    name = models.CharField(max_length=255, blank=True)
    etag = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    records = models.PositiveIntegerField(default=0)
    built_at = models.DateTimeField(null=True, blank=True)
    build_seconds = models.FloatField(default=0)
    # The settings the file was built under (ExportKind.recipe): a changed licence or site address
    # makes it stale too.
    recipe = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["place", "key"], name="exportfile_place_key"),
        ]

    def __str__(self):
        return f"{self.key} of place {self.place_id}"

    def is_fresh(self, recipe):
        return (
            bool(self.name) and self.built_generation >= self.generation and self.recipe == recipe
        )
