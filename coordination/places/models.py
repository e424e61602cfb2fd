"""Places (the tenants) and their areas: wards, localities and community-board areas."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .tenancy import PlaceScoped

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # and six hex digits."))
gss_code = RegexValidator(
    r"^[EWSNK]\d{8}$", _("Enter an ONS GSS code: a letter and eight digits, like E05012345.")
)


# First path segments InPlace uses for itself, so no place may take them.
RESERVED_SLUGS = {
    "admin",
    "accounts",
    "api",
    "static",
    "media",
    "healthz",
    "readyz",
    "metrics",
    "my-work",
    "open-data",
    "docs",
    "practice",
    "statements",
}


def validate_timezone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


def _luminance(hex_value):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_value[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_with_white(hex_value):
    return 1.05 / (_luminance(hex_value) + 0.05)


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Place(models.Model):
    """A tenant: a local authority area whose partners coordinate in InPlace."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(
        max_length=60,
        unique=True,
        help_text=_("Used in addresses, e.g. /coventry/."),
    )
    gss_code = models.CharField("ONS GSS code", max_length=9, blank=True, validators=[gss_code])
    timezone = models.CharField(
        max_length=64, default="Europe/London", validators=[validate_timezone]
    )
    digest_weekday = models.PositiveSmallIntegerField(
        choices=Weekday.choices, default=Weekday.MONDAY
    )
    digest_hour = models.PositiveSmallIntegerField(
        default=8, validators=[MinValueValidator(0), MaxValueValidator(23)]
    )
    primary_colour = models.CharField(
        max_length=7,
        default="#1d70b8",
        validators=[hex_colour],
        help_text=_("Header colour; white text must read on it (contrast 4.5:1 or more)."),
    )
    tagline = models.CharField(max_length=200, blank=True)
    postcode_districts = models.CharField(
        max_length=400,
        blank=True,
        help_text=_(
            "Postcode areas or districts the place covers, separated by spaces, like “HP MK SL” "
            "or “CV1 CV2 CV3”. An organisation registered at one of them is registered here."
        ),
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("places:home", kwargs={"place_slug": self.slug})

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {
                    "slug": _("%(slug)s is used by InPlace itself; choose another.")
                    % {"slug": self.slug}
                }
            )
        if self.primary_colour and hex_colour.regex.match(self.primary_colour):
            if contrast_with_white(self.primary_colour) < 4.5:
                raise ValidationError(
                    {
                        "primary_colour": _(
                            "White text on this colour is too faint to read; choose a darker one."
                        )
                    }
                )

    def covers_postcode(self, postcode):
        """Whether a postcode is in one of the place's postcode areas ("HP") or districts ("CV1")."""
        outward = "".join((postcode or "").split()).upper()[:-3]
        if not outward:
            return False
        area = "".join(ch for ch in outward[:2] if ch.isalpha())
        for part in self.postcode_districts.upper().split():
            if part == outward or (part.isalpha() and part == area):
                return True
        return False

    @property
    def tz(self):
        return zoneinfo.ZoneInfo(self.timezone)


class AreaKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    WARD = "ward", _("Ward")
    LOCALITY = "locality", _("Locality")
    COMMUNITY_BOARD_AREA = "community_board_area", _("Community board area")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")


class Area(PlaceScoped):
    """A part of a place: a ward, a locality, a community-board area."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80)
    kind = models.CharField(max_length=32, choices=AreaKind.choices)
    gss_code = models.CharField("ONS GSS code", max_length=9, blank=True, validators=[gss_code])
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["place", "slug"], name="area_unique_slug_per_place"),
            models.UniqueConstraint(
                fields=["place", "gss_code"],
                condition=~models.Q(gss_code=""),
                name="area_unique_gss_per_place",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.parent_id and self.parent.place_id != self.place_id:
            raise ValidationError({"parent": _("The parent area must be in the same place.")})

    def get_absolute_url(self):
        return reverse(
            "places:area_detail", kwargs={"place_slug": self.place.slug, "slug": self.slug}
        )
