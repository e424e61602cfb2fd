"""How many people a service reached in a quarter, as its organisation reports it."""

from django.db import transaction
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation

from ..models import ServiceImpact
from ._common import full_clean, signed_in


@transaction.atomic
def impact_record(*, place, actor, service, year, quarter, people_reached, notes=""):
    """Record (or correct) how many people a service reached in a quarter."""
    if service.place_id != place.id:
        raise RuleViolation({"service": _("Choose a service of this place.")})
    impact = (
        ServiceImpact.objects.for_place(place)
        .filter(service=service, year=year, quarter=quarter)
        .first()
    )
    before = impact.people_reached if impact else None
    if impact is None:
        impact = ServiceImpact(place=place, service=service, year=year, quarter=quarter)
    impact.people_reached = people_reached
    impact.notes = notes
    impact.reported_by = signed_in(actor)
    full_clean(impact)
    impact.save()
    audit_record(
        place=place,
        actor=actor,
        action="mapping.impact.record",
        target=impact,
        changes={"people_reached": [before, people_reached]},
    )
    return impact
