"""Funding's My work sections: what each person's bids, programmes and board funds wait on them
for, as WorkItems (read by funding.selectors.work, a few queries whatever the number of bids)."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coordination.work.registry import WorkItem

from .models import BidState
from .selectors import variations as variations_selectors
from .selectors import work


def _day(value):
    return date_format(value, "j F Y")


def _money(amount):
    return f"£{amount:,.0f}"


def _programme_line(bid):
    programme = bid.programme
    if programme.board_id:
        return f"{programme.title} · {programme.board.name}"
    return f"{programme.title} · {programme.funder.name}"


def _applicant_line(bid):
    return f"{bid.programme.title} · {bid.applicant.name}"


def _draft(bid, today):
    deadline = bid.programme.deadline
    if deadline is None:
        return _("Draft — the programme takes bids at any time"), None
    if deadline < today:
        return _("Draft — the programme closed on %(day)s") % {"day": _day(deadline)}, None
    return _("Draft — submit it before the programme closes"), deadline


def _live(bid):
    application = getattr(bid, "fund_application", None)
    if application is not None and application.agenda_item_id:
        meeting = application.agenda_item.meeting
        return _("On the agenda of %(meeting)s, %(day)s") % {
            "meeting": meeting.title,
            "day": _day(meeting.starts_at.astimezone(bid.place.tz).date()),
        }
    if application is not None:
        return _("Submitted, awaiting the board's decision")
    if bid.state == BidState.UNDER_REVIEW:
        return _("Under review, awaiting a decision")
    return _("Submitted, awaiting a decision")


def _declined(bid, today):
    feedback = getattr(bid, "feedback", None)
    if feedback is None or feedback.released_at is None:
        due = feedback.due_on if feedback is not None else None
        if due is None:
            return _("Declined — feedback to come")
        if due < today:
            return _("Declined — the funder's feedback is late: it was due on %(day)s") % {
                "day": _day(due)
            }
        return _("Declined — feedback due by %(day)s") % {"day": _day(due)}
    if feedback.helped is None:
        return _("Declined — feedback given: tell the funder whether it helped")
    return _("Declined — feedback given")


def _awarded(bid):
    awarded = _("Awarded %(amount)s") % {"amount": _money(bid.amount_awarded)}
    application = getattr(bid, "fund_application", None)
    if application is not None and application.report_due_on and not application.is_withdrawn:
        if not hasattr(application, "report"):
            return _("%(awarded)s — tell the board what the money did") % {
                "awarded": awarded
            }, application.report_due_on
    return awarded, None


def my_bids(place, user, roles, now):
    """A charity leader's organisation's bids and board-fund applications."""
    today = now.astimezone(place.tz).date()
    items = []
    for bid in work.applicant_work(user, place, now):
        due = None
        if bid.state == BidState.DRAFT:
            status, due = _draft(bid, today)
        elif bid.state == BidState.DECLINED:
            status = _declined(bid, today)
        elif bid.state == BidState.AWARDED:
            status, due = _awarded(bid)
        else:
            status = _live(bid)
        items.append(
            WorkItem(
                title=bid.title,
                url=bid.get_absolute_url(),
                due=due,
                status=status,
                detail=_programme_line(bid),
            )
        )
    return items


def bids_to_decide(place, user, roles, now):
    """A funder's bids waiting for its decision, due by the date its programme promised."""
    return [
        WorkItem(
            title=bid.title,
            url=bid.get_absolute_url(),
            due=bid.decision_due_on(),
            status=(
                _("Under review, awaiting your decision")
                if bid.state == BidState.UNDER_REVIEW
                else _("Submitted, awaiting your decision")
            ),
            detail=_applicant_line(bid),
        )
        for bid in work.funder_bids_to_decide(user, place)
    ]


def feedback_owed(place, user, roles, now):
    """Feedback a funder owes on declined bids, due by its programme's commitment."""
    return [
        WorkItem(
            title=feedback.bid.title,
            url=feedback.bid.get_absolute_url() + "#feedback",
            due=feedback.due_on,
            status=_("Declined — feedback not released yet"),
            detail=_applicant_line(feedback.bid),
        )
        for feedback in work.funder_feedback_owed(user, place)
    ]


def cofund_offers(place, user, roles, now):
    """Other funders' offers towards bids to a funder's programmes."""
    return [
        WorkItem(
            title=offer.bid.title,
            url=offer.bid.get_absolute_url(),
            status=_("%(funder)s offers %(amount)s towards it")
            % {"funder": offer.funder.name, "amount": _money(offer.amount)},
            detail=_applicant_line(offer.bid),
        )
        for offer in work.funder_cofund_offers(user, place, now)
    ]


def fund_applications(place, user, roles, now):
    """Applications to the funds of the boards a person runs, waiting for the board's decision:
    due at the meeting whose agenda they are on."""
    items = []
    for application in work.fund_applications_to_decide(user, place):
        bid, item = application.bid, application.agenda_item
        if item is not None:
            meeting = item.meeting
            status = _("On the agenda of %(meeting)s") % {"meeting": meeting.title}
            due = meeting.starts_at
        else:
            status, due = _("Waiting to go on a meeting's agenda"), None
        items.append(
            WorkItem(
                title=bid.title,
                url=bid.get_absolute_url(),
                due=due,
                status=status,
                detail=_("%(board)s fund %(year)s · %(applicant)s asks for %(amount)s")
                % {
                    "board": application.fund.board.name,
                    "year": application.fund.year_label,
                    "applicant": bid.applicant.name,
                    "amount": _money(bid.amount_requested),
                },
            )
        )
    return items


# Grant variations ------------------------------------------------------------------------------


def variations_to_decide(place, user, roles, now):
    """Requests to change grants of a funder's programmes, waiting for its decision."""
    return [
        WorkItem(
            title=variation.grant.title,
            url=variation.get_absolute_url(),
            status=_("%(kind)s asked on %(day)s, awaiting your decision")
            % {
                "kind": variation.get_kind_display(),
                "day": _day(variation.requested_at.astimezone(place.tz).date()),
            },
            detail=_applicant_line(variation.grant),
        )
        for variation in variations_selectors.variations_to_decide(user, place)
    ]


def my_variation_requests(place, user, roles, now):
    """A grantee's open requests to change its organisation's grants."""
    return [
        WorkItem(
            title=variation.grant.title,
            url=variation.get_absolute_url(),
            status=_("%(kind)s asked on %(day)s, awaiting the funder's decision")
            % {
                "kind": variation.get_kind_display(),
                "day": _day(variation.requested_at.astimezone(place.tz).date()),
            },
            detail=_programme_line(variation.grant),
        )
        for variation in variations_selectors.open_variation_requests(user, place)
    ]
