"""API representations of services, needs and assets in one place; writes go to mapping.services."""

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from coordination.api.fields import (
    PlaceHyperlinkedIdentityField,
    PlacePrimaryKeyRelatedField,
    PlaceSlugRelatedField,
    RelatedNameField,
)
from coordination.api.serializers import ModelSerializer, Serializer
from coordination.organisations.models import Community, Organisation
from coordination.organisations.selectors import organisations_in_place
from coordination.places.models import Area
from coordination.places.selectors import areas_for_place
from coordination.vocabularies.models import Theme
from coordination.vocabularies.selectors import communities_for_place, themes_for_place

from .models import Asset, Need, Service, ServiceSchedule, Weekday
from .opening_hours import MAX_OPENINGS
from .selectors import can_see_asset_contact


def _themes(**kwargs):
    return PlaceSlugRelatedField(
        model=Theme, place_queryset=themes_for_place, slug_field="slug", **kwargs
    )


def _communities(**kwargs):
    return PlaceSlugRelatedField(
        model=Community, place_queryset=communities_for_place, slug_field="slug", **kwargs
    )


def _area(**kwargs):
    return PlaceSlugRelatedField(
        model=Area, place_queryset=areas_for_place, slug_field="slug", **kwargs
    )


DAY_NAMES = {day.value: day.name.lower() for day in Weekday}
DAY_VALUES = {name: value for value, name in DAY_NAMES.items()}


class WeekdayField(serializers.ChoiceField):
    """A day by its English name ("monday"), stored as its ISO number."""

    def __init__(self, **kwargs):
        super().__init__(choices=list(DAY_VALUES), **kwargs)

    def to_internal_value(self, data):
        return DAY_VALUES[super().to_internal_value(data)]

    def to_representation(self, value):
        return DAY_NAMES[value]


# A local time of day: OpenAPI's "time" format is RFC 3339's, which needs a UTC offset.
CLOCK_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"


@extend_schema_field({"type": "string", "pattern": CLOCK_PATTERN, "example": "09:00:00"})
class ClockField(serializers.TimeField):
    """A time of day in the place's own time (24-hour hh:mm or hh:mm:ss), no time zone."""


class ServiceScheduleSerializer(ModelSerializer):
    """One weekly opening: a day, and a time range within it (24-hour)."""

    day = WeekdayField(source="weekday")
    opens_at = ClockField(help_text="When it opens, 24-hour: 09:00.")
    closes_at = ClockField(help_text="When it closes, later the same day: 17:30.")

    class Meta:
        model = ServiceSchedule
        fields = ["day", "opens_at", "closes_at", "valid_from", "valid_to", "description"]
        # The service checks each opening with the model's rules, named by its place in the list.
        validators = []


class ServiceSerializer(ModelSerializer):
    url = PlaceHyperlinkedIdentityField(view_name="api:service-detail")
    organisation = PlacePrimaryKeyRelatedField(
        model=Organisation,
        place_queryset=organisations_in_place,
        help_text="Id of the organisation that runs it (charity leaders: their own).",
    )
    themes = _themes(many=True, help_text="Slugs of its themes.")
    communities = _communities(
        many=True, required=False, help_text="Slugs of the communities it serves."
    )
    areas = _area(
        many=True, required=False, help_text="Slugs of the areas it serves (none: whole place)."
    )
    schedules = ServiceScheduleSerializer(
        many=True,
        required=False,
        max_length=MAX_OPENINGS,
        help_text="Its weekly opening hours. Given on a change, they replace the hours it had.",
    )

    class Meta:
        model = Service
        fields = [
            "id",
            "uuid",
            "organisation",
            "name",
            "description",
            "themes",
            "communities",
            "is_specialist",
            "whole_place",
            "areas",
            "schedules",
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
            "created_at",
            "updated_at",
            "url",
        ]
        read_only_fields = ["id", "uuid", "last_verified", "created_at", "updated_at", "url"]
        # The service validates the row (with its links and the place); no model-level checks here.
        validators = []


class NeedSerializer(ModelSerializer):
    url = PlaceHyperlinkedIdentityField(view_name="api:need-detail")
    area = _area(help_text="Slug of the area.")
    theme = _themes(help_text="Slug of the theme.")
    communities = _communities(many=True, required=False)
    organisation = RelatedNameField(if_none="")

    class Meta:
        model = Need
        fields = [
            "id",
            "area",
            "theme",
            "communities",
            "summary",
            "severity",
            "indicator_value",
            "indicator_unit",
            "indicator_source",
            "indicator_date",
            "evidence_url",
            "organisation",
            "external_id",
            "created_at",
            "url",
        ]
        read_only_fields = ["id", "created_at", "url"]
        validators = []


class AssetSerializer(ModelSerializer):
    url = PlaceHyperlinkedIdentityField(view_name="api:asset-detail")
    area = _area(required=False, allow_null=True)

    class Meta:
        model = Asset
        fields = [
            "id",
            "kind",
            "name",
            "area",
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
            "created_at",
            "url",
        ]
        read_only_fields = ["id", "created_at", "url"]
        validators = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        place = self.context.get("place")
        if request is not None and place is not None:
            if not can_see_asset_contact(request.user, place, instance):
                for key in ("contact_name", "contact_email", "contact_phone"):
                    data[key] = ""
        return data


# The coverage analysis, described for the OpenAPI document (the view builds the body itself).


class CoverageTermSerializer(Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class CoverageCellSerializer(Serializer):
    area = serializers.SlugField(help_text="Slug of the area.")
    theme = serializers.SlugField(help_text="Slug of the theme.")
    need_level = serializers.IntegerField(
        allow_null=True,
        min_value=1,
        max_value=3,
        help_text="The highest severity of need evidenced (1 low, 2 medium, 3 high); "
        "null when nobody has submitted evidence.",
    )
    need_count = serializers.IntegerField(min_value=0)
    services = serializers.IntegerField(min_value=0, help_text="Active services covering it.")
    weekly_capacity = serializers.IntegerField(min_value=0)
    is_gap = serializers.BooleanField()


class CoverageGapSerializer(Serializer):
    area = serializers.SlugField()
    theme = serializers.SlugField()


class CoverageServiceSerializer(Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    organisation = serializers.CharField(help_text="The organisation's name.")


class CoverageSpecialistSerializer(CoverageServiceSerializer):
    communities = serializers.ListField(
        child=serializers.CharField(), help_text="The communities it is designed for."
    )


class CoverageOverlapSerializer(Serializer):
    theme = serializers.SlugField()
    area = serializers.SlugField()
    community = serializers.SlugField(allow_null=True)
    services = CoverageServiceSerializer(many=True)
    complementary = CoverageSpecialistSerializer(
        many=True, help_text="Specialist services beside the overlap: never counted in it."
    )


@extend_schema_serializer(many=False)  # one analysis, though served by the list action
class CoverageSerializer(Serializer):
    rules = serializers.DictField(
        child=serializers.CharField(), help_text="How each flag is decided, in words."
    )
    computed_at = serializers.DateTimeField(
        help_text="When the analysis was worked out: it is stored, and worked out again a minute "
        "or so after the place's services or needs change, and every hour."
    )
    themes = CoverageTermSerializer(many=True)
    areas = CoverageTermSerializer(many=True)
    cells = CoverageCellSerializer(many=True)
    gaps = CoverageGapSerializer(many=True)
    overlaps = CoverageOverlapSerializer(many=True)


# Area outlines, as one GeoJSON FeatureCollection per place


class AreaOutlineGeometrySerializer(Serializer):
    type = serializers.ChoiceField(choices=["Polygon", "MultiPolygon"])
    coordinates = serializers.JSONField(
        help_text="GeoJSON coordinates: rings of [longitude, latitude] positions (WGS84)."
    )


class AreaOutlinePropertiesSerializer(Serializer):
    area = serializers.SlugField(
        max_length=80, help_text="The area's slug (as the services' `area` filter)."
    )
    name = serializers.CharField(max_length=120)
    updated_at = serializers.DateTimeField()


class AreaOutlineFeatureSerializer(Serializer):
    type = serializers.ChoiceField(choices=["Feature"])
    id = serializers.SlugField(max_length=80, help_text="The area's slug.")
    properties = AreaOutlinePropertiesSerializer()
    geometry = AreaOutlineGeometrySerializer()


@extend_schema_serializer(many=False)  # one document, though served by the list action
class AreaOutlineCollectionSerializer(Serializer):
    type = serializers.ChoiceField(choices=["FeatureCollection"])
    features = AreaOutlineFeatureSerializer(many=True)
