"""Taking part in the browser, one journey a place: a resident finds their place's community
structure from the place's home page, opens their group, puts an idea forward (naming the community
assets it builds on, in Sutton's asset-based pilot), supports a neighbour's idea and reads the
answer to an answered one, then votes in the group's open budget round. axe-core checks the public
pages, at 320 px too."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from boards import services
from boards.models import GroupsBy
from coordination.accounts.models import Role
from coordination.organisations.models import OrganisationKind
from coordination.places.tenancy import place_scope
from funding import services as funding_services
from funding.models import BudgetRound
from mapping import services as mapping_services
from tests.support.factories import AreaFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)

ANSWER = "Agreed: we will start it in the spring with the library."


def _set_up(place, make_member, *, structure, group, area_name=None, assets=()):
    """The place's structure with one group, a neighbour's open idea and an answered one."""
    make_member(place, Role.RESIDENT, email="resident@example.org", name="Rae Resident")
    neighbour = make_member(place, Role.RESIDENT, name="Nia Neighbour")
    officer = make_member(place, Role.COUNCIL_OFFICER, name="Olu Officer")
    with place_scope(place):
        area = AreaFactory(place=place, name=area_name, kind="neighbourhood") if area_name else None
        made = services.structure_create(place=place, actor=None, area=area, **structure)
        board = services.structure_group_add(
            place=place, actor=None, structure=made, area=area, **group
        )
        for name in assets:
            mapping_services.asset_create(
                place=place, actor=None, kind="physical", name=name, area=area
            )
        services.proposal_create(
            place=place,
            actor=neighbour,
            board=board,
            title="Planters on the parade",
            description="Flowers to brighten the shops.",
        )
        answered = services.proposal_create(
            place=place,
            actor=neighbour,
            board=board,
            title="Homework club",
            description="Somewhere quiet after school.",
        )
        services.proposal_answer(
            place=place, actor=officer, proposal=answered, status="accepted", answer=ANSWER
        )
    _open_vote(place, officer, board)
    return made, board


def _open_vote(place, officer, board):
    """The group's fund with a round whose vote opened yesterday: the neighbour's idea is on it."""
    council = OrganisationFactory(
        name=f"{place.name} Council", kind=OrganisationKind.COUNCIL, places=[place]
    )
    today = timezone.localdate(timezone=place.tz)
    fund = funding_services.fund_create(
        place=place,
        actor=officer,
        board=board,
        year=today.year if today.month >= 4 else today.year - 1,
        budget=Decimal("3000"),
        accountable_body=council,
    )

    def dates(opens):
        return {
            "ideas_open_on": today + timedelta(days=opens - 20),
            "ideas_close_on": today + timedelta(days=opens - 10),
            "voting_opens_on": today + timedelta(days=opens),
            "voting_closes_on": today + timedelta(days=opens + 7),
        }

    budget_round = funding_services.budget_round_create(
        place=place,
        actor=officer,
        fund=fund,
        title=f"{board.name} decides",
        amount=Decimal("1000"),
        **dates(3),
    )
    for title, cost in (("Planters on the parade", "300"), ("Lights on the footpath", "900")):
        funding_services.budget_project_add(
            place=place,
            actor=officer,
            budget_round=budget_round,
            title=title,
            summary=f"{title}, costed by the group.",
            cost=Decimal(cost),
        )
    # Voting opened yesterday (projects go on a ballot only before voting opens).
    BudgetRound.objects.for_place(place).filter(pk=budget_round.pk).update(**dates(-1))


def _journey(
    page,
    live_server,
    axe_check,
    reflow_check,
    sign_in,
    password,
    place,
    structure,
    group,
    *,
    assets=(),
):
    sign_in(page, "resident@example.org", password)
    page.goto(f"{live_server.url}/{place.slug}/")
    page.get_by_role("button", name="Find your community group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Take part in {place.name}")
    axe_check(page)
    reflow_check(page)
    page.get_by_role("link", name=structure.name, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(structure.name)
    expect(page.get_by_text(ANSWER[:40])).to_be_visible()
    axe_check(page)
    reflow_check(page)

    page.get_by_role("link", name=group.name, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(group.name)
    noun = structure.group_noun
    expect(page.locator(".govuk-caption-l")).to_contain_text(
        f"{noun[:1].upper()}{noun[1:]} · {structure.name}"
    )
    axe_check(page)
    page.get_by_role("link", name="Ideas for the area").click()
    axe_check(page)
    reflow_check(page)
    page.get_by_label("Your idea in a few words").fill("A community noticeboard")
    page.get_by_label("Tell us more").fill("So everyone knows what is on.")
    for name in assets:
        page.get_by_label(name).check()
    page.get_by_role("button", name="Send your idea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A community noticeboard")
    for name in assets:
        expect(page.locator("#idea-assets")).to_contain_text(name)
    axe_check(page)

    # A neighbour's idea: supported; an answered one: its answer.
    page.goto(f"{live_server.url}/{place.slug}/boards/{group.pk}/ideas/")
    page.get_by_role("link", name="Planters on the parade").click()
    page.get_by_role("button", name="Support this idea").click()
    expect(page.locator("main strong", has_text="You support this idea.")).to_be_visible()
    page.goto(f"{live_server.url}/{place.slug}/boards/{group.pk}/ideas/")
    page.get_by_role("link", name="Homework club").click()
    expect(page.locator("#proposal-status")).to_have_text("Accepted")
    expect(page.get_by_text(ANSWER)).to_be_visible()
    axe_check(page)

    # The group's vote is open: the resident votes for their neighbour's idea.
    page.goto(f"{live_server.url}/{place.slug}/boards/{group.pk}/")
    page.get_by_role("link", name=f"{group.name} decides").click()
    page.get_by_label("Planters on the parade").check()
    page.get_by_label("I live, work or study in the area").check()
    page.get_by_role("button", name="Confirm my vote").click()
    expect(page.get_by_text("You voted on")).to_be_visible()
    axe_check(page)
    reflow_check(page)


def test_a_buckinghamshire_resident_takes_part_in_their_community_board(
    page, live_server, axe_check, reflow_check, sign_in, bucks, make_member, password
):
    structure, group = _set_up(
        bucks,
        make_member,
        structure={
            "name": "Community boards",
            "group_noun": "community board",
            "summary": "Local boards where residents decide together.",
            "has_fund": True,
        },
        group={"name": "Marlow Community Board"},
        area_name="Marlow",
    )
    _journey(page, live_server, axe_check, reflow_check, sign_in, password, bucks, structure, group)


def test_a_coventry_resident_takes_part_in_the_communities_pillar(
    page, live_server, axe_check, reflow_check, sign_in, coventry, make_member, password
):
    structure, group = _set_up(
        coventry,
        make_member,
        structure={
            "name": "Communities Pillar",
            "group_noun": "neighbourhood group",
            "summary": "Neighbourhood groups and networks.",
            "groups_by": GroupsBy.THEME,
            "resident_seats": 2,
            "has_fund": True,
        },
        group={"name": "Foleshill neighbourhood group", "theme": "Foleshill"},
    )
    _journey(
        page, live_server, axe_check, reflow_check, sign_in, password, coventry, structure, group
    )


def test_a_sutton_resident_puts_an_asset_based_idea_to_the_st_helier_pilot(
    page, live_server, axe_check, reflow_check, sign_in, sutton, make_member, password
):
    assets = ["St Helier Library", "St Helier Open Space"]
    structure, group = _set_up(
        sutton,
        make_member,
        structure={
            "name": "St Helier pilot",
            "group_noun": "residents’ group",
            "summary": "Building on what St Helier already has.",
            "asset_based": True,
            "resident_seats": 3,
            "has_fund": True,
        },
        group={"name": "St Helier residents’ group"},
        area_name="St Helier estate",
        assets=assets,
    )
    _journey(
        page,
        live_server,
        axe_check,
        reflow_check,
        sign_in,
        password,
        sutton,
        structure,
        group,
        assets=assets,
    )
    # The asset map says what residents are doing with each asset.
    page.goto(f"{live_server.url}/sutton/mapping/assets/")
    expect(page.get_by_text("What residents are doing here").first).to_be_visible()
    expect(page.locator("#asset-table")).to_contain_text("A community noticeboard")
    axe_check(page)


def test_a_place_admin_sets_up_a_structure_and_adds_a_group(
    page, live_server, axe_check, reflow_check, sign_in, coventry, admin_of, password
):
    admin_of(coventry, email="admin@example.org", name="Ada Admin")
    sign_in(page, "admin@example.org", password)
    page.goto(f"{live_server.url}/coventry/community/")
    page.get_by_role("button", name="Set up a community structure").click()
    axe_check(page)
    page.get_by_role("button", name="Set up").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe_check(page)
    page.get_by_label("Name", exact=True).fill("Communities Pillar")
    page.get_by_label("What one group is called").fill("neighbourhood group")
    page.get_by_label("Summary").fill("Neighbourhood groups and networks.")
    page.get_by_label("Theme or neighbourhood").check()
    page.get_by_label("Residents can put ideas forward").check()
    page.get_by_label("Seats kept for residents on each group").fill("2")
    page.get_by_role("button", name="Set up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Communities Pillar")
    axe_check(page)
    page.get_by_role("link", name="Add a neighbourhood group").click()
    axe_check(page)
    reflow_check(page)
    page.get_by_label("Name", exact=True).fill("Foleshill neighbourhood group")
    page.get_by_role("button", name="Add the group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Foleshill neighbourhood group")
    expect(page.locator("#resident-seats")).to_contain_text("0 of 2 resident seats filled")
    axe_check(page)
