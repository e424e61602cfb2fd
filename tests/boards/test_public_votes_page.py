"""The public "Votes and declared interests" page of a public meeting, for visitors and residents."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from boards import services
from boards.models import Position
from tests.support import boards as build

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_item(in_bucks, people):
    place = in_bucks
    board = build.board(place, people["admin"], name="Open Board", is_public=True)
    since = timezone.localdate() - timedelta(days=30)
    build.seat(place, board, people["chair"], position=Position.CHAIR, started_on=since)
    build.seat(place, board, people["member"], started_on=since)
    meeting = build.meeting(place, board, in_days=-1, is_public=True, title="Open meeting")
    item = services.agenda_item_add(
        place=place, actor=people["chair"], meeting=meeting, title="Play park grant"
    )
    services.declaration_record(
        place=place,
        actor=people["chair"],
        meeting=meeting,
        member=people["member"],
        agenda_item=item,
        kind="financial",
        nature="Treasurer of the applicant",
    )
    return item


def _url(item):
    return reverse("places:boards:votes", kwargs={"place_slug": item.place.slug, "pk": item.pk})


def test_anonymous_visitor_sees_votes_and_interests(client, public_item):
    response = client.get(_url(public_item))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Play park grant" in body
    assert "Treasurer of the applicant" in body
    assert "Record the vote" not in body


def test_signed_in_resident_sees_votes_and_interests(client, public_item, people):
    client.force_login(people["resident"])
    response = client.get(_url(public_item))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Treasurer of the applicant" in body
    assert "Record the vote" not in body
