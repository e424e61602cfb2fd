"""The opening of a tender's sealed bids: until the submission deadline no one but each bidder sees
a bid (a count at most); at the deadline they all open together, and this row records it, once per
tender, on the public timeline (when, and how many bids were received)."""

from django.db import models

from coordination.places.tenancy import PlaceScoped

from .tenders import Tender


class BidOpening(PlaceScoped):
    """When a tender's bids opened (its submission deadline) and how many there were."""

    tender = models.OneToOneField(Tender, on_delete=models.CASCADE, related_name="bid_opening")
    opened_at = models.DateTimeField(help_text="The submission deadline: the bids opened then.")
    bids_received = models.PositiveIntegerField()
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["opened_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["place", "tender"], name="bid_opening_once_per_tender")
        ]

    is_opening = True  # how the public timeline tells this entry from a stage change

    @property
    def at(self):
        """Its place on the public timeline, beside stage changes and amendments."""
        return self.opened_at

    def __str__(self):
        return f"Bids opened for {self.tender.reference}"
