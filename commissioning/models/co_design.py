"""Co-design: a tender's specification in numbered versions, the organisations in its co-design
group, their comments on a version and the commissioner's answers, and the sessions held."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.dates import not_in_future
from coordination.places.tenancy import PlaceScoped

from .tenders import Tender


class SpecificationSection(PlaceScoped):
    """A section of a tender's specification; its text lives in numbered versions."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.heading


class SectionVersion(PlaceScoped):
    """One version of a section's text. A new version is a new row; old ones stay for the diff."""

    section = models.ForeignKey(
        SpecificationSection, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField()
    body = text_limits.BoundedTextField(max_length=text_limits.LONG)
    change_note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["section", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "section", "number"], name="section_version_unique_number"
            )
        ]

    def __str__(self):
        return f"{self.section.heading} v{self.number}"


class CoDesignMember(PlaceScoped):
    """An organisation in a tender's co-design group."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="co_design_members")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    joined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "tender", "organisation"], name="co_design_member_once"
            )
        ]

    def __str__(self):
        return f"{self.organisation} in {self.tender.reference}"


class ResponseKind(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    NOT_TAKEN = "not_taken", _("Not taken forward")


class Comment(PlaceScoped):
    """A co-design member's comment on one version of a section, and the commissioner's answer."""

    version = models.ForeignKey(SectionVersion, on_delete=models.CASCADE, related_name="comments")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = text_limits.BoundedTextField(max_length=text_limits.TEXT)
    created_at = models.DateTimeField(auto_now_add=True)
    response = models.CharField(max_length=16, choices=ResponseKind.choices, blank=True)
    response_text = text_limits.BoundedTextField(blank=True, max_length=text_limits.TEXT)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Comment {self.pk} on {self.version}"

    @property
    def is_answered(self):
        return bool(self.response)


class CoDesignSession(PlaceScoped):
    """A co-design workshop or meeting, with who came."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=200)
    held_at = models.DateTimeField(validators=[not_in_future])
    notes = text_limits.BoundedTextField(blank=True, max_length=text_limits.LONG)
    attendees = models.ManyToManyField("organisations.Organisation", related_name="+", blank=True)

    class Meta:
        ordering = ["held_at", "pk"]

    def __str__(self):
        return self.title
