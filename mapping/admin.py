from django.contrib import admin

from coordination.jsonlimits import JSON_FORM_FIELDS
from coordination.vocabularies.models import Theme

from .models import AreaOutline, Asset, ImportBatch, Need, Service, ServiceImpact


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "place"]
    list_filter = ["place"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "place", "status", "is_specialist", "last_verified"]
    list_filter = ["place", "status", "is_specialist"]
    search_fields = ["name", "external_id"]
    raw_id_fields = ["organisation", "areas", "created_by"]


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["summary", "place", "area", "theme", "severity"]
    list_filter = ["place", "severity"]
    raw_id_fields = ["area", "organisation", "submitted_by"]


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
    list_display = ["name", "place", "kind", "area"]
    list_filter = ["place", "kind"]
    raw_id_fields = ["area", "created_by"]


@admin.register(AreaOutline)
class AreaOutlineAdmin(admin.ModelAdmin):
    formfield_overrides = JSON_FORM_FIELDS
    list_display = ["area", "place", "updated_at"]
    list_filter = ["place"]
    raw_id_fields = ["area"]


admin.site.register(ServiceImpact)


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    formfield_overrides = JSON_FORM_FIELDS
