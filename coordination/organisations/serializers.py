"""API representation of an organisation as seen from one place; writes go to its services."""

from coordination.api.fields import PlaceHyperlinkedIdentityField, PlaceSlugRelatedField
from coordination.api.serializers import ModelSerializer
from coordination.places.models import Area
from coordination.places.selectors import areas_for_place
from coordination.vocabularies.selectors import communities_for_place

from .models import Community, Organisation


class OrganisationSerializer(ModelSerializer):
    url = PlaceHyperlinkedIdentityField(view_name="api:organisation-detail")
    areas = PlaceSlugRelatedField(
        model=Area,
        place_queryset=areas_for_place,
        slug_field="slug",
        many=True,
        required=False,
        help_text="Slugs of the areas of this place it works in (other places' are not shown).",
    )
    communities = PlaceSlugRelatedField(
        model=Community,
        place_queryset=communities_for_place,
        slug_field="slug",
        many=True,
        required=False,
        help_text="Slugs of the communities it specialises in (this place's list).",
    )

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "kind",
            "org_id",
            "income_band",
            "staff_count",
            "registered_postcode",
            "description",
            "website",
            "email",
            "areas",
            "communities",
            "created_at",
            "updated_at",
            "url",
        ]
        read_only_fields = ["id", "created_at", "updated_at", "url"]
