"""Boards and the seats on them: what kind of board, who it reports to, who sits where.

A board belongs to one place; a thematic subgroup reports back to its parent board; a
community board serves an area. A seat records a person's position, the sector they
represent and from when to when they hold it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.dates import not_too_far_ahead
from coordination.places.tenancy import PlaceScoped, PlaceScopedQuerySet, place_scoped_manager


class BoardKind(models.TextChoices):
    RECOVERY_BOARD = "recovery_board", _("Recovery board")
    THEMATIC_SUBGROUP = "thematic_subgroup", _("Thematic subgroup")
    # A group of one of the place's community structures: the place names it (a community board,
    # a neighbourhood group, a pilot); the value keeps its first name.
    COMMUNITY_BOARD = "community_board", _("Community group")
    PARTNERSHIP_GROUP = "partnership_group", _("Partnership group")


class Position(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")

    @classmethod
    def officers(cls):
        return {cls.CHAIR, cls.VICE_CHAIR, cls.SECRETARY}


class Sector(models.TextChoices):
    COUNCIL = "council", _("Council")
    VCSE = "vcse", _("Voluntary and community sector (VCSE)")
    HEALTH = "health", _("Health")
    BUSINESS = "business", _("Business")
    COMMUNITY = "community", _("Community (residents)")


class BoardQuerySet(PlaceScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)


class Board(PlaceScoped):
    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=80)
    kind = models.CharField(max_length=32, choices=BoardKind.choices)
    description = text_limits.BoundedTextField(blank=True, max_length=text_limits.TEXT)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subgroups",
        help_text=_("The board a thematic subgroup reports back to."),
    )
    theme = models.CharField(max_length=150, blank=True)
    remit = text_limits.BoundedTextField(blank=True, max_length=text_limits.TEXT)
    review_date = models.DateField(null=True, blank=True, validators=[not_too_far_ahead])
    area = models.ForeignKey(
        "places.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="boards",
        help_text=_("The area a community board serves."),
    )
    structure = models.ForeignKey(
        "boards.CommunityStructure",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="groups",
        help_text=_("For a community group: the community structure it belongs to."),
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Anyone may see a public board and its meetings.")
    )
    seats = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_(
            "How many voting members the board should have; empty seats show as vacancies."
        ),
    )
    quorum = models.PositiveSmallIntegerField(
        _("quorum"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("How many members must be present at a meeting for the board to decide."),
    )
    report_back_lead_days = models.PositiveSmallIntegerField(
        default=7,
        help_text=_(
            "For a subgroup: how many days before the parent board meets its report-back is due."
        ),
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = place_scoped_manager(BoardQuerySet)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["place", "slug"], name="board_unique_slug_per_place"),
            models.CheckConstraint(
                condition=Q(quorum__gte=1),
                name="board_quorum_at_least_one",
                violation_error_message=_("A quorum is at least one member."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="thematic_subgroup") | Q(parent__isnull=False),
                name="board_subgroup_has_parent",
                violation_error_message=_("A thematic subgroup needs a parent board."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="community_board") | Q(structure__isnull=False),
                name="board_community_group_has_structure",
                violation_error_message=_("A community group belongs to a community structure."),
            ),
            models.CheckConstraint(
                condition=Q(kind="community_board") | Q(structure__isnull=True),
                name="board_only_community_groups_in_structures",
                violation_error_message=_("Only a community group belongs to a structure."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(
            "places:boards:board_detail", kwargs={"place_slug": self.place_slug, "pk": self.pk}
        )

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == BoardKind.THEMATIC_SUBGROUP and not self.parent_id:
            errors["parent"] = _("Choose the board this subgroup reports back to.")
        if self.kind != BoardKind.THEMATIC_SUBGROUP and self.parent_id:
            errors["parent"] = _("Only a thematic subgroup has a parent board.")
        if self.parent_id:
            if self.parent.place_id != self.place_id:
                errors["parent"] = _("The parent board must be in the same place.")
            elif self.pk and self.parent_id == self.pk:
                errors["parent"] = _("A board cannot be its own parent.")
            elif self.parent.kind == BoardKind.THEMATIC_SUBGROUP:
                errors["parent"] = _("A subgroup reports to a board, not to another subgroup.")
        if self.kind == BoardKind.COMMUNITY_BOARD and not self.structure_id:
            errors["structure"] = _("Choose the community structure this group belongs to.")
        if self.structure_id and self.kind != BoardKind.COMMUNITY_BOARD:
            errors["structure"] = _("Only a community group belongs to a community structure.")
        if self.structure_id:
            if self.structure.place_id != self.place_id:
                errors["structure"] = _("The community structure must be in the same place.")
            elif self.structure.groups_need_area and not self.area_id:
                errors["area"] = _("Choose the area this %(group)s serves.") % {
                    "group": self.structure.group_noun
                }
        if self.area_id and self.area.place_id != self.place_id:
            errors["area"] = _("The area must be in the same place.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_subgroup(self):
        return self.kind == BoardKind.THEMATIC_SUBGROUP

    @property
    def is_community_board(self):
        """A group of one of the place's community structures (any name the place gives it)."""
        return self.kind == BoardKind.COMMUNITY_BOARD

    @property
    def takes_ideas(self):
        return self.is_community_board and bool(self.structure_id) and self.structure.takes_ideas

    @property
    def is_asset_based(self):
        return self.is_community_board and bool(self.structure_id) and self.structure.asset_based

    @property
    def meets_in_public(self):
        """New meetings of a group whose structure meets in public start out public."""
        return (
            self.is_community_board
            and bool(self.structure_id)
            and self.structure.holds_public_meetings
        )

    @property
    def group_label(self):
        """What the board is, in the words of its place: "Neighbourhood group · Communities
        Pillar" for a community group, else its kind."""
        if self.is_community_board and self.structure_id:
            noun = self.structure.group_noun
            return f"{noun[:1].upper()}{noun[1:]} · {self.structure.name}"
        return self.get_kind_display()

    @property
    def resident_seats(self):
        """How many seats the board's structure keeps for residents."""
        if self.is_community_board and self.structure_id:
            return self.structure.resident_seats
        return 0


class BoardMembershipQuerySet(PlaceScopedQuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(started_on__lte=on).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=on)
        )


class BoardMembership(PlaceScoped):
    """A person's seat on a board: their position, the sector they represent, from when to when."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_memberships"
    )
    position = models.CharField(max_length=16, choices=Position.choices, default=Position.MEMBER)
    sector = models.CharField(max_length=16, choices=Sector.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="board_memberships",
    )
    started_on = models.DateField(default=timezone.localdate, validators=[not_too_far_ahead])
    ended_on = models.DateField(null=True, blank=True, validators=[not_too_far_ahead])
    in_rota = models.BooleanField(
        default=True, help_text=_("Takes turns chairing and taking minutes.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = place_scoped_manager(BoardMembershipQuerySet)

    class Meta:
        ordering = ["board", "position", "user__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "board", "user"],
                condition=Q(ended_on__isnull=True),
                name="board_membership_one_open_seat",
                violation_error_message=_("This person already has a seat on this board."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="board_membership_ends_after_start",
                violation_error_message=_("A seat cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_position_display()}, {self.board})"

    def clean(self):
        super().clean()
        if self.board_id and self.board.place_id != self.place_id:
            raise ValidationError({"board": _("The board must be in the same place.")})
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("The end date must be on or after the start.")})
