"""Community structures: a place admin sets one up and adds its groups, residents find them on the
take part page, ideas go only where a structure takes them, asset-based groups name the assets an
idea builds on, and nothing of one place shows in another."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from boards import services
from boards.models import Board, BoardKind, CommunityStructure, Meeting, Position, Sector
from coordination.audit.models import AuditEntry
from coordination.errors import RuleViolation
from coordination.places.tenancy import place_scope
from mapping import services as mapping_services
from tests.support.boards import seat
from tests.support.factories import AreaFactory

pytestmark = pytest.mark.django_db


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def api_for(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def pillar(place, **fields):
    fields = {
        "group_noun": "neighbourhood group",
        "summary": "Neighbourhood groups and networks.",
        "groups_by": "theme",
        "resident_seats": 2,
        "has_fund": True,
        **fields,
    }
    return services.structure_create(place=place, actor=None, name="Communities Pillar", **fields)


@pytest.fixture
def wing(in_bucks):
    return AreaFactory(place=in_bucks, name="Wing", kind="community_board_area")


@pytest.fixture
def boards_structure(in_bucks, people):
    return services.structure_create(
        place=in_bucks,
        actor=people["admin"],
        name="Community boards",
        group_noun="community board",
        summary="Local boards where residents decide together.",
    )


def test_an_admin_sets_a_structure_up_and_changes_it_audited(in_bucks, people):
    structure = pillar(in_bucks)
    assert structure.slug == "communities-pillar"
    again = pillar(in_bucks)
    assert again.slug == "communities-pillar-2"
    services.structure_update(
        place=in_bucks, actor=people["admin"], structure=structure, summary="Groups by theme."
    )
    actions = list(
        AuditEntry.objects.for_place(in_bucks)
        .filter(action__startswith="boards.structure.")
        .values_list("action", flat=True)
    )
    assert actions.count("boards.structure.create") == 2
    assert "boards.structure.update" in actions


def test_a_structure_area_must_be_in_the_same_place(in_bucks, coventry):
    with place_scope(coventry):
        foleshill = AreaFactory(place=coventry, name="Foleshill")
    with pytest.raises(RuleViolation):
        pillar(in_bucks, area=foleshill)


def test_groups_of_an_area_structure_need_an_area_and_theme_groups_do_not(
    in_bucks, people, wing, boards_structure
):
    with pytest.raises(RuleViolation) as refused:
        services.structure_group_add(
            place=in_bucks, actor=None, structure=boards_structure, name="Nowhere board"
        )
    assert "area" in str(refused.value.message_dict)
    group = services.structure_group_add(
        place=in_bucks, actor=None, structure=boards_structure, name="Wing board", area=wing
    )
    assert group.kind == BoardKind.COMMUNITY_BOARD and group.structure == boards_structure
    theme = pillar(in_bucks)
    network = services.structure_group_add(
        place=in_bucks, actor=None, structure=theme, name="Older people's network"
    )
    assert network.area is None and network.is_public  # groups meet in public

    # The same rule on the page, as a field error.
    admin = client_for(people["admin"])
    url = f"/buckinghamshire/community/{boards_structure.slug}/groups/new/"
    response = admin.post(url, {"name": "No area board"})
    assert response.status_code == 200
    assert "Choose the area this community board serves." in response.content.decode()
    response = admin.post(url, {"name": "Wing second board", "area": wing.pk})
    assert response.status_code == 302
    assert Board.objects.get(name="Wing second board").structure == boards_structure


def test_residents_cannot_set_up_structures_on_the_pages_or_the_api(in_bucks, people):
    resident = client_for(people["resident"])
    assert resident.get("/buckinghamshire/community/new/").status_code == 403
    response = resident.post(
        "/buckinghamshire/community/new/",
        {"name": "Mine", "group_noun": "club", "summary": "x", "groups_by": "theme"},
    )
    assert response.status_code == 403
    assert client_for().get("/buckinghamshire/community/new/").status_code == 302  # sign in
    payload = {"name": "Mine", "group_noun": "club", "summary": "A club."}
    api = api_for(people["resident"])
    assert api.post(
        "/api/v1/places/buckinghamshire/community-structures/", payload
    ).status_code in (403,)
    assert not CommunityStructure.objects.filter(name="Mine").exists()


def test_an_admin_sets_a_structure_up_on_the_page_and_in_the_api(in_bucks, people):
    admin = client_for(people["admin"])
    response = admin.post(
        "/buckinghamshire/community/new/",
        {
            "name": "Communities Pillar",
            "group_noun": "neighbourhood group",
            "summary": "Neighbourhood groups.",
            "groups_by": "theme",
            "takes_ideas": "on",
            "holds_public_meetings": "on",
            "resident_seats": "2",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == "/buckinghamshire/community/communities-pillar/"
    empty = admin.post("/buckinghamshire/community/new/", {"groups_by": "theme"})
    assert empty.status_code == 200
    assert "govuk-error-summary" in empty.content.decode()

    api = api_for(people["admin"])
    created = api.post(
        "/api/v1/places/buckinghamshire/community-structures/",
        {"name": "St Helier pilot", "group_noun": "residents' group", "summary": "A pilot."},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["slug"] == "st-helier-pilot"
    changed = api.patch(
        f"/api/v1/places/buckinghamshire/community-structures/{created.json()['id']}/",
        {"asset_based": True, "resident_seats": 3},
        format="json",
    )
    assert changed.status_code == 200
    assert changed.json()["asset_based"] is True and changed.json()["resident_seats"] == 3
    bad = api.patch(
        f"/api/v1/places/buckinghamshire/community-structures/{created.json()['id']}/",
        {"resident_seats": -1, "name": "x" * 400},
        format="json",
    )
    assert bad.status_code == 400


def test_the_take_part_page_shows_structures_and_groups_by_area_and_hides_inactive_ones(
    in_bucks, people, wing, boards_structure
):
    services.structure_group_add(
        place=in_bucks, actor=None, structure=boards_structure, name="Wing board", area=wing
    )
    theme = pillar(in_bucks)
    services.structure_group_add(
        place=in_bucks, actor=None, structure=theme, name="Older people's network"
    )
    quiet = pillar(in_bucks, is_active=False)
    home = client_for().get("/buckinghamshire/").content.decode()
    assert "/buckinghamshire/community/" in home
    page = client_for().get("/buckinghamshire/community/").content.decode()
    assert "Community boards" in page and "Communities Pillar" in page
    assert "Wing board" in page and "Find your area’s group" in page
    assert "Older people&#x27;s network" in page
    assert "Sit on a group: 2 seats on each are kept for residents" in page
    assert page.count("Communities Pillar") == 1  # the inactive one is not listed
    assert client_for().get(f"/buckinghamshire/community/{quiet.slug}/").status_code == 404
    admin = client_for(people["admin"])
    assert admin.get(f"/buckinghamshire/community/{quiet.slug}/").status_code == 200


def test_another_places_structure_is_not_found_there(in_bucks, coventry, people):
    structure = pillar(in_bucks)
    assert client_for().get(f"/buckinghamshire/community/{structure.slug}/").status_code == 200
    assert client_for().get(f"/coventry/community/{structure.slug}/").status_code == 404
    api = api_for()
    assert (
        api.get(f"/api/v1/places/coventry/community-structures/{structure.pk}/").status_code == 404
    )
    listed = api.get("/api/v1/places/coventry/community-structures/").json()
    assert structure.name not in str(listed)
    admin = client_for(people["admin"])
    assert admin.get(f"/coventry/community/{structure.slug}/edit/").status_code in (403, 404)


def test_the_structure_page_shows_groups_ideas_answers_and_public_meetings(
    in_bucks, people, wing, boards_structure
):
    group = services.structure_group_add(
        place=in_bucks, actor=None, structure=boards_structure, name="Wing board", area=wing
    )
    idea = services.proposal_create(
        place=in_bucks, actor=people["resident"], board=group, title="Benches", description="x"
    )
    services.proposal_answer(
        place=in_bucks,
        actor=people["officer"],
        proposal=idea,
        status="accepted",
        answer="Two benches in spring.",
    )
    starts = timezone.now() + timezone.timedelta(days=3)
    meeting = services.meeting_create(
        place=in_bucks,
        actor=None,
        board=group,
        title="Wing open meeting",
        venue="Wing hall",
        starts_at=starts,
        ends_at=starts + timezone.timedelta(hours=1),
    )
    assert meeting.is_public  # the structure's groups meet in public
    page = client_for().get(boards_structure.get_absolute_url()).content.decode()
    for text in ("Wing board", "Benches", "Two benches in spring.", "Wing open meeting"):
        assert text in page


def test_ideas_are_refused_where_the_structure_takes_none(in_bucks, people):
    closed = pillar(in_bucks, takes_ideas=False)
    group = services.structure_group_add(
        place=in_bucks, actor=None, structure=closed, name="Listening group"
    )
    with pytest.raises(RuleViolation):
        services.proposal_create(
            place=in_bucks, actor=people["resident"], board=group, title="x", description="y"
        )
    resident = client_for(people["resident"])
    assert resident.get(f"/buckinghamshire/boards/{group.pk}/ideas/").status_code == 404
    response = api_for(people["resident"]).post(
        "/api/v1/places/buckinghamshire/proposals/",
        {"board": group.pk, "title": "x", "description": "y"},
        format="json",
    )
    assert response.status_code == 400


def test_a_board_page_names_the_group_and_shows_every_sector_and_resident_seats(in_bucks, people):
    structure = pillar(in_bucks)
    group = services.structure_group_add(
        place=in_bucks, actor=None, structure=structure, name="Foleshill neighbourhood group"
    )
    seat(in_bucks, group, people["chair"], Position.CHAIR, Sector.VCSE)
    seat(in_bucks, group, people["resident"], Position.MEMBER, Sector.COMMUNITY)
    page = client_for().get(group.get_absolute_url()).content.decode()
    assert "Neighbourhood group · Communities Pillar" in page
    for sector in ("Council", "Voluntary and community sector (VCSE)", "Health", "Business"):
        assert sector in page
    assert "Community (residents)" in page
    assert "1 of 2 resident seats filled" in page and "1 vacancy for a resident" in page
    api = api_for().get(f"/api/v1/places/buckinghamshire/boards/{group.pk}/").json()
    assert api["structure"] == structure.pk


@pytest.fixture
def pilot(in_bucks, wing):
    structure = services.structure_create(
        place=in_bucks,
        actor=None,
        name="St Helier pilot",
        group_noun="residents' group",
        summary="A pilot.",
        area=wing,
        asset_based=True,
        resident_seats=3,
    )
    group = services.structure_group_add(
        place=in_bucks, actor=None, structure=structure, name="Residents' group", area=wing
    )
    library = mapping_services.asset_create(
        place=in_bucks, actor=None, kind="institution", name="Wing Library", area=wing
    )
    green = mapping_services.asset_create(
        place=in_bucks, actor=None, kind="physical", name="Wing Green", area=wing
    )
    elsewhere = mapping_services.asset_create(
        place=in_bucks, actor=None, kind="physical", name="Far Park"
    )
    return group, library, green, elsewhere


def test_an_asset_based_group_offers_its_areas_assets_on_the_idea_form(in_bucks, people, pilot):
    group, library, green, elsewhere = pilot
    resident = client_for(people["resident"])
    form = resident.get(f"/buckinghamshire/boards/{group.pk}/ideas/").content.decode()
    assert "Wing Library" in form and "Wing Green" in form
    assert "Far Park" not in form  # not in the pilot's area
    assert form.index("Wing Green") < form.index("Wing Library")  # by name
    response = resident.post(
        f"/buckinghamshire/boards/{group.pk}/ideas/",
        {"title": "Homework club", "description": "At the library.", "assets": [library.pk]},
    )
    assert response.status_code == 302
    idea = group.proposals.get()
    assert list(idea.assets.all()) == [library]
    page = resident.get(idea.get_absolute_url()).content.decode()
    assert "Community assets it builds on" in page and "Wing Library" in page
    assert f"#asset-{library.pk}" in page
    # The proposer changes the assets until the board answers.
    response = resident.post(
        f"/buckinghamshire/boards/ideas/{idea.pk}/edit/",
        {"title": "Homework club", "description": "At the library.", "assets": [green.pk]},
    )
    assert response.status_code == 302
    assert list(idea.assets.all()) == [green]
    assert AuditEntry.objects.filter(action="boards.proposal.update").exists()


def test_assets_must_be_of_the_place_and_only_for_asset_based_groups(
    in_bucks, coventry, people, pilot, boards_structure, wing
):
    group, library, _green, _elsewhere = pilot
    with place_scope(coventry):
        theirs = mapping_services.asset_create(
            place=coventry, actor=None, kind="physical", name="Coventry park"
        )
    api = api_for(people["resident"])
    response = api.post(
        "/api/v1/places/buckinghamshire/proposals/",
        {"board": group.pk, "title": "x", "description": "y", "assets": [theirs.pk]},
        format="json",
    )
    assert response.status_code == 400
    created = api.post(
        "/api/v1/places/buckinghamshire/proposals/",
        {"board": group.pk, "title": "x", "description": "y", "assets": [library.pk]},
        format="json",
    )
    assert created.status_code == 201 and created.json()["assets"] == [library.pk]
    plain = services.structure_group_add(
        place=in_bucks, actor=None, structure=boards_structure, name="Plain board", area=wing
    )
    with pytest.raises(RuleViolation):
        services.proposal_create(
            place=in_bucks,
            actor=people["resident"],
            board=plain,
            title="x",
            description="y",
            assets=[library],
        )


def test_the_asset_list_shows_what_residents_are_doing_without_hidden_ideas(
    in_bucks, people, pilot, settings
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # the queries counted below are the page's own
    group, library, green, _elsewhere = pilot
    shown = services.proposal_create(
        place=in_bucks,
        actor=people["resident"],
        board=group,
        title="Homework club",
        description="x",
        assets=[library, green],
    )
    hidden = services.proposal_create(
        place=in_bucks,
        actor=people["neighbour"],
        board=group,
        title="Rude idea",
        description="x",
        assets=[library],
    )
    type(hidden).objects.filter(pk=hidden.pk).update(
        hidden_at=timezone.now(), hidden_reason="Abuse"
    )
    page = client_for().get("/buckinghamshire/mapping/assets/").content.decode()
    assert "What residents are doing here" in page
    assert page.count("Homework club") == 2 and "Rude idea" not in page
    assert f'id="asset-{library.pk}"' in page
    assert shown.pk

    with CaptureQueriesContext(connection) as few:
        client_for().get("/buckinghamshire/mapping/assets/")
    for n in range(3):
        asset = mapping_services.asset_create(
            place=in_bucks, actor=None, kind="physical", name=f"Extra {n}", area=library.area
        )
        services.proposal_create(
            place=in_bucks,
            actor=people["resident"],
            board=group,
            title=f"Idea {n}",
            description="x",
            assets=[asset],
        )
    with CaptureQueriesContext(connection) as more:
        client_for().get("/buckinghamshire/mapping/assets/")
    assert len(more) == len(few)


def test_meetings_of_a_structure_that_meets_in_private_are_not_public_by_default(in_bucks):
    closed = pillar(in_bucks, holds_public_meetings=False)
    group = services.structure_group_add(
        place=in_bucks, actor=None, structure=closed, name="Quiet group"
    )
    starts = timezone.now() + timezone.timedelta(days=3)
    meeting = services.meeting_create(
        place=in_bucks,
        actor=None,
        board=group,
        title="Quiet meeting",
        venue="Wing hall",
        starts_at=starts,
        ends_at=starts + timezone.timedelta(hours=1),
    )
    assert not Meeting.objects.get(pk=meeting.pk).is_public
