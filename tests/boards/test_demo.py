"""The boards demo: what seed_demo leaves in each place, and that re-running changes nothing."""

import pytest
from django.core.management import call_command

from boards import selectors
from boards.models import (
    Board,
    BoardKind,
    BoardMembership,
    CommunityStructure,
    Meeting,
    Proposal,
    ProposalSupport,
    ReportBack,
)
from coordination.accounts.models import User
from coordination.audit.models import AuditEntry
from coordination.notifications.models import Notification
from coordination.places.models import Place
from coordination.places.tenancy import place_scope
from coordination.work.selectors import my_work

pytestmark = pytest.mark.django_db

MODELS = [Board, BoardMembership, Meeting, ReportBack, Proposal, ProposalSupport, AuditEntry]


def counts():
    return [m.objects.with_scopes_disabled().count() for m in MODELS]


def test_the_demo_has_a_recovery_board_with_three_subgroups_reporting_back_in_every_place():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = counts()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == first
    for place in Place.objects.all():
        with place_scope(place):
            recovery = Board.objects.get(kind=BoardKind.RECOVERY_BOARD)
            subgroups = {s.name for s in recovery.subgroups.all()}
            pending = ReportBack.objects.filter(parent_meeting__board=recovery, status="due")
            assert len(subgroups) == 3
            assert {rb.subgroup.name for rb in pending} == subgroups
    bucks = Place.objects.get(slug="buckinghamshire")
    community = Board.objects.for_place(bucks).filter(kind=BoardKind.COMMUNITY_BOARD)
    assert community.count() == 16
    statuses = set(Proposal.objects.for_place(bucks).values_list("status", flat=True))
    assert statuses == {"new", "under_consideration", "accepted", "not_taken_forward", "done"}
    coventry = Place.objects.get(slug="coventry")
    with place_scope(coventry):
        pillar = CommunityStructure.objects.get(slug="communities-pillar")
        assert pillar.groups_by == "theme" and pillar.group_noun == "neighbourhood group"
        assert {g.name for g in pillar.groups.all()} >= {
            "Foleshill neighbourhood group",
            "Older people's network",
        }
        assert not Board.objects.filter(name="Communities Pillar").exists()


STRUCTURES = {
    "buckinghamshire": ("community-boards", "Community boards"),
    "coventry": ("communities-pillar", "Communities Pillar"),
    "sutton": ("st-helier-pilot", "St Helier pilot"),
}


def test_every_place_has_its_own_structure_where_the_demo_resident_takes_part(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for place in Place.objects.all():
        slug, name = STRUCTURES[place.slug]
        with place_scope(place):
            structure = CommunityStructure.objects.get(slug=slug)
            assert structure.name == name and structure.takes_ideas
            groups = list(structure.groups.all())
            assert groups and all(g.kind == BoardKind.COMMUNITY_BOARD for g in groups)
            resident = User.objects.get(email=f"resident@{place.slug}.demo.inplace.example")
            ideas = Proposal.objects.filter(board__structure=structure)
            own = ideas.filter(proposed_by=resident)
            assert own.count() >= 2, place
            assert own.exclude(status="new").exclude(answer="").exists(), place
            assert (
                ProposalSupport.objects.filter(user=resident, proposal__board__structure=structure)
                .exclude(proposal__proposed_by=resident)
                .exists()
            ), place
            public = Meeting.objects.filter(board__structure=structure, is_public=True)
            assert public.filter(questions__user=resident).exists(), place
            # Business, health and a resident at the table of a group and of the recovery board.
            first = BoardMembership.objects.filter(board__structure=structure, ended_on=None)
            assert {"business", "health", "community"} <= set(
                first.values_list("sector", flat=True)
            ), place
            recovery = BoardMembership.objects.filter(board__kind=BoardKind.RECOVERY_BOARD)
            assert {"business", "health"} <= set(recovery.values_list("sector", flat=True))
        page = client.get(f"/{place.slug}/community/").content.decode()
        assert name in page and groups[0].name.replace("'", "&#x27;") in page
    sutton = Place.objects.get(slug="sutton")
    with place_scope(sutton):
        pilot = CommunityStructure.objects.get(slug="st-helier-pilot")
        assert pilot.asset_based and pilot.area.name == "St Helier"
        fun_day = Proposal.objects.get(title="Summer fun day on the open space")
        assert {a.name for a in fun_day.assets.all()} == {
            "St Helier Open Space",
            "Rose Hill parade shops",
        }
    assets = client.get("/sutton/mapping/assets/").content.decode()
    assert "What residents are doing here" in assets
    assert "Summer fun day on the open space" in assets


def test_the_demo_gives_every_role_its_boards_work_in_every_place():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for place in Place.objects.all():
        with place_scope(place):

            def work(local, place=place):
                person = User.objects.get(email=f"{local}@{place.slug}.demo.inplace.example")
                return {
                    s.key.removeprefix("boards_"): s.entries
                    for s in my_work(place, person)
                    if s.key.startswith("boards_")
                }

            leader = work("leader")
            assert [e.overdue for e in leader["my_actions"]] == [True], place
            assert len(leader["report_backs_due"]) == 3
            assert leader["my_meetings"]
            officer = work("officer")
            assert officer["my_actions"] and officer["my_meetings"]
            assert "not voted or declared" in officer["votes_to_record"][0].status
            assert officer["minutes_to_approve"][0].status == "Draft: not yet published"
            partner = work("partner")
            assert partner["my_actions"] and partner["my_meetings"]
            assert work("admin")["my_meetings"]  # an observer on the recovery board
            resident = work("resident")
            statuses = {e.status for e in resident["my_ideas_and_questions"]}
            assert "Awaiting an answer at the meeting" in statuses
            if place.slug == "buckinghamshire":
                assert officer["ideas_to_answer"]
                assert {"Awaiting an answer", "Answered: accepted"} <= statuses
            # The food subgroup is run by two people who sit on many boards: nobody is suggested.
            food = Board.objects.get(name="Food and essentials subgroup")
            load = selectors.board_load(food)
            assert load["lightest"] == [] and load["everyone_over"]
            # Each answer to the resident's ideas is told once, naming its board.
            titles = list(
                Notification.objects.filter(
                    user__email__startswith="resident@", kind="boards_idea_answered"
                ).values_list("title", flat=True)
            )
            assert len(titles) == len(set(titles))
            assert len(titles) <= 6
