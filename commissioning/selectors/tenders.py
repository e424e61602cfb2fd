"""Tenders as the public reads them: a place's tenders (newest first), one by id, its timeline of
stage changes and published amendments, its lots, and whether it may still be removed."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from coordination.places.models import Area

from ..models import (
    UPCOMING_STAGES,
    BidOpening,
    Clarification,
    CoDesignMember,
    Interest,
    Lot,
    Stage,
    Submission,
    Tender,
    TenderAmendment,
    TenderInvitation,
    TenderStageChange,
)


def tenders_in_place(place):
    return (
        Tender.objects.for_place(place)
        .select_related("commissioner", "place")
        .prefetch_related(
            "themes", Prefetch("areas", queryset=Area.objects.for_place(place).order_by("name"))
        )
        .order_by("-created_at", "-pk")
    )


def tenders_listed(place):
    """The tenders as the public list shows them: only what its rows read, newest first."""
    return (
        Tender.objects.for_place(place)
        .select_related("commissioner")
        .only(
            "pk",
            "place",
            "title",
            "reference",
            "stage",
            "estimated_value",
            "submission_deadline",
            "created_at",
            "commissioner__name",
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


def removal_problems(tender):
    """Why the tender can no longer be removed (empty while it can): a tender may be removed, as a
    test or a mistake, only while nothing about it was published or given to anyone else. That is:
    it is still in the pipeline with no step on its public timeline beyond being added, and no
    organisation was invited, registered interest, joined co-design, asked a question or bid, and
    no amendment was published. Otherwise it stays on the record: cancel it instead."""
    place = tender.place_id
    problems = []
    steps = TenderStageChange.objects.for_place(place).filter(tender=tender).count()
    if tender.stage != Stage.PIPELINE or steps > 1:
        problems.append(_("It has left the pipeline: its public timeline shows that."))
    related = (
        (TenderInvitation, _("Organisations were invited to it.")),
        (Interest, _("Organisations registered interest in it.")),
        (CoDesignMember, _("Organisations joined its co-design group.")),
        (Clarification, _("Questions were asked about it.")),
        (Submission, _("Bids were made for it.")),
        (TenderAmendment, _("Amendments to it were published.")),
    )
    for model, reason in related:
        if model.objects.for_place(place).filter(tender=tender).exists():
            problems.append(reason)
    return problems


def amendments_of(tender):
    return (
        TenderAmendment.objects.for_place(tender.place_id)
        .filter(tender=tender)
        .select_related("published_by")
        .order_by("number")
    )


@dataclass
class TimelineEntry:
    """A step of the public timeline: a stage change or a published amendment. The opening of
    sealed bids is a step too: its BidOpening (``is_opening``), drawn by its own template lines."""

    title: str
    at: object
    by: object
    rationale: str
    changes: list


def timeline_entries(tender):
    """Stage changes and amendments in the order they happened."""
    entries = [
        TimelineEntry(
            title=change.get_to_stage_display(),
            at=change.changed_at,
            by=change.changed_by,
            rationale=change.rationale,
            changes=[],
        )
        for change in timeline(tender)
    ]
    entries += [
        TimelineEntry(
            title=_("Amendment %(n)d published") % {"n": amendment.number},
            at=amendment.published_at,
            by=amendment.published_by,
            rationale=amendment.rationale,
            changes=amendment.changes,
        )
        for amendment in amendments_of(tender)
    ]
    opening = BidOpening.objects.for_place(tender.place_id).filter(tender=tender).first()
    if opening is not None:
        entries.append(opening)
    return sorted(entries, key=lambda entry: entry.at)
