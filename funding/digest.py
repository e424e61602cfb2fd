"""Funding's part of the notifications: deadline, feedback and decision reminders; the digest section.

Reminders: a programme's deadline in 7 days, to leaders of organisations whose themes (from their
services on the map) and areas match and who have not bid yet; feedback on a declined bid due in 7
days and overdue, to the funder; a decision due in 7 days and overdue, to the funder. Digest: new
programmes that match the reader's organisation, decisions on its bids and feedback released to it.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.accounts.models import Membership, Role
from coordination.notifications.registry import (
    DigestItem,
    DigestSection,
    Due,
    ReminderRule,
    register_reminder,
    register_section,
)
from coordination.organisations.models import Organisation
from mapping.selectors import services_in_place

from .models import LIVE_STATES, Bid, BoardFund, Feedback, FundApplication, GrantReport, Programme

DEADLINE_KIND = "funding_deadline_soon"
FEEDBACK_KIND = "funding_feedback_due"
DECISION_KIND = "funding_decision_due"
SOON = timedelta(days=7)
LATE = timedelta(days=-1)
MAX_ITEMS = 15


def _day(value):
    return value.strftime("%-d %B %Y")


def _people(place, role, organisation_ids):
    """{organisation id: [people in this role for it here]}."""
    people = {}
    memberships = (
        Membership.objects.for_place(place)
        .filter(role=role, organisation_id__in=organisation_ids)
        .select_related("user")
        .order_by("user_id")
    )
    for membership in memberships:
        people.setdefault(membership.organisation_id, []).append(membership.user)
    return people


def organisation_themes(place):
    """{organisation id: set of theme ids} from the organisations' services on this place's map."""
    themes = {}
    rows = services_in_place(place).values_list("organisation_id", "themes")
    for organisation_id, theme_id in rows:
        if theme_id is not None:
            themes.setdefault(organisation_id, set()).add(theme_id)
    return themes


def _organisations_with_areas_here(place):
    return set(
        Organisation.areas.through.objects.filter(area__place=place).values_list(
            "organisation_id", flat=True
        )
    )


def matches(programme_theme_ids, organisation_id, themes_of, local):
    """An organisation matches a programme when it works in an area here and, if the programme
    names themes, one of its services here shares one."""
    if organisation_id not in local:
        return False
    return not programme_theme_ids or bool(
        programme_theme_ids & themes_of.get(organisation_id, set())
    )


def deadlines_soon(place, now, lead_time):
    today = timezone.localdate(now, place.tz)
    programmes = list(
        Programme.objects.filter(
            places=place, deadline__gte=today, deadline__lte=today + lead_time, opens_on__lte=today
        )
        .select_related("funder")
        .prefetch_related("themes")
        .order_by("deadline", "pk")
    )
    if not programmes:
        return []
    leaders = _people(
        place,
        Role.CHARITY_LEADER,
        Membership.objects.for_place(place)
        .filter(role=Role.CHARITY_LEADER)
        .values("organisation_id"),
    )
    themes_of, local = organisation_themes(place), _organisations_with_areas_here(place)
    already = set(
        Bid.objects.for_place(place)
        .filter(programme__in=programmes)
        .exclude(state="draft")
        .values_list("programme_id", "applicant_id")
    )
    dues = []
    for programme in programmes:
        url = reverse(
            "places:funding:programme_detail", kwargs={"place_slug": place.slug, "pk": programme.pk}
        )
        theme_ids = {t.pk for t in programme.themes.all()}
        subject = _("%(programme)s closes on %(day)s") % {
            "programme": programme.title,
            "day": _day(programme.deadline),
        }
        text = _(
            "%(funder)s's %(programme)s closes to bids on %(day)s. It matches your "
            "organisation's work in %(place)s. Grants of £%(min)s to £%(max)s."
        ) % {
            "funder": programme.funder.name,
            "programme": programme.title,
            "day": _day(programme.deadline),
            "place": place.name,
            "min": f"{programme.amount_min:,.0f}",
            "max": f"{programme.amount_max:,.0f}",
        }
        for organisation_id, people in leaders.items():
            if (programme.pk, organisation_id) in already:
                continue
            if not matches(theme_ids, organisation_id, themes_of, local):
                continue
            for person in people:
                dues.append(
                    Due(
                        recipient=person,
                        object_key=f"programme:{programme.pk}:{programme.deadline.isoformat()}",
                        subject=subject,
                        text=text,
                        url=url,
                    )
                )
    return dues


def feedback_due(place, now, lead_time):
    """Unreleased feedback due within ``lead_time`` (7 days before) or past due (a day after)."""
    today = timezone.localdate(now, place.tz)
    feedback = Feedback.objects.for_place(place).filter(
        released_at__isnull=True, due_on__lte=today + lead_time
    )
    if lead_time > timedelta(0):
        # Before it falls due only: an overdue one is the after-reminder's, told once, not twice.
        feedback = feedback.filter(due_on__gte=today)
    feedback = list(
        feedback.select_related("bid", "bid__programme", "bid__applicant").order_by("due_on", "pk")
    )
    funders = _people(place, Role.FUNDER, {f.bid.programme.funder_id for f in feedback})
    dues = []
    for item in feedback:
        bid = item.bid
        overdue = item.due_on < today
        values = {"title": bid.title, "applicant": bid.applicant.name, "day": _day(item.due_on)}
        if overdue:
            subject = _("Feedback on %(title)s is overdue") % values
            text = (
                _(
                    "You promised %(applicant)s feedback on %(title)s by %(day)s. It has not been "
                    "released yet: they cannot learn from a decline without it."
                )
                % values
            )
        else:
            subject = _("Feedback on %(title)s is due by %(day)s") % values
            text = (
                _(
                    "Feedback on %(applicant)s's declined bid %(title)s is due by %(day)s. Check it "
                    "and release it to them."
                )
                % values
            )
        for person in funders.get(bid.programme.funder_id, []):
            dues.append(
                Due(
                    recipient=person,
                    object_key=f"feedback:{item.pk}",
                    subject=subject,
                    text=text,
                    url=bid.get_absolute_url(),
                )
            )
    return dues


def decisions_due(place, now, lead_time):
    today = timezone.localdate(now, place.tz)
    bids = [
        bid
        for bid in Bid.objects.for_place(place)
        .filter(state__in=LIVE_STATES)
        .select_related("programme", "applicant", "place")
        .order_by("submitted_at", "pk")
        if bid.decision_due_on() is not None
        and bid.decision_due_on() <= today + lead_time
        and (lead_time < timedelta(0) or bid.decision_due_on() >= today)
    ]
    funders = _people(place, Role.FUNDER, {b.programme.funder_id for b in bids})
    dues = []
    for bid in bids:
        due_on = bid.decision_due_on()
        values = {"title": bid.title, "applicant": bid.applicant.name, "day": _day(due_on)}
        if due_on < today:
            subject = _("A decision on %(title)s is overdue") % values
        else:
            subject = _("A decision on %(title)s is due by %(day)s") % values
        text = (
            _("Your programme promised %(applicant)s a decision on %(title)s by %(day)s.") % values
        )
        for person in funders.get(bid.programme.funder_id, []):
            dues.append(
                Due(
                    recipient=person,
                    object_key=f"bid-decision:{bid.pk}",
                    subject=subject,
                    text=text,
                    url=bid.get_absolute_url(),
                )
            )
    return dues


register_reminder(
    ReminderRule(
        kind=DEADLINE_KIND,
        label=gettext_lazy("A funding programme that matches your work closes in 7 days"),
        find_due=deadlines_soon,
        lead_times=(SOON,),
    )
)
register_reminder(
    ReminderRule(
        kind=FEEDBACK_KIND,
        label=gettext_lazy("Feedback you promised on a declined bid is due or overdue"),
        find_due=feedback_due,
        lead_times=(SOON, LATE),
    )
)
register_reminder(
    ReminderRule(
        kind=DECISION_KIND,
        label=gettext_lazy("A decision you promised on a bid is due or overdue"),
        find_due=decisions_due,
        lead_times=(SOON, LATE),
    )
)


# The digest section


def _prefetch(place, since, until):
    """Everything the section may show for this window, read once per place and digest run."""
    slug = place.slug
    new_programmes = list(
        Programme.objects.filter(places=place, created_at__gt=since, created_at__lte=until)
        .select_related("funder")
        .prefetch_related("themes")
        .order_by("created_at", "pk")
    )
    decided = list(
        Bid.objects.for_place(place)
        .filter(decided_at__gt=since, decided_at__lte=until)
        .select_related("programme", "programme__funder")
        .order_by("decided_at", "pk")
    )
    released = list(
        Feedback.objects.for_place(place)
        .filter(released_at__gt=since, released_at__lte=until)
        .select_related("bid", "bid__programme", "bid__programme__funder")
        .order_by("released_at", "pk")
    )
    organisations = {}
    for user_id, organisation_id in (
        Membership.objects.for_place(place)
        .filter(organisation__isnull=False)
        .values_list("user_id", "organisation_id")
    ):
        organisations.setdefault(user_id, set()).add(organisation_id)
    return {
        "programmes": [
            (
                p.created_at,
                p.funder_id,
                {t.pk for t in p.themes.all()},
                DigestItem(
                    title=_("New programme: %(title)s from %(funder)s")
                    % {"title": p.title, "funder": p.funder.name},
                    text=_("Closes %(day)s") % {"day": _day(p.deadline)}
                    if p.deadline
                    else _("Rolling: apply any time"),
                    url=reverse(
                        "places:funding:programme_detail", kwargs={"place_slug": slug, "pk": p.pk}
                    ),
                    when=p.created_at,
                ),
            )
            for p in new_programmes
        ],
        "decisions": [
            (
                b.decided_at,
                b.applicant_id,
                DigestItem(
                    title=(
                        _("%(title)s was awarded by %(funder)s")
                        if b.state == "awarded"
                        else _("%(title)s was not funded by %(funder)s")
                    )
                    % {"title": b.title, "funder": b.programme.funder.name},
                    url=b.get_absolute_url(),
                    when=b.decided_at,
                ),
            )
            for b in decided
        ],
        "feedback": [
            (
                f.released_at,
                f.bid.applicant_id,
                DigestItem(
                    title=_("Feedback on %(title)s from %(funder)s")
                    % {"title": f.bid.title, "funder": f.bid.programme.funder.name},
                    url=f.bid.get_absolute_url() + "#feedback",
                    when=f.released_at,
                ),
            )
            for f in released
        ],
        "organisations": organisations,
        "themes": organisation_themes(place),
        "local": _organisations_with_areas_here(place),
    }


def _items(place, user, since, until, prefetched):
    mine = prefetched["organisations"].get(user.pk, set())
    items = []
    for when, funder_id, theme_ids, item in prefetched["programmes"]:
        if not since < when <= until or funder_id in mine:
            continue
        if any(matches(theme_ids, o, prefetched["themes"], prefetched["local"]) for o in mine):
            items.append(item)
    for key in ("decisions", "feedback"):
        for when, applicant_id, item in prefetched[key]:
            if since < when <= until and applicant_id in mine:
                items.append(item)
    items.sort(key=lambda i: i.when)
    if len(items) > MAX_ITEMS:
        more = len(items) - MAX_ITEMS
        items = items[:MAX_ITEMS] + [
            DigestItem(
                title=_("and %(count)d more") % {"count": more},
                url=reverse("places:funding:bid_list", kwargs={"place_slug": place.slug}),
            )
        ]
    return items


def _for_organisations(place, user, roles):
    return any(role in roles for role in (Role.CHARITY_LEADER, Role.FUNDER, Role.PARTNER))


register_section(
    DigestSection(
        key="funding",
        title=lambda place: _("Funding in %(place)s") % {"place": place.name},
        order=40,
        relevant=_for_organisations,
        prefetch=_prefetch,
        items=_items,
    )
)


# Community board funds: applications waiting for a meeting, reports due, funds running low; and
# the digest's view of what boards funded and what the money did.

FUND_WAITING_KIND = "board_fund_application_waiting"
FUND_REPORT_KIND = "board_fund_report_due"
FUND_LOW_KIND = "board_fund_running_low"


def _officers_by_board(place, board_ids):
    from boards.models import BoardMembership, Position

    found = {}
    seats = (
        BoardMembership.objects.for_place(place)
        .current()
        .filter(board_id__in=board_ids, position__in=Position.officers())
        .select_related("user")
        .order_by("user_id")
    )
    for seat in seats:
        found.setdefault(seat.board_id, []).append(seat.user)
    return found


def applications_waiting(place, now):
    """Sent applications on no meeting's agenda: the board's officers are told once each."""
    waiting = list(
        FundApplication.objects.for_place(place)
        .filter(bid__state__in=LIVE_STATES, agenda_item__isnull=True)
        .select_related("bid", "bid__applicant", "fund", "fund__board")
        .order_by("bid__submitted_at", "pk")
    )
    officers = _officers_by_board(place, {a.fund.board_id for a in waiting})
    dues = []
    for application in waiting:
        bid = application.bid
        values = {
            "title": bid.title,
            "applicant": bid.applicant.name,
            "board": application.fund.board.name,
            "amount": f"{bid.amount_requested:,.0f}",
        }
        for person in officers.get(application.fund.board_id, []):
            dues.append(
                Due(
                    recipient=person,
                    object_key=f"fund-application:{application.pk}:waiting",
                    subject=_("%(title)s is waiting for %(board)s's next meeting") % values,
                    text=_(
                        "%(applicant)s asks %(board)s's fund for £%(amount)s. Put it on the "
                        "agenda of the board's next meeting, where the board decides it."
                    )
                    % values,
                    url=bid.get_absolute_url(),
                )
            )
    return dues


def reports_due(place, now, lead_time):
    """Grantees' reports due within the lead time (or, after, overdue): told to the group."""
    today = timezone.localdate(now, place.tz)
    applications = FundApplication.objects.for_place(place).filter(
        bid__state="awarded",
        withdrawn_at__isnull=True,
        report__isnull=True,
        report_due_on__isnull=False,
        report_due_on__lte=today + lead_time,
    )
    if lead_time > timedelta(0):
        applications = applications.filter(report_due_on__gte=today)
    applications = list(
        applications.select_related("bid", "fund", "fund__board").order_by("report_due_on", "pk")
    )
    leaders = _people(place, Role.CHARITY_LEADER, {a.bid.applicant_id for a in applications})
    dues = []
    for application in applications:
        bid = application.bid
        values = {
            "title": bid.title,
            "board": application.fund.board.name,
            "day": _day(application.report_due_on),
        }
        overdue = application.report_due_on < today
        subject = (
            _("Your report on %(title)s is overdue")
            if overdue
            else _("Your report on %(title)s is due by %(day)s")
        ) % values
        for person in leaders.get(bid.applicant_id, []):
            dues.append(
                Due(
                    recipient=person,
                    object_key=f"fund-application:{application.pk}:report",
                    subject=subject,
                    text=_(
                        "%(board)s funded %(title)s. Tell residents in a few lines what the money "
                        "did: it goes on the fund's public page."
                    )
                    % values,
                    url=bid.get_absolute_url(),
                )
            )
    return dues


def funds_running_low(place, now):
    """A fund with less left than its low-balance share: the board's officers, once a fund."""
    from .selectors import with_totals

    funds = [
        fund
        for fund in with_totals(
            BoardFund.objects.for_place(place).select_related("board", "programme")
        ).order_by("pk")
        if fund.is_low and fund.ends_on >= timezone.localdate(now, place.tz)
    ]
    officers = _officers_by_board(place, {f.board_id for f in funds})
    dues = []
    for fund in funds:
        values = {
            "fund": fund.programme.title,
            "left": f"{fund.left:,.0f}",
            "budget": f"{fund.budget:,.0f}",
        }
        for person in officers.get(fund.board_id, []):
            dues.append(
                Due(
                    recipient=person,
                    object_key=f"board-fund:{fund.pk}:low",
                    subject=_("%(fund)s is running low: £%(left)s left") % values,
                    text=_("£%(left)s of the £%(budget)s budget is left for this year.") % values,
                    url=fund.get_absolute_url(),
                )
            )
    return dues


register_reminder(
    ReminderRule(
        kind=FUND_WAITING_KIND,
        label=gettext_lazy("An application to your board's fund is waiting for a meeting"),
        find_due=applications_waiting,
    )
)
register_reminder(
    ReminderRule(
        kind=FUND_REPORT_KIND,
        label=gettext_lazy("A report on a board fund grant is due or overdue"),
        find_due=reports_due,
        lead_times=(SOON, LATE),
    )
)
register_reminder(
    ReminderRule(
        kind=FUND_LOW_KIND,
        label=gettext_lazy("Your board's fund is running low"),
        find_due=funds_running_low,
    )
)


def _prefetch_funds(place, since, until):
    awarded = list(
        FundApplication.objects.for_place(place)
        .filter(bid__state="awarded", bid__decided_at__gt=since, bid__decided_at__lte=until)
        .select_related("bid", "bid__applicant", "fund", "fund__board")
        .order_by("bid__decided_at", "pk")
    )
    reports = list(
        GrantReport.objects.for_place(place)
        .filter(submitted_at__gt=since, submitted_at__lte=until)
        .select_related("application__bid", "application__fund")
        .order_by("submitted_at", "pk")
    )
    items = [
        DigestItem(
            title=_("%(board)s funded %(title)s: £%(amount)s to %(applicant)s")
            % {
                "board": a.fund.board.name,
                "title": a.bid.title,
                "amount": f"{a.bid.amount_awarded:,.0f}",
                "applicant": a.bid.applicant.name,
            },
            url=a.fund.get_absolute_url(),
            when=a.bid.decided_at,
        )
        for a in awarded
    ] + [
        DigestItem(
            title=_("What the money did: %(title)s") % {"title": r.application.bid.title},
            text=r.what_happened[:200],
            url=r.application.fund.get_absolute_url(),
            when=r.submitted_at,
        )
        for r in reports
    ]
    return sorted(items, key=lambda i: i.when)


def _fund_items(place, user, since, until, prefetched):
    items = [i for i in prefetched if since < i.when <= until]
    if len(items) > MAX_ITEMS:
        more = len(items) - MAX_ITEMS
        items = items[:MAX_ITEMS] + [
            DigestItem(
                title=_("and %(count)d more") % {"count": more},
                url=reverse("places:funding:fund_list", kwargs={"place_slug": place.slug}),
            )
        ]
    return items


register_section(
    DigestSection(
        key="board_funds",
        title=lambda place: _("Community board funds in %(place)s") % {"place": place.name},
        order=45,
        prefetch=_prefetch_funds,
        items=_fund_items,
    )
)
