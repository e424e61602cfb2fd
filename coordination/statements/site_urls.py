"""Routes of the statements outside any place: /statements/<kind>/ and /accounts/terms/."""

from django.urls import path

from . import views
from .models import Kind

urlpatterns = [
    path("accounts/terms/", views.AcceptTermsView.as_view(), name="account_terms"),
] + [
    path(
        f"statements/{kind}/",
        views.SiteStatementView.as_view(),
        {"kind": kind.value},
        name="statement",
    )
    for kind in Kind
]
