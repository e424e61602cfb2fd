"""Tenders and what is set on them before they open: creating and changing a tender (its details,
dates, themes and areas), its lots, and the demand and value of the contracts it continues."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean

from ..models import UPCOMING_STAGES, DemandPeriod, Lot, Stage, Tender, TenderStageChange
from ..permissions import councils_run_by
from ._common import fresh, lock, person, require_runner, same_place
from .amendments import refuse_direct_changes

TENDER_FIELDS = (
    "title",
    "reference",
    "description",
    "estimated_value",
    "contract_months",
    "procurement_method",
    "co_design_opens_at",
    "co_design_closes_at",
    "clarification_deadline",
    "submission_deadline",
    "decision_date",
    "you_said_we_did",
)


LOTS_FIXED = gettext_lazy(
    "Lots are set before the tender opens for bids; after that, publish an amendment to change one."
)


def _check_in_place(place, *, themes=(), areas=()):
    for theme in themes:
        if theme.place_id not in (None, place.pk):
            raise RuleViolation({"themes": _("Choose themes used in %(p)s.") % {"p": place.name}})
    for area in areas:
        if area.place_id != place.pk:
            raise RuleViolation({"areas": _("Choose areas of %(p)s.") % {"p": place.name}})


def _set_areas(tender, areas):
    # Through the link table: no Area query runs, so this works with or without a place scope.
    through = Tender.areas.through
    through.objects.filter(tender_id=tender.pk).delete()
    through.objects.bulk_create([through(tender_id=tender.pk, area_id=a.pk) for a in areas])


@transaction.atomic
def tender_create(*, place, actor, commissioner, themes=(), areas=(), now=None, **fields):
    if (
        commissioner is None
        or not councils_run_by(actor, place).filter(pk=commissioner.pk).exists()
    ):
        raise RuleViolation(
            {"commissioner": _("Choose a council in %(p)s you commission for.") % {"p": place.name}}
        )
    _check_in_place(place, themes=themes, areas=areas)
    tender = Tender(
        place=place,
        commissioner=commissioner,
        created_by=person(actor),
        stage=Stage.PIPELINE,
        **{k: v for k, v in fields.items() if k in TENDER_FIELDS},
    )
    if Tender.objects.for_place(place).filter(reference=tender.reference).exists():
        raise RuleViolation({"reference": _("Another tender here already has that reference.")})
    full_clean(tender)
    tender.save()
    tender.themes.set(themes)
    _set_areas(tender, areas)
    TenderStageChange.objects.create(
        place=place,
        tender=tender,
        from_stage="",
        to_stage=Stage.PIPELINE,
        rationale=_("Added to the commissioning pipeline."),
        changed_by=tender.created_by,
        changed_at=now or timezone.now(),
    )
    audit_record(
        place=place,
        actor=actor,
        action="commissioning.tender.create",
        target=tender,
        changes={k: fields.get(k) for k in TENDER_FIELDS if k in fields},
    )
    return tender


@transaction.atomic
def tender_update(*, place, actor, tender, themes=None, areas=None, **fields):
    same_place(place, tender)
    tender = fresh(place, tender.pk)
    require_runner(actor, place, tender)
    tender = lock(tender)
    if tender.stage in (Stage.AWARDED, Stage.CANCELLED):
        raise RuleViolation(_("An awarded or cancelled tender cannot be changed."))
    # Once bids are open, what bidders price and plan on changes only by a published amendment.
    refuse_direct_changes(tender, fields)
    before = {k: getattr(tender, k) for k in TENDER_FIELDS}
    for key, value in fields.items():
        if key in TENDER_FIELDS:
            setattr(tender, key, value)
    if (
        Tender.objects.for_place(place)
        .filter(reference=tender.reference)
        .exclude(pk=tender.pk)
        .exists()
    ):
        raise RuleViolation({"reference": _("Another tender here already has that reference.")})
    full_clean(tender)
    tender.save()
    if themes is not None:
        _check_in_place(place, themes=themes)
        tender.themes.set(themes)
    if areas is not None:
        _check_in_place(place, areas=areas)
        _set_areas(tender, areas)
    changes = {
        k: [before[k], getattr(tender, k)] for k in TENDER_FIELDS if before[k] != getattr(tender, k)
    }
    audit_record(
        place=place,
        actor=actor,
        action="commissioning.tender.update",
        target=tender,
        changes=changes,
    )
    return tender


@transaction.atomic
def lot_add(*, place, actor, tender, title, description="", estimated_value=None):
    same_place(place, tender)
    tender = fresh(place, tender.pk)
    require_runner(actor, place, tender)
    if tender.stage not in UPCOMING_STAGES:
        raise RuleViolation(LOTS_FIXED)
    lot = Lot(
        place=place,
        tender=tender,
        title=title,
        description=description,
        estimated_value=estimated_value,
    )
    full_clean(lot)
    lot.save()
    audit_record(place=place, actor=actor, action="commissioning.lot.add", target=lot)
    return lot


def _lot_in_place(place, lot):
    same_place(place, lot)
    tender = fresh(place, lot.tender_id)
    return tender


@transaction.atomic
def lot_update(*, place, actor, lot, title, description="", estimated_value=None):
    tender = _lot_in_place(place, lot)
    require_runner(actor, place, tender)
    if tender.stage not in UPCOMING_STAGES:
        raise RuleViolation(LOTS_FIXED)
    before = {"title": lot.title, "estimated_value": lot.estimated_value}
    lot.title, lot.description, lot.estimated_value = title, description, estimated_value
    full_clean(lot)
    lot.save()
    audit_record(
        place=place,
        actor=actor,
        action="commissioning.lot.update",
        target=lot,
        changes={"before": before, "title": title, "estimated_value": estimated_value},
    )
    return lot


@transaction.atomic
def lot_remove(*, place, actor, lot):
    tender = _lot_in_place(place, lot)
    require_runner(actor, place, tender)
    if tender.stage not in UPCOMING_STAGES:
        raise RuleViolation(LOTS_FIXED)
    audit_record(place=place, actor=actor, action="commissioning.lot.remove", target=lot)
    Lot.objects.for_place(place).filter(pk=lot.pk).delete()


@transaction.atomic
def demand_period_add(*, place, actor, tender, label, starts_on, indicator, demand, value):
    same_place(place, tender)
    tender = fresh(place, tender.pk)
    require_runner(actor, place, tender)
    period = DemandPeriod(
        place=place,
        tender=tender,
        label=label,
        starts_on=starts_on,
        indicator=indicator,
        demand=demand,
        value=value,
    )
    full_clean(period)
    period.save()
    audit_record(place=place, actor=actor, action="commissioning.demand.add", target=period)
    return period
