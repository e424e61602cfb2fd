"""What the funding serializers share: the field naming a programme's or bid's themes."""

from coordination.api.fields import PlaceSlugRelatedField
from coordination.vocabularies.models import Theme
from coordination.vocabularies.selectors import themes_for_place


def themes_field(**kwargs):
    """Themes named by slug, chosen among the request's place's."""
    return PlaceSlugRelatedField(
        model=Theme, place_queryset=themes_for_place, slug_field="slug", many=True, **kwargs
    )
