"""Comments on residents' ideas: who may comment and on what, the page and the API, the proposer
told, and the posting limit of new accounts."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from rest_framework.test import APIClient

from boards import services
from boards.models import BoardKind, ProposalComment
from coordination.accounts.models import Role
from coordination.audit.models import AuditEntry
from coordination.errors import RuleViolation
from coordination.notifications.models import Notification
from coordination.places.tenancy import place_scope
from tests.support.boards import board
from tests.support.factories import AreaFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/places/buckinghamshire/"


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def group(in_bucks):
    area = AreaFactory(place=in_bucks, name="Wing", kind="community_board_area")
    return board(in_bucks, name="Wing CB", kind=BoardKind.COMMUNITY_BOARD, area=area)


@pytest.fixture
def idea(in_bucks, people, group):
    return services.proposal_create(
        place=in_bucks, actor=people["resident"], board=group, title="Benches", description="Pond"
    )


def as_user(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def api_as(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user=user)
    return client


def idea_url(idea):
    return reverse(
        "places:boards:proposal_detail", kwargs={"place_slug": "buckinghamshire", "pk": idea.pk}
    )


def comment_url(idea):
    return reverse(
        "places:boards:comment_create", kwargs={"place_slug": "buckinghamshire", "pk": idea.pk}
    )


def test_a_comment_is_public_at_once_with_its_author_and_date(in_bucks, people, idea):
    response = as_user(people["neighbour"]).post(comment_url(idea), {"text": "Yes please"})
    comment = ProposalComment.objects.for_place(in_bucks).get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    page = as_user().get(idea_url(idea)).content.decode()
    assert "Yes please" in page
    assert "Nia Neighbour" in page
    assert timezone.localtime(comment.created_at, in_bucks.tz).strftime("%-d %B %Y") in page
    entry = AuditEntry.objects.filter(place=in_bucks, action="boards.comment.create").get()
    assert entry.actor == people["neighbour"]


def test_the_proposer_is_told_but_not_of_their_own_comment(in_bucks, people, idea):
    services.comment_create(place=in_bucks, actor=people["resident"], proposal=idea, text="Me")
    services.comment_create(place=in_bucks, actor=people["neighbour"], proposal=idea, text="Hi")
    told = Notification.objects.for_place(in_bucks).filter(kind="boards_idea_commented")
    assert [(n.user, n.title) for n in told] == [
        (people["resident"], "Nia Neighbour commented on your idea “Benches”")
    ]


def test_no_comment_on_a_withdrawn_or_hidden_idea(in_bucks, people, idea, group):
    services.proposal_withdraw(place=in_bucks, actor=people["resident"], proposal=idea)
    with pytest.raises(RuleViolation) as exc:
        services.comment_create(place=in_bucks, actor=people["neighbour"], proposal=idea, text="x")
    assert exc.value.messages == [
        "This idea was withdrawn by its proposer, so it takes no comments."
    ]
    other = services.proposal_create(
        place=in_bucks, actor=people["resident"], board=group, title="Bins", description="More"
    )
    services.post_hide(place=in_bucks, actor=people["admin"], post=other, reason="Off topic")
    response = as_user(people["neighbour"]).post(comment_url(other), {"text": "x"})
    assert response.status_code == 200
    assert "A moderator hid this idea, so it takes no comments." in response.content.decode()
    assert ProposalComment.objects.for_place(in_bucks).count() == 0
    page = as_user(people["neighbour"]).get(idea_url(other)).content.decode()
    assert "A hidden idea takes no comments." in page
    assert 'name="text"' not in page


def test_an_empty_comment_is_a_field_error(people, idea):
    response = as_user(people["neighbour"]).post(comment_url(idea), {"text": "  "})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Terms of taking part" in page


def test_visitors_are_asked_to_sign_in_and_outsiders_cannot_comment(
    in_bucks, people, idea, sutton, make_member
):
    page = as_user().get(idea_url(idea)).content.decode()
    assert "Sign in to report" in page
    assert "Sign in to comment or report" in page
    assert as_user().post(comment_url(idea), {"text": "x"}).status_code == 302
    stranger = make_member(sutton, Role.RESIDENT)
    assert as_user(stranger).post(comment_url(idea), {"text": "x"}).status_code in (403, 404)
    assert ProposalComment.objects.for_place(in_bucks).count() == 0


def test_the_terms_show_next_to_the_forms(people, idea, group):
    list_url = reverse(
        "places:boards:proposal_list", kwargs={"place_slug": "buckinghamshire", "pk": group.pk}
    )
    terms = escape(group.structure.terms_text)
    assert terms in as_user(people["neighbour"]).get(list_url).content.decode()
    assert terms in as_user(people["neighbour"]).get(idea_url(idea)).content.decode()


# API


def test_api_lists_and_creates_comments_under_the_idea(in_bucks, people, idea):
    url = f"{API}proposals/{idea.pk}/comments/"
    assert api_as().post(url, {"text": "x"}, format="json").status_code == 401
    created = api_as(people["neighbour"]).post(url, {"text": "Good idea"}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["author"] == "Nia Neighbour"
    listed = api_as().get(url).json()
    assert [c["text"] for c in listed["results"]] == ["Good idea"]
    assert listed["next"] is None
    assert (
        api_as().get(f"{API}comments/?proposal={idea.pk}").json()["results"][0]["hidden"] is False
    )
    too_long = api_as(people["neighbour"]).post(url, {"text": "x" * 5000}, format="json")
    assert too_long.status_code == 400
    assert "text" in too_long.json()["error"]["fields"]


def test_api_refuses_a_comment_on_a_withdrawn_idea_with_a_400(in_bucks, people, idea):
    services.proposal_withdraw(place=in_bucks, actor=people["resident"], proposal=idea)
    response = api_as(people["neighbour"]).post(
        f"{API}proposals/{idea.pk}/comments/", {"text": "x"}, format="json"
    )
    assert response.status_code == 400
    assert "withdrawn" in response.json()["error"]["message"]


def test_comments_of_one_place_are_not_found_through_another(in_bucks, people, idea, sutton):
    comment = services.comment_create(
        place=in_bucks, actor=people["neighbour"], proposal=idea, text="Quiet"
    )
    assert api_as().get(f"/api/v1/places/sutton/comments/{comment.pk}/").status_code == 404
    with place_scope(sutton):
        listed = api_as().get("/api/v1/places/sutton/comments/").json()["results"]
    assert listed == []


# New accounts


@pytest.fixture
def newcomer(bucks, make_member):
    return make_member(
        bucks, Role.RESIDENT, name="Nell Newcomer", date_joined=timezone.now() - timedelta(days=2)
    )


def test_a_new_account_posts_three_ideas_a_day_then_is_told_why_not(
    in_bucks, newcomer, group, settings
):
    for n in range(3):
        services.proposal_create(
            place=in_bucks, actor=newcomer, board=group, title=f"Idea {n}", description="x"
        )
    url = reverse(
        "places:boards:proposal_list", kwargs={"place_slug": "buckinghamshire", "pk": group.pk}
    )
    response = as_user(newcomer).post(url, {"title": "Idea 4", "description": "x"})
    assert response.status_code == 200
    assert (
        "Accounts less than 7 days old can post 3 ideas in 24 hours. Try again tomorrow."
        in response.content.decode()
    )
    api = api_as(newcomer).post(
        f"{API}proposals/",
        {"board": group.pk, "title": "Idea 4", "description": "x"},
        format="json",
    )
    assert api.status_code == 400
    assert api.json()["error"]["fields"]["title"] == [
        "Accounts less than 7 days old can post 3 ideas in 24 hours. Try again tomorrow."
    ]
    settings.INPLACE_NEW_ACCOUNT_DAYS = 1  # the account is two days old: no longer new
    services.proposal_create(
        place=in_bucks, actor=newcomer, board=group, title="Idea 4", description="x"
    )


def test_a_new_account_posts_ten_comments_a_day(in_bucks, newcomer, idea, settings):
    settings.INPLACE_NEW_ACCOUNT_COMMENTS_PER_DAY = 2
    for n in range(2):
        services.comment_create(place=in_bucks, actor=newcomer, proposal=idea, text=f"c{n}")
    with pytest.raises(RuleViolation) as exc:
        services.comment_create(place=in_bucks, actor=newcomer, proposal=idea, text="c3")
    assert exc.value.message_dict == {
        "text": [
            "Accounts less than 7 days old can post 2 comments in 24 hours. Try again tomorrow."
        ]
    }
    # Comments older than 24 hours no longer count.
    ProposalComment.objects.for_place(in_bucks).update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    services.comment_create(place=in_bucks, actor=newcomer, proposal=idea, text="c3")


def test_established_accounts_are_not_limited(in_bucks, people, idea, settings):
    settings.INPLACE_NEW_ACCOUNT_COMMENTS_PER_DAY = 1
    for n in range(3):
        services.comment_create(
            place=in_bucks, actor=people["neighbour"], proposal=idea, text=f"c{n}"
        )
    assert ProposalComment.objects.for_place(in_bucks).count() == 3
