"""Community board funds: each fund with what it has committed, paid and has waiting, the funds and
applications a person may see, a fund's public grants and their spend by priority, and the path of
a resident's idea into applications."""

from decimal import Decimal

from django.db.models import DecimalField, Prefetch, Q, Sum, Value
from django.db.models import F as models_F
from django.db.models.functions import Coalesce

from boards.selectors import boards_visible_to
from coordination.places.models import Area

from ..models import LIVE_STATES, BidState, BoardFund, FundApplication, FundPayment
from .bids import bids_visible_to


def _money(expression, **extra):
    return Coalesce(
        Sum(expression, **extra),
        Value(Decimal("0")),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def with_totals(funds):
    """Funds with ``committed`` (awards not withdrawn, and what was paid on withdrawn ones),
    ``paid`` and ``awaiting`` (asked for by applications not yet decided)."""
    awarded = Q(applications__bid__state=BidState.AWARDED)
    return funds.annotate(
        committed_live=_money(
            "applications__bid__amount_awarded",
            filter=awarded & Q(applications__withdrawn_at__isnull=True),
        ),
        committed_withdrawn=_money(
            "applications__paid_amount",
            filter=awarded & Q(applications__withdrawn_at__isnull=False),
        ),
        paid=_money("applications__paid_amount"),
        awaiting=_money(
            "applications__bid__amount_requested",
            filter=Q(applications__bid__state__in=LIVE_STATES),
        ),
    ).annotate(committed=models_F("committed_live") + models_F("committed_withdrawn"))


def fund_totals(place, fund):
    """The fund with ``committed``, ``paid`` and ``awaiting`` read now from the database."""
    return with_totals(BoardFund.objects.for_place(place).filter(pk=fund.pk)).get()


def fund_of_programme(place, programme):
    """The board fund whose programme this is (None for a funder's own programme)."""
    if not programme.board_id:
        return None
    return BoardFund.objects.for_place(place).filter(programme=programme).first()


def funds_visible_to(place, user):
    """Board funds of the boards this person sees: a public board's fund is public."""
    boards = boards_visible_to(place, user).values("pk")
    return with_totals(
        BoardFund.objects.for_place(place)
        .filter(board__in=boards)
        .select_related("board", "board__area", "programme", "priorities_meeting")
        .prefetch_related("priorities")
    ).order_by("-year", "board__name", "pk")


def get_fund_for(place, user, pk):
    return funds_visible_to(place, user).filter(pk=pk).first()


def _applications(place):
    return FundApplication.objects.for_place(place).select_related(
        "bid",
        "bid__applicant",
        "bid__programme",
        "bid__feedback",
        "fund",
        "fund__board",
        "priority",
        "proposal",
        "agenda_item",
        "agenda_item__meeting",
        "decided_at_meeting",
        "report",
    )


def fund_applications_visible_to(user, place):
    """Applications to board funds this person may see in full (the bid's privacy rules)."""
    return _applications(place).filter(bid__in=bids_visible_to(user, place).values("pk"))


def get_fund_application_for(user, place, pk):
    return fund_applications_visible_to(user, place).filter(pk=pk).first()


def fund_grants(place, fund):
    """Public: what a fund awarded, with priority, area and the grantee's report."""
    return (
        _applications(place)
        .filter(fund=fund, bid__state=BidState.AWARDED)
        .prefetch_related(Prefetch("bid__areas", queryset=Area.objects.for_place(place)))
        .order_by("-bid__decided_at", "-pk")
    )


def fund_applications_of(place, fund):
    """Every application to a fund but drafts: for those who run the board."""
    return (
        _applications(place)
        .filter(fund=fund)
        .exclude(bid__state=BidState.DRAFT)
        .order_by("-bid__submitted_at", "-pk")
    )


def payments_of(place, application):
    return FundPayment.objects.for_place(place).filter(application=application)


def spend_by_priority(grants):
    """[(priority title, number, total committed)] of a fund's grants."""
    rows = {}
    for application in grants:
        key = application.priority.title if application.priority_id else ""
        number, total = rows.get(key, (0, Decimal("0")))
        rows[key] = (number + 1, total + application.committed)
    return sorted(((k, n, t) for k, (n, t) in rows.items()), key=lambda r: (r[0] == "", r[0]))


def proposal_path(place, proposal):
    """The applications a resident's idea became, as the public may see them: awarded grants (with
    their reports) and applications awaiting the board; never a draft or a declined one."""
    return (
        _applications(place)
        .filter(proposal=proposal, bid__state__in=[BidState.AWARDED, *LIVE_STATES])
        .order_by("created_at", "pk")
    )
