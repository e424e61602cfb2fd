"""Programmes: a funder publishes one for the places it runs in, and changes it."""

from django.db import transaction
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean

from .. import permissions
from ..models import Programme

PROGRAMME_FIELDS = (
    "title",
    "description",
    "funding_type",
    "amount_min",
    "amount_max",
    "grant_length_months",
    "opens_on",
    "deadline",
    "decision_within_days",
    "eligibility",
    "priority_embedded_local",
    "priority_income_below",
    "flexibility_statement",
    "feedback_commitment_days",
)


def _places_for(place, funder, places):
    """The places a programme runs in: this one, and others only where the funder works."""
    chosen = {p.pk: p for p in (places or [])}
    chosen[place.pk] = place
    works_in = set(funder.places.values_list("pk", flat=True))
    outside = [p.name for p in chosen.values() if p.pk not in works_in]
    if outside:
        raise RuleViolation(
            {
                "places": _("%(funder)s does not work in %(places)s.")
                % {"funder": funder.name, "places": ", ".join(sorted(outside))}
            }
        )
    return list(chosen.values())


def _check_funder(actor, place, funder):
    if funder.pk not in permissions.funder_ids(actor, place):
        raise RuleViolation(
            {"funder": _("You can only run programmes for a funder you act for in this place.")}
        )


@transaction.atomic
def programme_create(*, place, actor, funder, themes=(), places=(), **fields):
    _check_funder(actor, place, funder)
    programme = Programme(
        funder=funder, created_by=actor, **{k: fields[k] for k in PROGRAMME_FIELDS if k in fields}
    )
    full_clean(programme)
    run_in = _places_for(place, funder, places)
    programme.save()
    programme.places.set(run_in)
    programme.themes.set(themes)
    audit_record(
        place=place,
        actor=actor,
        action="funding.programme.create",
        target=programme,
        changes={
            **{k: fields.get(k) for k in PROGRAMME_FIELDS if k in fields},
            "places": [p.slug for p in run_in],
        },
    )
    return programme


@transaction.atomic
def programme_update(*, place, actor, programme, themes=None, places=None, **fields):
    if not permissions.can_manage_programme(actor, place, programme):
        raise RuleViolation(_("Only the programme's own funder can change it."))
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    before = {k: getattr(programme, k) for k in PROGRAMME_FIELDS}
    for key in PROGRAMME_FIELDS:
        if key in fields:
            setattr(programme, key, fields[key])
    full_clean(programme)
    programme.save()
    if places is not None:
        # The places it runs in, always including this one, and only where the funder works.
        run_in = _places_for(place, programme.funder, places)
        programme.places.set(run_in)
    if themes is not None:
        programme.themes.set(themes)
    changes = {
        k: [before[k], getattr(programme, k)]
        for k in PROGRAMME_FIELDS
        if before[k] != getattr(programme, k)
    }
    audit_record(
        place=place,
        actor=actor,
        action="funding.programme.update",
        target=programme,
        changes=changes,
    )
    return programme
