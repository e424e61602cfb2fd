"""The funding demo: awards, declines with and without overdue feedback, overlapping bids; re-run safe."""

from django.core.management import call_command

from coordination.audit.models import AuditEntry
from funding.demo import seed_funding_demo
from funding.models import Bid, BidAttachment, BidState
from funding.selectors import compute_figures, coordination, programmes_in_place


def test_the_demo_shows_every_case_and_rerunning_changes_nothing(db, bucks, coventry, sutton):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    for place in (bucks, coventry, sutton):
        bids = Bid.objects.for_place(place)
        states = set(bids.values_list("state", flat=True))
        assert {BidState.AWARDED, BidState.DECLINED, BidState.UNDER_REVIEW} <= states
        figures = compute_figures(place)
        assert figures.awards == 2  # the local core fund's and the national programme's
        assert figures.feedback_overdue == 1
        assert figures.feedback_rate == 0.5
        assert any(p.short_window for p in programmes_in_place(place))
        hot_meals = bids.filter(title__startswith="Hot meals for families")
        assert hot_meals.values("programme__funder").distinct().count() == 2
        flags = {flag.kind for flag in coordination(place)["flags"]}
        assert flags == {"awards_overlap", "same_purpose"}
        assert BidAttachment.objects.for_place(place).filter(bid__in=hot_meals).count() == 1
    assert programmes_in_place(bucks).filter(places=sutton).exists()  # the national programme
    counts = {p.slug: Bid.objects.for_place(p).count() for p in (bucks, coventry, sutton)}
    audits = AuditEntry.objects.for_place(sutton).count()
    assert seed_funding_demo(sutton) == 0
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert counts == {p.slug: Bid.objects.for_place(p).count() for p in (bucks, coventry, sutton)}
    assert AuditEntry.objects.for_place(sutton).count() == audits


def test_buckinghamshire_has_a_funded_community_board_fund(db, bucks):
    from funding.models import BoardFund, GrantReport
    from funding.selectors import with_totals

    call_command("seed_demo", stdout=open("/dev/null", "w"))
    fund = with_totals(BoardFund.objects.for_place(bucks)).get()
    assert fund.committed == 850 and fund.paid == 850 and fund.awaiting == 600
    assert GrantReport.objects.for_place(bucks).count() == 1
