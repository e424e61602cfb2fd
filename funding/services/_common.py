"""What the funding services share: the place's today, recording a bid's move with its audit entry,
telling an organisation's people or a board's officers, locking a bid or a fund application for
a change, and the checks several journeys make (a bid's next state, who decides it, who runs a
board, what a board's fund has left)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from boards import permissions as board_permissions
from boards import selectors as board_selectors
from coordination.accounts.selectors import people_of_organisation
from coordination.audit.services import audit_record
from coordination.errors import RuleViolation
from coordination.notifications.services import notify

from .. import permissions
from ..models import Bid, BidEvent, BidState, BoardFund, FundApplication
from ..selectors import fund_totals

NOTIFY_KIND = "funding"


def place_today(place):
    return timezone.localdate(timezone=place.tz)


def record_move(bid, *, place, actor, from_state, to_state, at, action, changes=None):
    BidEvent.objects.for_place(place).create(
        place=place, bid=bid, from_state=from_state, to_state=to_state, actor=actor, at=at
    )
    audit_record(
        place=place,
        actor=actor,
        action=action,
        target=bid,
        changes={"state": [from_state or None, to_state], **(changes or {})},
    )


def move_bid(bid, to_state, *, place, actor, at, action, fields=(), changes=None):
    """Move the bid to ``to_state`` (the caller checked the move and set ``fields``), save it and
    record the move: its event on the bid's history and its audit entry."""
    before = bid.state
    bid.state = to_state
    bid.save(update_fields=["state", *fields, "updated_at"])
    record_move(
        bid,
        place=place,
        actor=actor,
        from_state=before,
        to_state=to_state,
        at=at,
        action=action,
        changes=changes,
    )


def _notify(place, people, *, title, body, bid):
    for person in people:
        notify(
            place=place,
            user=person,
            kind=NOTIFY_KIND,
            title=title,
            body=body,
            url=bid.get_absolute_url(),
        )


def tell_organisation(place, organisation_id, *, title, body, bid):
    """Tell everyone on an organisation's roll here, whatever their role: a funder's people hold
    the funder role, which does not act for a group, and they hear of bids to its programmes."""
    people = people_of_organisation(place, organisation_id, roles=None)
    _notify(place, people, title=title, body=body, bid=bid)


def tell_board(place, board, *, title, body, bid):
    """Tell a board's officers (chair, vice-chair, secretary): they run its fund."""
    people = board_selectors.board_officers(place, board)
    _notify(place, people, title=title, body=body, bid=bid)


def locked_bid(place, bid):
    return (
        Bid.objects.for_place(place)
        .select_for_update()
        .select_related("programme", "applicant")
        .get(pk=bid.pk)
    )


def check_move(bid, to_state):
    if not bid.can_move_to(to_state):
        raise RuleViolation(
            _("A bid that is %(state)s cannot become %(to)s.")
            % {"state": bid.get_state_display().lower(), "to": BidState(to_state).label.lower()}
        )


def funder_name(programme):
    """Who an applicant is told decided: the board, for a board's fund."""
    return programme.board.name if programme.board_id else programme.funder.name


def check_funder_of(actor, place, bid, doing):
    if bid.programme.board_id:
        raise RuleViolation(
            _(
                "This is an application to %(board)s's fund: the board decides it at a meeting, "
                "with the application on the agenda."
            )
            % {"board": bid.programme.board.name}
        )
    if not permissions.can_decide_bid(actor, place, bid):
        raise RuleViolation(
            _("Only %(funder)s can %(doing)s this bid: it is their programme.")
            % {"funder": funder_name(bid.programme), "doing": doing}
        )


def check_within_fund(place, fund, amount, field):
    totals = fund_totals(place, fund)
    if amount is not None and amount > totals.left:
        raise RuleViolation(
            {
                field: _("%(board)s's fund has £%(left)s left for %(year)s: ask for that or less.")
                % {
                    "board": totals.board.name,
                    "left": f"{max(totals.left, 0):,.2f}",
                    "year": totals.year_label,
                }
            }
        )
    return totals


def check_runs_board(actor, board, doing):
    if not board_permissions.can_manage_board(actor, board):
        raise RuleViolation(
            _("Only %(board)s's chair, vice-chair or secretary, or a coordinator, can %(doing)s.")
            % {"board": board.name, "doing": doing}
        )


def locked_application(place, application):
    application = (
        FundApplication.objects.for_place(place)
        .select_for_update(of=("self",))
        .select_related("fund", "fund__board", "bid", "agenda_item")
        .get(pk=application.pk)
    )
    # The fund row too: two decisions at once cannot both spend the last of the budget.
    BoardFund.objects.for_place(place).select_for_update().filter(pk=application.fund_id).first()
    return application
