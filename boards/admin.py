"""Admin for superusers across places (the admin runs with scopes disabled). Papers are read-only
here: their files are served only through the permission-checked paper view."""

from django.contrib import admin

from .models import (
    Action,
    Board,
    BoardMembership,
    CommunityStructure,
    Decision,
    DeclarationOfInterest,
    Meeting,
    Paper,
    Proposal,
    RecordAmendment,
    ReportBack,
    Vote,
)


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "place", "kind", "parent", "is_public", "is_active"]
    list_filter = ["place", "kind", "is_public"]
    search_fields = ["name", "theme"]
    raw_id_fields = ["parent", "area"]


@admin.register(CommunityStructure)
class CommunityStructureAdmin(admin.ModelAdmin):
    list_display = ["name", "place", "group_noun", "groups_by", "asset_based", "is_active"]
    list_filter = ["place", "groups_by", "asset_based", "is_active"]
    search_fields = ["name", "summary"]
    raw_id_fields = ["area", "created_by"]


@admin.register(BoardMembership)
class BoardMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "board", "position", "sector", "started_on", "ended_on"]
    list_filter = ["place", "position", "sector"]
    raw_id_fields = ["board", "user", "organisation"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "board", "starts_at", "is_public", "minutes_status"]
    list_filter = ["place", "is_public", "minutes_status"]
    raw_id_fields = ["board", "chair", "minute_taker"]


@admin.register(Paper)
class PaperAdmin(admin.ModelAdmin):
    list_display = ["title", "agenda_item", "content_type", "size", "is_private", "uploaded_at"]
    list_filter = ["place", "is_private"]
    exclude = ["file"]  # no link to a media URL: media is not served
    readonly_fields = ["content_type", "size", "original_name", "uploaded_by"]
    raw_id_fields = ["agenda_item"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "board", "owner", "owner_organisation", "due_on", "status"]
    list_filter = ["place", "status"]
    raw_id_fields = ["board", "meeting", "owner", "owner_organisation"]


@admin.register(ReportBack)
class ReportBackAdmin(admin.ModelAdmin):
    list_display = ["subgroup", "parent_meeting", "due_at", "status"]
    list_filter = ["place", "status"]
    raw_id_fields = ["subgroup", "parent_meeting", "agenda_item", "submitted_by"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "board", "status", "created_at"]
    list_filter = ["place", "status"]
    raw_id_fields = ["board", "proposed_by"]


class PermanentRecordAdmin(admin.ModelAdmin):
    """Declarations, votes, decisions and their amendments are shown, never added, changed or
    deleted here: they are corrected by amendment on the meeting's pages or through the API."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DeclarationOfInterest)
class DeclarationOfInterestAdmin(PermanentRecordAdmin):
    list_display = ["member_name", "meeting", "agenda_item", "kind", "created_at", "withdrawn_at"]
    list_filter = ["place", "kind"]


@admin.register(Vote)
class VoteAdmin(PermanentRecordAdmin):
    list_display = ["member_name", "agenda_item", "choice", "created_at", "withdrawn_at"]
    list_filter = ["place", "choice"]


@admin.register(Decision)
class DecisionAdmin(PermanentRecordAdmin):
    list_display = ["__str__", "meeting", "method", "votes_for", "votes_against", "withdrawn_at"]
    list_filter = ["place", "method"]


@admin.register(RecordAmendment)
class RecordAmendmentAdmin(PermanentRecordAdmin):
    list_display = ["amended_at", "amended_by_name", "reason", "withdrawn"]
    list_filter = ["place", "withdrawn"]
