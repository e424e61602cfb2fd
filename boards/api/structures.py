"""API: the place's community structures. Active ones are public; place admins and those who
manage the place's boards see inactive ones too, and set structures up (POST) and change them
(PATCH)."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers

from coordination import text_limits
from coordination.api.fields import PlaceHyperlinkedIdentityField, PlaceSlugRelatedField
from coordination.api.serializers import ModelSerializer
from coordination.places.models import Area

from .. import selectors, services
from ..models import CommunityStructure, GroupsBy
from ..services.structures import STRUCTURE_FIELDS
from ._common import READ, ReadOnlyPlaceViewSet


class CommunityStructureSerializer(ModelSerializer):
    """A community structure: what its groups are called and what residents can do there.
    ``groups`` lists the ids of its groups (boards) the person may see."""

    url = PlaceHyperlinkedIdentityField(view_name="api:community-structure-detail")
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(max_length=150)
    group_noun = serializers.CharField(max_length=60)
    summary = serializers.CharField(max_length=300)
    description = serializers.CharField(
        max_length=text_limits.TEXT, required=False, allow_blank=True
    )
    terms = serializers.CharField(max_length=text_limits.TEXT, required=False, allow_blank=True)
    groups_by = serializers.ChoiceField(choices=GroupsBy.choices, required=False)
    resident_seats = serializers.IntegerField(min_value=0, max_value=50, required=False)
    area = PlaceSlugRelatedField(
        model=Area,
        place_queryset=lambda place: Area.objects.for_place(place),
        slug_field="slug",
        required=False,
        allow_null=True,
        help_text="Slug of the area a pilot works in.",
    )
    terms_text = serializers.CharField(
        read_only=True, help_text="The terms shown when someone posts."
    )
    groups = serializers.SerializerMethodField()

    class Meta:
        model = CommunityStructure
        # What the service changes, and what the API adds to read.
        fields = ["id", "slug", *STRUCTURE_FIELDS, "terms_text", "groups", "created_at", "url"]
        read_only_fields = ["id", "slug", "terms_text", "groups", "created_at", "url"]

    def get_groups(self, structure) -> list[int]:
        return [group.pk for group in getattr(structure, "visible_groups", [])]


@extend_schema_view(
    create=extend_schema(responses={201: CommunityStructureSerializer}),
    partial_update=extend_schema(responses={200: CommunityStructureSerializer}),
)
class CommunityStructureViewSet(
    ReadOnlyPlaceViewSet, mixins.CreateModelMixin, mixins.UpdateModelMixin
):
    """The ways the place brings residents in: Buckinghamshire's community boards, Coventry's
    Communities Pillar, Sutton's St Helier pilot. Each says what one of its groups is called and
    what residents can do there (put ideas forward, come to public meetings, sit on a group, have
    a say in a fund, build on community assets).

    Place admins and those who manage the place's boards set a structure up (POST) and change it
    (PATCH, PUT); everyone else gets a 403.
    """

    model = CommunityStructure
    serializer_class = CommunityStructureSerializer
    ordering_fields = ["name", "created_at"]
    ordering = ["name", "pk"]
    place_actions = {
        **READ,
        "create": "manage_boards",
        "update": "manage_boards",
        "partial_update": "manage_boards",
    }

    def get_place_queryset(self, place):
        groups = selectors.boards_visible_to(place, self.request.user).order_by("name", "pk")
        return selectors.structures_visible_to(place, self.request.user).prefetch_related(
            Prefetch("groups", queryset=groups, to_attr="visible_groups")
        )

    def _fields(self, serializer):
        return {
            k: v for k, v in serializer.validated_data.items() if k in services.STRUCTURE_FIELDS
        }

    def perform_create(self, serializer):
        fields = self._fields(serializer)
        structure = services.structure_create(place=self.place, actor=self.request.user, **fields)
        serializer.instance = self.reread(structure)

    def perform_update(self, serializer):
        structure = services.structure_update(
            place=self.place,
            actor=self.request.user,
            structure=serializer.instance,
            **self._fields(serializer),
        )
        serializer.instance = self.reread(structure)
