"""The funding demo: awards, declines with and without overdue feedback, overlapping bids; re-run safe."""

from django.core.management import call_command
from django.utils import timezone

from coordination.accounts.models import User
from coordination.audit.models import AuditEntry
from coordination.places.comparison import comparison
from coordination.places.tenancy import place_scope
from funding.demo import seed_funding_demo
from funding.demo_place_figures import place_variation
from funding.models import Bid, BidAttachment, BidState
from funding.selectors import compute_figures, coordination, programmes_in_place


def test_the_demo_shows_every_case_and_rerunning_changes_nothing(demo, bucks, coventry, sutton):
    for place in (bucks, coventry, sutton):
        bids = Bid.objects.for_place(place)
        states = set(bids.values_list("state", flat=True))
        assert {BidState.AWARDED, BidState.DECLINED, BidState.UNDER_REVIEW} <= states
        figures = compute_figures(place)
        varies = place_variation(place)
        # The local core fund's and the national programme's, and the place's project grants.
        assert figures.awards == 2 + varies.project_awards
        assert figures.feedback_overdue == 1
        assert figures.feedback_rate == (1 + varies.more_feedback) / (2 + varies.more_feedback)
        assert any(p.short_window for p in programmes_in_place(place))
        hot_meals = bids.filter(title__startswith="Hot meals for families")
        assert hot_meals.values("programme__funder").distinct().count() == 2
        flags = {flag.kind for flag in coordination(place)["flags"]}
        assert flags == {"awards_overlap", "same_purpose"}
        assert BidAttachment.objects.for_place(place).filter(bid__in=hot_meals).count() == 1
    assert programmes_in_place(bucks).filter(places=sutton).exists()  # the national programme
    # Places compared side by side differ, column by column.
    _places, groups = comparison([bucks, coventry, sutton])
    shown = {m.key: [text for _value, text in row] for _group, rows in groups for m, row in rows}
    for key in ("feedback_rate", "feedback_days", "core_share", "short_share"):
        assert len(set(shown[f"funding.{key}"])) == 3, (key, shown[f"funding.{key}"])
    counts = {p.slug: Bid.objects.for_place(p).count() for p in (bucks, coventry, sutton)}
    audits = AuditEntry.objects.for_place(sutton).count()
    assert seed_funding_demo(sutton) == 0
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert counts == {p.slug: Bid.objects.for_place(p).count() for p in (bucks, coventry, sutton)}
    assert AuditEntry.objects.for_place(sutton).count() == audits


def test_buckinghamshire_has_a_funded_community_board_fund(demo, bucks):
    from funding.models import BoardFund, GrantReport
    from funding.selectors import with_totals

    fund = with_totals(BoardFund.objects.for_place(bucks)).get()
    # The youth club's £850 and the defibrillator residents chose (£1,500), awarded at the
    # meeting; the befriending scheme (£600) and the community fridge (£800) wait for the board.
    assert fund.committed == 850 + 1500 and fund.paid == 850 and fund.awaiting == 600 + 800
    assert GrantReport.objects.for_place(bucks).count() == 1


def test_each_place_has_a_vote_open_on_its_first_funded_group_and_the_resident_can_try(
    demo, bucks, coventry, sutton
):
    from boards.models import Board
    from funding.demo_budgeting import _budget_group, seed_budget_demo
    from funding.models import BudgetBallot, BudgetPhase, BudgetProject, BudgetRound
    from funding.selectors import decision_status, results_of

    for place in (bucks, coventry, sutton):
        with place_scope(place):
            group = _budget_group(place)
        if group is None:  # no structure whose groups hold funds in this place's demo
            continue
        today = timezone.localdate(timezone=place.tz)
        rounds = BudgetRound.objects.for_place(place).filter(fund__board=group)
        open_rounds = [r for r in rounds if r.phase(today) == BudgetPhase.VOTE]
        assert len(open_rounds) == 1
        projects = BudgetProject.objects.for_place(place).filter(round=open_rounds[0])
        assert 3 <= projects.count() <= 5
        resident = User.objects.get(email=f"resident@{place.slug}.demo.inplace.example")
        assert not BudgetBallot.objects.for_place(place).filter(voter=resident).exists()
        assert Board.objects.for_place(place).filter(pk=group.pk, structure__has_fund=True).exists()
    past = BudgetRound.objects.for_place(bucks).get(results_published_at__isnull=False)
    results = results_of(bucks, past)
    assert [(p.votes, p.selected) for p in results] == [(3, True), (2, True), (1, False)]
    assert [decision_status(p)[0] for p in results if p.selected] == ["awarded", "waiting"]
    rounds = {p.slug: BudgetRound.objects.for_place(p).count() for p in (bucks, coventry, sutton)}
    assert sum(seed_budget_demo(p) for p in (bucks, coventry, sutton)) == 0
    assert rounds == {
        p.slug: BudgetRound.objects.for_place(p).count() for p in (bucks, coventry, sutton)
    }
