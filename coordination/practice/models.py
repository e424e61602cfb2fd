"""What worked: a place's practice notes, their figures, and the places trying them.

A note belongs to the place that wrote it. A follow belongs to the place that is trying the note
(the follower's place), and names a note of any place: it is the one row here that links two
places, so a place export leaves it out (coordination/places/transfer/carried.py).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.places.tenancy import PlaceScoped, PlaceScopedQuerySet, place_scoped_manager

SUMMARY_LENGTH = 400
HOW_LENGTH = 300


class NoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class FigureUnit(models.TextChoices):
    COUNT = "count", _("Count")
    PERCENT = "percent", _("Per cent")
    POUNDS = "pounds", _("Pounds")


class PracticeNoteQuerySet(PlaceScopedQuerySet):
    def published(self):
        return self.filter(status=NoteStatus.PUBLISHED)


class PracticeNote(PlaceScoped):
    """What a place did, what changed and what it would do differently, for other places to read."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    summary = models.CharField(
        max_length=SUMMARY_LENGTH,
        help_text=_("One or two sentences: what you did and what changed."),
    )
    what_we_did = text_limits.BoundedTextField(_("what we did"), max_length=text_limits.TEXT)
    what_changed = text_limits.BoundedTextField(_("what changed"), max_length=text_limits.TEXT)
    do_differently = text_limits.BoundedTextField(
        _("what we would do differently"), max_length=text_limits.TEXT
    )
    contact = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Who other places can ask about it: a team, a role or an email address."),
    )
    theme = models.ForeignKey(
        "vocabularies.Theme", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=16, choices=NoteStatus.choices, default=NoteStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = place_scoped_manager(PracticeNoteQuerySet)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["place", "slug"], name="practice_note_unique_slug"),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(published_at__isnull=False),
                name="practice_note_published_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_published(self):
        return self.status == NoteStatus.PUBLISHED

    def get_absolute_url(self):
        return reverse(
            "places:practice:detail", kwargs={"place_slug": self.place_slug, "slug": self.slug}
        )

    def clean(self):
        super().clean()
        if self.theme_id and self.theme.place_id not in (None, self.place_id):
            raise ValidationError({"theme": _("Choose one of this place's themes.")})


class PracticeFigure(PlaceScoped):
    """One figure of a note: a label, a number, its unit and the period it covers."""

    note = models.ForeignKey(PracticeNote, on_delete=models.CASCADE, related_name="figures")
    label = models.CharField(max_length=120)
    value = models.DecimalField(max_digits=14, decimal_places=2)
    unit = models.CharField(max_length=16, choices=FigureUnit.choices, default=FigureUnit.COUNT)
    period = models.CharField(
        max_length=100, help_text=_("The time the figure covers, like April to September 2026.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        if self.note_id and self.note.place_id != self.place_id:
            raise ValidationError({"note": _("The note must be in the same place.")})
        if self.unit == FigureUnit.PERCENT and self.value is not None and abs(self.value) > 1000:
            raise ValidationError({"value": _("Enter a percentage between -1000 and 1000.")})

    @property
    def shown(self):
        """The value as people read it: 1,250 / 42% / £3,500."""
        value = self.value
        number = f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
        if self.unit == FigureUnit.PERCENT:
            return f"{number}%"
        if self.unit == FigureUnit.POUNDS:
            return f"-£{number[1:]}" if number.startswith("-") else f"£{number}"
        return number


class PracticeFollow(PlaceScoped):
    """A person trying a note in a place of theirs (``place``); the note may be any place's."""

    note = models.ForeignKey(PracticeNote, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    how = models.CharField(
        _("how you are trying it"),
        max_length=HOW_LENGTH,
        blank=True,
        help_text=_("Optional. A sentence other places can read, such as who is leading it."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["note", "user", "place"], name="practice_follow_once_per_place"
            )
        ]

    def __str__(self):
        return f"{self.note} in {self.place}"
