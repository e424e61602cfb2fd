"""The board fund API: a fund and its money, an application from draft to decision at a meeting,
declarations and votes through boards' routes, refusals in the one error shape; and the browser
forms for declarations, votes and the register of interests."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from boards.models import Position
from coordination.accounts.models import Role
from tests.support.board_funds import (
    community_board,
    council,
    fund,
    fy_year,
    meeting,
    present,
    seat,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def base(place):
    return f"/api/v1/places/{place.slug}/"


@pytest.fixture
def board(bucks):
    return community_board(bucks)


@pytest.fixture
def chair(bucks, make_member, board):
    person = make_member(bucks, Role.RESIDENT, name="Cara Chair")
    seat(bucks, board, person, Position.CHAIR)
    return person


@pytest.fixture
def member(bucks, make_member, board):
    person = make_member(bucks, Role.RESIDENT, name="Mo Member")
    seat(bucks, board, person)
    return person


def test_a_fund_from_application_to_decision_through_the_api(
    bucks, board, chair, member, leader, charity_org
):
    created = api(chair).post(
        base(bucks) + "funding/board-funds/",
        {
            "board": board.pk,
            "year": fy_year(bucks),
            "budget": "3000.00",
            "accountable_body": council(bucks).pk,
            "priority_titles": ["Young people"],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    fund_id = created.json()["id"]
    priority = created.json()["priorities"][0]["id"]
    # Public for a public board, with its money in view.
    public = api().get(base(bucks) + f"funding/board-funds/{fund_id}/").json()
    assert (public["budget"], public["committed"], public["left"]) == (
        "3000.00",
        "0.00",
        "3000.00",
    )

    too_much = api(leader).post(
        base(bucks) + "funding/fund-applications/",
        {
            "fund": fund_id,
            "applicant": charity_org.pk,
            "title": "Skate park",
            "summary": "Ramps.",
            "amount_requested": "3500.00",
            "outcomes": "Fun",
            "budget_breakdown": "Ramps",
        },
        format="json",
    )
    assert too_much.status_code == 400
    assert "left" in str(too_much.json())
    short = api(leader).post(
        base(bucks) + "funding/fund-applications/",
        {
            "fund": fund_id,
            "applicant": charity_org.pk,
            "title": "Youth club kit",
            "summary": "Table tennis.",
            "amount_requested": "700.00",
            "priority": priority,
        },
        format="json",
    )
    assert short.status_code == 201, short.json()
    app = short.json()["id"]
    url = base(bucks) + f"funding/fund-applications/{app}/"
    assert api(leader).post(url + "submit/").json()["state"] == "submitted"
    the_meeting = meeting(bucks, board)
    present(bucks, the_meeting, chair, member)
    outside = api(chair).post(
        url + "decide/", {"meeting": None, "outcome": "award", "reason": "Yes"}, format="json"
    )
    assert outside.status_code == 400 and "meeting" in str(outside.json())
    scheduled = api(chair).post(url + "schedule/", {"meeting": the_meeting.pk}, format="json")
    assert scheduled.status_code == 200, scheduled.json()
    item = scheduled.json()["agenda_item"]

    declared = api(member).post(
        base(bucks) + "declarations/",
        {
            "meeting": the_meeting.pk,
            "agenda_item": item,
            "member": member.pk,
            "kind": "personal",
            "nature": "My son is in the club.",
        },
        format="json",
    )
    assert declared.status_code == 201, declared.json()
    barred = api(member).post(
        base(bucks) + "votes/",
        {"agenda_item": item, "member": member.pk, "choice": "for"},
        format="json",
    )
    assert barred.status_code == 400 and "cannot vote" in str(barred.json())
    # A member cannot vote for someone else; the chair may record anyone's.
    assert (
        api(member)
        .post(
            base(bucks) + "votes/",
            {"agenda_item": item, "member": chair.pk, "choice": "for"},
            format="json",
        )
        .status_code
        == 403
    )
    assert (
        api(chair)
        .post(
            base(bucks) + "votes/",
            {"agenda_item": item, "member": chair.pk, "choice": "for"},
            format="json",
        )
        .status_code
        == 201
    )
    decided = api(chair).post(
        url + "decide/",
        {"meeting": the_meeting.pk, "outcome": "award", "reason": "Young people"},
        format="json",
    )
    assert decided.status_code == 200, decided.json()
    assert decided.json()["state"] == "awarded"
    again = api(chair).post(
        url + "decide/",
        {"meeting": the_meeting.pk, "outcome": "decline", "reason": "No"},
        format="json",
    )
    assert again.status_code == 400 and "already decided" in str(again.json())
    paid = api(chair).post(url + "payments/", {"amount": "200.00"}, format="json")
    assert paid.json()["paid_amount"] == "200.00"
    reported = api(leader).post(url + "report/", {"what_happened": "Twenty came."}, format="json")
    assert reported.json()["report"]["what_happened"] == "Twenty came."
    money = api().get(base(bucks) + f"funding/board-funds/{fund_id}/").json()
    assert (money["committed"], money["paid"], money["left"]) == ("700.00", "200.00", "2300.00")
    register = api().get(base(bucks) + f"declarations/?member={member.pk}").json()
    assert [d["nature"] for d in register["results"]] == ["My son is in the club."]


def test_declaring_and_voting_in_the_browser_and_the_public_register(
    bucks, board, chair, member, client
):
    from boards import services as board_services
    from coordination.places.tenancy import place_scope

    the_meeting = meeting(bucks, board)
    with place_scope(bucks):
        item = board_services.agenda_item_add(
            place=bucks, actor=chair, meeting=the_meeting, title="Parade application"
        )
    client.force_login(member)
    url = reverse(
        "places:boards:declaration_create", kwargs={"place_slug": bucks.slug, "pk": the_meeting.pk}
    )
    response = client.post(
        url,
        {
            "member": member.pk,
            "agenda_item": item.pk,
            "kind": "financial",
            "nature": "I sell the lights.",
        },
    )
    assert response.status_code == 302
    votes = reverse("places:boards:votes", kwargs={"place_slug": bucks.slug, "pk": item.pk})
    refused = client.post(votes, {"member": member.pk, "choice": "for"})
    assert "cannot vote" in refused.content.decode()
    client.logout()
    register = client.get(
        reverse("places:boards:interests", kwargs={"place_slug": bucks.slug, "pk": board.pk})
    ).content.decode()
    assert "Mo Member" in register and "I sell the lights." in register
    minutes = client.get(
        reverse(
            "places:boards:meeting_detail", kwargs={"place_slug": bucks.slug, "pk": the_meeting.pk}
        )
    ).content.decode()
    assert "I sell the lights." in minutes


def test_the_apply_form_asks_more_only_above_the_limit(bucks, board, chair, leader, client):
    the_fund = fund(bucks, board, chair)
    client.force_login(leader)
    url = reverse("places:funding:fund_apply", kwargs={"place_slug": bucks.slug, "pk": the_fund.pk})
    first = client.get(url).content.decode()
    assert "How much will you ask for?" in first
    short = client.get(url + "?amount=500").content.decode()
    assert "How will you know it worked?" not in short
    long = client.get(url + "?amount=5000").content.decode()
    assert "How will you know it worked?" in long
