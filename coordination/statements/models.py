"""The statements every place publishes (privacy notice, terms, cookies, accessibility), the
contacts they name, and people's acceptance of the terms.

A place's statement is its newest ``StatementVersion``; a place with none shows the shipped default
(coordination/statements/defaults.py). Versions are never changed or deleted: a new one is
published. An acceptance names the version a person accepted: of a place's own terms, or (with no
place) of the shipped default terms, whose version number lives in code.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.places.tenancy import PlaceScoped


class Kind(models.TextChoices):
    PRIVACY = "privacy", _("Privacy notice")
    TERMS = "terms", _("Terms of use")
    COOKIES = "cookies", _("Cookies")
    ACCESSIBILITY = "accessibility", _("Accessibility statement")


# Each statement as a sentence names it: "publish a new version of the cookie statement".
KIND_NAMES = {
    Kind.PRIVACY: _("privacy notice"),
    Kind.TERMS: _("terms of use"),
    Kind.COOKIES: _("cookie statement"),
    Kind.ACCESSIBILITY: _("accessibility statement"),
}

CHANGES_LENGTH = 500
CONTACT_LENGTH = 300


class StatementVersion(PlaceScoped):
    """One published version of one of a place's statements."""

    kind = models.CharField(max_length=16, choices=Kind.choices)
    version = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    body = text_limits.BoundedTextField(_("statement"), max_length=text_limits.LONG)
    changes = models.CharField(_("summary of changes"), max_length=CHANGES_LENGTH)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField()
    # What its {{ names }} (contacts, retention periods, limits) stood for when a newer version
    # replaced it, so an old version reads as it did; the current version shows today's.
    replaced_values = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "kind", "version"], name="statement_version_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="statement_version_from_one"
            ),
        ]
        indexes = [models.Index(fields=["kind", "place", "-version"])]

    def __str__(self):
        return f"{self.get_kind_display()}, version {self.version}"


class StatementContacts(PlaceScoped):
    """Who the statements of a place name: the data controller, its data protection officer and
    where to report an accessibility problem. One row a place, written by its admins."""

    controller = models.CharField(
        _("Data controller"),
        max_length=200,
        help_text=_("The council or lead organisation responsible for people’s data here."),
    )
    controller_contact = models.CharField(
        _("How to contact the data controller"),
        max_length=CONTACT_LENGTH,
        help_text=_("An email address or a postal address."),
    )
    dpo_contact = models.CharField(
        _("How to contact the data protection officer"),
        max_length=CONTACT_LENGTH,
        help_text=_("For example, dpo@example.gov.uk"),
    )
    accessibility_contact = models.CharField(
        _("Where to report an accessibility problem"),
        max_length=CONTACT_LENGTH,
        help_text=_("An email address or phone number that someone reads."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["place"], name="statement_contacts_one_per_place")
        ]
        verbose_name_plural = "statement contacts"

    def __str__(self):
        return f"Statement contacts of {self.place_id}"


class StatementAcceptance(models.Model):
    """A person accepted a version of the terms: of a place's own, or (place empty) the default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="statement_acceptances"
    )
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.TERMS)
    version = models.PositiveIntegerField()
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "place", "kind", "version"],
                condition=models.Q(place__isnull=False),
                name="statement_acceptance_once_in_place",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "version"],
                condition=models.Q(place__isnull=True),
                name="statement_acceptance_once_default",
            ),
        ]

    def __str__(self):
        return f"{self.user_id} accepted {self.kind} {self.version}"
