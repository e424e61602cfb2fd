"""API: who am I, a place's memberships (for those who may see members) and invitations."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from coordination.api.filters import IdFilter
from coordination.api.mixins import PlaceScopedViewSetMixin

from . import services
from .models import Invitation, Membership, Role
from .selectors import memberships_of
from .serializers import (
    InvitationSerializer,
    MembershipSerializer,
    MeSerializer,
    MyProfileSerializer,
)


class MembershipFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(choices=Role.choices)
    organisation = IdFilter(field_name="organisation_id", label="Organisation id")

    class Meta:
        model = Membership
        fields = ["role", "organisation"]


class MembershipViewSet(
    PlaceScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Who holds which role in the place. People join by invitation (POST …/invitations/).

    PATCH changes a membership's role or organisation; DELETE ends it. A place keeps at least one
    place admin: a change that would leave none is a 400.
    """

    model = Membership
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter
    ordering_fields = ["created_at", "role", "user__name", "user__email"]
    ordering = ["user__name", "user__email", "role"]
    lookup_value_converter = "int"
    place_actions = {
        "list": "view_members",
        "retrieve": "view_members",
        "update": "manage_members",
        "partial_update": "manage_members",
        "destroy": "manage_members",
    }

    def get_place_queryset(self, place):
        return Membership.objects.for_place(place).select_related("user", "organisation")

    def perform_update(self, serializer):
        membership = serializer.instance
        data = serializer.validated_data
        services.membership_update(
            place=self.place,
            actor=self.request.user,
            membership=membership,
            role=data.get("role", membership.role),
            organisation=data["organisation"]
            if "organisation" in data
            else membership.organisation,
        )
        serializer.instance = self.reread(membership)

    def perform_destroy(self, instance):
        services.membership_end(place=self.place, actor=self.request.user, membership=instance)


class InvitationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=[(s, s) for s in ("pending", "accepted", "revoked", "expired")],
        method="with_status",
    )
    role = django_filters.ChoiceFilter(choices=Role.choices)

    class Meta:
        model = Invitation
        fields = ["role", "status"]

    def with_status(self, queryset, name, value):
        now = timezone.now()
        open_ = Q(accepted_at__isnull=True, revoked_at__isnull=True)
        return queryset.filter(
            {
                "pending": open_ & Q(expires_at__gt=now),
                "accepted": Q(accepted_at__isnull=False),
                "revoked": Q(revoked_at__isnull=False),
                "expired": open_ & Q(expires_at__lte=now),
            }[value]
        )


class InvitationViewSet(
    PlaceScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Invitations to join the place. Creating one emails the person a link to accept it.

    Only one open invitation per email address and role: a second is a 400 on ``email``.
    """

    model = Invitation
    serializer_class = InvitationSerializer
    filterset_class = InvitationFilter
    ordering_fields = ["created_at", "expires_at", "email"]
    ordering = ["-created_at"]
    lookup_value_converter = "int"
    place_actions = {
        "list": "invite_members",
        "retrieve": "invite_members",
        "create": "invite_members",
        "withdraw": "invite_members",
    }

    def get_place_queryset(self, place):
        return Invitation.objects.for_place(place).select_related("organisation", "invited_by")

    def perform_create(self, serializer):
        data = serializer.validated_data
        invitation = services.invitation_create(
            place=self.place,
            actor=self.request.user,
            email=data["email"],
            role=data["role"],
            organisation=data.get("organisation"),
        )
        serializer.instance = self.reread(invitation)

    @extend_schema(request=None, responses={200: InvitationSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, place_slug=None, pk=None):
        """Withdraw a pending invitation: its link stops working."""
        invitation = self.get_object()
        services.invitation_revoke(place=self.place, actor=request.user, invitation=invitation)
        return Response(
            self.get_serializer(self.reread(invitation)).data, status=status.HTTP_200_OK
        )


class MeView(GenericAPIView):
    """The signed-in person, their memberships in every place, their roles in each, and how to
    reach them (PATCH to change it)."""

    serializer_class = MeSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = None
    filter_backends = []

    def get(self, request):
        return self._me(request)

    @extend_schema(request=MyProfileSerializer, responses={200: MeSerializer})
    def patch(self, request):
        """Change your name and how to reach you; fields left out keep their values."""
        serializer = MyProfileSerializer(request.user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.profile_update(
            user=request.user,
            **{
                field: serializer.validated_data.get(field, getattr(request.user, field))
                for field in services.PROFILE_FIELDS
            },
        )
        return self._me(request)

    def _me(self, request):
        memberships = memberships_of(request.user)
        serializer = self.get_serializer(
            request.user,
            context={
                **self.get_serializer_context(),
                "memberships": memberships,
            },
        )
        return Response(serializer.data)
