"""Co-funding: one funder's offer towards another funder's bid, made on the coordination page."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.places.tenancy import PlaceScoped, place_scoped_manager

from .bids import Bid
from .programmes import MONEY


class CoFundOffer(PlaceScoped):
    """A funder's offer to co-fund another funder's bid, seen on the coordination page."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="cofund_offers")
    funder = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("amount offered (£)"), **MONEY)
    message = text_limits.BoundedTextField(blank=True, max_length=text_limits.NOTE)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = place_scoped_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "bid", "funder"], name="cofund_one_offer_per_funder_and_bid"
            )
        ]

    def __str__(self):
        return f"{self.funder} offers £{self.amount} towards {self.bid}"


class DuplicateCheckConsent(PlaceScoped):
    """A funder's consent, in one place, to check its bids against other consenting funders' for
    the same organisation asking for the same thing: its bids join the duplicate checks even
    where the applicant did not share the summary, and other funders see only the organisation,
    the bid's title, the funder and the state. Withdrawing the consent deletes the row."""

    funder = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    given_at = models.DateTimeField(auto_now_add=True)

    objects = place_scoped_manager()

    class Meta:
        ordering = ["given_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "funder"], name="duplicate_check_one_consent_per_funder"
            )
        ]

    def __str__(self):
        return f"{self.funder} checks for duplicate bids"
