"""Routes under /<place>/webhooks/ (included from coordination/places/urls.py)."""

from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("", views.SubscriptionListView.as_view(), name="list"),
    path("new/", views.SubscriptionCreateView.as_view(), name="create"),
    path("<int:pk>/", views.SubscriptionDetailView.as_view(), name="detail"),
    *(
        path(
            f"<int:pk>/{action}/",
            views.SubscriptionActionView.as_view(),
            {"action": action},
            name=action,
        )
        for action in ("pause", "resume", "delete")
    ),
]
