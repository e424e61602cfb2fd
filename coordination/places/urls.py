"""Routes under /<place>/. Each app of the place adds its own include here."""

from django.urls import include, path

from coordination.accounts import views as account_views
from coordination.api import key_views as api_key_views
from coordination.audit import views as audit_views
from coordination.organisations import document_views
from coordination.organisations import views as organisation_views
from coordination.pickers import views as picker_views
from coordination.pickers.registry import sources
from coordination.search import views as search_views
from coordination.work import views as work_views

from . import views

app_name = "places"

urlpatterns = [
    path("", views.PlaceHomeView.as_view(), name="home"),
    path("my-work/", work_views.MyWorkView.as_view(), name="my_work"),
    path("colour.css", views.colour_css, name="colour_css"),
    path("open-data/", views.OpenDataView.as_view(), name="open_data"),
    path("search/", search_views.SearchView.as_view(), name="search"),
    path("areas/", views.AreaListView.as_view(), name="area_list"),
    path("areas/<slug:slug>/", views.AreaDetailView.as_view(), name="area_detail"),
    path(
        "organisations/",
        organisation_views.OrganisationListView.as_view(),
        name="organisation_list",
    ),
    path(
        "organisations/new/",
        organisation_views.OrganisationCreateView.as_view(),
        name="organisation_create",
    ),
    path(
        "organisations/<int:pk>/",
        organisation_views.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path(
        "organisations/<int:pk>/edit/",
        organisation_views.OrganisationUpdateView.as_view(),
        name="organisation_update",
    ),
    path(
        "organisations/<int:pk>/documents/",
        document_views.OrganisationDocumentsView.as_view(),
        name="organisation_documents",
    ),
    path(
        "organisations/<int:pk>/documents/new/",
        document_views.OrganisationDocumentAddView.as_view(),
        name="organisation_document_add",
    ),
    path(
        "organisations/documents/<int:pk>/",
        document_views.OrganisationDocumentDownloadView.as_view(),
        name="organisation_document_download",
    ),
    path("members/", account_views.MemberListView.as_view(), name="member_list"),
    path("members/invite/", account_views.InvitationCreateView.as_view(), name="invitation_create"),
    path(
        "members/<int:pk>/", account_views.MembershipUpdateView.as_view(), name="membership_update"
    ),
    path(
        "members/<int:pk>/remove/", account_views.MembershipEndView.as_view(), name="membership_end"
    ),
    path(
        "invitations/<int:pk>/withdraw/",
        account_views.InvitationRevokeView.as_view(),
        name="invitation_revoke",
    ),
    path(
        "invitations/accept/<str:token>/",
        account_views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
    path("join/", account_views.JoinView.as_view(), name="join"),
    path("audit/", audit_views.AuditTrailView.as_view(), name="audit"),
    path("notifications/", include("coordination.notifications.urls")),
    path("webhooks/", include("coordination.webhooks.urls")),
    path("api-keys/", api_key_views.PartnerKeyListView.as_view(), name="api_keys"),
    path("api-keys/new/", api_key_views.PartnerKeyCreateView.as_view(), name="api_key_create"),
    path(
        "api-keys/<int:pk>/revoke/",
        api_key_views.PartnerKeyRevokeView.as_view(),
        name="api_key_revoke",
    ),
    path("mapping/", include("mapping.urls")),
    path("boards/", include("boards.urls")),
    path("community/", include("boards.community_urls")),
    path("commissioning/", include("commissioning.urls")),
    path("funding/", include("funding.urls")),
    path("practice/", include("coordination.practice.urls")),
    path("statements/", include("coordination.statements.urls")),
]
# One route per picker source (coordination/pickers), so an address names only sources that exist.
urlpatterns += [
    path(f"pick/{name}/", picker_views.pick, {"source": name}, name="pick") for name in sources()
]
