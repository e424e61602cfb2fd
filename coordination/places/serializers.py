"""API representations of places and their areas (read-only for now)."""

from django.urls import reverse as django_reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from coordination.api.fields import PlaceHyperlinkedIdentityField
from coordination.api.serializers import ModelSerializer, Serializer

from . import comparison
from .models import Area, Place


class PlaceLinksSerializer(Serializer):
    self = serializers.URLField()
    areas = serializers.URLField()
    organisations = serializers.URLField()
    memberships = serializers.URLField(help_text="Needs a role that may see members.")
    invitations = serializers.URLField(help_text="Needs a role that may invite members.")
    web = serializers.URLField(help_text="The place's home page in the browser.")


class PlaceSerializer(ModelSerializer):
    colour = serializers.CharField(source="primary_colour", help_text="Header colour, #rrggbb.")
    digest_weekday_name = serializers.CharField(source="get_digest_weekday_display")
    links = serializers.SerializerMethodField()

    class Meta:
        model = Place
        fields = [
            "name",
            "slug",
            "tagline",
            "gss_code",
            "timezone",
            "digest_weekday",
            "digest_weekday_name",
            "digest_hour",
            "colour",
            "links",
        ]
        read_only_fields = fields

    @extend_schema_field(PlaceLinksSerializer)
    def get_links(self, place):
        request = self.context.get("request")
        kwargs = {"place_slug": place.slug}

        def api(name):
            return reverse(f"api:{name}", kwargs=kwargs, request=request)

        web = django_reverse("places:home", kwargs=kwargs)
        return {
            "self": api("place-detail"),
            "areas": api("area-list"),
            "organisations": api("organisation-list"),
            "memberships": api("membership-list"),
            "invitations": api("invitation-list"),
            "web": request.build_absolute_uri(web) if request else web,
        }


class AreaSerializer(ModelSerializer):
    url = PlaceHyperlinkedIdentityField(
        view_name="api:area-detail", lookup_field="slug", lookup_url_kwarg="slug"
    )
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Area
        fields = ["id", "slug", "name", "kind", "gss_code", "parent", "url"]
        read_only_fields = fields


# The comparison of places (/compare/ as data)


class ComparedPlaceSerializer(Serializer):
    slug = serializers.SlugField(max_length=50)
    name = serializers.CharField(max_length=100)


class ComparedValueSerializer(Serializer):
    place = serializers.SlugField(max_length=50, help_text="The place's slug.")
    value = serializers.FloatField(
        allow_null=True,
        help_text="A share from 0 to 1 (unit percent), or a number of days, months or questions; "
        "null when the place has no data for it yet.",
    )
    text = serializers.CharField(
        max_length=40, help_text="The value as the page shows it: 40%, 12 days, no data yet."
    )


class ComparedMeasureSerializer(Serializer):
    key = serializers.CharField(max_length=80, help_text="Stable name: funding.feedback_rate.")
    label = serializers.CharField(max_length=200)
    group = serializers.CharField(max_length=80, help_text="Funders or Commissioners.")
    unit = serializers.ChoiceField(choices=comparison.UNITS)
    values = ComparedValueSerializer(many=True, help_text="One per place, in the places' order.")


class ComparisonSerializer(Serializer):
    places = ComparedPlaceSerializer(many=True)
    measures = ComparedMeasureSerializer(many=True)
