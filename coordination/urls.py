"""Top-level routes: the public landing page, accounts, the API, and everything under /<place>/."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from coordination.accounts import views as account_views
from coordination.ops import views as ops_views
from coordination.personal_data import views as personal_data_views
from coordination.places import views as place_views
from coordination.practice import views as practice_views
from coordination.work import views as work_views

# The admin signs people in through allauth's sign-in (its lockout and two-factor step), never
# through a password form of its own.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", place_views.landing, name="home"),
    path("healthz", place_views.healthz, name="healthz"),
    path("readyz", ops_views.readyz, name="readyz"),
    path("metrics", ops_views.metrics_view, name="metrics"),
    path("admin/", admin.site.urls),
    path("practice/", practice_views.EveryPlaceListView.as_view(), name="practice_everywhere"),
    path("compare/", place_views.ComparePlacesView.as_view(), name="compare_places"),
    path("my-work/", work_views.MyWorkEverywhereView.as_view(), name="my_work_everywhere"),
    path(
        "accounts/api-tokens/", account_views.ApiTokenListView.as_view(), name="account_api_tokens"
    ),
    path(
        "accounts/api-tokens/<int:pk>/revoke/",
        account_views.ApiTokenRevokeView.as_view(),
        name="account_api_token_revoke",
    ),
    path("accounts/profile/", account_views.ProfileView.as_view(), name="account_profile"),
    path("accounts/place/", account_views.PlaceChoiceView.as_view(), name="account_choose_place"),
    path("accounts/data/", personal_data_views.DataView.as_view(), name="account_data"),
    path(
        "accounts/data/<str:token>/download/",
        personal_data_views.DataDownloadView.as_view(),
        name="account_data_download",
    ),
    path("accounts/close/", personal_data_views.CloseView.as_view(), name="account_close"),
    path("accounts/closed/", personal_data_views.closed, name="account_closed"),
    path("", include("coordination.statements.site_urls")),
    path("accounts/", include("allauth.urls")),
    path("api/", include("coordination.api.urls")),
    path("<slug:place_slug>/", include("coordination.places.urls", namespace="places")),
]

handler400 = "coordination.views.bad_request"
handler500 = "coordination.views.server_error"
