"""How organisations take part before bidding: the questions they ask (answered in public, the asker
never named), the interest they register, and the invitations the commissioner sends them."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from coordination import text_limits
from coordination.places.tenancy import PlaceScoped

from .tenders import Tender


class Clarification(PlaceScoped):
    """A question about a tender. Who asked is never shown to anyone outside the commissioning team."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="clarifications")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    question = text_limits.BoundedTextField(max_length=text_limits.TEXT)
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = text_limits.BoundedTextField(blank=True, max_length=text_limits.TEXT)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]

    def __str__(self):
        return f"Question {self.pk} on {self.tender.reference}"


class Interest(PlaceScoped):
    """An organisation registered interest in a tender: it hears of deadlines and answers."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="interests")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "tender", "organisation"], name="interest_once"
            )
        ]

    def __str__(self):
        return f"{self.organisation} interested in {self.tender.reference}"


class TenderInvitation(PlaceScoped):
    """The commissioner invited an organisation to take part; ``viewed_at`` is when one of its people
    said they had seen the invitation (a button on the tender page)."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    viewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "tender", "organisation"], name="tender_invitation_once"
            )
        ]

    def __str__(self):
        return f"{self.organisation} invited to {self.tender.reference}"
