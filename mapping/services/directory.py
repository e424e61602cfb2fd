"""The service directory's listings: add, change, confirm and remove a service, one by one or
many at once (an import).

A listing names its organisation (one working in the place), at least one theme, the areas it
serves or the whole place, and, when it is specialist, the communities it is designed for.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation
from coordination.exports.services import mark_model_changed
from coordination.organisations.selectors import organisations_in_place
from coordination.places.models import Area
from coordination.search.indexing import index_many
from coordination.vocabularies.models import Theme
from coordination.vocabularies.selectors import communities_for_place

from .. import opening_hours
from ..models import Service, ServiceSchedule
from ._common import (
    changed_fields,
    check_in_place,
    full_clean,
    normalise,
    signed_in,
    sorted_names,
)
from .schedules import build_schedules, replace_schedules

SERVICE_FIELDS = (
    "name",
    "description",
    "is_specialist",
    "whole_place",
    "in_person",
    "online",
    "by_phone",
    "address",
    "postcode",
    "latitude",
    "longitude",
    "weekly_capacity",
    "eligibility",
    "contact_name",
    "contact_email",
    "contact_phone",
    "website",
    "status",
    "last_verified",
    "external_id",
)


def _check_organisation(place, organisation):
    if organisation is None or not organisation.places.filter(pk=place.pk).exists():
        raise RuleViolation({"organisation": _("Choose an organisation working in this place.")})


def _set_service_links(service, place, themes, communities, areas):
    if themes is not None:
        if not themes:
            raise RuleViolation({"themes": _("Choose at least one theme.")})
        service.themes.set(themes)
    if communities is not None:
        service.communities.set(communities)
    if areas is not None:
        # Through the link table, so no area query runs outside a place scope.
        through = Service.areas.through
        through.objects.filter(service=service).delete()
        through.objects.bulk_create([through(service=service, area=a) for a in areas])


def _check_service_shape(service, areas):
    if not service.whole_place and not areas:
        raise RuleViolation(
            {"areas": _("Choose the areas it serves, or say it serves the whole place.")}
        )
    if service.is_specialist and not service.communities.exists():
        raise RuleViolation(
            {"communities": _("Name the communities a specialist service is designed for.")}
        )


@transaction.atomic
def service_create(
    *, place, actor, organisation, themes, communities=(), areas=(), schedules=(), **fields
):
    _check_organisation(place, organisation)
    check_in_place(place, themes=themes, communities=communities, areas=areas)
    service = Service(
        place=place,
        organisation=organisation,
        created_by=signed_in(actor),
        **{k: v for k, v in fields.items() if k in SERVICE_FIELDS},
    )
    if service.last_verified is None:
        service.last_verified = timezone.localdate()
    full_clean(service)
    service.save()
    _set_service_links(service, place, list(themes), list(communities), list(areas))
    _check_service_shape(service, list(areas))
    _before, hours = replace_schedules(place, service, schedules)
    audit_record(
        place=place,
        actor=actor,
        action="mapping.service.create",
        target=service,
        changes={
            "organisation": organisation.name,
            **{k: getattr(service, k) for k in SERVICE_FIELDS},
            "themes": sorted_names(themes),
            "communities": sorted_names(communities),
            "areas": sorted_names(areas),
            "opening_hours": hours,
        },
    )
    return service


@transaction.atomic
def service_update(
    *,
    place,
    actor,
    service,
    organisation=None,
    themes=None,
    communities=None,
    areas=None,
    schedules=None,
    **fields,
):
    """Change the listing; links and opening hours left as None stay as they are."""
    if service.place_id != place.id:
        raise RuleViolation(_("This service belongs to another place."))
    check_in_place(place, themes=themes, communities=communities, areas=areas)
    before = {k: getattr(service, k) for k in SERVICE_FIELDS}
    links_before = {
        "themes": sorted_names(service.themes.all()),
        "communities": sorted_names(service.communities.all()),
        "areas": sorted_names(Area.objects.for_place(place).filter(services=service)),
    }
    if organisation is not None and organisation.pk != service.organisation_id:
        _check_organisation(place, organisation)
        before["organisation"] = service.organisation.name
        service.organisation = organisation
    for key, value in fields.items():
        if key in SERVICE_FIELDS:
            setattr(service, key, value)
    full_clean(service)
    service.save()
    _set_service_links(
        service,
        place,
        None if themes is None else list(themes),
        None if communities is None else list(communities),
        None if areas is None else list(areas),
    )
    current_areas = list(Area.objects.for_place(place).filter(services=service))
    _check_service_shape(service, current_areas)
    changes = changed_fields(before, service, SERVICE_FIELDS)
    if schedules is not None:
        hours_before, hours_after = replace_schedules(place, service, schedules)
        if hours_before != hours_after:
            changes["opening_hours"] = [hours_before, hours_after]
    if "organisation" in before:
        changes["organisation"] = [before["organisation"], service.organisation.name]
    links_after = {
        "themes": sorted_names(service.themes.all()),
        "communities": sorted_names(service.communities.all()),
        "areas": sorted_names(current_areas),
    }
    changes.update(
        {
            k: [links_before[k], links_after[k]]
            for k in links_after
            if links_before[k] != links_after[k]
        }
    )
    audit_record(
        place=place, actor=actor, action="mapping.service.update", target=service, changes=changes
    )
    return service


@transaction.atomic
def service_verify(*, place, actor, service):
    """The organisation confirms the listing is still right today."""
    before = service.last_verified
    service.last_verified = timezone.localdate()
    service.save(update_fields=["last_verified", "updated_at"])
    audit_record(
        place=place,
        actor=actor,
        action="mapping.service.verify",
        target=service,
        changes={"last_verified": [before, service.last_verified]},
    )
    return service


@transaction.atomic
def service_remove(*, place, actor, service):
    """Take a listing off the map for good (its reach figures go with it); audited with its name.

    A service that has stopped is better marked closed: removing is for listings made by mistake
    or duplicated.
    """
    if service.place_id != place.id:
        raise RuleViolation(_("This service belongs to another place."))
    audit_record(
        place=place,
        actor=actor,
        action="mapping.service.remove",
        target=service,
        changes={
            "name": service.name,
            "organisation": service.organisation.name,
            "external_id": service.external_id,
        },
    )
    service.delete()


@transaction.atomic
def service_create_many(*, place, actor, items):
    """Create many services at once (imports), under the same rules as service_create.

    ``items`` is [(key, fields)] with the fields service_create takes. Each item is checked in
    Python against the place's vocabulary, areas and organisations (read once), then the valid
    ones are inserted in bulk, with an audit entry each. Returns ({key: service}, {key:
    RuleViolation}) for the created and the refused items.
    """
    organisations = set(organisations_in_place(place).values_list("pk", flat=True))
    themes_here = set(Theme.objects.for_place(place).values_list("pk", flat=True))
    communities_here = set(communities_for_place(place).values_list("pk", flat=True))
    today = timezone.localdate()
    who = signed_in(actor)
    valid, refused = [], {}
    for key, fields in items:
        fields = dict(fields)
        organisation = fields.pop("organisation", None)
        themes = list(fields.pop("themes", ()))
        communities = list(fields.pop("communities", ()))
        areas = list(fields.pop("areas", ()))
        schedules = list(fields.pop("schedules", None) or ())
        problems = {}
        if organisation is None or organisation.pk not in organisations:
            problems["organisation"] = [_("Choose an organisation working in this place.")]
        if not themes:
            problems["themes"] = [_("Choose at least one theme.")]
        elif any(t.pk not in themes_here for t in themes):
            problems["themes"] = [_("Choose themes used in this place.")]
        if any(c.pk not in communities_here for c in communities):
            problems["communities"] = [_("Choose communities used in this place.")]
        if any(a.place_id != place.id for a in areas):
            problems["areas"] = [_("Choose areas of this place.")]
        service = Service(
            place=place,
            organisation=organisation,
            created_by=who,
            **{k: v for k, v in fields.items() if k in SERVICE_FIELDS},
        )
        if service.last_verified is None:
            service.last_verified = today
        normalise(service)
        try:
            # Not the core full_clean: every item's problems are gathered, none raised. Uniqueness
            # is the caller's (imports check external ids) and the database's.
            service.full_clean(
                exclude=["place", "organisation", "created_by"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                problems.setdefault(name, []).extend(messages)
        if not service.whole_place and not areas:
            problems.setdefault("areas", []).append(
                _("Choose the areas it serves, or say it serves the whole place.")
            )
        if service.is_specialist and not communities:
            problems.setdefault("communities", []).append(
                _("Name the communities a specialist service is designed for.")
            )
        rows, hour_problems = build_schedules(place, service, schedules)
        if hour_problems:
            problems["schedules"] = hour_problems
        if problems:
            refused[key] = RuleViolation(problems)
            continue
        valid.append((key, service, themes, communities, areas, organisation, rows))
    Service.objects.for_place(place).bulk_create([v[1] for v in valid], batch_size=1000)
    theme_links, community_links, area_links, schedule_rows = [], [], [], []
    for _key, service, themes, communities, areas, _org, rows in valid:
        for row in rows:
            row.service = service  # now saved, with its id
        schedule_rows += rows
        theme_links += [Service.themes.through(service=service, theme=t) for t in themes]
        community_links += [
            Service.communities.through(service=service, community=c) for c in communities
        ]
        area_links += [Service.areas.through(service=service, area=a) for a in areas]
    Service.themes.through.objects.bulk_create(theme_links, batch_size=2000)
    Service.communities.through.objects.bulk_create(community_links, batch_size=2000)
    Service.areas.through.objects.bulk_create(area_links, batch_size=2000)
    ServiceSchedule.objects.for_place(place).bulk_create(schedule_rows, batch_size=2000)
    # bulk_create sends no signals: the new services go into the search index here, and the
    # files built from the place's services are marked stale.
    index_many(place, [v[1] for v in valid])
    mark_model_changed(place, Service)
    for _key, service, themes, communities, areas, organisation, rows in valid:
        audit_record(
            place=place,
            actor=actor,
            action="mapping.service.create",
            target=service,
            changes={
                "organisation": organisation.name,
                **{k: getattr(service, k) for k in SERVICE_FIELDS},
                "themes": sorted_names(themes),
                "communities": sorted_names(communities),
                "areas": sorted_names(areas),
                "opening_hours": opening_hours.text(rows, "; "),
            },
        )
    return {v[0]: v[1] for v in valid}, refused
