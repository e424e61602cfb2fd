"""Routes under /<place>/community/ (included from coordination/places/urls.py): taking part in
the place's community structures."""

from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("", views.CommunityView.as_view(), name="community"),
    path("new/", views.StructureCreateView.as_view(), name="structure_create"),
    path("<slug:slug>/", views.StructureDetailView.as_view(), name="structure_detail"),
    path("<slug:slug>/edit/", views.StructureUpdateView.as_view(), name="structure_edit"),
    path(
        "<slug:slug>/groups/new/",
        views.StructureGroupCreateView.as_view(),
        name="structure_group_create",
    ),
]
