"""What the boards pages offer is what the person can do: a visitor who has not signed in is
offered no button and no link that ends in a refusal, and a board's calendar link works for the
people it is shown to. Checked on the demo data, as a visitor would meet it."""

import re
from html import unescape

import pytest
from django.test import Client

from boards.models import Board, BoardKind, BoardMembership, Meeting
from coordination.places.tenancy import place_scope
from tests.support.boards import meeting

pytestmark = pytest.mark.django_db

START = "/buckinghamshire/boards/"
LINK = re.compile(r'<a\b[^>]*href="(?P<href>[^"#]*)[^"]*"[^>]*>(?P<text>.*?)</a>', re.S)
POST_FORM = re.compile(r'<form\b[^>]*method="post"', re.I)


@pytest.fixture
def demo(demo, bucks):
    """Buckinghamshire as the demo leaves it (seeded once for the module: tests/conftest.py)."""
    return bucks


def links(page):
    for match in LINK.finditer(page):
        text = unescape(re.sub(r"<[^>]+>", "", match["text"])).strip()
        yield unescape(match["href"]), text


def test_a_visitor_is_offered_nothing_that_ends_in_a_refusal(demo):
    """Every link on the boards pages a visitor reaches opens for them, or plainly says it is
    for signing in; no page has a button (a POST form) for them to press."""
    visitor = Client(raise_request_exception=False)
    seen, queue, refused, buttons = set(), [START], [], []
    while queue and len(seen) < 80:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = visitor.get(path)
        if response.status_code != 200:
            continue  # listed as refused where it was linked
        if not response["Content-Type"].startswith("text/html"):
            continue
        page = response.content.decode()
        if POST_FORM.search(page):
            buttons.append(path)
        for href, text in links(page):
            if not href.startswith("/buckinghamshire/") or href in seen:
                continue
            answer = visitor.get(href)
            if answer.status_code == 302 and "/accounts/login/" in answer["Location"]:
                if not text.startswith("Sign in"):
                    refused.append((path, text, href))
                continue
            if answer.status_code != 200:
                refused.append((path, text, href, answer.status_code))
                continue
            if href.startswith(START):
                queue.append(href)
    assert len(seen) > 20
    assert refused == []
    assert buttons == []


def test_a_meeting_page_offers_a_visitor_no_paper_upload(demo):
    """An agenda item with no owner named offered "Upload a paper" to a visitor, whose user
    id is as empty as the item's owner."""
    with place_scope(demo):
        meeting = (
            Meeting.objects.filter(is_public=True, agenda_items__owner__isnull=True)
            .distinct()
            .first()
        )
    assert meeting is not None
    page = Client().get(meeting.get_absolute_url()).content.decode()
    assert "Upload a paper" not in page
    assert "Agenda" in page


def _private_subgroup_and_member(place):
    with place_scope(place):
        group = Board.objects.filter(kind=BoardKind.THEMATIC_SUBGROUP, is_public=False).first()
        seat = BoardMembership.objects.current().filter(board=group).select_related("user")[0]
        parent_only = (
            BoardMembership.objects.current()
            .filter(board=group.parent)
            .exclude(user__in=BoardMembership.objects.filter(board=group).values("user"))
            .select_related("user")
            .first()
        )
    return group, seat.user, parent_only.user if parent_only else None


def _calendar_links(page):
    return [(href, text) for href, text in links(page) if "calendar" in text.lower()]


def test_a_private_subgroup_links_its_members_to_a_calendar_that_works(demo):
    group, member, _parent_member = _private_subgroup_and_member(demo)
    meeting(demo, group, title="Housing subgroup private meeting")
    client = Client()
    client.force_login(member)
    page = client.get(group.get_absolute_url()).content.decode()
    offered = _calendar_links(page)
    assert offered == [
        (
            "/buckinghamshire/boards/calendar/",
            "Add this board’s meetings, private ones included, to your calendar",
        )
    ]
    assert "Public meetings as a calendar feed" not in page
    assert client.get(offered[0][0]).status_code == 200
    made = client.post(offered[0][0], follow=True).content.decode()
    feed_url = re.search(r'id="feed-url"[^>]*value="([^"]+)"', made)[1]
    feed = Client().get(feed_url.replace("http://testserver", ""))
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")
    with place_scope(demo):
        titles = list(Meeting.objects.filter(board=group).values_list("title", flat=True))
    assert titles and all(title in feed.content.decode() for title in titles)


def test_a_private_subgroup_offers_no_calendar_to_those_without_a_seat(demo):
    group, _member, parent_member = _private_subgroup_and_member(demo)
    assert parent_member is not None
    client = Client()
    client.force_login(parent_member)
    page = client.get(group.get_absolute_url())
    assert page.status_code == 200  # the parent board's members see the subgroup
    assert _calendar_links(page.content.decode()) == []


def test_a_public_board_s_feed_link_works_for_a_visitor(demo):
    with place_scope(demo):
        public = Board.objects.filter(is_public=True, kind=BoardKind.COMMUNITY_BOARD).first()
    page = Client().get(public.get_absolute_url()).content.decode()
    offered = _calendar_links(page)
    assert [text for _href, text in offered] == ["Public meetings as a calendar feed (iCal)"]
    feed = Client().get(offered[0][0])
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
