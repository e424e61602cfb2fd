"""API representations of people, memberships and invitations; writes go to accounts.services."""

from django.core.validators import EmailValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from coordination.api.fields import PlaceHyperlinkedIdentityField, PlacePrimaryKeyRelatedField
from coordination.api.serializers import ModelSerializer, Serializer
from coordination.organisations.models import Organisation
from coordination.organisations.selectors import organisations_in_place

from .models import Invitation, Membership, Role, User


class PersonSerializer(ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "name", "email"]
        read_only_fields = fields


class OrganisationSummarySerializer(ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind"]
        read_only_fields = fields


def _organisation_field(**kwargs):
    return PlacePrimaryKeyRelatedField(
        model=Organisation,
        place_queryset=organisations_in_place,
        allow_null=True,
        required=False,
        help_text="Id of an organisation working in this place (GET …/organisations/). "
        "Required for every role except resident and place admin.",
        **kwargs,
    )


class MembershipSerializer(ModelSerializer):
    """A person's role in the place. Change ``role`` and ``organisation`` with PATCH."""

    url = PlaceHyperlinkedIdentityField(view_name="api:membership-detail")
    person = PersonSerializer(source="user", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    organisation = _organisation_field()
    organisation_detail = OrganisationSummarySerializer(
        source="organisation", read_only=True, allow_null=True
    )

    class Meta:
        model = Membership
        fields = [
            "id",
            "person",
            "role",
            "role_label",
            "organisation",
            "organisation_detail",
            "created_at",
            "updated_at",
            "url",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]


class InvitationSerializer(ModelSerializer):
    """An invitation to join the place in a role.

    The secret link to accept it goes only to the invitee's inbox, never into the API.
    """

    url = PlaceHyperlinkedIdentityField(view_name="api:invitation-detail")
    organisation = _organisation_field()
    status = serializers.ChoiceField(
        choices=["pending", "accepted", "revoked", "expired"], read_only=True
    )
    invited_by = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "email",
            "role",
            "organisation",
            "status",
            "invited_by",
            "created_at",
            "expires_at",
            "accepted_at",
            "revoked_at",
            "url",
        ]
        read_only_fields = [
            "id",
            "status",
            "invited_by",
            "created_at",
            "expires_at",
            "accepted_at",
            "revoked_at",
        ]
        # One open invitation per email and role is the service's rule, reported on the email field.
        validators = []


class MyPlaceSerializer(Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices))
    url = serializers.URLField(help_text="The place in the API.")


class MyMembershipSerializer(ModelSerializer):
    place = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    organisation = OrganisationSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Membership
        fields = ["id", "place", "role", "role_label", "organisation", "created_at"]
        read_only_fields = fields


_CONTACT_HELP = (
    "The address to reach this person at; empty: the address they sign in with (``email``)."
)


class MyProfileSerializer(ModelSerializer):
    """The person's own name and how to reach them (PATCH …/me/). An empty ``contact_email``
    means the sign-in address. Only they and the place admins of their places see these."""

    # Text, not an "email" in the schema: empty is a meaning of its own (the sign-in address).
    contact_email = serializers.CharField(
        allow_blank=True,
        required=False,
        max_length=254,
        validators=[EmailValidator()],
        help_text=_CONTACT_HELP,
    )

    class Meta:
        model = User
        fields = ["name", "contact_email", "phone", "reach_note"]


class MeSerializer(ModelSerializer):
    """The signed-in person, with their memberships in every place and how to reach them
    (``contact_email`` empty: the sign-in ``email``)."""

    memberships = serializers.SerializerMethodField()
    places = serializers.SerializerMethodField()
    contact_email = serializers.CharField(read_only=True, help_text=_CONTACT_HELP)

    class Meta:
        model = User
        fields = [
            "id",
            "name",
            "email",
            "contact_email",
            "phone",
            "reach_note",
            "memberships",
            "places",
        ]
        read_only_fields = fields

    @extend_schema_field(MyMembershipSerializer(many=True))
    def get_memberships(self, user):
        return MyMembershipSerializer(
            self.context["memberships"], many=True, context=self.context
        ).data

    @extend_schema_field(MyPlaceSerializer(many=True))
    def get_places(self, user):
        request = self.context.get("request")
        places = {}
        for membership in self.context["memberships"]:
            entry = places.setdefault(
                membership.place_id,
                {
                    "slug": membership.place.slug,
                    "name": membership.place.name,
                    "roles": [],
                    "url": reverse(
                        "api:place-detail",
                        kwargs={"place_slug": membership.place.slug},
                        request=request,
                    ),
                },
            )
            entry["roles"].append(membership.role)
        return list(places.values())
