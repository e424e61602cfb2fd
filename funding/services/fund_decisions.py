"""The board's decision on an application to its fund, taken at a meeting with the application on
its agenda: the vote recorded there, the minutes, and the answer to the resident's idea it grew
from."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boards import selectors as board_selectors
from boards import services as board_services
from coordination.audit.services import audit_record
from coordination.errors import RuleViolation

from ..models import DECIDED_STATES, LIVE_STATES, FundOutcome
from . import news
from ._common import (
    check_runs_board,
    check_within_fund,
    locked_application,
    locked_bid,
    place_today,
)
from .decisions import apply_award, apply_decline


@transaction.atomic
def fund_application_decide(
    *,
    place,
    actor,
    application,
    meeting,
    outcome,
    reason,
    amount=None,
    start=None,
    months=None,
    awarded_in_past=False,
    reasons=(),
    strengths="",
    to_strengthen="",
    free_text="",
    now=None,
):
    """The board's decision on an application, taken at a meeting where it is on the agenda.

    Refused outside a meeting (none given, another board's, cancelled, not yet started, or the
    application not on its agenda), a second time, an award over what the fund has left, and an
    award the recorded vote went against. The decision and its reason go in the minutes with the
    vote; a decline carries feedback as any funder's does; an award to a resident's idea answers it.
    """
    now = now or timezone.now()
    application = locked_application(place, application)
    fund, board = application.fund, application.fund.board
    check_runs_board(actor, board, _("decide applications to its fund"))
    bid = locked_bid(place, application.bid)
    if bid.state in DECIDED_STATES:
        decided_at = application.decided_at_meeting
        raise RuleViolation(
            _(
                "This application was already decided (%(state)s) at %(meeting)s: a decision is "
                "taken once."
            )
            % {
                "state": bid.get_state_display().lower(),
                "meeting": decided_at.title if decided_at else _("an earlier meeting"),
            }
        )
    if bid.state not in LIVE_STATES:
        raise RuleViolation(
            _("Only a submitted application can be decided; this one is %(state)s.")
            % {"state": bid.get_state_display().lower()}
        )
    if meeting is None:
        raise RuleViolation(
            {
                "meeting": _(
                    "Decisions on %(board)s's fund are taken at a meeting of the board: choose it."
                )
                % {"board": board.name}
            }
        )
    if meeting.board_id != board.pk:
        raise RuleViolation({"meeting": _("Choose a meeting of %(board)s.") % {"board": board}})
    if meeting.cancelled_at is not None:
        raise RuleViolation({"meeting": _("That meeting was cancelled: it decides nothing.")})
    if meeting.starts_at > now:
        raise RuleViolation(
            {"meeting": _("That meeting has not started: the decision is taken at the meeting.")}
        )
    item = application.agenda_item
    if item is None or item.meeting_id != meeting.pk:
        raise RuleViolation(
            {"meeting": _("Put the application on this meeting's agenda before deciding it.")}
        )
    if not (reason or "").strip():
        raise RuleViolation({"reason": _("Record the reason for the decision.")})
    count = board_selectors.vote_count(place, item)
    if outcome == FundOutcome.AWARD:
        amount = amount if amount is not None else bid.amount_requested
        if any(count.values()) and count["for"] <= count["against"]:
            raise RuleViolation(
                {
                    "outcome": _(
                        "The vote recorded was not in favour (%(for)d for, %(against)d against): "
                        "the board cannot award it."
                    )
                    % {"for": count["for"], "against": count["against"]}
                }
            )
        check_within_fund(place, fund, amount, "amount")
        apply_award(
            place,
            actor,
            bid,
            amount=amount,
            start=start or place_today(place),
            months=months or bid.duration_months,
            awarded_in_past=awarded_in_past,
            now=now,
        )
        application.report_due_on = timezone.localdate(now, place.tz) + timedelta(
            weeks=fund.report_due_weeks
        )
        text = _("Awarded £%(amount)s to %(applicant)s for “%(title)s”.") % {
            "amount": f"{amount:,.2f}",
            "applicant": bid.applicant.name,
            "title": bid.title,
        }
    elif outcome == FundOutcome.DECLINE:
        apply_decline(
            place,
            actor,
            bid,
            reasons=reasons,
            strengths=strengths,
            to_strengthen=to_strengthen,
            signposts=(),
            free_text=free_text,
            release=True,
            now=now,
        )
        text = _("Declined the application from %(applicant)s for “%(title)s”.") % {
            "applicant": bid.applicant.name,
            "title": bid.title,
        }
    else:
        raise RuleViolation({"outcome": _("Choose award or decline.")})
    reason = reason.strip()
    if any(count.values()):
        minute = _(
            "%(text)s Reason: %(reason)s Vote: %(for)d for, %(against)d against, "
            "%(abstain)d abstaining."
        ) % {
            "text": text,
            "reason": reason,
            "for": count["for"],
            "against": count["against"],
            "abstain": count["abstain"],
        }
    else:  # no votes recorded on the item: the board decided by consensus
        minute = _("%(text)s Reason: %(reason)s") % {"text": text, "reason": reason}
    board_services.decision_record(
        place=place, actor=actor, meeting=meeting, text=minute, agenda_item=item
    )
    application.decided_at_meeting = meeting
    application.decision_reason = reason
    application.save(
        update_fields=["decided_at_meeting", "decision_reason", "report_due_on", "updated_at"]
    )
    audit_record(
        place=place,
        actor=actor,
        action="funding.fund_application.decide",
        target=application,
        changes={"outcome": outcome, "meeting": meeting, "reason": reason, "votes": count},
    )
    news.tell_fund_application_decided(
        place, actor, application, bid, meeting=meeting, reason=reason
    )
    # An idea its proposer withdrew keeps its link but takes no answer.
    if (
        outcome == FundOutcome.AWARD
        and application.proposal_id
        and application.proposal.takes_answer
    ):
        board_services.proposal_answer(
            place=place,
            actor=actor,
            proposal=application.proposal,
            status=board_selectors.accepted_proposal_status(),
            answer=_("Funded by %(board)s: £%(amount)s to %(applicant)s for “%(title)s”.")
            % {
                "board": board.name,
                "amount": f"{amount:,.2f}",
                "applicant": bid.applicant.name,
                "title": bid.title,
            },
        )
    return application
