"""Spreading the load: a fair rota for chairing and minutes, and each person's load for chairs."""

from collections import Counter
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from boards import selectors, services
from boards.models import Position
from tests.support.boards import board, meeting, seat

pytestmark = pytest.mark.django_db


def test_the_rota_rotates_fairly(in_bucks, people):
    recovery = board(in_bucks)
    members = [people["chair"], people["secretary"], people["member"]]
    for person in members:
        seat(in_bucks, recovery, person)
    seat(in_bucks, recovery, people["leader"], Position.OBSERVER)  # observers take no turn
    seat(in_bucks, recovery, people["officer"], in_rota=False)  # nor those who opted out
    chairs, takers = [], []
    for week in range(6):
        m = meeting(in_bucks, recovery, in_days=7 * (week + 1))
        m = services.rota_assign(place=in_bucks, actor=None, meeting=m)
        assert m.chair != m.minute_taker
        chairs.append(m.chair)
        takers.append(m.minute_taker)
    assert Counter(chairs) == {p: 2 for p in members}
    assert Counter(takers) == {p: 2 for p in members}
    # Each turn goes round: no one chairs twice before everyone has chaired once.
    assert set(chairs[:3]) == set(members)
    assert set(chairs[3:]) == set(members)


def test_load_warns_above_the_threshold_and_suggests_the_lightest(in_bucks, people, settings):
    settings.BOARDS_LOAD_WARNING = 3
    boards = [board(in_bucks, name=f"Board {i}") for i in range(3)]
    for b in boards:
        seat(in_bucks, b, people["chair"], Position.CHAIR)
    seat(in_bucks, boards[0], people["member"])
    seat(in_bucks, boards[0], people["secretary"])
    services.action_create(
        place=in_bucks,
        actor=None,
        board=boards[0],
        title="Write the plan",
        owner=people["secretary"],
        due_on=timezone.localdate() + timedelta(days=3),
    )
    meeting(in_bucks, boards[0], in_days=10)
    load = selectors.board_load(boards[0])
    by_person = {row["membership"].user: row for row in load["rows"]}
    chair = by_person[people["chair"]]
    # three seats, three officer posts, one meeting this month
    assert (chair["positions"], chair["officer_posts"], chair["meetings_a_month"]) == (3, 3, 1)
    assert chair["over_threshold"]
    assert [r["membership"].user for r in load["overloaded"]] == [people["chair"]]
    # Nobody above the threshold is suggested; the rest lightest first.
    assert load["lightest"] == [people["member"], people["secretary"]]

    client = Client()
    client.force_login(people["chair"])
    page = client.get(
        reverse(
            "places:boards:board_detail", kwargs={"place_slug": in_bucks.slug, "pk": boards[0].pk}
        )
    ).content.decode()
    assert "Spreading the load" in page
    assert "load above 3" in page
    client.force_login(people["member"])  # not a chair: no load panel
    page = client.get(
        reverse(
            "places:boards:board_detail", kwargs={"place_slug": in_bucks.slug, "pk": boards[0].pk}
        )
    ).content.decode()
    assert "Spreading the load" not in page


def _load_panel(person, b):
    client = Client()
    client.force_login(person)
    page = client.get(
        reverse("places:boards:board_detail", kwargs={"place_slug": "buckinghamshire", "pk": b.pk})
    ).content.decode()
    return page[page.index('id="load"') :]


def test_when_everyone_is_above_the_threshold_nobody_is_suggested(in_bucks, people, settings):
    # As in the demo: a subgroup whose chair and secretary sit on many boards each.
    settings.BOARDS_LOAD_WARNING = 3
    boards = [board(in_bucks, name=f"Board {i}") for i in range(4)]
    for b in boards:
        seat(in_bucks, b, people["chair"], Position.CHAIR)
        seat(in_bucks, b, people["secretary"], Position.SECRETARY)
    seat(in_bucks, boards[0], people["admin"], Position.OBSERVER)  # an observer is never asked
    load = selectors.board_load(boards[0])
    assert {r["membership"].user for r in load["overloaded"]} == {
        people["chair"],
        people["secretary"],
    }
    assert load["lightest"] == []
    assert load["everyone_over"]
    panel = _load_panel(people["chair"], boards[0])
    assert "Least load, to ask first" not in panel
    assert (
        "Everyone on this board is above the load threshold: recruit or share work with other "
        "boards." in panel
    )


def test_up_to_three_are_suggested_lowest_score_then_fewer_officer_posts_then_name(
    in_bucks, people, make_member, settings
):
    settings.BOARDS_LOAD_WARNING = 3
    b = board(in_bucks)
    other = board(in_bucks, name="Other board")
    seat(in_bucks, b, people["chair"], Position.CHAIR)  # 1 seat + 1 officer post = 2
    seat(in_bucks, b, people["secretary"], Position.SECRETARY)  # 2
    seat(in_bucks, b, people["member"])  # 1 seat, then 1 on the other board: 2
    seat(in_bucks, other, people["member"])
    seat(in_bucks, b, people["leader"])  # 1
    seat(in_bucks, b, people["officer"])  # 1 + 3 actions = 4: above the threshold
    seat(in_bucks, b, people["admin"], Position.OBSERVER)  # 1, but an observer
    for i in range(3):
        services.action_create(
            place=in_bucks,
            actor=None,
            board=b,
            title=f"Job {i}",
            owner=people["officer"],
            due_on=timezone.localdate() + timedelta(days=5),
        )
    load = selectors.board_load(b)
    # Lee (1); then at 2 Mo (no officer post) before Cara and Sam (one each); only three.
    assert load["lightest"] == [people["leader"], people["member"], people["chair"]]
    assert not load["everyone_over"]
    panel = _load_panel(people["chair"], b)
    assert "Least load, to ask first: Lee Outsider, Mo Member, Cara Chair" in panel
    assert "Everyone on this board" not in panel
