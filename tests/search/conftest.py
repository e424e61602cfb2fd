"""Fixtures for the search tests: one of each searchable thing in Buckinghamshire, public and
private, each with a word of its own (animals) so a search finds exactly it."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from boards import services as boards_services
from boards.models import BoardKind, Position
from commissioning.models import Clarification
from coordination.accounts.models import Role
from coordination.organisations.models import OrganisationKind
from coordination.places.tenancy import place_scope
from coordination.vocabularies.models import Theme
from funding import services as funding_services
from funding.models import FundingType
from mapping import services as mapping_services
from tests.support.boards import board, meeting, pdf, seat, subgroup
from tests.support.commissioning import council_of, officer_of, tender
from tests.support.factories import AreaFactory, OrganisationFactory
from tests.support.funding import today_in


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def in_bucks(bucks):
    with place_scope(bucks):
        yield bucks


@pytest.fixture
def people(bucks, make_member, admin_of):
    charity = OrganisationFactory(
        name="Wycombe Otter Trust", kind=OrganisationKind.REGISTERED_CHARITY, places=[bucks]
    )
    funder_org = OrganisationFactory(
        name="Chiltern Foundation", kind=OrganisationKind.FUNDER, places=[bucks]
    )
    return {
        "admin": admin_of(bucks, name="Ada Admin"),
        "officer": make_member(bucks, Role.COUNCIL_OFFICER, name="Olu Officer"),
        "funder": make_member(bucks, Role.FUNDER, organisation=funder_org, name="Fran Funder"),
        "leader": make_member(bucks, Role.CHARITY_LEADER, organisation=charity, name="Lee Leader"),
        "outsider": make_member(bucks, Role.CHARITY_LEADER, name="Oz Outsider"),
        "secretary": make_member(bucks, Role.CHARITY_LEADER, name="Sam Secretary"),
        "resident": make_member(bucks, Role.RESIDENT, name="Rae Resident"),
        "charity": charity,
        "funder_org": funder_org,
    }


@pytest.fixture
def world(in_bucks, people):
    """Buckinghamshire's searchable things. Public: the otter board, its meeting, agenda item,
    open paper, minutes (kingfisher) and decision (weasel), the puffin idea and its answer, the
    walrus tender and its answered question (narwhal), the lynx programme and its grant (bison),
    the meerkat service, the beaver asset, the organisation. Private: the heron subgroup and its
    meeting (egret), the private paper (stoat), the draft bid (badger), the need (marten) and the
    hidden idea (vole)."""
    place = in_bucks
    now = timezone.now()
    w = {}
    w["board"] = board(place, name="Otter Board", description="Rivers and otters.")
    w["subgroup"] = subgroup(place, w["board"], name="Heron subgroup", is_public=False)
    seat(place, w["subgroup"], people["secretary"], Position.SECRETARY)
    w["meeting"] = meeting(place, w["board"], in_days=-1, title="Otter gathering", is_public=True)
    w["private_meeting"] = meeting(place, w["subgroup"], title="Egret huddle")
    w["item"] = boards_services.agenda_item_add(
        place=place, actor=None, meeting=w["meeting"], title="Otter budget"
    )
    w["open_paper"] = boards_services.paper_upload(
        place=place,
        actor=None,
        agenda_item=w["item"],
        title="Otter sums",
        file=pdf(),
        is_private=False,
    )
    w["private_paper"] = boards_services.paper_upload(
        place=place,
        actor=None,
        agenda_item=w["item"],
        title="Stoat sums",
        file=pdf(),
        is_private=True,
    )
    boards_services.minutes_save(
        place=place,
        actor=None,
        meeting=w["meeting"],
        minutes="A kingfisher was seen.",
        publish=True,
    )
    # Ideas on a community board.
    area = AreaFactory(place=place, name="Wing", kind="community_board_area")
    cb = board(place, name="Wing community board", kind=BoardKind.COMMUNITY_BOARD, area=area)
    w["idea"] = boards_services.proposal_create(
        place=place,
        actor=people["resident"],
        board=cb,
        title="Puffin benches",
        description="Benches by the pond.",
    )
    boards_services.proposal_answer(
        place=place,
        actor=people["officer"],
        proposal=w["idea"],
        status="under_consideration",
        answer="We are looking at ptarmigan sites.",
    )
    w["hidden_idea"] = boards_services.proposal_create(
        place=place,
        actor=people["resident"],
        board=cb,
        title="Vole tunnels",
        description="Tunnels.",
    )
    boards_services.post_hide(
        place=place, actor=people["admin"], post=w["hidden_idea"], reason="Off topic."
    )
    # Commissioning.
    council = council_of(place)
    commissioner = officer_of(place, council, name="Cy Commissioner")
    w["tender"] = tender(place, commissioner, council, title="Walrus support service")
    w["question"] = Clarification.objects.create(
        place=place,
        tender=w["tender"],
        organisation=people["charity"],
        asked_by=people["leader"],
        question="Is there a narwhal budget?",
        answer="Yes.",
    )
    w["unanswered"] = Clarification.objects.create(
        place=place,
        tender=w["tender"],
        organisation=people["charity"],
        asked_by=people["leader"],
        question="Can a dugong apply?",
    )
    # Funding.
    today = today_in(place)
    w["programme"] = funding_services.programme_create(
        place=place,
        actor=people["funder"],
        funder=people["funder_org"],
        title="Lynx Fund",
        description="Grants for lynx.",
        funding_type=FundingType.CORE,
        amount_min=Decimal("1000"),
        amount_max=Decimal("50000"),
        grant_length_months=12,
        opens_on=today - timedelta(days=10),
        deadline=today + timedelta(days=30),
    )
    w["draft_bid"] = funding_services.bid_create(
        place=place,
        actor=people["leader"],
        programme=w["programme"],
        applicant=people["charity"],
        title="Badger hedges",
        summary="Hedges for badgers.",
        amount_requested=Decimal("5000"),
        duration_months=12,
        themes=[Theme.objects.get(slug="food", place__isnull=True)],
    )
    # The map.
    food = Theme.objects.get(slug="food", place__isnull=True)
    w["service"] = mapping_services.service_create(
        place=place,
        actor=people["officer"],
        organisation=people["charity"],
        themes=[food],
        name="Meerkat meals",
        description="Hot meals.",
        whole_place=True,
    )
    w["asset"] = mapping_services.asset_create(
        place=place,
        actor=people["officer"],
        kind="physical",
        name="Beaver pond hall",
    )
    w["need"] = mapping_services.need_create(
        place=place,
        actor=people["officer"],
        area=area,
        theme=food,
        summary="Marten shortage",
        severity=3,
    )
    w["now"] = now
    return w
