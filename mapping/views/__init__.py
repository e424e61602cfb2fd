"""Mapping pages: the public service directory, services, needs, assets, gaps, overlaps
and area outlines.

One module per part of the sub-navigation; mapping/urls.py reaches every view through this
package (`views.ServiceListView`).
"""

from .assets import AssetCreateView, AssetListView, AssetRemoveView, AssetUpdateView
from .directory import ServiceDetailView, ServiceListView, ServiceMapView, open_services_csv
from .gaps import GapsView, OverlapsView
from .geojson import AssetGeoJSONView, ServiceGeoJSONView
from .import_export import ExportView, ImportPreviewView, ImportView
from .needs import (
    NeedCreateView,
    NeedEvidenceView,
    NeedListView,
    NeedRemoveView,
    NeedUpdateView,
)
from .outlines import OutlineListView, OutlineRemoveView, OutlineUploadView
from .service_changes import (
    ImpactRecordView,
    ServiceCreateView,
    ServiceRemoveView,
    ServiceUpdateView,
    ServiceVerifyView,
)
from .vocabulary import VocabularyView

__all__ = [
    "AssetCreateView",
    "AssetGeoJSONView",
    "AssetListView",
    "AssetRemoveView",
    "AssetUpdateView",
    "ExportView",
    "GapsView",
    "ImpactRecordView",
    "ImportPreviewView",
    "ImportView",
    "NeedCreateView",
    "NeedEvidenceView",
    "NeedListView",
    "NeedRemoveView",
    "NeedUpdateView",
    "OutlineListView",
    "OutlineRemoveView",
    "OutlineUploadView",
    "OverlapsView",
    "ServiceCreateView",
    "ServiceDetailView",
    "ServiceGeoJSONView",
    "ServiceListView",
    "ServiceMapView",
    "ServiceRemoveView",
    "ServiceUpdateView",
    "ServiceVerifyView",
    "VocabularyView",
    "open_services_csv",
]
