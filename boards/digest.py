"""Boards' part of the notifications: reminders (meetings, papers, actions, report-backs) and digests.

Registered in registration.py. Every rule and section reads one place's rows only.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.notifications.registry import DigestItem, Due

from .models import (
    Action,
    ActionStatus,
    AgendaItem,
    BoardMembership,
    Meeting,
    MinutesStatus,
    Position,
    Proposal,
    ProposalStatus,
    ProposalSupport,
    ReportBack,
    ReportBackStatus,
)
from .moderation_display import shown_title

MAX_ITEMS = 15
UPCOMING_DAYS = 7


def _url(name, place, **kwargs):
    return reverse(f"places:boards:{name}", kwargs={"place_slug": place.slug, **kwargs})


def _local(when, place, fmt="%A %-d %B at %-I:%M%p"):
    return timezone.localtime(when, place.tz).strftime(fmt).replace("AM", "am").replace("PM", "pm")


def _members_by_board(place, board_ids, *, officers_only=False):
    seats = (
        BoardMembership.objects.for_place(place)
        .current()
        .filter(board_id__in=board_ids)
        .select_related("user")
        .order_by("user_id")
    )
    if officers_only:
        seats = seats.filter(position__in=Position.officers())
    found = {}
    for seat in seats:
        found.setdefault(seat.board_id, []).append(seat.user)
    return found


# Reminders


def meetings_soon(place, now, lead_time):
    """A meeting within the lead time: every member is told, with the agenda."""
    meetings = list(
        Meeting.objects.for_place(place)
        .not_cancelled()
        .filter(starts_at__gt=now, starts_at__lte=now + lead_time)
        .select_related("board")
        .prefetch_related("agenda_items")
        .order_by("starts_at", "pk")
    )
    members = _members_by_board(place, {m.board_id for m in meetings})
    dues = []
    for meeting in meetings:
        agenda = [f"{i}. {item.title}" for i, item in enumerate(meeting.agenda_items.all(), 1)]
        text = _("%(board)s meets on %(when)s%(where)s.") % {
            "board": meeting.board.name,
            "when": _local(meeting.starts_at, place),
            "where": f", {meeting.venue}" if meeting.venue else "",
        }
        text += "\n\n" + (
            _("Agenda:") + "\n" + "\n".join(agenda) if agenda else _("The agenda is not set yet.")
        )
        for person in members.get(meeting.board_id, []):
            dues.append(
                Due(
                    recipient=person,
                    object_key=f"meeting:{meeting.pk}",
                    subject=_("%(meeting)s is in two days") % {"meeting": meeting.title},
                    text=text,
                    url=_url("meeting_detail", place, pk=meeting.pk),
                )
            )
    return dues


def papers_due(place, now, lead_time):
    """Agenda items without papers whose deadline falls within the lead time: tell their owners."""
    items = (
        AgendaItem.objects.for_place(place)
        .filter(
            owner__isnull=False,
            papers__isnull=True,
            meeting__cancelled_at__isnull=True,
            meeting__starts_at__gt=now,
            meeting__starts_at__lte=now + lead_time + timedelta(days=31),
        )
        .select_related("meeting", "owner")
        .order_by("pk")
    )
    dues = []
    for item in items:
        deadline = item.meeting.papers_due_at
        if not now < deadline <= now + lead_time:
            continue
        dues.append(
            Due(
                recipient=item.owner,
                object_key=f"agenda_item:{item.pk}",
                subject=_("Papers for “%(item)s” are due %(when)s")
                % {"item": item.title, "when": _local(deadline, place)},
                text=_("Upload the papers for “%(item)s” before %(when)s, for %(meeting)s.")
                % {
                    "item": item.title,
                    "when": _local(deadline, place),
                    "meeting": item.meeting.title,
                },
                url=_url("paper_upload", place, pk=item.pk),
            )
        )
    return dues


def _action_due(action, place, subject):
    return Due(
        recipient=action.owner,
        object_key=f"action:{action.pk}",
        subject=subject,
        text=_("“%(action)s” for %(board)s is due on %(due)s.")
        % {
            "action": action.title,
            "board": action.board.name,
            "due": action.due_on.strftime("%-d %B %Y"),
        },
        url=_url("action_detail", place, pk=action.pk),
    )


def actions_due(place, now, lead_time):
    today = timezone.localtime(now, place.tz).date()
    actions = (
        Action.objects.for_place(place)
        .still_open()
        .filter(
            owner__isnull=False,
            due_on__gte=today,
            due_on__lte=timezone.localtime(now + lead_time, place.tz).date(),
        )
        .select_related("owner", "board")
        .order_by("due_on", "pk")
    )
    return [
        _action_due(a, place, _("Your action “%(action)s” is due soon") % {"action": a.title})
        for a in actions
    ]


def actions_overdue(place, now):
    today = timezone.localtime(now, place.tz).date()
    actions = (
        Action.objects.for_place(place)
        .still_open()
        .filter(owner__isnull=False, due_on__lt=today)
        .select_related("owner", "board")
        .order_by("due_on", "pk")
    )
    return [
        _action_due(a, place, _("Your action “%(action)s” is overdue") % {"action": a.title})
        for a in actions
    ]


def _report_back_dues(place, report_backs, subject):
    report_backs = list(report_backs)
    officers = _members_by_board(place, {rb.subgroup_id for rb in report_backs}, officers_only=True)
    dues = []
    for rb in report_backs:
        text = _(
            "%(subgroup)s’s report-back to %(board)s is due by %(due)s, for the meeting on %(when)s."
        ) % {
            "subgroup": rb.subgroup.name,
            "board": rb.parent_meeting.board.name,
            "due": _local(rb.due_at, place),
            "when": _local(rb.parent_meeting.starts_at, place),
        }
        for person in officers.get(rb.subgroup_id, []):
            dues.append(
                Due(
                    recipient=person,
                    object_key=f"report_back:{rb.pk}",
                    subject=subject % {"subgroup": rb.subgroup.name},
                    text=text,
                    url=_url("report_back_detail", place, pk=rb.pk),
                )
            )
    return dues


def _open_report_backs(place):
    return (
        ReportBack.objects.for_place(place)
        .filter(status=ReportBackStatus.DUE)
        .select_related("subgroup", "parent_meeting__board")
        .order_by("due_at", "pk")
    )


def report_backs_due(place, now, lead_time):
    report_backs = _open_report_backs(place).filter(due_at__gt=now, due_at__lte=now + lead_time)
    return _report_back_dues(
        place, report_backs, _("The report-back from %(subgroup)s is due soon")
    )


def report_backs_overdue(place, now):
    report_backs = _open_report_backs(place).filter(
        due_at__lte=now, parent_meeting__starts_at__gt=now
    )
    return _report_back_dues(place, report_backs, _("The report-back from %(subgroup)s is overdue"))


# Digest sections: each loads its rows once per place and digest run (prefetch), then picks each
# person's items in Python, so ten thousand digests cost the queries of one.


def _cap(items, more_url):
    if len(items) > MAX_ITEMS:
        more = len(items) - MAX_ITEMS
        items = items[:MAX_ITEMS] + [
            DigestItem(title=_("and %(count)d more") % {"count": more}, url=more_url)
        ]
    return items


def _seats_by_person(place):
    seats = {}
    for user_id, board_id in (
        BoardMembership.objects.for_place(place).current().values_list("user_id", "board_id")
    ):
        seats.setdefault(user_id, set()).add(board_id)
    return seats


def prefetch_meetings(place, since, until):
    meetings = (
        Meeting.objects.for_place(place)
        .not_cancelled()
        .filter(starts_at__gt=since, starts_at__lte=until + timedelta(days=UPCOMING_DAYS))
        .select_related("board")
        .order_by("starts_at", "pk")
    )
    return {"seats": _seats_by_person(place), "meetings": list(meetings)}


def upcoming_meeting_items(place, user, since, until, prefetched):
    boards = prefetched["seats"].get(user.pk, set())
    soon = until + timedelta(days=UPCOMING_DAYS)
    items = [
        DigestItem(
            title=f"{m.title} ({m.board.name})",
            text=_local(m.starts_at, place),
            url=_url("meeting_detail", place, pk=m.pk),
            when=m.starts_at,
        )
        for m in prefetched["meetings"]
        if m.board_id in boards and until < m.starts_at <= soon
    ]
    return _cap(items, _url("board_list", place))


def prefetch_minutes(place, since, until):
    meetings = (
        Meeting.objects.for_place(place)
        .filter(
            minutes_status=MinutesStatus.PUBLISHED,
            minutes_published_at__gt=since,
            minutes_published_at__lte=until,
        )
        .select_related("board")
        .order_by("minutes_published_at", "pk")
    )
    return {"seats": _seats_by_person(place), "meetings": list(meetings)}


def new_minutes_items(place, user, since, until, prefetched):
    boards = prefetched["seats"].get(user.pk, set())
    items = [
        DigestItem(
            title=_("Minutes of %(meeting)s (%(board)s)")
            % {"meeting": m.title, "board": m.board.name},
            url=_url("meeting_detail", place, pk=m.pk) + "#minutes",
            when=m.minutes_published_at,
        )
        for m in prefetched["meetings"]
        if since < m.minutes_published_at <= until
        and (m.board_id in boards or (m.is_public and m.board.is_public))
    ]
    return _cap(items, _url("board_list", place))


def prefetch_actions(place, since, until):
    horizon = timezone.localtime(until, place.tz).date() + timedelta(days=UPCOMING_DAYS)
    by_owner = {}
    actions = (
        Action.objects.for_place(place)
        .filter(owner__isnull=False, status__in=ActionStatus.open_values(), due_on__lte=horizon)
        .select_related("board")
        .order_by("due_on", "pk")
    )
    for action in actions:
        by_owner.setdefault(action.owner_id, []).append(action)
    return by_owner


def action_items(place, user, since, until, prefetched):
    today = timezone.localtime(until, place.tz).date()
    items = [
        DigestItem(
            title=a.title,
            text=(_("Overdue since %(due)s") if a.due_on < today else _("Due %(due)s"))
            % {"due": a.due_on.strftime("%-d %B")}
            + f" ({a.board.name})",
            url=_url("action_detail", place, pk=a.pk),
        )
        for a in prefetched.get(user.pk, [])
        if a.due_on <= today + timedelta(days=UPCOMING_DAYS)
    ]
    return _cap(items, _url("board_list", place))


def prefetch_proposals(place, since, until):
    # The board's answers are news (boards_idea_answered), told as each person prefers: at once,
    # in the digest's unread news, or only in the app. This section adds what news does not tell:
    # an idea its supporters backed was withdrawn by its proposer.
    proposals = list(
        Proposal.objects.for_place(place)
        .filter(
            status=ProposalStatus.WITHDRAWN,
            status_changed_at__gt=since,
            status_changed_at__lte=until,
        )
        .select_related("board")
        .order_by("status_changed_at", "pk")
    )
    supporters = {}
    for proposal_id, user_id in (
        ProposalSupport.objects.for_place(place)
        .filter(proposal__in=[p.pk for p in proposals])
        .values_list("proposal_id", "user_id")
    ):
        supporters.setdefault(proposal_id, set()).add(user_id)
    return {"proposals": proposals, "supporters": supporters}


def proposal_items(place, user, since, until, prefetched):
    items = [
        DigestItem(
            title=_("“%(title)s” is now: %(status)s")
            % {"title": shown_title(p, user), "status": p.get_status_display().lower()},
            text=p.answer or p.reason,
            url=_url("proposal_detail", place, pk=p.pk),
            when=p.status_changed_at,
        )
        for p in prefetched["proposals"]
        if since < p.status_changed_at <= until
        and p.proposed_by_id != user.pk
        and user.pk in prefetched["supporters"].get(p.pk, ())
    ]
    return _cap(items, _url("board_list", place))
