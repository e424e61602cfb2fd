"""Routes for comments on ideas and moderation, under /<place>/boards/ (added to boards/urls.py)."""

from django.urls import path

from .views import moderation as views

urlpatterns = [
    path("moderation/", views.ModerationQueueView.as_view(), name="moderation"),
    path("ideas/<int:pk>/comments/", views.CommentCreateView.as_view(), name="comment_create"),
    path("ideas/<int:pk>/report/", views.ReportView.as_view(kind="idea"), name="idea_report"),
    path(
        "comments/<int:pk>/report/",
        views.ReportView.as_view(kind="comment"),
        name="comment_report",
    ),
]

for kind, prefix in (("idea", "ideas"), ("comment", "comments")):
    for verb, view in (
        ("hide", views.HideView),
        ("restore", views.RestoreView),
        ("keep", views.KeepView),
    ):
        urlpatterns.append(
            path(
                f"moderation/{prefix}/<int:pk>/{verb}/",
                view.as_view(kind=kind),
                name=f"{kind}_{verb}",
            )
        )
