"""Community board funds' reminders (applications waiting for a meeting, grantees' reports due,
funds running low) and the digest's view of what boards funded and what the money did."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from boards import selectors as board_selectors
from coordination.accounts.models import Role
from coordination.accounts.selectors import people_acting_for
from coordination.notifications.registry import DigestItem, Due

from ..models import LIVE_STATES, BoardFund, FundApplication, GrantReport
from ..selectors import with_totals
from .common import MAX_ITEMS, day_text

FUND_WAITING_KIND = "board_fund_application_waiting"
FUND_REPORT_KIND = "board_fund_report_due"
FUND_LOW_KIND = "board_fund_running_low"


def applications_waiting(place, now):
    """Sent applications on no meeting's agenda: the board's officers are told once each."""
    waiting = list(
        FundApplication.objects.for_place(place)
        .filter(bid__state__in=LIVE_STATES, agenda_item__isnull=True)
        .select_related("bid", "bid__applicant", "fund", "fund__board")
        .order_by("bid__submitted_at", "pk")
    )
    officers = board_selectors.officers_by_board(place, {a.fund.board_id for a in waiting})
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
    leaders = people_acting_for(
        place, {a.bid.applicant_id for a in applications}, roles=(Role.CHARITY_LEADER,)
    )
    dues = []
    for application in applications:
        bid = application.bid
        values = {
            "title": bid.title,
            "board": application.fund.board.name,
            "day": day_text(application.report_due_on),
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
    funds = [
        fund
        for fund in with_totals(
            BoardFund.objects.for_place(place).select_related("board", "programme")
        ).order_by("pk")
        if fund.is_low and fund.ends_on >= timezone.localdate(now, place.tz)
    ]
    officers = board_selectors.officers_by_board(place, {f.board_id for f in funds})
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


def prefetch_funds(place, since, until):
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


def fund_items(place, user, since, until, prefetched):
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
