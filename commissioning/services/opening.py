"""The opening of sealed bids. Until a tender's submission deadline its bids are sealed (see
``selectors.bids_are_sealed``, the one truth every path reads); at the deadline they open together.
``bids_open_due`` (run every minute by beat through ``commissioning.tasks.open_sealed_bids``)
records each opening once, as a public timeline entry: when (the deadline) and how many bids were
received. Running it twice, or on two workers at once, records nothing more: the tender row is
locked while deciding and a tender has at most one opening (a unique constraint).
"""

from django.db import transaction
from django.utils import timezone

from coordination.audit.services import audit_record, audit_unseal

from ..models import BidOpening, Stage, Submission, Tender
from ._common import sealed_key

# A tender whose deadline has passed in one of these stages took bids, so its bids opened.
BIDDING_STAGES = (Stage.OPEN, Stage.EVALUATION, Stage.AWARDED)


def tenders_due_to_open(place, now):
    """Tenders whose deadline has passed and whose opening is not recorded yet, oldest first."""
    return (
        Tender.objects.for_place(place)
        .filter(
            stage__in=BIDDING_STAGES,
            submission_deadline__isnull=False,
            submission_deadline__lte=now,
            bid_opening__isnull=True,
        )
        .order_by("submission_deadline", "pk")
    )


@transaction.atomic
def bids_open(*, place, tender, now=None):
    """Record that the tender's bids opened at its deadline; None if it was recorded before or is
    not due (the deadline has not passed)."""
    now = now or timezone.now()
    tender = Tender.objects.for_place(place).select_for_update().get(pk=tender.pk)
    if (
        tender.stage not in BIDDING_STAGES
        or tender.submission_deadline is None
        or tender.submission_deadline > now
        or BidOpening.objects.for_place(place).filter(tender=tender).exists()
    ):
        return None
    received = Submission.objects.for_place(place).filter(tender=tender).count()
    opening = BidOpening.objects.create(
        place=place,
        tender=tender,
        opened_at=tender.submission_deadline,
        bids_received=received,
        recorded_at=now,
    )
    audit_record(
        place=place,
        actor=None,
        action="commissioning.tender.open_bids",
        target=tender,
        changes={"opened_at": tender.submission_deadline, "bids_received": received},
    )
    # Who submitted and withdrew bids joins the audit trail now that the bids are open.
    audit_unseal(place=place, key=sealed_key(tender))
    return opening


def bids_open_due(*, place, now=None):
    """Record the opening of every tender of the place whose deadline has passed: [openings]."""
    now = now or timezone.now()
    opened = []
    for tender in list(tenders_due_to_open(place, now)):
        opening = bids_open(place=place, tender=tender, now=now)
        if opening is not None:
            opened.append(opening)
    return opened
