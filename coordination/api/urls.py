"""API routes: /api/v1/... (names in the "api" namespace), the OpenAPI schema and interactive docs.

Place-owned resources live under /api/v1/places/<place_slug>/; PlaceMiddleware resolves the place
from that kwarg exactly as for the browser's /<place_slug>/ pages. The last route answers any other
/api/ address with the JSON 404 of coordination.api.errors instead of the HTML page.
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from boards import api as boards_api
from commissioning import api as commissioning_api
from coordination.accounts.api import InvitationViewSet, MembershipViewSet, MeView
from coordination.notifications.api import NotificationPreferencesView, NotificationViewSet
from coordination.organisations.api import OrganisationViewSet
from coordination.places.api import AreaViewSet, ComparisonView, PlaceViewSet
from coordination.practice.api import PracticeNoteEverywhereViewSet, PracticeNoteViewSet
from coordination.search.api import SearchView
from coordination.webhooks.api import WebhookSubscriptionViewSet
from coordination.work.api import MyWorkView
from funding import api as funding_api
from mapping import api as mapping_api

from .auth import ObtainTokenView
from .errors import not_found
from .views import ApiRootView, DeletionViewSet, SchemaView

# path() converters rather than regexes: the isolation test reads each route's identifier type.
router = SimpleRouter(use_regex_path=False)
router.register("places", PlaceViewSet, basename="place")
router.register(
    "practice-notes", PracticeNoteEverywhereViewSet, basename="practice-note-everywhere"
)

place_router = SimpleRouter(use_regex_path=False)
place_router.register("areas", AreaViewSet, basename="area")
place_router.register("organisations", OrganisationViewSet, basename="organisation")
place_router.register("memberships", MembershipViewSet, basename="membership")
place_router.register("invitations", InvitationViewSet, basename="invitation")
place_router.register("webhooks", WebhookSubscriptionViewSet, basename="webhook")
place_router.register("deletions", DeletionViewSet, basename="deletion")
place_router.register("notifications", NotificationViewSet, basename="notification")
place_router.register("boards", boards_api.BoardViewSet, basename="board")
place_router.register(
    "community-structures",
    boards_api.CommunityStructureViewSet,
    basename="community-structure",
)
place_router.register(
    "board-memberships", boards_api.BoardMembershipViewSet, basename="board-membership"
)
place_router.register("meetings", boards_api.MeetingViewSet, basename="board-meeting")
place_router.register("agenda-items", boards_api.AgendaItemViewSet, basename="board-agenda-item")
place_router.register("actions", boards_api.ActionViewSet, basename="board-action")
place_router.register("report-backs", boards_api.ReportBackViewSet, basename="board-report-back")
place_router.register("proposals", boards_api.ProposalViewSet, basename="board-proposal")
place_router.register("comments", boards_api.CommentViewSet, basename="board-idea-comment")
place_router.register(
    "moderation/reports", boards_api.ReportViewSet, basename="board-moderation-report"
)
place_router.register("declarations", boards_api.DeclarationViewSet, basename="board-declaration")
place_router.register("votes", boards_api.VoteViewSet, basename="board-vote")
place_router.register("decisions", boards_api.DecisionViewSet, basename="board-decision")
place_router.register("services", mapping_api.ServiceViewSet, basename="service")
place_router.register("needs", mapping_api.NeedViewSet, basename="need")
place_router.register("assets", mapping_api.AssetViewSet, basename="asset")
place_router.register("coverage", mapping_api.CoverageViewSet, basename="coverage")
place_router.register("area-outlines", mapping_api.AreaOutlineViewSet, basename="area-outline")
place_router.register("hsds", mapping_api.HsdsRootViewSet, basename="hsds-root")
place_router.register("hsds/services", mapping_api.HsdsServiceViewSet, basename="hsds-service")
place_router.register(
    "hsds/organizations", mapping_api.HsdsOrganizationViewSet, basename="hsds-organization"
)
place_router.register("hsds/taxonomies", mapping_api.HsdsTaxonomyViewSet, basename="hsds-taxonomy")
place_router.register(
    "hsds/taxonomy_terms", mapping_api.HsdsTaxonomyTermViewSet, basename="hsds-taxonomy-term"
)
place_router.register(
    "funding/programmes", funding_api.ProgrammeViewSet, basename="funding-programme"
)
place_router.register("funding/bids", funding_api.BidViewSet, basename="funding-bid")
place_router.register(
    "funding/shared-bids", funding_api.SharedBidViewSet, basename="funding-shared-bid"
)
place_router.register("funding/grants", funding_api.GrantViewSet, basename="funding-grant")
place_router.register(
    "funding/variations", funding_api.GrantVariationViewSet, basename="funding-variation"
)
place_router.register(
    "funding/board-funds", funding_api.BoardFundViewSet, basename="funding-board-fund"
)
place_router.register(
    "funding/budget-rounds", funding_api.BudgetRoundViewSet, basename="funding-budget-round"
)
place_router.register(
    "funding/fund-applications",
    funding_api.FundApplicationViewSet,
    basename="funding-fund-application",
)
place_router.register("tenders", commissioning_api.TenderViewSet, basename="tender")
place_router.register(
    "specification-sections", commissioning_api.SectionViewSet, basename="specification-section"
)
place_router.register(
    "co-design-comments", commissioning_api.CommentViewSet, basename="co-design-comment"
)
place_router.register(
    "tender-invitations", commissioning_api.InvitationViewSet, basename="tender-invitation"
)
place_router.register(
    "clarifications", commissioning_api.ClarificationViewSet, basename="clarification"
)
place_router.register("submissions", commissioning_api.SubmissionViewSet, basename="submission")
place_router.register("awards", commissioning_api.AwardViewSet, basename="award")
place_router.register("practice-notes", PracticeNoteViewSet, basename="practice-note")

v1_patterns = [
    path("", ApiRootView.as_view(), name="root"),
    path("auth/token/", ObtainTokenView.as_view(), name="auth-token"),
    path("me/", MeView.as_view(), name="me"),
    path("compare/", ComparisonView.as_view(), name="compare"),
    *router.urls,
    path("places/<slug:place_slug>/my-work/", MyWorkView.as_view(), name="my-work"),
    path("places/<slug:place_slug>/search/", SearchView.as_view(), name="search"),
    path(
        "places/<slug:place_slug>/notification-preferences/",
        NotificationPreferencesView.as_view(),
        name="notification-preferences",
    ),
    path("places/<slug:place_slug>/", include(place_router.urls)),
]

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file, so the docs need no inline script (CSP).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("v1/", include((v1_patterns, "api"))),
    re_path(r"^[\s\S]*$", not_found, name="api-not-found"),  # newlines too
]
