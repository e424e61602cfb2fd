"""Routes under /<place>/notifications/ (included from coordination/places/urls.py)."""

from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("<int:pk>/read/", views.NotificationReadView.as_view(), name="read"),
    path("<int:pk>/open/", views.NotificationOpenView.as_view(), name="open"),
    path("my-digest/", views.MyDigestView.as_view(), name="my_digest"),
    path("my-digest/html/", views.MyDigestHtmlView.as_view(), name="my_digest_html"),
    path("read-all/", views.NotificationReadAllView.as_view(), name="read_all"),
    path("preferences/", views.PreferencesView.as_view(), name="preferences"),
    path("unsubscribe/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path("outbox/", views.OutboxView.as_view(), name="outbox"),
    path("outbox/<int:pk>/retry/", views.OutboxRetryView.as_view(), name="outbox_retry"),
    path("preview/", views.DigestPreviewView.as_view(), name="preview"),
    path("preview/html/", views.DigestPreviewHtmlView.as_view(), name="preview_html"),
]
