"""Organisations in search: every organisation working in a place, in each of its places (the
registry is public)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from coordination.search.registry import Document, SearchKind

from .models import Organisation
from .selectors import organisations_in_place


def organisation_document(organisation, place):
    return Document(
        title=organisation.name,
        body=" ".join(
            part
            for part in (
                organisation.get_kind_display(),
                organisation.org_id,
                organisation.description,
            )
            if part
        ),
        url=reverse(
            "places:organisation_detail", kwargs={"place_slug": place.slug, "pk": organisation.pk}
        ),
        public=True,
    )


def organisations_seen(place, user):
    return organisations_in_place(place)


KINDS = (
    SearchKind(
        key="organisation",
        label=gettext_lazy("Organisation"),
        plural=gettext_lazy("Organisations"),
        model=Organisation,
        document=organisation_document,
        visible=organisations_seen,
        places_field="places",
        order=60,
    ),
)
