from django.contrib import admin

from .models import Area, Place


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "timezone", "digest_weekday", "digest_hour", "is_active"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "place", "kind", "gss_code"]
    list_filter = ["place", "kind"]
    search_fields = ["name", "gss_code"]
