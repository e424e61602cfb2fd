"""Demo data: in each place a tender in every stage, one with a full co-design history and an
amendment, and locally embedded organisations to suggest; re-runs add nothing."""

from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from commissioning import selectors
from commissioning.demo import seed_commissioning_demo
from commissioning.models import Stage, Tender
from coordination.places.tenancy import place_scope


def test_every_place_has_a_tender_in_every_stage_and_rerunning_changes_nothing(
    db, bucks, coventry, sutton
):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for place in (bucks, coventry, sutton):
        stages = set(Tender.objects.for_place(place).values_list("stage", flat=True))
        assert stages == set(Stage.values), place
        food = Tender.objects.for_place(place).get(stage=Stage.OPEN)
        with place_scope(place):
            sections = selectors.sections_of(food)
            assert [len(s.version_list) for s in sections] == [2, 2]
            assert selectors.unanswered_comment_count(food) == 0
            assert food.co_design_published_at and food.you_said_we_did
            assert [lot.title for lot in selectors.lots_of(food)] == [
                "Pantries and cooking",
                "Money advice",
            ]
            assert [s.attendee_count for s in selectors.sessions_of(food)] == [1]
            [amendment] = selectors.amendments_of(food)
            assert "consortia asked for time" in amendment.rationale
            assert [e.title for e in selectors.timeline_entries(food)][-1] == (
                "Amendment 1 published"
            )
            engaging = Tender.objects.for_place(place).get(stage=Stage.MARKET_ENGAGEMENT)
            suggested = selectors.suggested_organisations(place, engaging)
            assert suggested, place
            assert {s.organisation.kind for s in suggested} <= {
                "registered_charity",
                "cio",
                "cic",
                "community_group",
            }
            names = {s.organisation.name for s in suggested}
            assert "Sutton Carers Network" not in names  # registered in Croydon
            rows = selectors.you_said_we_did(AnonymousUser(), place, food)
            assert [r.response for r in rows] == ["Accepted", "Partly accepted"]
            assert {r.by for r in rows} == {"Participant 1"}  # anonymised for the public
            awarded = Tender.objects.for_place(place).get(stage=Stage.AWARDED)
            assert selectors.invitation_counts(awarded) == {
                "invited": 1,
                "viewed": 1,
                "bid": 1,
                "interested": 1,
            }
            assert selectors.proportionality(awarded).flagged
            assert [f.co_designed for f in selectors.commissioner_figures(place)]
    counts = {p.slug: Tender.objects.for_place(p).count() for p in (bucks, coventry, sutton)}
    assert seed_commissioning_demo(sutton) == 0
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == {
        p.slug: Tender.objects.for_place(p).count() for p in (bucks, coventry, sutton)
    }
