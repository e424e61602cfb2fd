"""What commissioning makes searchable: tenders (their timeline is public from the pipeline on)
and the answered clarification questions, which everyone may read. Bids to tenders are not
searchable: they are sealed until the deadline and the bidder's own business after it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from coordination.search.registry import Document, SearchKind

from .models import Clarification, Tender
from .selectors import answered_clarifications, tenders_in_place


def tender_document(tender, place):
    return Document(
        title=tender.title,
        body=" ".join(part for part in (tender.reference, tender.description) if part),
        url=reverse(
            "places:commissioning:tender_detail",
            kwargs={"place_slug": place.slug, "pk": tender.pk},
        ),
        public=True,
    )


def tenders_seen(place, user):
    return tenders_in_place(place)


def clarification_document(clarification, place):
    if not clarification.answer.strip():
        return None
    tender = clarification.tender
    return Document(
        title=tender.title,
        body=f"{clarification.question} {clarification.answer}",
        url=reverse(
            "places:commissioning:tender_detail",
            kwargs={"place_slug": place.slug, "pk": tender.pk},
        )
        + "#questions",
        public=True,
    )


def clarifications_seen(place, user):
    return answered_clarifications(place)


KINDS = (
    SearchKind(
        key="tender",
        label=gettext_lazy("Tender"),
        plural=gettext_lazy("Tenders"),
        model=Tender,
        document=tender_document,
        visible=tenders_seen,
        order=30,
    ),
    SearchKind(
        key="clarification",
        label=gettext_lazy("Question about a tender"),
        plural=gettext_lazy("Questions about tenders"),
        model=Clarification,
        document=clarification_document,
        visible=clarifications_seen,
        order=31,
    ),
)
