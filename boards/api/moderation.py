"""API: comments on ideas, reports of ideas and comments, and moderators' decisions.

Comments are public where their idea is; a hidden post shows the moderator's reason in place of
its words to everyone but its author and the group's moderators. Anyone who takes part in the place
comments (POST …/proposals/<id>/comments/) and reports (POST …/report/); the group's chair,
vice-chair and secretary and place admins hide, restore and keep posts (POST …/hide/, …/restore/,
…/keep/: 403 for anyone else) and read the open reports (…/moderation/reports/: 403 for anyone
else).
"""

import django_filters
from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from coordination import text_limits
from coordination.api.filters import IdFilter
from coordination.api.permissions import PUBLIC
from coordination.api.serializers import ModelSerializer, Serializer

from .. import permissions, selectors, services
from ..models import ContentReport, ProposalComment, ReportReason
from ..moderation_display import HiddenPostFields
from ._common import ReadOnlyPlaceViewSet

TAKE_PART = "take_part_in_boards"


class IdeaCommentSerializer(HiddenPostFields, ModelSerializer):
    masked = {"text": "placeholder"}
    author = serializers.SerializerMethodField()

    class Meta:
        model = ProposalComment
        fields = ["id", "proposal", "author", "text", "created_at", "hidden", "hidden_reason"]
        read_only_fields = fields

    def get_author(self, comment) -> str | None:
        return comment.author.get_full_name() if comment.author_id else None


class IdeaCommentCreateSerializer(Serializer):
    text = serializers.CharField(max_length=text_limits.NOTE)


class ContentReportCreateSerializer(Serializer):
    reason = serializers.ChoiceField(choices=ReportReason.choices)
    detail = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=text_limits.NOTE,
        help_text='What is wrong: needed when the reason is "other".',
    )

    def validate(self, attrs):
        if attrs.get("reason") == ReportReason.OTHER and not attrs.get("detail", "").strip():
            raise serializers.ValidationError({"detail": ["Say what is wrong with the post."]})
        return attrs


class ContentReportSerializer(ModelSerializer):
    """A report as its moderators read it; who sent it stays with the audit trail."""

    kind = serializers.SerializerMethodField()

    class Meta:
        model = ContentReport
        fields = ["id", "kind", "proposal", "comment", "reason", "detail", "created_at"]
        read_only_fields = fields

    def get_kind(self, report) -> str:
        return "idea" if report.proposal_id else "comment"


class HidePostSerializer(Serializer):
    reason = serializers.CharField(max_length=300, help_text="Shown to everyone in its place.")


class RestorePostSerializer(Serializer):
    reason = serializers.CharField(max_length=text_limits.NOTE)


class ContentReportReceivedSerializer(Serializer):
    detail = serializers.CharField(read_only=True)


REPORT_RECEIVED = "Thank you, a moderator will look at it."

MODERATION_ACTIONS = {
    "report": TAKE_PART,
    "hide": TAKE_PART,
    "restore": TAKE_PART,
    "keep": TAKE_PART,
}


class ModerationActions:
    """The report, hide, restore and keep actions of a viewset of posts (ideas or comments)."""

    def board_of_post(self, post):
        raise NotImplementedError

    def _moderator_only(self, post):
        if not permissions.can_moderate(self.request.user, self.board_of_post(post)):
            raise PermissionDenied

    @extend_schema(
        request=ContentReportCreateSerializer, responses={201: ContentReportReceivedSerializer}
    )
    @action(detail=True, methods=["post"])
    def report(self, request, *args, **kwargs):
        """Report the post to its moderators, with a reason (once while your report is open)."""
        post = self.get_object()
        data = ContentReportCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.report_create(
            place=self.place, actor=request.user, post=post, **data.validated_data
        )
        return Response({"detail": REPORT_RECEIVED}, status=status.HTTP_201_CREATED)

    def _moderated(self, request, service, payload=None):
        post = self.get_object()
        self._moderator_only(post)
        fields = {}
        if payload is not None:
            data = payload(data=request.data)
            data.is_valid(raise_exception=True)
            fields = data.validated_data
        service(place=self.place, actor=request.user, post=post, **fields)
        return Response(self.get_serializer(self.reread(post)).data)

    @extend_schema(request=HidePostSerializer)
    @action(detail=True, methods=["post"])
    def hide(self, request, *args, **kwargs):
        """A moderator hides the post with a public reason; its open reports close as hidden."""
        return self._moderated(request, services.post_hide, HidePostSerializer)

    @extend_schema(request=RestorePostSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, *args, **kwargs):
        """A moderator restores a hidden post, saying why."""
        return self._moderated(request, services.post_restore, RestorePostSerializer)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def keep(self, request, *args, **kwargs):
        """A moderator keeps a reported post up; its open reports close as kept."""
        return self._moderated(request, services.post_keep)


class IdeaModerationActions(ModerationActions):
    """For the ideas viewset: comments under an idea, and moderation of the idea itself."""

    def board_of_post(self, post):
        return post.board

    @extend_schema(request=None, responses={200: IdeaCommentSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def comments(self, request, *args, **kwargs):
        """The idea's comments, oldest first (hidden ones as placeholders), a page at a time."""
        proposal = self.get_object()
        page = self.paginate_queryset(selectors.comments_of(proposal))
        return self.get_paginated_response(
            IdeaCommentSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    @extend_schema(request=IdeaCommentCreateSerializer, responses={201: IdeaCommentSerializer})
    @comments.mapping.post
    def add_comment(self, request, *args, **kwargs):
        """Comment on the idea: public at once; not on a withdrawn or hidden idea (400)."""
        proposal = self.get_object()
        data = IdeaCommentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.comment_create(
            place=self.place, actor=request.user, proposal=proposal, **data.validated_data
        )
        comment = selectors.comments_of(proposal).get(pk=comment.pk)
        return Response(
            IdeaCommentSerializer(comment, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


IDEA_ACTIONS = {**MODERATION_ACTIONS, "comments": PUBLIC, "add_comment": TAKE_PART}


class CommentFilter(django_filters.FilterSet):
    proposal = IdFilter(field_name="proposal_id", label="Idea id")

    class Meta:
        model = ProposalComment
        fields = ["proposal"]


class CommentViewSet(ModerationActions, ReadOnlyPlaceViewSet):
    """Comments on residents' ideas, in every group the person may see (filter by ``proposal``).
    Comment through the idea: POST …/proposals/<id>/comments/."""

    model = ProposalComment
    serializer_class = IdeaCommentSerializer
    filterset_class = CommentFilter
    ordering_fields = ["created_at"]
    ordering = ["created_at", "pk"]
    place_actions = {**ReadOnlyPlaceViewSet.place_actions, **MODERATION_ACTIONS}

    def get_place_queryset(self, place):
        return selectors.comments_visible_to(place, self.request.user)

    def board_of_post(self, post):
        return post.proposal.board


class ReportViewSet(ReadOnlyPlaceViewSet):
    """Open reports of posts on the groups the person moderates (403 for anyone who moderates
    none). Act on them through …/proposals/<id>/hide/ and …/comments/<id>/keep/ and the like."""

    model = ContentReport
    serializer_class = ContentReportSerializer
    ordering_fields = ["created_at"]
    ordering = ["created_at", "pk"]
    place_actions = {"list": TAKE_PART, "retrieve": TAKE_PART}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not selectors.moderates_anything(self.place, request.user):
            raise PermissionDenied

    def get_place_queryset(self, place):
        return selectors.open_reports_visible_to(place, self.request.user)
