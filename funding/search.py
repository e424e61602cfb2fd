"""What funding makes searchable: programmes (in every place they run in), awarded grants (public,
as the figures pages and 360Giving show them) and bids (for those who see them in full, through
``bids_visible_to``: a draft only for its applicant)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from coordination.search.registry import Document, SearchKind

from .models import Bid, BidState, Programme
from .selectors import awarded_grants, bids_visible_to, programmes_in_place


def _join(*parts):
    return " ".join(str(part) for part in parts if part)


def programme_document(programme, place):
    return Document(
        title=programme.title,
        body=_join(programme.funder.name, programme.description, programme.eligibility),
        url=reverse(
            "places:funding:programme_detail", kwargs={"place_slug": place.slug, "pk": programme.pk}
        ),
        public=True,
    )


def programmes_seen(place, user):
    return programmes_in_place(place)


def grant_document(bid, place):
    if bid.state != BidState.AWARDED:
        return None
    programme = bid.programme
    return Document(
        title=bid.title,
        body=_join(bid.applicant.name, programme.title, programme.funder.name, bid.summary),
        url=reverse(
            "places:funding:funder_figures",
            kwargs={"place_slug": place.slug, "pk": programme.funder_id},
        ),
        public=True,
    )


def grants_seen(place, user):
    return awarded_grants(place)


def bid_document(bid, place):
    return Document(
        title=bid.title,
        body=_join(bid.applicant.name, bid.programme.title, bid.summary),
        url=bid.get_absolute_url(),
        public=False,
    )


def bids_seen(place, user):
    return bids_visible_to(user, place)


KINDS = (
    SearchKind(
        key="programme",
        label=gettext_lazy("Funding programme"),
        plural=gettext_lazy("Funding programmes"),
        model=Programme,
        document=programme_document,
        visible=programmes_seen,
        places_field="places",
        order=40,
    ),
    SearchKind(
        key="grant",
        label=gettext_lazy("Grant"),
        plural=gettext_lazy("Grants"),
        model=Bid,
        document=grant_document,
        visible=grants_seen,
        order=41,
    ),
    SearchKind(
        key="bid",
        label=gettext_lazy("Bid"),
        plural=gettext_lazy("Bids"),
        model=Bid,
        document=bid_document,
        visible=bids_seen,
        order=42,
    ),
)
