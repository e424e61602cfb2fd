"""Routes under /<place>/practice/: the place's notes of what worked."""

from django.urls import path

from . import views

app_name = "practice"

urlpatterns = [
    path("", views.NoteListView.as_view(), name="list"),
    path("new/", views.NoteCreateView.as_view(), name="create"),
    path("<slug:slug>/", views.NoteDetailView.as_view(), name="detail"),
    path("<slug:slug>/edit/", views.NoteUpdateView.as_view(), name="update"),
    path("<slug:slug>/publish/", views.NotePublishView.as_view(), name="publish"),
    path("<slug:slug>/figures/new/", views.FigureCreateView.as_view(), name="figure_create"),
    path("<slug:slug>/figures/remove/", views.FigureRemoveView.as_view(), name="figure_remove"),
    path("<slug:slug>/follow/", views.FollowView.as_view(), name="follow"),
    path("<slug:slug>/unfollow/", views.UnfollowView.as_view(), name="unfollow"),
]
