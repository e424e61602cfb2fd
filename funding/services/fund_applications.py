"""Applications to a board's fund: the proportionate form (a few questions up to the short-form
limit, more above it), and putting a sent application on the agenda of one of the board's
meetings."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boards import services as board_services
from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean

from ..models import LIVE_STATES, SHORT_FORM_LIMIT, BidState, BoardFund, FundApplication
from ._common import (
    check_runs_board,
    check_within_fund,
    locked_application,
    locked_bid,
    record_move,
    tell_organisation,
)
from .bids import new_bid


def is_short_form(amount):
    """A short application: a few questions for a small amount, more above the limit."""
    return amount is None or amount <= SHORT_FORM_LIMIT


@transaction.atomic
def fund_application_create(
    *,
    place,
    actor,
    fund,
    applicant,
    title,
    summary,
    amount_requested,
    priority=None,
    proposal=None,
    duration_months=None,
    outcomes="",
    budget_breakdown="",
    other_funding="",
    areas=None,
    share_summary=False,
    attachments=(),
):
    """A local group's application to a board's fund: a draft bid the group then submits.

    Up to SHORT_FORM_LIMIT it asks what, how much and which priority; above it also how the group
    will know it worked and what the money buys. An amount over what the fund has left is refused.
    A resident's idea (``proposal``) keeps its link, so the idea's page shows where it went.
    """
    fund = BoardFund.objects.for_place(place).select_related("board", "programme").get(pk=fund.pk)
    errors = {}
    if priority is not None and priority.fund_id != fund.pk:
        errors["priority"] = _("Choose one of this fund's priorities.")
    if proposal is not None and proposal.board_id != fund.board_id:
        errors["proposal"] = _("Choose an idea put to %(board)s.") % {"board": fund.board.name}
    if not is_short_form(amount_requested):
        limit = f"{SHORT_FORM_LIMIT:,.0f}"
        if not (outcomes or "").strip():
            errors["outcomes"] = _("For more than £%(limit)s, say how you will know it worked.") % {
                "limit": limit
            }
        if not (budget_breakdown or "").strip():
            errors["budget_breakdown"] = _(
                "For more than £%(limit)s, say what the money will be spent on."
            ) % {"limit": limit}
    if errors:
        raise RuleViolation(errors)
    check_within_fund(place, fund, amount_requested, "amount_requested")
    if areas is None:
        areas = [fund.board.area] if fund.board.area_id else []
    bid = new_bid(
        place=place,
        actor=actor,
        programme=fund.programme,
        applicant=applicant,
        areas=areas,
        themes=(),
        communities=(),
        attachments=attachments,
        title=title,
        summary=summary,
        amount_requested=amount_requested,
        duration_months=duration_months or fund.programme.grant_length_months,
        share_summary=share_summary,
    )
    application = FundApplication(
        place=place,
        bid=bid,
        fund=fund,
        priority=priority,
        proposal=proposal,
        outcomes=(outcomes or "").strip(),
        budget_breakdown=(budget_breakdown or "").strip(),
        other_funding=(other_funding or "").strip(),
    )
    full_clean(application)
    application.save()
    audit_record(
        place=place,
        actor=actor,
        action="funding.fund_application.create",
        target=application,
        changes={
            "fund": str(fund),
            "priority": priority,
            "proposal": proposal,
            "short_form": is_short_form(amount_requested),
        },
    )
    return application


@transaction.atomic
def fund_application_schedule(*, place, actor, application, meeting, now=None):
    """Put a submitted application on the agenda of one of the board's meetings."""
    now = now or timezone.now()
    application = locked_application(place, application)
    board = application.fund.board
    check_runs_board(actor, board, _("put applications on its agenda"))
    bid = locked_bid(place, application.bid)
    if bid.state not in LIVE_STATES:
        raise RuleViolation(
            _("Only a submitted application goes on an agenda; this one is %(state)s.")
            % {"state": bid.get_state_display().lower()}
        )
    if meeting is None or meeting.board_id != board.pk:
        raise RuleViolation({"meeting": _("Choose a meeting of %(board)s.") % {"board": board}})
    if meeting.cancelled_at is not None:
        raise RuleViolation({"meeting": _("That meeting has been cancelled.")})
    if meeting.ends_at <= now:
        raise RuleViolation({"meeting": _("That meeting is over: choose one still to come.")})
    current = application.agenda_item
    if current is not None and current.meeting.ends_at > now:
        raise RuleViolation(
            _("It is already on the agenda of %(meeting)s.") % {"meeting": current.meeting.title}
        )
    item = board_services.agenda_item_add(
        place=place,
        actor=actor,
        meeting=meeting,
        title=_("Fund application: %(title)s from %(applicant)s (£%(amount)s)")
        % {
            "title": bid.title,
            "applicant": bid.applicant.name,
            "amount": f"{bid.amount_requested:,.0f}",
        },
        description=bid.summary,
    )
    application.agenda_item = item
    application.save(update_fields=["agenda_item", "updated_at"])
    if bid.state == BidState.SUBMITTED:
        bid.state = BidState.UNDER_REVIEW
        bid.save(update_fields=["state", "updated_at"])
        record_move(
            bid,
            place=place,
            actor=actor,
            from_state=BidState.SUBMITTED,
            to_state=BidState.UNDER_REVIEW,
            at=now,
            action="funding.bid.review",
        )
    audit_record(
        place=place,
        actor=actor,
        action="funding.fund_application.schedule",
        target=application,
        changes={"meeting": meeting, "agenda_item": item.pk},
    )
    when = timezone.localtime(meeting.starts_at, place.tz)
    tell_organisation(
        place,
        bid.applicant_id,
        title=_("%(title)s goes to %(board)s on %(day)s")
        % {"title": bid.title, "board": board.name, "day": when.strftime("%-d %B %Y")},
        body=_("The board decides it at %(meeting)s.") % {"meeting": meeting.title},
        bid=bid,
    )
    return application
