"""Who sees private boards, private meetings and private papers, per role, in one place."""

import pytest
from django.test import Client
from django.urls import reverse

from boards import selectors, services
from boards.models import BoardKind, Position, Sector
from tests.support.boards import board, meeting, pdf, seat, subgroup
from tests.support.factories import AreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(in_bucks, people):
    area = AreaFactory(place=in_bucks, name="Aylesbury", kind="community_board_area")
    recovery = board(in_bucks, name="Recovery Board", is_public=True)
    private_group = subgroup(in_bucks, recovery, name="Safeguarding subgroup", is_public=False)
    community = board(in_bucks, name="Aylesbury CB", kind=BoardKind.COMMUNITY_BOARD, area=area)
    seat(in_bucks, private_group, people["member"], Position.MEMBER, Sector.HEALTH)
    seat(in_bucks, community, people["resident"], Position.MEMBER, Sector.COMMUNITY)
    seat(in_bucks, recovery, people["chair"], Position.CHAIR, Sector.VCSE)
    public_meeting = meeting(in_bucks, community, is_public=True, title="Aylesbury open meeting")
    group_meeting = meeting(in_bucks, private_group, title="Safeguarding meeting")
    item = services.agenda_item_add(
        place=in_bucks, actor=None, meeting=public_meeting, title="Budget"
    )
    private_paper = services.paper_upload(
        place=in_bucks,
        actor=None,
        agenda_item=item,
        title="Draft budget",
        file=pdf(),
        is_private=True,
    )
    public_paper = services.paper_upload(
        place=in_bucks,
        actor=None,
        agenda_item=item,
        title="Budget summary",
        file=pdf(),
        is_private=False,
    )
    return {
        "recovery": recovery,
        "private_group": private_group,
        "community": community,
        "public_meeting": public_meeting,
        "group_meeting": group_meeting,
        "private_paper": private_paper,
        "public_paper": public_paper,
    }


def names(qs):
    return {o.name for o in qs}


@pytest.mark.parametrize(
    "who, sees_private_group",
    [
        ("admin", True),  # place admin: everything
        ("officer", True),  # council officer manages boards
        ("member", True),  # a seat on the private subgroup
        ("chair", True),  # a seat on its parent board
        ("leader", False),  # a charity leader with no seat
        ("resident", False),
        (None, False),  # the public
    ],
)
def test_private_boards_per_role(setting, in_bucks, people, who, sees_private_group):
    from django.contrib.auth.models import AnonymousUser

    user = people[who] if who else AnonymousUser()
    visible = names(selectors.boards_visible_to(in_bucks, user))
    assert {"Recovery Board", "Aylesbury CB"} <= visible
    assert ("Safeguarding subgroup" in visible) is sees_private_group
    meetings = {m.title for m in selectors.meetings_visible_to(in_bucks, user)}
    assert ("Safeguarding meeting" in meetings) is sees_private_group
    assert "Aylesbury open meeting" in meetings


@pytest.mark.parametrize(
    "who, sees_private_paper",
    [
        ("admin", True),
        ("officer", True),
        ("leader", False),  # no seat on the community board
        ("resident", False),  # a seat, but residents never read private papers
        ("neighbour", False),
        (None, False),
    ],
)
def test_private_papers_never_reach_residents_or_the_public(
    setting, in_bucks, people, who, sees_private_paper
):
    client = Client()
    if who:
        client.force_login(people[who])
    private_url = reverse(
        "places:boards:paper_download",
        kwargs={"place_slug": in_bucks.slug, "pk": setting["private_paper"].pk},
    )
    public_url = reverse(
        "places:boards:paper_download",
        kwargs={"place_slug": in_bucks.slug, "pk": setting["public_paper"].pk},
    )
    response = client.get(private_url)
    assert response.status_code == (200 if sees_private_paper else 404)
    if sees_private_paper:
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert response["Cache-Control"] == "private, no-store"
    assert client.get(public_url).status_code == 200
    page = client.get(
        reverse(
            "places:boards:meeting_detail",
            kwargs={"place_slug": in_bucks.slug, "pk": setting["public_meeting"].pk},
        )
    ).content.decode()
    assert "Budget summary" in page
    assert ("Draft budget" in page) is sees_private_paper


def test_papers_are_not_under_a_public_media_url(setting, client, settings):
    path = setting["private_paper"].file.name
    assert path.startswith("boards/papers/")
    assert client.get(settings.MEDIA_URL + path).status_code == 404


def test_a_private_board_page_is_404_to_outsiders(setting, people, in_bucks):
    url = reverse(
        "places:boards:board_detail",
        kwargs={"place_slug": in_bucks.slug, "pk": setting["private_group"].pk},
    )
    client = Client()
    assert client.get(url).status_code == 404
    client.force_login(people["leader"])
    assert client.get(url).status_code == 404
    client.force_login(people["member"])
    assert "Safeguarding subgroup" in client.get(url).content.decode()
