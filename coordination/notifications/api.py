"""A person's own notifications and notification preferences in a place, in the API.

These are a person's own: answered for the person the token or session belongs to, never for a
partner key (which acts for a system, not for the person who made it).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from coordination.api.mixins import PlaceScopedViewSetMixin
from coordination.api.partner_auth import is_partner_request
from coordination.api.permissions import PlacePermission

from . import selectors, services
from .models import Delivery, DigestFrequency, Notification
from .registry import news_kinds, reminder_rules

OWN = "view_place_home"  # every member of the place


class PersonNotPartnerKey(BasePermission):
    message = _("A partner API key cannot read or change a person's own notifications.")

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated) and not is_partner_request(
            request
        )


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.BooleanField(read_only=True)
    # The page the notification is about, for a person to open (``url`` in this API names a
    # resource of the API itself).
    link = serializers.CharField(source="url", read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "title",
            "body",
            "link",
            "emailed",
            "created_at",
            "read_at",
            "is_read",
        ]
        read_only_fields = fields


class MarkedReadSerializer(serializers.Serializer):
    marked_read = serializers.IntegerField(read_only=True)


class NotificationViewSet(
    PlaceScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The signed-in person's notifications here, newest first; mark one or all read."""

    model = Notification
    serializer_class = NotificationSerializer
    permission_classes = [PersonNotPartnerKey, PlacePermission]
    place_actions = {"list": OWN, "retrieve": OWN, "read": OWN, "read_all": OWN}
    ordering = ["-created_at", "-id"]

    def get_place_queryset(self, place):
        return selectors.notifications_for(place, self.request.user)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, *args, **kwargs):
        notification = self.get_object()
        services.notification_mark_read(
            place=self.place, user=request.user, notification=notification
        )
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None, responses=MarkedReadSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request, *args, **kwargs):
        count = services.notification_mark_all_read(place=self.place, user=request.user)
        return Response({"marked_read": count})


class NotificationPreferencesSerializer(serializers.Serializer):
    digest = serializers.ChoiceField(choices=DigestFrequency.choices)
    reminders = serializers.DictField(
        child=serializers.ChoiceField(choices=Delivery.choices),
        help_text=_(
            "How each reminder reaches this person: now (by email), digest, or off. Kinds not "
            "sent keep their setting."
        ),
    )
    news = serializers.DictField(
        child=serializers.ChoiceField(choices=Delivery.choices),
        help_text=_(
            "How this person hears of each kind of news about their own work: now (by email), "
            "digest, or off (only in the app). Kinds not sent keep their setting."
        ),
    )

    @staticmethod
    def _known(value, kinds, message):
        unknown = sorted(set(value) - set(kinds))
        if unknown:
            raise serializers.ValidationError(message % {"kind": unknown[0]})
        return value

    def validate_reminders(self, value):
        kinds = [rule.kind for rule in reminder_rules()]
        return self._known(value, kinds, _("There is no reminder called %(kind)s."))

    def validate_news(self, value):
        kinds = [news.kind for news in news_kinds()]
        return self._known(value, kinds, _("There is no news called %(kind)s."))


def _preferences_data(place, user):
    preference = selectors.preference_for(place, user)
    return {
        "digest": preference.digest,
        "reminders": {r.kind: preference.reminder_delivery(r.kind) for r in reminder_rules()},
        "news": {n.kind: preference.delivery_for(n.kind, n.default) for n in news_kinds()},
    }


class NotificationPreferencesView(GenericAPIView):
    """The signed-in person's digest, reminders and news choices here."""

    serializer_class = NotificationPreferencesSerializer
    permission_classes = [PersonNotPartnerKey, PlacePermission]
    place_actions = {"get": OWN, "put": OWN}
    pagination_class = None
    filter_backends = []

    def get_object(self):
        # OPTIONS describes the PUT body from the object it would change.
        return selectors.preference_for(self.request.place, self.request.user)

    def get(self, request, *args, **kwargs):
        return Response(_preferences_data(request.place, request.user))

    def put(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.preference_update(
            place=request.place,
            actor=request.user,
            digest=serializer.validated_data["digest"],
            reminders=serializer.validated_data["reminders"],
            news=serializer.validated_data["news"],
        )
        return Response(_preferences_data(request.place, request.user))
