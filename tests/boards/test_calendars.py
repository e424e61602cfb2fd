"""iCalendar feeds: per board (public meetings) and per person (a secret, resettable link)."""

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from boards import services
from boards.models import CalendarFeed, Position
from tests.support.boards import board, meeting, seat, subgroup

pytestmark = pytest.mark.django_db


def events(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_a_boards_feed_has_its_public_meetings_only(in_bucks):
    recovery = board(in_bucks, name="Recovery Board")
    public = meeting(in_bucks, recovery, is_public=True, title="Open session")
    meeting(in_bucks, recovery, title="Closed session")
    url = reverse(
        "places:boards:board_calendar", kwargs={"place_slug": in_bucks.slug, "pk": recovery.pk}
    )
    found = events(Client().get(url))
    assert set(found) == {"Open session (Recovery Board)"}
    event = found["Open session (Recovery Board)"]
    assert event.decoded("dtstart") == public.starts_at
    assert event.decoded("dtend") == public.ends_at
    assert str(event["location"]) == "Council offices"


def test_a_persons_secret_feed_has_their_private_meetings(in_bucks, people):
    recovery = board(in_bucks, name="Recovery Board")
    private_group = subgroup(in_bucks, recovery, name="Housing", is_public=False)
    seat(in_bucks, private_group, people["member"], Position.MEMBER)
    meeting(in_bucks, private_group, title="Housing catch-up")
    meeting(in_bucks, recovery, title="Board meeting")  # not their board
    feed = services.calendar_feed_for(place=in_bucks, user=people["member"])
    url = reverse(
        "places:boards:person_calendar", kwargs={"place_slug": in_bucks.slug, "token": feed.token}
    )
    assert set(events(Client().get(url))) == {"Housing catch-up (Housing)"}

    # A new link stops the old one.
    services.calendar_feed_for(place=in_bucks, user=people["member"], reset=True)
    assert Client().get(url).status_code == 404


def test_looking_makes_no_link_asking_does_and_asking_again_replaces_it(in_bucks, people):
    client = Client()
    client.force_login(people["member"])
    url = reverse("places:boards:my_calendar", kwargs={"place_slug": in_bucks.slug})

    page = client.get(url).content.decode()
    assert "Make my calendar link" in page and "feed-url" not in page
    assert not CalendarFeed.objects.for_place(in_bucks).exists()

    page = client.post(url, follow=True).content.decode()
    feed = CalendarFeed.objects.for_place(in_bucks).get(user=people["member"])
    assert "Your calendar link is ready." in page and feed.token in page
    assert feed.token in client.get(url).content.decode()
    assert CalendarFeed.objects.for_place(in_bucks).count() == 1

    page = client.post(url, follow=True).content.decode()
    renewed = CalendarFeed.objects.for_place(in_bucks).get(user=people["member"])
    assert renewed.token != feed.token and renewed.token in page
    assert "the old one no longer works" in page


def test_feeds_mark_a_cancelled_meeting_and_keep_online_links_to_those_let_in(in_bucks, people):
    recovery = board(in_bucks, name="Recovery Board")
    seat(in_bucks, recovery, people["member"], Position.MEMBER)
    open_session = meeting(
        in_bucks,
        recovery,
        is_public=True,
        title="Open session",
        online_url="https://meet.example.org/open",
    )
    called_off = meeting(in_bucks, recovery, is_public=True, title="Called off", in_days=20)
    services.meeting_cancel(
        place=in_bucks, actor=None, meeting=called_off, reason="The hall is flooded."
    )
    public_url = reverse(
        "places:boards:board_calendar", kwargs={"place_slug": in_bucks.slug, "pk": recovery.pk}
    )
    public = events(Client().get(public_url))
    assert str(public["Called off (Recovery Board)"]["status"]) == "CANCELLED"
    assert "The hall is flooded." in str(public["Called off (Recovery Board)"]["description"])
    assert str(public["Open session (Recovery Board)"]["status"]) == "CONFIRMED"
    assert b"meet.example.org" not in Client().get(public_url).content

    # Moving a meeting raises its sequence, so calendar apps take the change.
    before = int(public["Open session (Recovery Board)"]["sequence"])
    services.meeting_update(place=in_bucks, actor=None, meeting=open_session, venue="The Gateway")
    feed = services.calendar_feed_for(place=in_bucks, user=people["member"])
    mine = events(
        Client().get(
            reverse(
                "places:boards:person_calendar",
                kwargs={"place_slug": in_bucks.slug, "token": feed.token},
            )
        )
    )
    event = mine["Open session (Recovery Board)"]
    assert int(event["sequence"]) >= before
    assert str(event["location"]) == "The Gateway"
    assert "https://meet.example.org/open" in str(event["description"])
