"""Routes under /<place>/mapping/ (included from coordination/places/urls.py)."""

from django.urls import path

from . import views

app_name = "mapping"

urlpatterns = [
    path("services/", views.ServiceListView.as_view(), name="service_list"),
    path("services.csv", views.open_services_csv, name="open_services_csv"),
    path("services/new/", views.ServiceCreateView.as_view(), name="service_create"),
    path("services/<int:pk>/", views.ServiceDetailView.as_view(), name="service_detail"),
    path("services/<int:pk>/edit/", views.ServiceUpdateView.as_view(), name="service_update"),
    path("services/<int:pk>/remove/", views.ServiceRemoveView.as_view(), name="service_remove"),
    path("services/<int:pk>/verify/", views.ServiceVerifyView.as_view(), name="service_verify"),
    path("services/<int:pk>/reach/", views.ImpactRecordView.as_view(), name="impact_record"),
    path("services.geojson", views.ServiceGeoJSONView.as_view(), name="service_geojson"),
    path("map/", views.ServiceMapView.as_view(), name="service_map"),
    path("needs/", views.NeedListView.as_view(), name="need_list"),
    path("needs/new/", views.NeedCreateView.as_view(), name="need_create"),
    path("needs/<int:pk>/edit/", views.NeedUpdateView.as_view(), name="need_update"),
    path("needs/<int:pk>/remove/", views.NeedRemoveView.as_view(), name="need_remove"),
    path("needs/<int:pk>/evidence/", views.NeedEvidenceView.as_view(), name="need_evidence"),
    path("assets/", views.AssetListView.as_view(), name="asset_list"),
    path("assets.geojson", views.AssetGeoJSONView.as_view(), name="asset_geojson"),
    path("assets/new/", views.AssetCreateView.as_view(), name="asset_create"),
    path("assets/<int:pk>/edit/", views.AssetUpdateView.as_view(), name="asset_update"),
    path("assets/<int:pk>/remove/", views.AssetRemoveView.as_view(), name="asset_remove"),
    path("gaps/", views.GapsView.as_view(), name="gaps"),
    path("overlaps/", views.OverlapsView.as_view(), name="overlaps"),
    path("outlines/", views.OutlineListView.as_view(), name="outline_list"),
    path("outlines/<slug:slug>/", views.OutlineUploadView.as_view(), name="outline_upload"),
    path("outlines/<slug:slug>/remove/", views.OutlineRemoveView.as_view(), name="outline_remove"),
    path("vocabulary/", views.VocabularyView.as_view(), name="vocabulary"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/<int:pk>/", views.ImportPreviewView.as_view(), name="import_preview"),
    path("export/", views.ExportView.as_view(), name="export"),
]
