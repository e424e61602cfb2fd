"""API: subgroups' report-backs to their parent board, and the board's response to each
recommendation.
"""

import django_filters
from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from coordination.api.filters import IdFilter
from coordination.api.serializers import prefetched

from .. import permissions, selectors, services
from ..models import Recommendation, ReportBack, ReportBackStatus
from ..serializers import RecommendationResponseSerializer, ReportBackSerializer
from ._common import READ, ReadOnlyPlaceViewSet, unknown


class ReportBackFilter(django_filters.FilterSet):
    subgroup = IdFilter(field_name="subgroup_id", label="Subgroup id")
    parent_meeting = IdFilter(field_name="parent_meeting_id", label="Parent meeting id")
    status = django_filters.ChoiceFilter(choices=ReportBackStatus.choices)

    class Meta:
        model = ReportBack
        fields = ["subgroup", "parent_meeting", "status"]


class ReportBackViewSet(ReadOnlyPlaceViewSet, mixins.CreateModelMixin):
    """Subgroups' report-backs to their parent board, with the board's response to each
    recommendation.

    POST submits one (as the subgroup's chair, vice-chair or secretary, or a coordinator): it goes
    on the parent meeting's agenda at once. A meeting of any board but the subgroup's parent is a
    400 on ``parent_meeting``.
    """

    model = ReportBack
    serializer_class = ReportBackSerializer
    filterset_class = ReportBackFilter
    ordering_fields = ["due_at"]
    ordering = ["due_at", "pk"]
    place_actions = {**READ, "create": "take_part_in_boards", "respond": "take_part_in_boards"}

    def get_place_queryset(self, place):
        return selectors.report_backs_visible_to(place, self.request.user).prefetch_related(
            prefetched("recommendations", Recommendation.objects.for_place(place))
        )

    @extend_schema(request=RecommendationResponseSerializer, responses={200: ReportBackSerializer})
    @action(detail=True, methods=["post"])
    def respond(self, request, *args, **kwargs):
        """The parent board's response to one recommendation (its chair, vice-chair, secretary
        or a coordinator); the subgroup sees it on the report-back."""
        report_back = self.get_object()
        if not permissions.can_respond_to_report_back(request.user, report_back):
            raise PermissionDenied
        data = RecommendationResponseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        recommendation = report_back.recommendations.filter(
            pk=data.validated_data["recommendation"]
        ).first()
        if recommendation is None:
            raise unknown("recommendation", data.validated_data["recommendation"])
        services.recommendation_respond(
            place=self.place,
            actor=request.user,
            recommendation=recommendation,
            response_status=data.validated_data["response_status"],
            response=data.validated_data.get("response", ""),
        )
        return Response(self.get_serializer(self.reread(report_back)).data)

    def perform_create(self, serializer):
        data = serializer.validated_data
        subgroup = data["subgroup"]
        if not permissions.can_see_board(self.request.user, subgroup):
            # The same answer as for an id that does not exist: a private subgroup stays unknown.
            raise serializers.ValidationError(
                {"subgroup": [f'Invalid pk "{subgroup.pk}" - object does not exist.']}
            )
        if not permissions.can_manage_board(self.request.user, subgroup):
            raise PermissionDenied
        report_back = services.report_back_open(
            place=self.place,
            actor=self.request.user,
            subgroup=subgroup,
            parent_meeting=data["parent_meeting"],
        )
        services.report_back_submit(
            place=self.place,
            actor=self.request.user,
            report_back=report_back,
            summary=data["summary"],
            progress=data.get("progress", ""),
            asks=data.get("asks", ""),
            recommendations=data.get("recommendation_texts", []),
        )
        serializer.instance = self.reread(report_back)
