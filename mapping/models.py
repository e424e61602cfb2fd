"""Mapping: the services, needs and community assets of a place.

Their themes and communities are the core's shared vocabularies (coordination/vocabularies).
"""

import uuid
from datetime import date
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.dates import not_in_future
from coordination.places.tenancy import PlaceScoped, PlaceScopedQuerySet, place_scoped_manager
from coordination.uploads import UploadPolicyValidator
from coordination.web_addresses import validate_web_address

from .geometry import Refused, outline_geometry

# The shape of a full UK postcode (outward and inward parts), as Royal Mail publishes it.
UK_POSTCODE = RegexValidator(
    r"^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKPSTUW]? ?[0-9][ABD-HJLNP-UW-Z]{2})$",
    _("Enter a full UK postcode, like SM5 1AA."),
)


def normalise_postcode(value):
    """Upper case with one space before the inward part: "sm51aa" -> "SM5 1AA"."""
    compact = "".join((value or "").split()).upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


class ServiceQuerySet(PlaceScopedQuerySet):
    def active(self):
        return self.filter(status=ServiceStatus.ACTIVE)


class Service(PlaceScoped):
    """Something an organisation offers people in the place: a food pantry, a debt advice line."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(max_length=200)
    description = text_limits.BoundedTextField(blank=True, max_length=text_limits.TEXT)
    themes = models.ManyToManyField("vocabularies.Theme", related_name="services")
    communities = models.ManyToManyField(
        "organisations.Community",
        related_name="services",
        blank=True,
        verbose_name=_("communities served"),
    )
    is_specialist = models.BooleanField(
        _("designed for the communities it serves"),
        default=False,
        help_text=_(
            "A specialist service is designed for the communities it names; otherwise it is open "
            "to all."
        ),
    )
    whole_place = models.BooleanField(_("serves the whole place"), default=False)
    areas = models.ManyToManyField("places.Area", related_name="services", blank=True)
    in_person = models.BooleanField(_("in person"), default=True)
    online = models.BooleanField(_("online"), default=False)
    by_phone = models.BooleanField(_("by phone"), default=False)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True, validators=[UK_POSTCODE])
    latitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(49), MaxValueValidator(61)],
    )
    longitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-9), MaxValueValidator(3)],
    )
    weekly_capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("People it can help in a usual week.")
    )
    eligibility = text_limits.BoundedTextField(blank=True, max_length=text_limits.TEXT)
    contact_name = models.CharField(max_length=150, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True, validators=[validate_web_address])
    status = models.CharField(
        max_length=16, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    last_verified = models.DateField(null=True, blank=True, validators=[not_in_future])
    external_id = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("The identifier in the system it came from, so a re-import updates it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = place_scoped_manager(ServiceQuerySet)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "external_id"],
                condition=~Q(external_id=""),
                name="service_unique_external_id_per_place",
            ),
        ]
        indexes = [
            models.Index(fields=["place", "status"]),
            # The directory and the API list: a place's services by name, keyset on the id.
            models.Index(fields=["place", "name", "id"], name="service_place_name_id"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(
            "places:mapping:service_detail", kwargs={"place_slug": self.place_slug, "pk": self.pk}
        )

    def clean(self):
        super().clean()
        if self.postcode:
            self.postcode = normalise_postcode(self.postcode)
        if not (self.in_person or self.online or self.by_phone):
            raise ValidationError(
                {"in_person": _("Say how the service is delivered: in person, online or by phone.")}
            )
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude": _("Give both latitude and longitude, or neither.")})

    @property
    def delivery(self):
        return [
            label
            for on, label in (
                (self.in_person, _("In person")),
                (self.online, _("Online")),
                (self.by_phone, _("By phone")),
            )
            if on
        ]


class Severity(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")


def evidence_upload_to(instance, filename):
    # A random name under the place: the original may say more than it should, and must not collide.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"mapping/evidence/{instance.place_id}/{uuid.uuid4().hex}{suffix}"


class Need(PlaceScoped):
    """Evidence of a need in an area on a theme: a rating, an indicator, or both."""

    area = models.ForeignKey("places.Area", on_delete=models.PROTECT, related_name="needs")
    theme = models.ForeignKey("vocabularies.Theme", on_delete=models.PROTECT, related_name="needs")
    communities = models.ManyToManyField(
        "organisations.Community",
        related_name="needs",
        blank=True,
        verbose_name=_("communities affected"),
    )
    summary = models.CharField(max_length=200)
    severity = models.PositiveSmallIntegerField(choices=Severity.choices, null=True, blank=True)
    indicator_value = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    indicator_unit = models.CharField(max_length=60, blank=True)
    indicator_source = models.CharField(max_length=200, blank=True)
    indicator_date = models.DateField(
        null=True,
        blank=True,
        validators=[not_in_future],
        help_text=_("When the figure was measured: today or earlier."),
    )
    evidence_url = models.URLField(
        _("link to the evidence"), blank=True, validators=[validate_web_address]
    )
    evidence_file = models.FileField(
        upload_to=evidence_upload_to,
        blank=True,
        max_length=255,
        validators=[UploadPolicyValidator("need_evidence")],
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The organisation that submitted the evidence."),
    )
    external_id = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = place_scoped_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "external_id"],
                condition=~Q(external_id=""),
                name="need_unique_external_id_per_place",
            ),
        ]
        # Lists: newest first, keyset on the id.
        indexes = [
            models.Index(fields=["place", "-created_at", "id"], name="need_place_created_id")
        ]

    def __str__(self):
        return self.summary

    def clean(self):
        super().clean()
        if self.severity is None and self.indicator_value is None:
            raise ValidationError(
                {"severity": _("Rate the need, or give an indicator value (or both).")}
            )
        if self.indicator_value is not None and not self.indicator_source:
            raise ValidationError({"indicator_source": _("Say where the indicator comes from.")})
        if self.area_id and self.area.place_id != self.place_id:
            raise ValidationError({"area": _("Choose an area of this place.")})

    @property
    def level(self):
        """The severity the analysis uses: an indicator without a rating counts as medium."""
        return self.severity if self.severity is not None else Severity.MEDIUM


class AssetKind(models.TextChoices):
    PEOPLE = "people", _("People’s skills")
    ASSOCIATION = "association", _("Associations and groups")
    INSTITUTION = "institution", _("Institutions")
    PHYSICAL = "physical", _("Physical spaces")
    ECONOMIC = "economic", _("Economic")
    CULTURAL = "cultural", _("Cultural")


class Asset(PlaceScoped):
    """A community asset (asset-based community development): what a neighbourhood already has."""

    kind = models.CharField(max_length=16, choices=AssetKind.choices)
    name = models.CharField(max_length=200)
    area = models.ForeignKey(
        "places.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="assets"
    )
    description = text_limits.BoundedTextField(blank=True, max_length=text_limits.TEXT)
    availability = models.CharField(
        max_length=200, blank=True, help_text=_("When and how people can use it.")
    )
    postcode = models.CharField(max_length=8, blank=True, validators=[UK_POSTCODE])
    latitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(49), MaxValueValidator(61)],
        help_text=_("Where it is, for the asset map: latitude (e.g. 51.38700)."),
    )
    longitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-9), MaxValueValidator(3)],
        help_text=_("And longitude (e.g. -0.18600)."),
    )
    contact_name = models.CharField(max_length=150, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_consent = models.BooleanField(
        _("the contact agreed to their details being shared"),
        default=False,
        help_text=_("Without consent the contact details are kept for coordinators only."),
    )
    external_id = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = place_scoped_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "external_id"],
                condition=~Q(external_id=""),
                name="asset_unique_external_id_per_place",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.postcode:
            self.postcode = normalise_postcode(self.postcode)
        if self.area_id and self.area.place_id != self.place_id:
            raise ValidationError({"area": _("Choose an area of this place.")})
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude": _("Give both latitude and longitude, or neither.")})

    @property
    def has_contact(self):
        return bool(self.contact_name or self.contact_email or self.contact_phone)


class ServiceImpact(PlaceScoped):
    """How many people a service reached in one quarter, as its organisation reports it."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="impacts")
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    people_reached = models.PositiveIntegerField()
    notes = text_limits.BoundedTextField(blank=True, max_length=text_limits.TEXT)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = place_scoped_manager()

    class Meta:
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "service", "year", "quarter"], name="impact_once_per_quarter"
            )
        ]

    def __str__(self):
        return f"{self.service} {self.year} Q{self.quarter}"

    def clean(self):
        super().clean()
        if self.service_id and self.service.place_id != self.place_id:
            raise ValidationError({"service": _("Choose a service of this place.")})
        if self.year and self.quarter:
            start = date(self.year, 3 * (self.quarter - 1) + 1, 1)
            if start > date.today():
                raise ValidationError({"quarter": _("Report a quarter that has started.")})


class ImportKind(models.TextChoices):
    SERVICES = "services", _("Services")
    NEEDS = "needs", _("Needs")
    ASSETS = "assets", _("Community assets")


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Being checked")
    PREVIEWED = "previewed", _("Checked, not imported yet")
    QUEUED = "queued", _("Waiting to be imported")
    RUNNING = "running", _("Importing")
    IMPORTED = "imported", _("Imported")
    FAILED = "failed", _("Not imported")


class ImportBatch(PlaceScoped):
    """An uploaded file, read and checked; imported only when the person confirms the preview."""

    kind = models.CharField(max_length=16, choices=ImportKind.choices)
    filename = models.CharField(max_length=200)
    rows = models.JSONField(default=list, help_text=_("[line number, {column: text}] per row."))
    errors = models.JSONField(default=list, help_text=_("[line, column, message] per problem."))
    to_create = models.PositiveIntegerField(default=0)
    to_update = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=16, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    only_valid = models.BooleanField(default=False)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    objects = place_scoped_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "import batches"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.filename}"

    @property
    def error_lines(self):
        return {line for line, _column, _message in self.errors}

    @property
    def valid_rows(self):
        return len(self.rows) - len({line for line in self.error_lines if line > 1})


GEOJSON_TYPES = {"Polygon", "MultiPolygon", "Feature", "FeatureCollection"}


class AreaOutline(PlaceScoped):
    """An area's boundary as GeoJSON (e.g. from the ONS Open Geography Portal), for the map."""

    area = models.OneToOneField("places.Area", on_delete=models.CASCADE, related_name="outline")
    geojson = models.JSONField(help_text=_("A GeoJSON Polygon, MultiPolygon or Feature, in WGS84."))
    updated_at = models.DateTimeField(auto_now=True)

    objects = place_scoped_manager()

    class Meta:
        ordering = ["area__name"]

    def __str__(self):
        return f"{self.area} outline"

    def clean(self):
        """The outline must be polygons in WGS84 within the UK, rings closed, points bounded
        (mapping/geometry.py); it is stored as one Polygon or MultiPolygon geometry."""
        super().clean()
        try:
            self.geojson = outline_geometry(self.geojson)
        except Refused as exc:
            raise ValidationError({"geojson": exc.messages}) from None
        if self.area_id and self.area.place_id != self.place_id:
            raise ValidationError({"area": _("Choose an area of this place.")})


# Opening hours live in their own module (a topic of their own); imported here so Django and
# every caller find the model in mapping.models.
from .schedules import BYDAY, ServiceSchedule, Weekday  # noqa: E402, F401
from .snapshots import AnalysisSnapshot, OverlapFinding  # noqa: E402, F401
