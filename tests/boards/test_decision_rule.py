"""A decision follows the board's rule on every path: it belongs to a meeting with a quorum of
members present (the board's own quorum), and is taken by consensus or by a vote of the members
present; "0 for, 0 against" is refused and counts must match the votes recorded."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from boards import services
from boards.models import Board, Decision, Meeting, Position
from coordination.errors import RuleViolation
from tests.support import boards as build

pytestmark = pytest.mark.django_db

API = "/api/v1/places/buckinghamshire/"


def url(name, **kwargs):
    return reverse(f"places:boards:{name}", kwargs={"place_slug": "buckinghamshire", **kwargs})


@pytest.fixture
def sitting(in_bucks, people):
    """A board with a quorum of 2 and three members, meeting now, with one item."""
    place = in_bucks
    since = timezone.localdate() - timedelta(days=30)
    board = build.board(place, name="Parish Board", quorum=2)
    build.seat(place, board, people["chair"], position=Position.CHAIR, started_on=since)
    build.seat(place, board, people["member"], started_on=since)
    build.seat(place, board, people["leader"], started_on=since)
    meeting = build.meeting(place, board, in_days=0, hours=3, title="Parish meeting")
    Meeting.objects.for_place(place).filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(hours=1)
    )
    meeting.refresh_from_db()
    item = services.agenda_item_add(place=place, actor=None, meeting=meeting, title="Bus shelter")
    return {"place": place, "board": board, "meeting": meeting, "item": item}


def present(sitting, *users):
    for user in users:
        services.attendance_record(
            place=sitting["place"],
            actor=None,
            meeting=sitting["meeting"],
            user=user,
            status="present",
        )


def post_decision(client, sitting, **data):
    return client.post(url("decision_create", pk=sitting["meeting"].pk), data)


def test_new_boards_have_a_quorum_of_three_and_the_board_form_sets_it(in_bucks, people):
    board = build.board(in_bucks, name="Fresh Board")
    assert board.quorum == 3
    client = Client()
    client.force_login(people["admin"])
    response = client.post(
        url("board_edit", pk=board.pk),
        {
            "name": "Fresh Board",
            "kind": "recovery_board",
            "quorum": "0",
            "report_back_lead_days": 7,
        },
    )
    assert "Quorum must be 1 or more" in response.content.decode()
    client.post(
        url("board_edit", pk=board.pk),
        {
            "name": "Fresh Board",
            "kind": "recovery_board",
            "is_public": "on",
            "quorum": "5",
            "report_back_lead_days": 7,
        },
    )
    board.refresh_from_db()
    assert board.quorum == 5
    body = APIClient().get(API + f"boards/{board.pk}/").json()
    assert body["quorum"] == 5


def test_without_quorum_the_form_refuses_the_decision(sitting, people):
    present(sitting, people["chair"])
    client = Client()
    client.force_login(people["chair"])
    response = post_decision(client, sitting, text="New shelter.", method="consensus")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Parish Board decides with at least 2 members present; 1 recorded as present." in page
    assert not Decision.objects.for_place(sitting["place"]).exists()
    present(sitting, people["member"])
    response = post_decision(client, sitting, text="New shelter.", method="consensus")
    assert response.status_code == 302
    decision = Decision.objects.for_place(sitting["place"]).get()
    assert decision.method == "consensus"
    page = client.get(sitting["meeting"].get_absolute_url()).content.decode()
    assert "New shelter." in page and "By consensus." in page


def test_zero_for_zero_against_is_refused_on_the_form(sitting, people):
    present(sitting, people["chair"], people["member"])
    client = Client()
    client.force_login(people["chair"])
    response = post_decision(
        client,
        sitting,
        text="Shelter.",
        method="votes",
        agenda_item=sitting["item"].pk,
        votes_for="0",
        votes_against="0",
        votes_abstain="2",
    )
    page = response.content.decode()
    assert "A vote of 0 for and 0 against decides nothing" in page
    assert 'id="votes_for-error"' in page or "govuk-form-group--error" in page
    assert not Decision.objects.for_place(sitting["place"]).exists()


def test_counts_must_fit_the_members_present_and_match_recorded_votes(sitting, people):
    present(sitting, people["chair"], people["member"])
    client = Client()
    client.force_login(people["chair"])
    response = post_decision(
        client, sitting, text="Shelter.", method="votes", votes_for="3", votes_against="0"
    )
    assert "Only the members present vote (2" in response.content.decode()
    services.vote_record(
        place=sitting["place"],
        actor=people["chair"],
        agenda_item=sitting["item"],
        member=people["member"],
        choice="against",
    )
    response = post_decision(
        client,
        sitting,
        text="Shelter.",
        method="votes",
        agenda_item=sitting["item"].pk,
        votes_for="1",
        votes_against="0",
    )
    assert (
        "The counts must match the votes recorded on this item: 0 for, 1 against, 0 abstaining."
        in response.content.decode()
    )
    # Left empty, the votes recorded count.
    response = post_decision(
        client, sitting, text="Not this year.", method="votes", agenda_item=sitting["item"].pk
    )
    assert response.status_code == 302
    decision = Decision.objects.for_place(sitting["place"]).get()
    assert (decision.votes_for, decision.votes_against) == (0, 1)


def test_only_members_present_vote_and_not_on_an_item_they_declared_an_interest_in(sitting, people):
    present(sitting, people["chair"], people["leader"])
    with pytest.raises(RuleViolation, match="not recorded as present"):
        services.vote_record(
            place=sitting["place"],
            actor=people["chair"],
            agenda_item=sitting["item"],
            member=people["member"],
            choice="for",
        )
    services.declaration_record(
        place=sitting["place"],
        actor=people["chair"],
        meeting=sitting["meeting"],
        member=people["leader"],
        agenda_item=sitting["item"],
        kind="financial",
        nature="Owns the shelter firm",
    )
    with pytest.raises(RuleViolation, match="declared an interest"):
        services.vote_record(
            place=sitting["place"],
            actor=people["chair"],
            agenda_item=sitting["item"],
            member=people["leader"],
            choice="for",
        )
    # A show of hands: the member with an interest does not count among those who may vote.
    with pytest.raises(RuleViolation, match="Only the members present vote"):
        services.decision_record(
            place=sitting["place"],
            actor=people["chair"],
            meeting=sitting["meeting"],
            agenda_item=sitting["item"],
            text="Shelter.",
            method="votes",
            votes_for=2,
        )


def test_the_api_refuses_decisions_against_the_rule_field_by_field(sitting, people):
    client = APIClient()
    client.force_authenticate(user=people["chair"])
    base = {"meeting": sitting["meeting"].pk, "text": "Shelter."}
    no_quorum = client.post(API + "decisions/", base, format="json")
    assert no_quorum.status_code == 400
    assert "meeting" in str(no_quorum.json())
    assert "recorded as present" in str(no_quorum.json())
    present(sitting, people["chair"], people["member"])
    empty_vote = client.post(
        API + "decisions/",
        {**base, "method": "votes", "votes_for": 0, "votes_against": 0},
        format="json",
    )
    assert empty_vote.status_code == 400
    assert "votes_for" in str(empty_vote.json())
    assert "0 for and 0 against" in str(empty_vote.json())
    other_item = build.meeting(sitting["place"], sitting["board"], in_days=3)
    elsewhere = services.agenda_item_add(
        place=sitting["place"], actor=None, meeting=other_item, title="Elsewhere"
    )
    wrong_item = client.post(
        API + "decisions/", {**base, "agenda_item": elsewhere.pk}, format="json"
    )
    assert wrong_item.status_code == 400 and "agenda_item" in str(wrong_item.json())
    done = client.post(
        API + "decisions/",
        {**base, "method": "votes", "votes_for": 2, "votes_against": 0},
        format="json",
    )
    assert done.status_code == 201, done.content
    assert done.json()["votes_for"] == 2 and done.json()["amendments"] == []
    outsider = APIClient()
    outsider.force_authenticate(user=people["member"])
    assert outsider.post(API + "decisions/", base, format="json").status_code == 403


def test_the_database_refuses_a_vote_with_no_votes(sitting):
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            place=sitting["place"], meeting=sitting["meeting"], text="x", method="votes"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Board.objects.for_place(sitting["place"]).filter(pk=sitting["board"].pk).update(quorum=0)
