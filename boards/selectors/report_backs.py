"""Subgroups' report-backs to their parent board, as its insiders and the subgroup's see them."""

from django.db.models import Q

from ..models import ReportBack
from .boards import insider_board_ids


def report_backs_visible_to(place, user):
    insider = insider_board_ids(place, user)
    qs = ReportBack.objects.for_place(place).select_related(
        "subgroup", "subgroup__parent", "parent_meeting", "parent_meeting__board", "submitted_by"
    )
    if insider is not None:
        qs = qs.filter(Q(subgroup_id__in=insider) | Q(parent_meeting__board_id__in=insider))
    return qs


def get_report_back_for(place, user, pk):
    return report_backs_visible_to(place, user).filter(pk=pk).first()


def report_backs_of_subgroup(subgroup):
    return (
        ReportBack.objects.for_place(subgroup.place)
        .filter(subgroup=subgroup)
        .select_related("parent_meeting")
        .order_by("-due_at")
    )


def report_backs_due_to(meeting):
    return (
        ReportBack.objects.for_place(meeting.place)
        .filter(parent_meeting=meeting)
        .select_related("subgroup", "agenda_item")
        .prefetch_related("recommendations")
        .order_by("subgroup__name")
    )
