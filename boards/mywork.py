"""Boards' sections of My work (registered in registration.py): thin over selectors/work.py.

Each function is ``items(place, user, roles, now) -> [WorkItem]`` and reads in a few queries.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coordination.work.registry import WorkItem

from .models import MinutesStatus, ProposalStatus
from .moderation_display import shown_title
from .selectors import moderation, work


def _url(name, place, **kwargs):
    return reverse(f"places:boards:{name}", kwargs={"place_slug": place.slug, **kwargs})


def _when(moment, place):
    local = timezone.localtime(moment, place.tz)
    return local.strftime("%-d %B %Y, %H:%M")


def _day(moment, place):
    return timezone.localtime(moment, place.tz).strftime("%-d %B %Y")


# Everyone


def my_actions(place, user, roles, now):
    return [
        WorkItem(
            title=action.title,
            url=_url("action_detail", place, pk=action.pk),
            due=action.due_on,
            status=action.get_status_display(),
            detail=action.board.name,
        )
        for action in work.open_actions_of(place, user)
    ]


def my_meetings(place, user, roles, now):
    return [
        WorkItem(
            title=meeting.title,
            url=_url("meeting_detail", place, pk=meeting.pk),
            due=meeting.starts_at,
            status=_("Papers published") if meeting.has_papers else _("Papers not yet published"),
            detail=f"{meeting.board.name} · {_when(meeting.starts_at, place)}",
        )
        for meeting in work.next_meetings_of(place, user, now)
    ]


def my_report_backs(place, user, roles, now):
    return [
        WorkItem(
            title=_("Report-back from %(subgroup)s") % {"subgroup": rb.subgroup.name},
            url=_url("report_back_detail", place, pk=rb.pk),
            due=rb.due_at,
            status=_("Not yet submitted"),
            detail=_("To %(board)s, meeting on %(day)s")
            % {
                "board": rb.parent_meeting.board.name,
                "day": _day(rb.parent_meeting.starts_at, place),
            },
        )
        for rb in work.report_backs_due_from(place, user, now)
    ]


def _idea_status(proposal, now):
    if proposal.status == ProposalStatus.NEW:
        return _("Awaiting an answer")
    recently = proposal.status_changed_at and proposal.status_changed_at >= (
        now - work.ANSWERED_RECENTLY
    )
    if proposal.status == ProposalStatus.UNDER_CONSIDERATION and not recently:
        return _("Under consideration: awaiting the board’s final answer")
    return _("Answered: %(status)s") % {"status": proposal.get_status_display().lower()}


def _question_status(question, now):
    meeting = question.meeting
    if meeting.minutes_status == MinutesStatus.PUBLISHED:
        return _("Answered in the minutes")
    if meeting.starts_at > now:
        return _("Awaiting an answer at the meeting")
    return _("Awaiting the minutes")


def my_ideas_and_questions(place, user, roles, now):
    items = [
        WorkItem(
            title=shown_title(proposal, user),
            url=_url("proposal_detail", place, pk=proposal.pk),
            status=_idea_status(proposal, now),
            detail=_("Your idea for %(board)s") % {"board": proposal.board.name},
        )
        for proposal in work.own_ideas(place, user, now)
    ]
    items += [
        WorkItem(
            title=_("Your question for %(meeting)s") % {"meeting": question.meeting.title},
            url=_url("meeting_detail", place, pk=question.meeting_id),
            status=_question_status(question, now),
            detail=f"{question.meeting.board.name} · {_day(question.meeting.starts_at, place)}",
        )
        for question in work.own_questions(place, user, now)
    ]
    return items


def leads_a_subgroup(place, user, roles):
    return work.leads_a_subgroup(place, user)


# Board secretaries


def is_secretary(place, user, roles):
    return work.is_secretary(place, user)


def ideas_to_answer(place, user, roles, now):
    boards = work.secretary_board_ids(place, user)
    return [
        WorkItem(
            title=shown_title(proposal, user),
            url=_url("proposal_detail", place, pk=proposal.pk),
            status=_("Awaiting the board’s answer"),
            detail=f"{proposal.board.name} · "
            + ngettext("%(count)d supporter", "%(count)d supporters", proposal.support_count)
            % {"count": proposal.support_count},
        )
        for proposal in work.ideas_awaiting_answer(place, boards)
    ]


def moderates_anything(place, user, roles):
    return moderation.moderates_anything(place, user)


def reports_to_review(place, user, roles, now):
    queue = reverse("places:boards:moderation", kwargs={"place_slug": place.slug})
    return [
        WorkItem(
            title=group["idea"].title
            if group["kind"] == "idea"
            else _("A comment on “%(title)s”") % {"title": group["idea"].title},
            url=f"{queue}#{group['kind']}-{group['post'].pk}",
            status=ngettext("%(count)d report", "%(count)d reports", group["count"])
            % {"count": group["count"]}
            + ": "
            + ", ".join(str(reason).lower() for reason, _count in group["reasons"]),
            detail=group["board"].name,
        )
        for group in moderation.reports_to_review(place, user)
    ]


def votes_to_record(place, user, roles, now):
    boards = work.secretary_board_ids(place, user)
    return [
        WorkItem(
            title=item.title,
            url=_url("votes", place, pk=item.pk),
            status=ngettext(
                "%(count)d member present has not voted or declared an interest",
                "%(count)d members present have not voted or declared an interest",
                missing,
            )
            % {"count": missing},
            detail=f"{item.meeting.title} · {item.meeting.board.name} · "
            f"{_day(item.meeting.starts_at, place)}",
        )
        for item, missing in work.votes_to_record(place, boards, now)
    ]


def minutes_to_approve(place, user, roles, now):
    boards = work.secretary_board_ids(place, user)
    return [
        WorkItem(
            title=_("Minutes of %(meeting)s") % {"meeting": meeting.title},
            url=_url("minutes", place, pk=meeting.pk),
            status=_("Draft: not yet published")
            if meeting.minutes_status == MinutesStatus.DRAFT
            else _("Not yet written"),
            detail=_("%(board)s · met on %(day)s")
            % {"board": meeting.board.name, "day": _day(meeting.starts_at, place)},
        )
        for meeting in work.minutes_to_approve(place, boards, now)
    ]
