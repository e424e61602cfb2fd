"""Tenders as the public reads them: a place's tenders (newest first), one by id, its timeline of
stage changes and its lots."""

from django.db.models import Prefetch

from coordination.places.models import Area

from ..models import UPCOMING_STAGES, Lot, Tender, TenderStageChange


def tenders_in_place(place):
    return (
        Tender.objects.for_place(place)
        .select_related("commissioner", "place")
        .prefetch_related(
            "themes", Prefetch("areas", queryset=Area.objects.for_place(place).order_by("name"))
        )
        .order_by("-created_at", "-pk")
    )


def get_tender(place, pk):
    return tenders_in_place(place).filter(pk=pk).first()


def timeline(tender):
    return (
        TenderStageChange.objects.for_place(tender.place_id)
        .filter(tender=tender)
        .select_related("changed_by")
        .order_by("changed_at", "pk")
    )


def lots_of(tender):
    return Lot.objects.for_place(tender.place_id).filter(tender=tender)


def get_lot(place, pk):
    return Lot.objects.for_place(place).select_related("tender").filter(pk=pk).first()


def is_upcoming(tender):
    return tender.stage in UPCOMING_STAGES
