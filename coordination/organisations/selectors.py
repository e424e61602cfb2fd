"""Reads of the organisation registry, as seen from one place."""

from django.db.models import F, Prefetch

from coordination.vocabularies.selectors import communities_for_place

from .models import Organisation, OrganisationDocument


def organisations_in_place(place, *, kind=None, search=None):
    qs = Organisation.objects.filter(places=place).prefetch_related(
        Prefetch("communities", queryset=communities_for_place(place))
    )
    if kind:
        qs = qs.filter(kind=kind)
    if search:
        qs = qs.filter(name__icontains=search)
    return qs.order_by("name")


def get_organisation_in_place(place, pk):
    return organisations_in_place(place).filter(pk=pk).first()


# Kept documents: private to the organisation's members (and, through a submitted bid, to the
# funder deciding it: funding's selectors). Read through the place a person is in.


def is_member(user, place, organisation):
    """Whether this person belongs to the organisation here, in any role."""
    from coordination.accounts.models import Membership

    if user is None or not user.is_authenticated:
        return False
    return Membership.objects.for_place(place).filter(user=user, organisation=organisation).exists()


def documents_of(organisation):
    """Every document the organisation kept, current ones first within each kind."""
    return (
        OrganisationDocument.objects.filter(organisation=organisation)
        .select_related("uploaded_by")
        .order_by("kind", F("superseded_at").desc(nulls_first=True), "-uploaded_at", "-pk")
    )


def current_documents(organisation):
    return OrganisationDocument.objects.filter(
        organisation=organisation, superseded_at__isnull=True
    ).order_by("kind", "-uploaded_at", "-pk")


def document_for_member(user, place, pk):
    """A kept document, if its organisation works here and this person belongs to it; else None."""
    document = (
        OrganisationDocument.objects.filter(pk=pk, organisation__places=place)
        .select_related("organisation")
        .first()
    )
    if document is None or not is_member(user, place, document.organisation):
        return None
    return document
