"""Changes to the organisation registry, each audited in the place where it was made."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean
from coordination.uploads import ORGANISATION_DOCUMENTS
from coordination.vocabularies.selectors import communities_for_place

from .models import DocumentKind, Organisation, OrganisationDocument
from .selectors import is_member

EDITABLE = (
    "name",
    "kind",
    "org_id",
    "income_band",
    "staff_count",
    "registered_postcode",
    "description",
    "website",
    "email",
)


def _link_areas(organisation, place, areas):
    # Through the link table, so no area query runs outside a place scope; only this place's areas link.
    through = Organisation.areas.through
    through.objects.bulk_create(
        [through(organisation=organisation, area=a) for a in areas if a.place_id == place.id],
        ignore_conflicts=True,
    )


def _visible(place, communities):
    allowed = set(communities_for_place(place).values_list("pk", flat=True))
    return [c for c in communities if c.pk in allowed]


@transaction.atomic
def organisation_create(*, place, actor, areas=(), communities=(), **fields):
    organisation = Organisation(**{k: v for k, v in fields.items() if k in EDITABLE})
    organisation.full_clean()
    organisation.save()
    organisation.places.add(place)
    _link_areas(organisation, place, areas)
    if communities:
        organisation.communities.set(_visible(place, communities))
    audit_record(
        place=place,
        actor=actor,
        action="organisations.organisation.create",
        target=organisation,
        changes={k: fields.get(k) for k in EDITABLE if k in fields},
    )
    return organisation


@transaction.atomic
def organisation_update(*, place, actor, organisation, areas=None, communities=None, **fields):
    before = {k: getattr(organisation, k) for k in EDITABLE}
    for key, value in fields.items():
        if key in EDITABLE:
            setattr(organisation, key, value)
    organisation.full_clean()
    organisation.save()
    if areas is not None:
        # Only this place's areas are replaced; links to other places' areas stay as they were.
        Organisation.areas.through.objects.filter(
            organisation=organisation, area__place=place
        ).delete()
        _link_areas(organisation, place, areas)
    if communities is not None:
        # Replaces only what this place can see: another place's own additions stay linked.
        visible_here = communities_for_place(place)
        hidden = organisation.communities.exclude(pk__in=visible_here.values("pk"))
        organisation.communities.set([*hidden, *_visible(place, communities)])
    changes = {
        k: [before[k], getattr(organisation, k)]
        for k in EDITABLE
        if before[k] != getattr(organisation, k)
    }
    audit_record(
        place=place,
        actor=actor,
        action="organisations.organisation.update",
        target=organisation,
        changes=changes,
    )
    return organisation


@transaction.atomic
def document_add(
    *, place, actor, organisation, kind, title, file, dated_on=None, valid_until=None, now=None
):
    """Keep a standard document for the organisation, once for every bid it makes. A newer
    document of a kind supersedes the current one (which stays: bids keep what they were sent
    with); "Other" documents stand side by side."""
    if not is_member(actor, place, organisation):
        raise RuleViolation(_("Only the organisation's own people can add its documents."))
    content_type = ORGANISATION_DOCUMENTS.check_for(file, "file").mime
    document = OrganisationDocument(
        organisation=organisation,
        kind=kind,
        title=title,
        original_name=(file.name or "document").rsplit("/", 1)[-1][-200:],
        content_type=content_type,
        size=file.size,
        dated_on=dated_on,
        valid_until=valid_until,
        uploaded_by=actor,
    )
    document.file = file
    full_clean(document, exclude=["superseded_at"])
    # Lock the organisation's row: two uploads of one kind at once supersede in turn.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    superseded = []
    if kind != DocumentKind.OTHER:
        earlier = OrganisationDocument.objects.filter(
            organisation=organisation, kind=kind, superseded_at__isnull=True
        )
        superseded = list(earlier.values_list("pk", flat=True))
        earlier.update(superseded_at=now or timezone.now())
    document.save()
    audit_record(
        place=place,
        actor=actor,
        action="organisations.document.add",
        target=document,
        changes={
            "organisation": organisation.pk,
            "kind": kind,
            "title": title,
            "superseded": superseded,
        },
    )
    return document
