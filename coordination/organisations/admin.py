from django.contrib import admin

from .models import Community, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "org_id", "income_band", "staff_count", "registered_postcode"]
    list_filter = ["kind", "places"]
    search_fields = ["name", "org_id"]
    filter_horizontal = ["places", "communities"]
    raw_id_fields = ["areas"]


admin.site.register(Community)
