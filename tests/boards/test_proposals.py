"""Residents' ideas: nobody supports their own, support can be taken back, and the proposer
changes or withdraws an idea until the board answers it, on the services, the pages, the API and
the admin's form."""

import pytest
from django.contrib.admin.sites import site
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from boards import services
from boards.models import BoardKind, Proposal, ProposalStatus, ProposalSupport
from coordination.audit.models import AuditEntry
from coordination.errors import RuleViolation
from tests.support.boards import board
from tests.support.factories import AreaFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/places/buckinghamshire/proposals/"
ANSWERED = (
    "The board has answered this idea, so it can no longer be changed or withdrawn: its words "
    "stay as the board answered them."
)


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def idea(in_bucks, people):
    area = AreaFactory(place=in_bucks, name="Wing", kind="community_board_area")
    cb = board(in_bucks, name="Wing CB", kind=BoardKind.COMMUNITY_BOARD, area=area)
    return services.proposal_create(
        place=in_bucks,
        actor=people["resident"],
        board=cb,
        title="Benches",
        description="By the pond",
    )


def answer(place, people, idea, status=ProposalStatus.UNDER_CONSIDERATION):
    return services.proposal_answer(
        place=place,
        actor=people["officer"],
        proposal=idea,
        status=status,
        answer="We are looking at sites.",
    )


def url(name, **kwargs):
    return reverse(f"places:boards:{name}", kwargs={"place_slug": "buckinghamshire", **kwargs})


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


def actions(place):
    return list(
        AuditEntry.objects.filter(place=place, action__startswith="boards.proposal")
        .order_by("pk")
        .values_list("action", flat=True)
    )


# Services and the model


def test_nobody_supports_their_own_idea(in_bucks, people, idea):
    with pytest.raises(RuleViolation) as exc:
        services.proposal_support(place=in_bucks, actor=people["resident"], proposal=idea)
    assert exc.value.messages == ["This is your own idea: support comes from other people."]
    assert idea.supports.count() == 0
    # The model says so too, for any path that makes a support without the service.
    own = ProposalSupport(place=in_bucks, proposal=idea, user=people["resident"])
    with pytest.raises(Exception) as exc:
        own.full_clean()
    assert "This is your own idea" in str(exc.value)


def test_support_is_withdrawn_and_given_again(in_bucks, people, idea):
    services.proposal_support(place=in_bucks, actor=people["neighbour"], proposal=idea)
    services.proposal_unsupport(place=in_bucks, actor=people["neighbour"], proposal=idea)
    assert idea.supports.count() == 0
    with pytest.raises(RuleViolation) as exc:
        services.proposal_unsupport(place=in_bucks, actor=people["neighbour"], proposal=idea)
    assert exc.value.messages == [
        "You do not support this idea, so there is no support to withdraw."
    ]
    services.proposal_support(place=in_bucks, actor=people["neighbour"], proposal=idea)
    assert idea.supports.count() == 1
    assert actions(in_bucks) == [
        "boards.proposal.create",
        "boards.proposal.support",
        "boards.proposal.unsupport",
        "boards.proposal.support",
    ]


def test_support_is_settled_once_the_board_says_done(in_bucks, people, idea):
    services.proposal_support(place=in_bucks, actor=people["neighbour"], proposal=idea)
    answer(in_bucks, people, idea, ProposalStatus.DONE)
    with pytest.raises(RuleViolation) as exc:
        services.proposal_unsupport(place=in_bucks, actor=people["neighbour"], proposal=idea)
    assert exc.value.messages == ["The board has answered this idea; it no longer takes support."]
    assert idea.supports.count() == 1


def test_the_proposer_changes_the_idea_until_it_is_answered(in_bucks, people, idea):
    services.proposal_update(
        place=in_bucks, actor=people["resident"], proposal=idea, title="Two benches"
    )
    idea.refresh_from_db()
    assert (idea.title, idea.description) == ("Two benches", "By the pond")
    assert idea.edited_at is not None
    with pytest.raises(RuleViolation) as exc:
        services.proposal_update(
            place=in_bucks, actor=people["neighbour"], proposal=idea, title="Mine now"
        )
    assert exc.value.messages == ["Only the person who proposed this idea can change it."]
    answer(in_bucks, people, idea)
    for attempt in (services.proposal_update, services.proposal_withdraw):
        kwargs = {"title": "Three benches"} if attempt is services.proposal_update else {}
        with pytest.raises(RuleViolation) as exc:
            attempt(place=in_bucks, actor=people["resident"], proposal=idea, **kwargs)
        assert exc.value.messages == [ANSWERED]
    idea.refresh_from_db()
    assert (idea.title, idea.status) == ("Two benches", ProposalStatus.UNDER_CONSIDERATION)
    assert actions(in_bucks) == [
        "boards.proposal.create",
        "boards.proposal.update",
        "boards.proposal.answer",
    ]


def test_an_answered_idea_keeps_its_words_in_the_model(in_bucks, people, idea):
    answer(in_bucks, people, idea)
    stored = Proposal.objects.get(pk=idea.pk)
    stored.title = "Rewritten after the answer"
    with pytest.raises(Exception) as exc:
        stored.full_clean()
    assert ANSWERED in str(exc.value)


def test_a_withdrawn_idea_takes_no_support_and_no_answer(in_bucks, people, idea):
    services.proposal_support(place=in_bucks, actor=people["neighbour"], proposal=idea)
    services.proposal_withdraw(place=in_bucks, actor=people["resident"], proposal=idea)
    idea.refresh_from_db()
    assert idea.status == ProposalStatus.WITHDRAWN
    refusal = ["This idea was withdrawn by its proposer."]
    with pytest.raises(RuleViolation) as exc:
        services.proposal_support(place=in_bucks, actor=people["member"], proposal=idea)
    assert exc.value.messages == refusal
    with pytest.raises(RuleViolation) as exc:
        answer(in_bucks, people, idea, ProposalStatus.ACCEPTED)
    assert exc.value.messages == refusal
    with pytest.raises(RuleViolation) as exc:
        services.proposal_update(
            place=in_bucks, actor=people["resident"], proposal=idea, title="Back again"
        )
    assert exc.value.messages == refusal
    assert actions(in_bucks)[-1] == "boards.proposal.withdraw"


# Pages


def test_the_proposer_sees_change_and_withdraw_and_no_support_button(in_bucks, people, idea):
    page = as_user(people["resident"]).get(idea.get_absolute_url()).content.decode()
    assert "Change your idea" in page and "Withdraw your idea" in page
    assert "Support this idea" not in page
    # Pressing support on one's own idea anyway is refused with the reason.
    refused = as_user(people["resident"]).post(url("proposal_support", pk=idea.pk), follow=True)
    assert "This is your own idea: support comes from other people." in refused.content.decode()
    assert idea.supports.count() == 0


def test_a_neighbour_supports_and_withdraws_support_on_the_page(in_bucks, people, idea):
    neighbour = as_user(people["neighbour"])
    page = neighbour.get(idea.get_absolute_url()).content.decode()
    assert "Support this idea" in page and "Change your idea" not in page
    page = neighbour.post(url("proposal_support", pk=idea.pk), follow=True).content.decode()
    assert "You support this idea." in page and "Withdraw your support" in page
    page = neighbour.post(url("proposal_unsupport", pk=idea.pk), follow=True).content.decode()
    assert "You no longer support this idea." in page and "Support this idea" in page
    assert idea.supports.count() == 0


def test_the_proposer_changes_then_cannot_after_the_answer(in_bucks, people, idea):
    resident = as_user(people["resident"])
    response = resident.post(
        url("proposal_edit", pk=idea.pk), {"title": "Benches", "description": "By the bridge"}
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.description == "By the bridge"
    answer(in_bucks, people, idea)
    page = resident.get(idea.get_absolute_url()).content.decode()
    assert "Change your idea" not in page and "Withdraw your idea" not in page
    assert "The board has answered your idea, so it can no longer be changed" in page
    refused = resident.post(
        url("proposal_edit", pk=idea.pk), {"title": "Benches", "description": "Anywhere"}
    )
    assert refused.status_code == 200
    assert ANSWERED in refused.content.decode()
    withdraw = resident.post(url("proposal_withdraw", pk=idea.pk), follow=True)
    assert ANSWERED in withdraw.content.decode()
    idea.refresh_from_db()
    assert (idea.description, idea.status) == ("By the bridge", ProposalStatus.UNDER_CONSIDERATION)


def test_only_the_proposer_reaches_the_change_page(in_bucks, people, idea):
    assert as_user(people["neighbour"]).get(url("proposal_edit", pk=idea.pk)).status_code == 403
    anonymous = as_user().get(url("proposal_edit", pk=idea.pk))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_withdrawing_on_the_page(in_bucks, people, idea):
    page = as_user(people["resident"]).post(url("proposal_withdraw", pk=idea.pk), follow=True)
    text = page.content.decode()
    assert "Your idea is withdrawn." in text and "The proposer withdrew this idea." in text
    neighbour_page = as_user(people["neighbour"]).get(idea.get_absolute_url()).content.decode()
    assert "Support this idea" not in neighbour_page
    officer_page = as_user(people["admin"]).get(idea.get_absolute_url()).content.decode()
    assert "Answer for the board" not in officer_page


# The API


def test_api_refuses_support_for_ones_own_idea_and_withdraws_support(in_bucks, people, idea):
    own = api_as(people["resident"]).post(BASE + f"{idea.pk}/support/")
    assert own.status_code == 400
    assert own.json()["error"]["message"] == (
        "This is your own idea: support comes from other people."
    )
    neighbour = api_as(people["neighbour"])
    assert neighbour.post(BASE + f"{idea.pk}/support/").json()["support_count"] == 1
    back = neighbour.post(BASE + f"{idea.pk}/withdraw-support/")
    assert back.status_code == 200 and back.json()["support_count"] == 0
    assert neighbour.post(BASE + f"{idea.pk}/withdraw-support/").status_code == 400


def test_api_changes_and_withdraws_until_answered(in_bucks, people, idea):
    resident = api_as(people["resident"])
    changed = resident.patch(BASE + f"{idea.pk}/", {"title": "Picnic benches"}, format="json")
    assert changed.status_code == 200
    assert changed.json()["title"] == "Picnic benches"
    assert changed.json()["edited_at"] is not None
    assert (
        api_as(people["neighbour"])
        .patch(BASE + f"{idea.pk}/", {"title": "Not yours"}, format="json")
        .status_code
        == 403
    )
    blank = resident.patch(BASE + f"{idea.pk}/", {"title": ""}, format="json")
    assert blank.status_code == 400 and "title" in blank.json()["error"]["fields"]
    answer(in_bucks, people, idea)
    refused = resident.patch(BASE + f"{idea.pk}/", {"title": "Later"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["error"]["message"] == ANSWERED
    withdraw = resident.post(BASE + f"{idea.pk}/withdraw/")
    assert withdraw.status_code == 400 and withdraw.json()["error"]["message"] == ANSWERED
    idea.refresh_from_db()
    assert idea.title == "Picnic benches"


def test_api_withdraw_then_the_board_cannot_answer(in_bucks, people, idea):
    withdrawn = api_as(people["resident"]).post(BASE + f"{idea.pk}/withdraw/")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    answered = api_as(people["admin"]).post(
        BASE + f"{idea.pk}/answer/", {"status": "accepted"}, format="json"
    )
    assert answered.status_code == 400
    assert answered.json()["error"]["message"] == "This idea was withdrawn by its proposer."
    listed = api_as(people["neighbour"]).get(BASE, {"status": "withdrawn"}).json()["results"]
    assert [p["id"] for p in listed] == [idea.pk]


# The admin


def test_the_admin_form_keeps_an_answered_idea_s_words(in_bucks, people, idea):
    answer(in_bucks, people, idea)
    admin = site._registry[Proposal]
    form_class = admin.get_form(request=None, obj=idea, fields=["title", "description"])
    form = form_class(
        data={"title": "Changed by hand", "description": idea.description},
        instance=Proposal.objects.get(pk=idea.pk),
    )
    assert not form.is_valid()
    assert form.errors["title"] == [ANSWERED]
