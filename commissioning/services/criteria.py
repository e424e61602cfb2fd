"""The evaluation criteria a tender publishes before it opens, whose weights add up to 100."""

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean

from ..models import UPCOMING_STAGES, Criterion
from ._common import fresh, require_runner, same_place

CRITERIA_FIXED = gettext_lazy(
    "Evaluation criteria are published before the tender opens; after that, publish an "
    "amendment to change one."
)


def criteria_weight(tender):
    """The weights of the tender's criteria added up (None while it has none)."""
    criteria = Criterion.objects.for_place(tender.place_id).filter(tender=tender)
    return criteria.aggregate(total=Sum("weight"))["total"]


@transaction.atomic
def criterion_add(*, place, actor, tender, title, weight, description=""):
    same_place(place, tender)
    tender = fresh(place, tender.pk)
    require_runner(actor, place, tender)
    if tender.stage not in UPCOMING_STAGES:
        raise RuleViolation(CRITERIA_FIXED)
    total = criteria_weight(tender) or 0
    if total + weight > 100:
        raise RuleViolation(
            {
                "weight": _("The weights would add up to more than 100%% (%(n)d%% now).")
                % {"n": total}
            }
        )
    criterion = Criterion(
        place=place, tender=tender, title=title, weight=weight, description=description
    )
    full_clean(criterion)
    criterion.save()
    audit_record(place=place, actor=actor, action="commissioning.criterion.add", target=criterion)
    return criterion


def _criterion_tender(place, actor, criterion):
    same_place(place, criterion)
    tender = fresh(place, criterion.tender_id)
    require_runner(actor, place, tender)
    if tender.stage not in UPCOMING_STAGES:
        raise RuleViolation(CRITERIA_FIXED)
    return tender


@transaction.atomic
def criterion_update(*, place, actor, criterion, title, weight, description=""):
    tender = _criterion_tender(place, actor, criterion)
    others = (
        Criterion.objects.for_place(place)
        .filter(tender=tender)
        .exclude(pk=criterion.pk)
        .aggregate(total=Sum("weight"))["total"]
        or 0
    )
    if others + weight > 100:
        raise RuleViolation(
            {
                "weight": _(
                    "The weights would add up to more than 100%% (the others make %(n)d%%)."
                )
                % {"n": others}
            }
        )
    before = {"title": criterion.title, "weight": criterion.weight}
    criterion.title, criterion.weight, criterion.description = title, weight, description
    full_clean(criterion)
    criterion.save()
    audit_record(
        place=place,
        actor=actor,
        action="commissioning.criterion.update",
        target=criterion,
        changes={"before": before, "title": title, "weight": weight},
    )
    return criterion


@transaction.atomic
def criterion_remove(*, place, actor, criterion):
    _criterion_tender(place, actor, criterion)
    audit_record(
        place=place, actor=actor, action="commissioning.criterion.remove", target=criterion
    )
    Criterion.objects.for_place(place).filter(pk=criterion.pk).delete()
