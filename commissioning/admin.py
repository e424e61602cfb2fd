"""Admin for superusers across places (the admin runs with scopes disabled). Stages move only
through the services (each move is a step of the public timeline); once a tender is open for bids
the fields an amendment changes are read-only here, and amendments themselves are a read-only
record. A tender is deleted here only while nothing about it was published, as on its pages."""

from django.contrib import admin

from . import services
from .models import AMENDABLE_FIELDS, AMENDMENT_STAGES, Stage, Tender, TenderAmendment
from .selectors import removal_problems

FINAL_STAGES = (Stage.AWARDED, Stage.CANCELLED)


@admin.register(Tender)
class TenderAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "place", "stage", "submission_deadline"]
    list_filter = ["place", "stage"]
    search_fields = ["reference", "title"]
    raw_id_fields = ["commissioner", "created_by", "themes", "areas"]
    readonly_fields = ["stage", "co_design_published_at", "created_at", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.stage in (*AMENDMENT_STAGES, *FINAL_STAGES):
            # Once bids are open: only a published amendment changes these (on the tender's page
            # or POST .../amendments/), so that every bidder is told.
            fields += [*AMENDABLE_FIELDS, "place", "commissioner"]
        return fields

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one at a time, each checked
        return actions

    def has_delete_permission(self, request, obj=None):
        if obj is not None and removal_problems(obj):
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        services.tender_remove(place=obj.place, actor=request.user, tender=obj)


@admin.register(TenderAmendment)
class TenderAmendmentAdmin(admin.ModelAdmin):
    list_display = ["tender", "number", "published_at", "published_by"]
    list_filter = ["place"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
