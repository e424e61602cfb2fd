"""Changes to a place's map: services, needs, assets, impact and vocabulary additions, each audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation
from coordination.ops.queueing import queue_on_commit
from coordination.organisations.models import Community
from coordination.places.models import Area

from ..models import (
    Asset,
    CommunityAddition,
    ImportBatch,
    ImportStatus,
    Need,
    Service,
    ServiceImpact,
    Theme,
    normalise_postcode,
)
from ..selectors import communities_for_place

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
NEED_FIELDS = (
    "summary",
    "severity",
    "indicator_value",
    "indicator_unit",
    "indicator_source",
    "indicator_date",
    "evidence_url",
    "evidence_file",
    "external_id",
)
ASSET_FIELDS = (
    "kind",
    "name",
    "description",
    "availability",
    "postcode",
    "latitude",
    "longitude",
    "contact_name",
    "contact_email",
    "contact_phone",
    "contact_consent",
    "external_id",
)


def _check_in_place(place, *, themes=None, communities=None, areas=None, area=None, theme=None):
    """Linked vocabulary and areas must be this place's: otherwise a field-level rule violation."""
    errors = {}
    if themes is not None or theme is not None:
        allowed = set(Theme.objects.for_place(place).values_list("pk", flat=True))
        chosen = list(themes or []) + ([theme] if theme is not None else [])
        if any(t.pk not in allowed for t in chosen):
            errors["theme" if theme is not None else "themes"] = _(
                "Choose themes used in this place."
            )
    if communities is not None:
        allowed = set(communities_for_place(place).values_list("pk", flat=True))
        if any(c.pk not in allowed for c in communities):
            errors["communities"] = _("Choose communities used in this place.")
    if areas is not None and any(a.place_id != place.id for a in areas):
        errors["areas"] = _("Choose areas of this place.")
    if area is not None and area.place_id != place.id:
        errors["area"] = _("Choose an area of this place.")
    if errors:
        raise RuleViolation(errors)


def _full_clean(obj):
    """Normalise what can be, then validate; a broken rule is a RuleViolation by field."""
    if getattr(obj, "postcode", ""):
        obj.postcode = normalise_postcode(obj.postcode)
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise RuleViolation(exc.error_dict if hasattr(exc, "error_dict") else exc.messages) from exc


def _changes(before, obj, fields):
    return {k: [before[k], getattr(obj, k)] for k in fields if before.get(k) != getattr(obj, k)}


def _names(objects):
    return sorted(str(o) for o in objects)


# Vocabulary


@transaction.atomic
def theme_add(*, place, actor, name):
    name = name.strip()
    slug = slugify(name)
    if not slug:
        raise RuleViolation({"name": _("Enter the theme's name.")})
    if Theme.objects.for_place(place).filter(slug=slug).exists():
        raise RuleViolation({"name": _("%(name)s is already a theme here.") % {"name": name}})
    theme = Theme(place=place, name=name, slug=slug)
    _full_clean(theme)
    theme.save()
    audit_record(place=place, actor=actor, action="theme.add", target=theme, changes={"name": name})
    return theme


@transaction.atomic
def community_add(*, place, actor, name):
    """Add a community to this place's list: the registry's row if one has the name, else a new one."""
    name = name.strip()
    slug = slugify(name)
    if not slug:
        raise RuleViolation({"name": _("Enter the community's name.")})
    if communities_for_place(place).filter(slug=slug).exists():
        raise RuleViolation({"name": _("%(name)s is already listed here.") % {"name": name}})
    community = Community.objects.filter(slug=slug).first()
    if community is None:
        community = Community(name=name, slug=slug)
        _full_clean(community)
        community.save()
    addition = CommunityAddition(place=place, community=community)
    _full_clean(addition)
    addition.save()
    audit_record(
        place=place, actor=actor, action="community.add", target=addition, changes={"name": name}
    )
    return community


# Services


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
def service_create(*, place, actor, organisation, themes, communities=(), areas=(), **fields):
    _check_organisation(place, organisation)
    _check_in_place(place, themes=themes, communities=communities, areas=areas)
    service = Service(
        place=place,
        organisation=organisation,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **{k: v for k, v in fields.items() if k in SERVICE_FIELDS},
    )
    if service.last_verified is None:
        service.last_verified = timezone.localdate()
    _full_clean(service)
    service.save()
    _set_service_links(service, place, list(themes), list(communities), list(areas))
    _check_service_shape(service, list(areas))
    audit_record(
        place=place,
        actor=actor,
        action="service.create",
        target=service,
        changes={
            "organisation": organisation.name,
            **{k: getattr(service, k) for k in SERVICE_FIELDS},
            "themes": _names(themes),
            "communities": _names(communities),
            "areas": _names(areas),
        },
    )
    return service


@transaction.atomic
def service_update(
    *, place, actor, service, organisation=None, themes=None, communities=None, areas=None, **fields
):
    if service.place_id != place.id:
        raise RuleViolation(_("This service belongs to another place."))
    _check_in_place(place, themes=themes, communities=communities, areas=areas)
    before = {k: getattr(service, k) for k in SERVICE_FIELDS}
    links_before = {
        "themes": _names(service.themes.all()),
        "communities": _names(service.communities.all()),
        "areas": _names(Area.objects.for_place(place).filter(services=service)),
    }
    if organisation is not None and organisation.pk != service.organisation_id:
        _check_organisation(place, organisation)
        before["organisation"] = service.organisation.name
        service.organisation = organisation
    for key, value in fields.items():
        if key in SERVICE_FIELDS:
            setattr(service, key, value)
    _full_clean(service)
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
    changes = _changes(before, service, SERVICE_FIELDS)
    if "organisation" in before:
        changes["organisation"] = [before["organisation"], service.organisation.name]
    links_after = {
        "themes": _names(service.themes.all()),
        "communities": _names(service.communities.all()),
        "areas": _names(current_areas),
    }
    changes.update(
        {
            k: [links_before[k], links_after[k]]
            for k in links_after
            if links_before[k] != links_after[k]
        }
    )
    audit_record(place=place, actor=actor, action="service.update", target=service, changes=changes)
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
        action="service.verify",
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
        action="service.remove",
        target=service,
        changes={
            "name": service.name,
            "organisation": service.organisation.name,
            "external_id": service.external_id,
        },
    )
    service.delete()


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
    impact.reported_by = actor if getattr(actor, "is_authenticated", False) else None
    _full_clean(impact)
    impact.save()
    audit_record(
        place=place,
        actor=actor,
        action="impact.record",
        target=impact,
        changes={"people_reached": [before, people_reached]},
    )
    return impact


# Needs


@transaction.atomic
def need_create(*, place, actor, area, theme, communities=(), organisation=None, **fields):
    _check_in_place(place, theme=theme, communities=communities, area=area)
    need = Need(
        place=place,
        area=area,
        theme=theme,
        organisation=organisation,
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
        **{k: v for k, v in fields.items() if k in NEED_FIELDS},
    )
    _full_clean(need)
    need.save()
    need.communities.set(communities)
    audit_record(
        place=place,
        actor=actor,
        action="need.create",
        target=need,
        changes={
            "area": area.name,
            "theme": theme.name,
            "communities": _names(communities),
            **{k: getattr(need, k) for k in NEED_FIELDS if k != "evidence_file"},
        },
    )
    return need


@transaction.atomic
def need_update(*, place, actor, need, area=None, theme=None, communities=None, **fields):
    _check_in_place(place, theme=theme, communities=communities, area=area)
    before = {k: getattr(need, k) for k in NEED_FIELDS}
    if area is not None:
        need.area = area
    if theme is not None:
        need.theme = theme
    for key, value in fields.items():
        if key in NEED_FIELDS:
            setattr(need, key, value)
    _full_clean(need)
    need.save()
    if communities is not None:
        need.communities.set(communities)
    audit_record(
        place=place,
        actor=actor,
        action="need.update",
        target=need,
        changes=_changes(before, need, NEED_FIELDS),
    )
    return need


@transaction.atomic
def need_remove(*, place, actor, need):
    """Withdraw evidence of need (and its document, once the removal is committed)."""
    if need.place_id != place.id:
        raise RuleViolation(_("This evidence belongs to another place."))
    audit_record(
        place=place,
        actor=actor,
        action="need.remove",
        target=need,
        changes={"summary": need.summary, "area": need.area.name, "theme": need.theme.name},
    )
    document = need.evidence_file
    storage, name = (document.storage, document.name) if document else (None, "")
    need.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# Assets


@transaction.atomic
def asset_create(*, place, actor, area=None, **fields):
    _check_in_place(place, area=area)
    asset = Asset(
        place=place,
        area=area,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **{k: v for k, v in fields.items() if k in ASSET_FIELDS},
    )
    _full_clean(asset)
    asset.save()
    audit_record(
        place=place,
        actor=actor,
        action="asset.create",
        target=asset,
        changes={
            "area": area.name if area else None,
            # Contact details stay out of the audit trail unless their owner agreed to share them.
            **{
                k: getattr(asset, k)
                for k in ASSET_FIELDS
                if asset.contact_consent or not k.startswith("contact_")
            },
        },
    )
    return asset


_UNCHANGED = object()


@transaction.atomic
def asset_update(*, place, actor, asset, area=_UNCHANGED, **fields):
    before = {k: getattr(asset, k) for k in ASSET_FIELDS}
    if area is not _UNCHANGED:
        _check_in_place(place, area=area)
        asset.area = area
    for key, value in fields.items():
        if key in ASSET_FIELDS:
            setattr(asset, key, value)
    _full_clean(asset)
    asset.save()
    changes = _changes(before, asset, ASSET_FIELDS)
    if not asset.contact_consent:
        changes = {k: v for k, v in changes.items() if not k.startswith("contact_")}
    audit_record(place=place, actor=actor, action="asset.update", target=asset, changes=changes)
    return asset


@transaction.atomic
def asset_remove(*, place, actor, asset):
    if asset.place_id != place.id:
        raise RuleViolation(_("This asset belongs to another place."))
    audit_record(
        place=place,
        actor=actor,
        action="asset.remove",
        target=asset,
        changes={"name": asset.name, "kind": asset.kind},
    )
    asset.delete()


# Imports


@transaction.atomic
def import_check(*, place, actor, kind, filename, rows):
    """Keep an uploaded file's rows and check what importing them would do (nothing is imported).

    A short file is checked at once; a long one is handed to the worker, and the preview page
    shows how far the check has got until its findings are ready.
    """
    from ..imports import LONG_IMPORT_ROWS

    batch = ImportBatch(
        place=place,
        kind=kind,
        filename=filename[:200],
        rows=rows,
        status=ImportStatus.CHECKING,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    batch.save()
    audit_record(
        place=place, actor=actor, action="import.check", target=batch, changes={"rows": len(rows)}
    )
    if len(rows) > LONG_IMPORT_ROWS:
        from .. import progress
        from ..tasks import check_file

        progress.write(batch.pk, 0, len(rows))
        actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
        queue_on_commit(check_file, place.pk, batch.pk, actor_id, run_here=True)
        return batch
    return import_run_check(place=place, actor=actor, batch=batch)


def import_run_check(*, place, actor, batch, progress=None):
    """Check a file waiting to be checked; safe to run twice (the second run finds it checked)."""
    from ..imports import run

    batch = ImportBatch.objects.for_place(place).get(pk=batch.pk)
    if batch.status != ImportStatus.CHECKING:
        return batch
    checked = run(place, actor, batch.kind, batch.rows, commit=False, progress=progress)
    ImportBatch.objects.for_place(place).filter(pk=batch.pk, status=ImportStatus.CHECKING).update(
        errors=checked.errors,
        to_create=checked.created,
        to_update=checked.updated,
        status=ImportStatus.PREVIEWED,
    )
    return ImportBatch.objects.for_place(place).get(pk=batch.pk)


def import_check_queued(*, place, actor, batch):
    """The worker's part of checking a long file, with its progress for the page."""
    from .. import progress

    try:
        return import_run_check(
            place=place,
            actor=actor,
            batch=batch,
            progress=lambda done, total: progress.write(batch.pk, done, total),
        )
    except Exception:
        ImportBatch.objects.for_place(place).filter(
            pk=batch.pk, status=ImportStatus.CHECKING
        ).update(status=ImportStatus.FAILED)
        raise
    finally:
        progress.clear(batch.pk)


def import_commit(*, place, actor, batch, only_valid=False, progress=None):
    """Import a checked file: all rows or none, or only the valid rows when asked. Idempotent."""
    from ..imports import run

    with transaction.atomic():
        batch = ImportBatch.objects.for_place(place).select_for_update().get(pk=batch.pk)
        if batch.status not in (ImportStatus.PREVIEWED, ImportStatus.RUNNING):
            raise RuleViolation(_("This file has been imported already, or is being imported."))
        result = run(
            place,
            actor,
            batch.kind,
            batch.rows,
            commit=True,
            only_valid=only_valid,
            progress=progress,
        )
        if result.errors and not only_valid:
            batch.errors = result.errors
            batch.status = ImportStatus.PREVIEWED
            batch.save(update_fields=["errors", "status"])
            return batch
        batch.status = ImportStatus.IMPORTED
        batch.only_valid = only_valid
        batch.created_count = result.created
        batch.updated_count = result.updated
        batch.skipped_count = result.skipped
        batch.errors = result.errors
        batch.imported_at = timezone.now()
        batch.save()
        audit_record(
            place=place,
            actor=actor,
            action="import.commit",
            target=batch,
            changes={
                "created": result.created,
                "updated": result.updated,
                "skipped": result.skipped,
                "only_valid": only_valid,
            },
        )
    return batch


@transaction.atomic
def import_queue(*, place, actor, batch, only_valid=False):
    """Hand a long file to the worker; the preview page then shows its progress."""
    from .. import progress
    from ..tasks import import_file

    batch = ImportBatch.objects.for_place(place).select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.PREVIEWED:
        raise RuleViolation(_("This file has been imported already, or is being imported."))
    batch.status = ImportStatus.QUEUED
    batch.only_valid = only_valid
    batch.save(update_fields=["status", "only_valid"])
    audit_record(
        place=place,
        actor=actor,
        action="import.queue",
        target=batch,
        changes={"rows": len(batch.rows), "only_valid": only_valid},
    )
    progress.write(batch.pk, 0, len(batch.rows))
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    queue_on_commit(import_file, place.pk, batch.pk, actor_id, run_here=True)
    return batch


def import_run_queued(*, place, actor, batch):
    """The worker's part: claim a queued file (once, however often the task runs) and import it."""
    from .. import progress

    claimed = (
        ImportBatch.objects.for_place(place)
        .filter(pk=batch.pk, status=ImportStatus.QUEUED)
        .update(status=ImportStatus.RUNNING)
    )
    batch = ImportBatch.objects.for_place(place).get(pk=batch.pk)
    if not claimed:
        return batch
    try:
        batch = import_commit(
            place=place,
            actor=actor,
            batch=batch,
            only_valid=batch.only_valid,
            progress=lambda done, total: progress.write(batch.pk, done, total),
        )
    except Exception:
        ImportBatch.objects.for_place(place).filter(pk=batch.pk).update(status=ImportStatus.FAILED)
        raise
    finally:
        progress.clear(batch.pk)
    if batch.status != ImportStatus.IMPORTED:
        # The data changed since the check and some rows now fail: nothing was imported.
        ImportBatch.objects.for_place(place).filter(pk=batch.pk).update(status=ImportStatus.FAILED)
        batch.refresh_from_db()
    return batch


@transaction.atomic
def service_create_many(*, place, actor, items):
    """Create many services at once (imports), under the same rules as service_create.

    ``items`` is [(key, fields)] with the fields service_create takes. Each item is checked in
    Python against the place's vocabulary, areas and organisations (read once), then the valid
    ones are inserted in bulk, with an audit entry each. Returns ({key: service}, {key:
    RuleViolation}) for the created and the refused items.
    """
    from coordination.organisations.selectors import organisations_in_place

    organisations = set(organisations_in_place(place).values_list("pk", flat=True))
    themes_here = set(Theme.objects.for_place(place).values_list("pk", flat=True))
    communities_here = set(communities_for_place(place).values_list("pk", flat=True))
    today = timezone.localdate()
    who = actor if getattr(actor, "is_authenticated", False) else None
    valid, refused = [], {}
    for key, fields in items:
        fields = dict(fields)
        organisation = fields.pop("organisation", None)
        themes = list(fields.pop("themes", ()))
        communities = list(fields.pop("communities", ()))
        areas = list(fields.pop("areas", ()))
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
        if service.postcode:
            service.postcode = normalise_postcode(service.postcode)
        try:
            # Uniqueness is the caller's (imports check external ids) and the database's.
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
        if problems:
            refused[key] = RuleViolation(problems)
            continue
        valid.append((key, service, themes, communities, areas, organisation))
    Service.objects.for_place(place).bulk_create([v[1] for v in valid], batch_size=1000)
    theme_links, community_links, area_links = [], [], []
    for _key, service, themes, communities, areas, _org in valid:
        theme_links += [Service.themes.through(service=service, theme=t) for t in themes]
        community_links += [
            Service.communities.through(service=service, community=c) for c in communities
        ]
        area_links += [Service.areas.through(service=service, area=a) for a in areas]
    Service.themes.through.objects.bulk_create(theme_links, batch_size=2000)
    Service.communities.through.objects.bulk_create(community_links, batch_size=2000)
    Service.areas.through.objects.bulk_create(area_links, batch_size=2000)
    for _key, service, themes, communities, areas, organisation in valid:
        audit_record(
            place=place,
            actor=actor,
            action="service.create",
            target=service,
            changes={
                "organisation": organisation.name,
                **{k: getattr(service, k) for k in SERVICE_FIELDS},
                "themes": _names(themes),
                "communities": _names(communities),
                "areas": _names(areas),
            },
        )
    return {v[0]: v[1] for v in valid}, refused
