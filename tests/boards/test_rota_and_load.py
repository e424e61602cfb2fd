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
