"""The global registry of organisations: charities, community groups, councils, health, business, funders.

Organisations are global (a national funder works in many places); the places and areas they work in
say where they appear.
"""

import re
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.dates import not_in_future, not_too_far_ahead
from coordination.uploads import UploadPolicyValidator
from coordination.web_addresses import validate_web_address

# org-id.guide prefixes InPlace accepts, with the shape of the identifier after the prefix.
ORG_ID_PATTERNS = {
    "GB-CHC": (r"\d{6,7}", _("a charity number in England and Wales, like GB-CHC-1234567")),
    "GB-SC": (r"SC\d{6}", _("a Scottish charity number, like GB-SC-SC012345")),
    "GB-NIC": (r"\d{5,6}", _("a Northern Ireland charity number, like GB-NIC-100123")),
    "GB-COH": (r"(?:\d{8}|[A-Z]{2}\d{6})", _("a company number, like GB-COH-01234567")),
    "GB-LAE": (r"[A-Z]{3,4}", _("a local authority code, like GB-LAE-COV")),
    "GB-NHS": (r"[A-Z0-9]{3,5}", _("an NHS organisation code, like GB-NHS-RKB")),
    "GB-MPR": (r"\d{4,6}R?", _("a mutuals register number, like GB-MPR-12345R")),
}


def validate_org_id(value):
    prefix, _sep, rest = value.rpartition("-") if value.count("-") >= 2 else ("", "", "")
    if prefix not in ORG_ID_PATTERNS:
        known = ", ".join(sorted(ORG_ID_PATTERNS))
        raise ValidationError(
            _("Start the identifier with one of %(known)s, then a hyphen and the number."),
            params={"known": known},
        )
    pattern, example = ORG_ID_PATTERNS[prefix]
    if not re.fullmatch(pattern, rest):
        raise ValidationError(
            _("After %(prefix)s- give %(example)s."), params={"prefix": prefix, "example": example}
        )


class OrganisationKind(models.TextChoices):
    REGISTERED_CHARITY = "registered_charity", _("Registered charity")
    CIO = "cio", _("Charitable incorporated organisation (CIO)")
    CIC = "cic", _("Community interest company (CIC)")
    COMMUNITY_GROUP = "community_group", _("Community group")
    COUNCIL = "council", _("Council")
    HEALTH = "health", _("NHS or health body")
    BUSINESS = "business", _("Business")
    FUNDER = "funder", _("Funder")

    @classmethod
    def vcse(cls):
        return {cls.REGISTERED_CHARITY, cls.CIO, cls.CIC, cls.COMMUNITY_GROUP}


UK_POSTCODE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKPSTUW]? ?[0-9][ABD-HJLNP-UW-Z]{2})$"
)


def normalise_postcode(value):
    """Upper case with one space before the inward part: "hp112bw" -> "HP11 2BW"."""
    compact = "".join((value or "").split()).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) >= 5 else compact


def validate_postcode(value):
    if not UK_POSTCODE.match(normalise_postcode(value)):
        raise ValidationError(_("Enter a full UK postcode, like HP11 2BW."))


def postcode_district(value):
    """The outward part of a postcode: "HP11 2BW" -> "HP11"."""
    return normalise_postcode(value).split(" ")[0] if value else ""


class IncomeBand(models.TextChoices):
    UNKNOWN = "", _("Not known")
    UNDER_10K = "under_10k", _("Under £10,000")
    FROM_10K = "10k_100k", _("£10,000 to £100,000")
    FROM_100K = "100k_1m", _("£100,000 to £1 million")
    FROM_1M = "1m_10m", _("£1 million to £10 million")
    OVER_10M = "over_10m", _("Over £10 million")


class Community(models.Model):
    """A community an organisation specialises in (older people, refugees, LGBTQ+ people...)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "communities"

    def __str__(self):
        return self.name


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices)
    org_id = models.CharField(
        "organisation identifier",
        max_length=40,
        blank=True,
        validators=[validate_org_id],
        help_text=_("Charity or company number as an org-id, e.g. GB-CHC-1234567."),
    )
    income_band = models.CharField(
        max_length=16, choices=IncomeBand.choices, blank=True, default=""
    )
    staff_count = models.PositiveIntegerField(
        _("paid staff"),
        null=True,
        blank=True,
        help_text=_("Paid staff, counted as full-time equivalents. Leave empty if not known."),
    )
    registered_postcode = models.CharField(
        _("registered office postcode"),
        max_length=8,
        blank=True,
        validators=[validate_postcode],
        help_text=_("The postcode of its registered office or main address, like HP11 2BW."),
    )
    description = text_limits.BoundedTextField(blank=True, max_length=text_limits.TEXT)
    website = models.URLField(blank=True, validators=[validate_web_address])
    email = models.EmailField(blank=True)
    places = models.ManyToManyField("places.Place", related_name="organisations", blank=True)
    areas = models.ManyToManyField("places.Area", related_name="organisations", blank=True)
    communities = models.ManyToManyField(Community, related_name="organisations", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["org_id"], condition=~models.Q(org_id=""), name="organisation_unique_org_id"
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.registered_postcode and UK_POSTCODE.match(
            normalise_postcode(self.registered_postcode)
        ):
            self.registered_postcode = normalise_postcode(self.registered_postcode)

    @property
    def is_vcse(self):
        return self.kind in OrganisationKind.vcse()


class DocumentKind(models.TextChoices):
    """The standard documents funders ask for: an organisation keeps each once, and programmes
    say which of them they need."""

    GOVERNING_DOCUMENT = "governing_document", _("Governing document")
    LATEST_ACCOUNTS = "latest_accounts", _("Latest accounts")
    SAFEGUARDING_POLICY = "safeguarding_policy", _("Safeguarding policy")
    EQUALITY_POLICY = "equality_policy", _("Equality policy")
    INSURANCE_CERTIFICATE = "insurance_certificate", _("Insurance certificate")
    BANK_DETAILS_LETTER = "bank_details_letter", _("Bank details letter")
    OTHER = "other", _("Other")


def document_upload_to(instance, filename):
    # A random name: the original may say more than it should, and names must not collide.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"organisations/documents/{instance.organisation_id}/{uuid.uuid4().hex}{suffix}"


class OrganisationDocument(models.Model):
    """A standard document an organisation keeps once (its accounts, its policies) and every bid
    it makes reuses. Private: its members see it, and the funder deciding a bid it went with.

    A newer document of the same kind supersedes the one before, which stays (a submitted bid
    keeps the version it went with); only "Other" documents may be current several at once.
    Served only through views that ask who may see it, never by its storage URL.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(max_length=32, choices=DocumentKind.choices)
    title = models.CharField(max_length=200)
    file = models.FileField(
        upload_to=document_upload_to,
        max_length=255,
        validators=[UploadPolicyValidator("organisation_documents")],
    )
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    dated_on = models.DateField(
        _("date of the document"),
        null=True,
        blank=True,
        validators=[not_in_future],
        help_text=_("When it was signed, approved or issued."),
    )
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        validators=[not_too_far_ahead],
        help_text=_("For a certificate or policy that runs out. Leave empty if it does not."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "-uploaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"],
                condition=models.Q(superseded_at__isnull=True) & ~models.Q(kind="other"),
                name="organisation_document_one_current_per_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(dated_on__isnull=True)
                | models.Q(valid_until__gte=models.F("dated_on")),
                name="organisation_document_valid_after_dated",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "kind", "superseded_at"], name="org_document_kind")
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.valid_until and self.dated_on and self.valid_until < self.dated_on:
            raise ValidationError(
                {"valid_until": _("The document cannot run out before the date it is from.")}
            )

    @property
    def is_current(self):
        return self.superseded_at is None

    def has_expired(self, today):
        return self.valid_until is not None and self.valid_until < today
