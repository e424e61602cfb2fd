"""The vocabularies every domain shares: themes of need and provision, and communities served.

Themes are shared rows (place empty) plus each place's own additions. The communities a service,
bid or organisation serves are the organisations registry's Community rows; a place may add its own,
recorded here so the addition stays out of every other place's lists.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coordination.places.tenancy import PlaceScoped


class VocabularyQuerySet(models.QuerySet):
    def for_place(self, place):
        """The shared rows and this place's own additions (never another place's)."""
        return self.filter(Q(place__isnull=True) | Q(place=place))


class Theme(models.Model):
    """A theme of need and provision: food, mental health, money and debt..."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100)
    place = models.ForeignKey(
        "places.Place",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty for the shared themes; a place for its own additions."),
    )
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = VocabularyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], condition=Q(place__isnull=True), name="theme_unique_shared_slug"
            ),
            models.UniqueConstraint(
                fields=["place", "slug"],
                condition=Q(place__isnull=False),
                name="theme_unique_slug_per_place",
            ),
        ]

    def __str__(self):
        return self.name


class CommunityAddition(PlaceScoped):
    """A community one place added to the shared list (the row itself lives in the registry)."""

    community = models.ForeignKey(
        "organisations.Community", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["place", "community"], name="community_addition_once_per_place"
            )
        ]

    def __str__(self):
        return f"{self.community} ({self.place})"
