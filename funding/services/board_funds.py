"""Community board funds: a board's devolved budget for a financial year. Setting one up makes the
programme local groups apply to; the board then changes its budget and settings and adds
priorities. The board decides each application at a meeting (fund_decisions), with the
application on the agenda, members' declared interests in the minutes and no vote from a member
with an interest."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from coordination.accounts.models import Role
from coordination.accounts.permissions import roles_in
from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean

from ..models import BoardFund, FundingType, FundPriority, Programme
from ..models.board_funds import NO_DEVOLVED_FUNDS
from ..selectors import fund_totals
from ._common import check_runs_board, place_today

FUND_FIELDS = ("budget", "priorities_meeting", "report_due_weeks", "low_balance_percent")


def _financial_year_dates(year):
    return date(year, 4, 1), date(year + 1, 3, 31)


@transaction.atomic
def fund_create(
    *,
    place,
    actor,
    board,
    year,
    budget,
    accountable_body,
    description="",
    amount_max=None,
    priorities=(),
    priorities_meeting=None,
    report_due_weeks=12,
    low_balance_percent=20,
):
    """Give a board a fund for a financial year. Community boards hold funds; any other board
    only when the place admin sets it up."""
    check_runs_board(actor, board, _("set up its fund"))
    if not board.is_community_board and Role.PLACE_ADMIN not in roles_in(actor, place):
        raise RuleViolation(
            {"board": _("Only community boards hold funds, unless the place admin sets one up.")}
        )
    if board.is_community_board and board.structure_id and not board.structure.has_fund:
        raise RuleViolation({"board": str(NO_DEVOLVED_FUNDS) % {"structure": board.structure}})
    errors = {}
    if budget is None or budget <= 0:
        errors["budget"] = _("Enter the fund's budget for the year.")
    if accountable_body is None or not accountable_body.places.filter(pk=place.pk).exists():
        errors["accountable_body"] = _(
            "Choose the organisation in %(place)s that holds the money."
        ) % {"place": place.name}
    today = place_today(place)
    starts, ends = _financial_year_dates(year) if year else (None, None)
    if year is None:
        errors["year"] = _("Enter the year the financial year starts.")
    elif ends < today:
        errors["year"] = _("The financial year %(label)s has ended.") % {
            "label": f"{year}/{(year + 1) % 100:02d}"
        }
    if amount_max is not None and budget is not None and amount_max > budget:
        errors["amount_max"] = _("The largest grant cannot be more than the budget.")
    if (
        BoardFund.objects.for_place(place).filter(board=board, year=year).exists()
        and "year" not in errors
    ):
        errors["year"] = _("%(board)s already has a fund for that year.") % {"board": board.name}
    if errors:
        raise RuleViolation(errors)
    label = f"{year}/{(year + 1) % 100:02d}"
    programme = Programme(
        funder=accountable_body,
        board=board,
        title=_("%(board)s fund %(year)s") % {"board": board.name, "year": label},
        description=description.strip()
        or _(
            "Grants from %(board)s for local groups, including community groups that are not "
            "registered charities."
        )
        % {"board": board.name},
        funding_type=FundingType.PROJECT,
        amount_min=Decimal("1"),
        amount_max=amount_max or budget,
        grant_length_months=12,
        opens_on=max(starts, today),
        deadline=ends,
        decision_within_days=90,
        feedback_commitment_days=28,
        eligibility=_("Local groups working in %(area)s, registered or not.")
        % {"area": board.area.name if board.area_id else place.name},
        created_by=actor,
    )
    full_clean(programme)
    programme.save()
    programme.places.set([place])
    fund = BoardFund(
        place=place,
        board=board,
        programme=programme,
        year=year,
        budget=budget,
        priorities_meeting=priorities_meeting,
        report_due_weeks=report_due_weeks,
        low_balance_percent=low_balance_percent,
        created_by=actor,
    )
    full_clean(fund)
    fund.save()
    titles = _priority_titles(priorities)
    FundPriority.objects.for_place(place).bulk_create(
        [
            FundPriority(place=place, fund=fund, order=i, title=title)
            for i, title in enumerate(titles, start=1)
        ]
    )
    audit_record(
        place=place,
        actor=actor,
        action="funding.fund.create",
        target=fund,
        changes={
            "board": board.name,
            "year": label,
            "budget": budget,
            "priorities": titles,
            "priorities_meeting": priorities_meeting,
        },
    )
    return fund


def _priority_titles(priorities):
    if isinstance(priorities, str):
        priorities = priorities.splitlines()
    return [p.strip()[:200] for p in priorities or () if p and p.strip()]


@transaction.atomic
def fund_update(*, place, actor, fund, add_priorities=(), **fields):
    """Change the budget, the meeting that agreed the priorities, the report and low-balance
    settings; add priorities. The budget never falls below what is already committed."""
    fund = BoardFund.objects.for_place(place).select_for_update().get(pk=fund.pk)
    check_runs_board(actor, fund.board, _("change its fund"))
    before = {k: getattr(fund, k) for k in FUND_FIELDS}
    for key in FUND_FIELDS:
        if key in fields and fields[key] is not None:
            setattr(fund, key, fields[key])
    totals = fund_totals(place, fund)
    if fund.budget < totals.committed:
        raise RuleViolation(
            {
                "budget": _("£%(committed)s is already committed: the budget cannot be less.")
                % {"committed": f"{totals.committed:,.2f}"}
            }
        )
    full_clean(fund)
    fund.save()
    programme = fund.programme
    if programme.amount_max > fund.budget:
        programme.amount_max = fund.budget
        programme.save(update_fields=["amount_max", "updated_at"])
    titles = _priority_titles(add_priorities)
    last = FundPriority.objects.for_place(place).filter(fund=fund).count()
    FundPriority.objects.for_place(place).bulk_create(
        [
            FundPriority(place=place, fund=fund, order=last + i, title=title)
            for i, title in enumerate(titles, start=1)
        ]
    )
    changes = {
        k: [before[k], getattr(fund, k)] for k in FUND_FIELDS if before[k] != getattr(fund, k)
    }
    if titles:
        changes["priorities_added"] = titles
    audit_record(
        place=place, actor=actor, action="funding.fund.update", target=fund, changes=changes
    )
    return fund
