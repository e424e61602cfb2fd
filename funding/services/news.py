"""Telling an applicant's people what was decided about their bid, once per event.

A funder's decision is told once (key ``bid:<id>:decided``): an award says the grant made (amount
and dates) in the same message, a decline says the feedback when it is released with the decision,
or when it will come. Feedback released later is told again (``bid:<id>:feedback``). A board's
decision on an application to its fund is its own kind of news, with the meeting and the reason.
Called by the services inside their transaction; the person who decided is never told.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coordination.accounts.selectors import people_of_organisation
from coordination.notifications.services import tell_each

from ..models import BidState

BID_DECIDED = "funding_bid_decided"
FUND_APPLICATION_DECIDED = "funding_fund_application_decided"
DUPLICATE_CHECKS_CHANGED = "funding_duplicate_checks_changed"


def _day(value):
    return date_format(value, "j F Y")


def _money(amount):
    return f"£{amount:,.2f}"


def applicant_people(place, bid):
    """Everyone on the applicant organisation's roll here, whatever their role."""
    return people_of_organisation(place, bid.applicant_id, roles=None)


def grant_text(bid):
    """The grant made: its amount and dates."""
    return _("The grant is %(amount)s for %(months)d months, from %(start)s to %(end)s.") % {
        "amount": _money(bid.amount_awarded),
        "months": bid.award_months or 0,
        "start": _day(bid.award_start),
        "end": _day(bid.award_end),
    }


def feedback_text(feedback):
    """The feedback as the applicant reads it on the bid's page, as plain lines."""
    lines = [
        _("Why it was not funded: %(reasons)s.")
        % {"reasons": "; ".join(str(r) for r in feedback.reason_labels())},
        _("What was strong: %(text)s") % {"text": feedback.strengths},
        _("What would strengthen a future bid: %(text)s") % {"text": feedback.to_strengthen},
    ]
    signposts = [p.title for p in feedback.signposts.order_by("title")]
    if signposts:
        lines.append(
            _("Other programmes to consider: %(titles)s.") % {"titles": ", ".join(signposts)}
        )
    if feedback.free_text:
        lines.append(_("Anything else: %(text)s") % {"text": feedback.free_text})
    return "\n\n".join(lines)


def _tell_applicant(place, bid, *, actor, kind, key, title, body):
    return tell_each(
        place,
        applicant_people(place, bid),
        skip=actor,
        kind=kind,
        key=key,
        title=title,
        body=body,
        url=bid.get_absolute_url(),
    )


def tell_bid_awarded(place, actor, bid, funder):
    """The decision and the grant it makes, in one message."""
    return _tell_applicant(
        place,
        bid,
        actor=actor,
        kind=BID_DECIDED,
        key=f"bid:{bid.pk}:decided",
        title=_("“%(title)s” was awarded %(amount)s")
        % {"title": bid.title, "amount": _money(bid.amount_awarded)},
        body=_("%(funder)s awarded your bid to %(programme)s.")
        % {"funder": funder, "programme": bid.programme.title}
        + " "
        + grant_text(bid),
    )


def tell_bid_declined(place, actor, bid, funder, feedback):
    """The decline, with the feedback if it is released with it, else the day it is due."""
    said = _("%(funder)s did not fund your bid to %(programme)s.") % {
        "funder": funder,
        "programme": bid.programme.title,
    }
    if feedback.released_at is not None:
        body = said + " " + _("Their feedback:") + "\n\n" + feedback_text(feedback)
    else:
        body = (
            said
            + " "
            + _("They will give their feedback by %(day)s.") % {"day": _day(feedback.due_on)}
        )
    return _tell_applicant(
        place,
        bid,
        actor=actor,
        kind=BID_DECIDED,
        key=f"bid:{bid.pk}:decided",
        title=_("“%(title)s” was not funded") % {"title": bid.title},
        body=body,
    )


def tell_feedback_released(place, actor, bid, funder, feedback):
    """Feedback released after the decision: a second message, with the feedback."""
    return _tell_applicant(
        place,
        bid,
        actor=actor,
        kind=BID_DECIDED,
        key=f"bid:{bid.pk}:feedback",
        title=_("Feedback on “%(title)s”") % {"title": bid.title},
        body=_("%(funder)s released its feedback on your bid to %(programme)s.")
        % {"funder": funder, "programme": bid.programme.title}
        + "\n\n"
        + feedback_text(feedback),
    )


def tell_fund_application_decided(place, actor, application, bid, *, meeting, reason):
    """A board's decision on an application (``bid``, as just decided) to its fund: the outcome,
    the meeting, the reason, and the grant (with its report's due date) or the feedback."""
    board = application.fund.board
    said = _("%(board)s decided at %(meeting)s on %(day)s.") % {
        "board": board.name,
        "meeting": meeting.title,
        "day": _day(meeting.starts_at.astimezone(place.tz).date()),
    }
    parts = [said, _("Reason: %(reason)s") % {"reason": reason}]
    if bid.state == BidState.AWARDED:
        title = _("“%(title)s” was awarded %(amount)s by %(board)s") % {
            "title": bid.title,
            "amount": _money(bid.amount_awarded),
            "board": board.name,
        }
        parts.append(grant_text(bid))
        if application.report_due_on:
            parts.append(
                _("Tell the board what the money did by %(day)s.")
                % {"day": _day(application.report_due_on)}
            )
    else:
        title = _("“%(title)s” was not funded by %(board)s") % {
            "title": bid.title,
            "board": board.name,
        }
        parts.append(_("Their feedback:") + "\n\n" + feedback_text(bid.feedback))
    return _tell_applicant(
        place,
        bid,
        actor=actor,
        kind=FUND_APPLICATION_DECIDED,
        key=f"fund_application:{application.pk}:decided",
        title=title,
        body="\n\n".join(parts),
    )


BUDGET_IDEA_ON_BALLOT = "funding_budget_idea_on_ballot"
BUDGET_RESULTS = "funding_budget_results"


def tell_idea_on_ballot(place, actor, project):
    """The idea's proposer: their idea is a project residents vote on, with its cost."""
    proposal = project.proposal
    if proposal is None or proposal.proposed_by_id is None:
        return []
    budget_round = project.round
    return tell_each(
        place,
        [proposal.proposed_by],
        skip=actor,
        kind=BUDGET_IDEA_ON_BALLOT,
        key=f"budget_project:{project.pk}:on_ballot",
        title=_("Your idea “%(title)s” is on the ballot") % {"title": proposal.title},
        body=_(
            "%(board)s costed it at %(cost)s as “%(project)s”. Residents vote from %(opens)s to "
            "%(closes)s in %(round)s."
        )
        % {
            "board": budget_round.fund.board.name,
            "cost": _money(project.cost),
            "project": project.title,
            "opens": _day(budget_round.voting_opens_on),
            "closes": _day(budget_round.voting_closes_on),
            "round": budget_round.title,
        },
        url=budget_round.get_absolute_url(),
    )


def tell_budget_results(place, actor, budget_round, people, selected):
    """The voters and the proposers of the ideas on the ballot: the projects chosen."""
    if selected:
        chosen = "\n".join(f"- {p.title} ({_money(p.cost)}, {p.votes} votes)" for p in selected)
        body = (
            _("Residents chose these projects. Each goes to %(board)s's meeting to be funded:")
            % {"board": budget_round.fund.board.name}
            + "\n\n"
            + chosen
        )
    else:
        body = _("No project received a vote.")
    return tell_each(
        place,
        people,
        skip=actor,
        kind=BUDGET_RESULTS,
        key=f"budget_round:{budget_round.pk}:results",
        title=_("The results of %(round)s") % {"round": budget_round.title},
        body=body,
        url=budget_round.get_absolute_url(),
    )
