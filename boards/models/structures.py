"""Community structures: the ways a place brings residents in, set up by its admin without code.

Each place names its own: Buckinghamshire's community boards (one group per area), Coventry's
Communities Pillar (neighbourhood and thematic groups), Sutton's St Helier pilot (one resident-led
group tied to an area and its assets). A structure says what its groups are called and what they
do: take residents' ideas, hold public meetings, keep seats for residents, hold a devolved fund,
build on the area's community assets. Its groups are boards (``Board.structure``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.places.tenancy import PlaceScoped, PlaceScopedQuerySet, place_scoped_manager

DEFAULT_TERMS = _(
    "Be kind and stay on the subject. Do not share anyone's personal details. No advertising, "
    "abuse or discrimination. What you post is public with your name; a moderator may hide a post "
    "that breaks these terms and will say why."
)


class GroupsBy(models.TextChoices):
    AREA = "area", _("Area: each group serves a part of the place")
    THEME = "theme", _("Theme or neighbourhood: groups choose their own focus")


class CommunityStructureQuerySet(PlaceScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)


class CommunityStructure(PlaceScoped):
    """One way a place brings residents in, and what its groups do."""

    name = models.CharField(max_length=150, help_text=_("For example, Community boards."))
    slug = models.SlugField(max_length=80)
    group_noun = models.CharField(
        _("what one group is called"),
        max_length=60,
        help_text=_("In the singular and lower case, for example community board."),
    )
    summary = models.CharField(
        max_length=300, help_text=_("One sentence residents see when choosing where to take part.")
    )
    description = text_limits.BoundedTextField(blank=True, max_length=text_limits.TEXT)
    groups_by = models.CharField(max_length=16, choices=GroupsBy.choices, default=GroupsBy.AREA)
    area = models.ForeignKey(
        "places.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="community_structures",
        help_text=_("For a pilot in one neighbourhood: the area it works in."),
    )
    takes_ideas = models.BooleanField(_("residents can put ideas forward"), default=True)
    holds_public_meetings = models.BooleanField(
        _("groups meet in public"),
        default=True,
        help_text=_("New meetings are public: anyone can see them, register and send questions."),
    )
    resident_seats = models.PositiveSmallIntegerField(
        _("seats kept for residents on each group"), default=0
    )
    has_fund = models.BooleanField(
        _("groups can hold a devolved fund"),
        default=False,
        help_text=_("Each group can have a budget that it, and residents, decide how to spend."),
    )
    asset_based = models.BooleanField(
        _("asset-based"),
        default=False,
        help_text=_("Ideas and projects say which community assets they build on."),
    )
    terms = text_limits.BoundedTextField(
        _("terms of participation"),
        blank=True,
        max_length=text_limits.TEXT,
        help_text=_("Shown whenever someone posts. Leave empty to use the standard terms."),
    )
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = place_scoped_manager(CommunityStructureQuerySet)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "slug"],
                name="community_structure_unique_slug_per_place",
                violation_error_message=_("This place already has a structure at that address."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(
            "places:community:structure_detail",
            kwargs={"place_slug": self.place_slug, "slug": self.slug},
        )

    def clean(self):
        super().clean()
        if self.area_id and self.area.place_id != self.place_id:
            raise ValidationError({"area": _("The area must be in the same place.")})

    @property
    def terms_text(self):
        """The terms shown when someone posts: the structure's own or the standard ones."""
        return self.terms.strip() or str(DEFAULT_TERMS)

    @property
    def groups_need_area(self):
        return self.groups_by == GroupsBy.AREA
