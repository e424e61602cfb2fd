"""What tells the stored figures (funding/services/snapshots.py) that their inputs changed: any
save or delete of a bid, its feedback, documents, themes or areas, a grant variation, the place's
funding policy or a duplicate-check consent, of a need on the map (the unmet high needs), and of
a programme (in each of its places), its questions or the documents it asks for. Each queues one
refresh of the place on commit."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import (
    Bid,
    BidDocument,
    DuplicateCheckConsent,
    Feedback,
    FundingPolicy,
    GrantVariation,
    Programme,
    ProgrammeDocumentRequirement,
    ProgrammeQuestion,
)
from .services.snapshots import figures_changed

PLACE_OWNED = (Bid, Feedback, GrantVariation, BidDocument, FundingPolicy, DuplicateCheckConsent)
OF_PROGRAMME = (ProgrammeQuestion, ProgrammeDocumentRequirement)


def _place_row_changed(sender, instance, **kwargs):
    if instance.place_id is not None:
        figures_changed(instance.place_id)


def _programme_places_changed(programme_id):
    if programme_id is None:
        return
    places = Programme.places.through.objects.filter(programme_id=programme_id)
    for place_id in places.values_list("place_id", flat=True):
        figures_changed(place_id)


def _programme_changed(sender, instance, **kwargs):
    _programme_places_changed(instance.pk)


def _programme_part_changed(sender, instance, **kwargs):
    _programme_places_changed(instance.programme_id)


def _bid_links_changed(sender, instance, action, reverse, **kwargs):
    if action.startswith("post_") and not reverse:
        figures_changed(instance.place_id)


def _programme_places_linked(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # a place's programmes changed
        figures_changed(instance.pk)
    else:
        for place_id in pk_set or ():
            figures_changed(place_id)
        _programme_places_changed(instance.pk)


def connect():
    # A need on the map, named lazily: funding reads mapping through its selectors only.
    for model in (*PLACE_OWNED, "mapping.Need"):
        post_save.connect(_place_row_changed, sender=model, dispatch_uid=f"figures-{model}")
        post_delete.connect(_place_row_changed, sender=model, dispatch_uid=f"figures-d-{model}")
    post_save.connect(_programme_changed, sender=Programme, dispatch_uid="figures-programme")
    for model in OF_PROGRAMME:
        post_save.connect(_programme_part_changed, sender=model, dispatch_uid=f"figures-{model}")
        post_delete.connect(
            _programme_part_changed, sender=model, dispatch_uid=f"figures-d-{model}"
        )
    for through in (Bid.themes.through, Bid.areas.through):
        m2m_changed.connect(_bid_links_changed, sender=through, dispatch_uid=f"figures-{through}")
    m2m_changed.connect(
        _programme_places_linked, sender=Programme.places.through, dispatch_uid="figures-places"
    )
