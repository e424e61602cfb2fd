"""Declarations of interest, votes and decisions are permanent records: removing an agenda item,
deleting a meeting, a board or a person never takes them away (pages, API, admin); they are
corrected by amendment with history; a person who leaves or is erased shows as a former member."""

from datetime import timedelta

import pytest
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from boards import services
from boards.models import (
    AgendaItem,
    Board,
    Decision,
    DeclarationOfInterest,
    Meeting,
    Position,
    RecordAmendment,
    Vote,
)
from coordination.audit.models import AuditEntry
from coordination.errors import RuleViolation
from tests.support import boards as build
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/places/buckinghamshire/"


def url(name, **kwargs):
    return reverse(f"places:boards:{name}", kwargs={"place_slug": "buckinghamshire", **kwargs})


def as_user(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def api_as(user):
    client = APIClient()
    client.force_authenticate(user=user)
    return client


@pytest.fixture
def held(in_bucks, people):
    """A public board's meeting under way, its chair and two members present, with a declaration,
    a vote and a decision on its one item."""
    place = in_bucks
    since = timezone.localdate() - timedelta(days=30)
    board = build.board(place, name="Town Board", is_public=True, quorum=2)
    for who, position in (("chair", Position.CHAIR), ("member", Position.MEMBER)):
        build.seat(place, board, people[who], position=position, started_on=since)
    build.seat(place, board, people["leader"], started_on=since)
    meeting = build.meeting(place, board, in_days=0, hours=3, is_public=True, title="Town meeting")
    Meeting.objects.for_place(place).filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(hours=1)
    )
    meeting.refresh_from_db()
    for who in ("chair", "member", "leader"):
        services.attendance_record(
            place=place, actor=None, meeting=meeting, user=people[who], status="present"
        )
    item = services.agenda_item_add(
        place=place, actor=people["chair"], meeting=meeting, title="Skate park grant"
    )
    declaration = services.declaration_record(
        place=place,
        actor=people["chair"],
        meeting=meeting,
        member=people["leader"],
        agenda_item=item,
        kind="financial",
        nature="Trustee of the skate park charity",
    )
    vote = services.vote_record(
        place=place, actor=people["chair"], agenda_item=item, member=people["member"], choice="for"
    )
    services.vote_record(
        place=place, actor=people["chair"], agenda_item=item, member=people["chair"], choice="for"
    )
    decision = services.decision_record(
        place=place, actor=people["chair"], meeting=meeting, agenda_item=item, text="Grant agreed."
    )
    return {
        "place": place,
        "board": board,
        "meeting": meeting,
        "item": item,
        "declaration": declaration,
        "vote": vote,
        "decision": decision,
    }


def _records_kept(held):
    assert (
        DeclarationOfInterest.objects.for_place(held["place"])
        .filter(pk=held["declaration"].pk)
        .exists()
    )
    assert Vote.objects.for_place(held["place"]).filter(pk=held["vote"].pk).exists()
    assert Decision.objects.for_place(held["place"]).filter(pk=held["decision"].pk).exists()


# No cascade


def test_a_decision_on_recorded_votes_counts_them(held):
    decision = held["decision"]
    assert decision.method == "votes"
    assert (decision.votes_for, decision.votes_against, decision.votes_abstain) == (2, 0, 0)


def test_removing_an_agenda_item_with_records_is_refused_on_the_page(held, people):
    client = as_user(people["chair"])
    item = held["item"]
    page = client.get(url("agenda_item_remove", pk=item.pk)).content.decode()
    assert "stays on the agenda" in page
    assert "Take it off the agenda" not in page
    response = client.post(url("agenda_item_remove", pk=item.pk), follow=True)
    assert "stays on the agenda" in response.content.decode()
    assert AgendaItem.objects.for_place(held["place"]).filter(pk=item.pk).exists()
    _records_kept(held)
    meeting_page = as_user().get(url("meeting_detail", pk=held["meeting"].pk)).content.decode()
    assert "Trustee of the skate park charity" in meeting_page
    assert "Grant agreed." in meeting_page


def test_the_service_refuses_to_remove_an_item_with_records_and_an_empty_item_goes(held, people):
    with pytest.raises(RuleViolation, match="stays on the agenda"):
        services.agenda_item_remove(place=held["place"], actor=people["chair"], item=held["item"])
    spare = services.agenda_item_add(
        place=held["place"], actor=None, meeting=held["meeting"], title="Any other business"
    )
    services.agenda_item_remove(place=held["place"], actor=people["chair"], item=spare)
    assert not AgendaItem.objects.for_place(held["place"]).filter(pk=spare.pk).exists()
    _records_kept(held)


def test_the_api_has_no_way_to_delete_items_or_records(held, people):
    client = api_as(people["chair"])
    for path in (
        f"agenda-items/{held['item'].pk}/",
        f"declarations/{held['declaration'].pk}/",
        f"votes/{held['vote'].pk}/",
        f"decisions/{held['decision'].pk}/",
        f"meetings/{held['meeting'].pk}/",
    ):
        assert client.delete(API + path).status_code == 405, path
    _records_kept(held)


def test_deleting_a_meeting_or_a_board_is_refused_while_it_holds_records(held):
    with pytest.raises(ProtectedError):
        held["meeting"].delete()
    with pytest.raises(ProtectedError):
        held["board"].delete()
    with pytest.raises(ProtectedError):
        held["item"].delete()
    _records_kept(held)


def test_the_admin_refuses_to_delete_a_meeting_or_board_with_records(held, client):
    staff = UserFactory(email="staff@example.org", is_staff=True, is_superuser=True)
    client.force_login(staff)
    meeting_delete = f"/admin/boards/meeting/{held['meeting'].pk}/delete/"
    page = client.get(meeting_delete).content.decode()
    assert "Cannot delete meeting" in page
    assert "declaration of interest" in page
    client.post(meeting_delete, {"post": "yes"})
    board_delete = f"/admin/boards/board/{held['board'].pk}/delete/"
    client.post(board_delete, {"post": "yes"})
    assert Meeting.objects.for_place(held["place"]).filter(pk=held["meeting"].pk).exists()
    assert Board.objects.for_place(held["place"]).filter(pk=held["board"].pk).exists()
    _records_kept(held)
    # The records themselves are shown in the admin, never changed or deleted there.
    declaration_admin = f"/admin/boards/declarationofinterest/{held['declaration'].pk}/"
    assert client.get(declaration_admin + "change/").status_code == 200
    assert client.post(declaration_admin + "delete/", {"post": "yes"}).status_code == 403
    _records_kept(held)


def test_a_person_erased_or_gone_is_shown_as_a_former_member(held, people):
    place = held["place"]
    people["leader"].delete()  # the account is erased
    seat = held["board"].memberships.get(user=people["member"])
    services.board_membership_end(
        place=place, actor=None, membership=seat, ended_on=timezone.localdate() - timedelta(days=1)
    )
    _records_kept(held)
    declaration = DeclarationOfInterest.objects.for_place(place).get(pk=held["declaration"].pk)
    assert declaration.member_id is None
    assert declaration.member_name == "Lee Outsider"
    page = as_user().get(url("meeting_detail", pk=held["meeting"].pk)).content.decode()
    assert "Former member: financial, Trustee of the skate park charity" in page
    assert "Lee Outsider" not in page
    votes = as_user().get(url("votes", pk=held["item"].pk)).content.decode()
    assert "Mo Member (former member): For" in votes
    assert "Cara Chair: For" in votes
    register = as_user().get(url("interests", pk=held["board"].pk)).content.decode()
    assert "Former member" in register
    body = APIClient().get(API + f"votes/?agenda_item={held['item'].pk}").json()
    names = sorted(v["member_name"] for v in body["results"])
    assert names == ["Cara Chair", "Mo Member (former member)"]


# Corrections by amendment


def test_a_clerk_amends_a_declaration_and_the_history_is_on_the_record_page(held, people):
    client = as_user(people["chair"])
    amend = url("declaration_amend", pk=held["declaration"].pk)
    response = client.post(amend, {"kind": "personal", "nature": "Brother runs it", "reason": ""})
    assert response.status_code == 200
    assert "Say why the record is amended." in response.content.decode()
    response = client.post(
        amend,
        {"kind": "personal", "nature": "Brother runs the charity", "reason": "Misheard"},
    )
    assert response.status_code == 302
    declaration = DeclarationOfInterest.objects.for_place(held["place"]).get(
        pk=held["declaration"].pk
    )
    assert declaration.nature == "Brother runs the charity"
    amendment = declaration.amendments.get()
    assert amendment.before == {
        "kind": "financial",
        "nature": "Trustee of the skate park charity",
    }
    assert amendment.after == {"kind": "personal", "nature": "Brother runs the charity"}
    assert amendment.amended_by == people["chair"]
    page = as_user().get(url("meeting_detail", pk=held["meeting"].pk)).content.decode()
    assert "History: 1 amendment" in page
    assert "Misheard" in page
    assert "“Trustee of the skate park charity” became “Brother runs the charity”" in page
    assert (
        AuditEntry.objects.for_place(held["place"])
        .filter(action="boards.declaration.amend")
        .exists()
    )


def test_only_those_who_run_the_board_amend(held, people):
    amend = url("vote_amend", pk=held["vote"].pk)
    assert as_user(people["member"]).get(amend).status_code == 403
    assert as_user().get(amend).status_code == 302  # to sign in
    response = api_as(people["member"]).post(
        API + f"votes/{held['vote'].pk}/amend/", {"choice": "against", "reason": "x"}
    )
    assert response.status_code == 403


def test_withdrawing_a_vote_keeps_it_listed_and_it_no_longer_counts(held, people):
    client = api_as(people["chair"])
    response = client.post(
        API + f"votes/{held['vote'].pk}/amend/",
        {"withdraw": True, "reason": "Recorded against the wrong item"},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["withdrawn_at"] is not None
    assert body["amendments"][0]["reason"] == "Recorded against the wrong item"
    assert body["amendments"][0]["after"] == {"withdrawn": True}
    votes = as_user().get(url("votes", pk=held["item"].pk)).content.decode()
    assert "Mo Member: For" in votes and "Withdrawn" in votes
    # The decision's counts no longer match the votes recorded; correcting it needs them to.
    with pytest.raises(RuleViolation, match="must match the votes recorded"):
        services.decision_amend(
            place=held["place"],
            actor=people["chair"],
            decision=held["decision"],
            reason="Recount",
            text="Grant agreed again.",
        )
    decision = services.decision_amend(
        place=held["place"],
        actor=people["chair"],
        decision=held["decision"],
        reason="One vote was withdrawn",
        votes_for=1,
    )
    assert decision.votes_for == 1
    second = client.post(
        API + f"votes/{held['vote'].pk}/amend/",
        {"choice": "against", "reason": "Again"},
        format="json",
    )
    assert second.status_code == 400
    assert "withdrawn" in str(second.json())


def test_a_decision_is_amended_and_withdrawn_through_the_api_with_history(held, people):
    client = api_as(people["chair"])
    path = API + f"decisions/{held['decision'].pk}/amend/"
    missing = client.post(path, {"text": "Grant agreed with conditions."}, format="json")
    assert missing.status_code == 400
    assert "reason" in str(missing.json())
    done = client.post(
        path, {"text": "Grant agreed with conditions.", "reason": "Wording"}, format="json"
    )
    assert done.status_code == 200, done.content
    withdrawn = client.post(path, {"withdraw": True, "reason": "Taken in error"}, format="json")
    assert withdrawn.status_code == 200, withdrawn.content
    body = client.get(API + f"decisions/{held['decision'].pk}/").json()
    assert body["text"] == "Grant agreed with conditions."
    assert body["withdrawn_at"] is not None
    assert [a["reason"] for a in body["amendments"]] == ["Wording", "Taken in error"]
    assert (
        RecordAmendment.objects.for_place(held["place"]).filter(decision=held["decision"]).count()
        == 2
    )
    page = as_user().get(url("meeting_detail", pk=held["meeting"].pk)).content.decode()
    assert "Grant agreed with conditions." in page and "Withdrawn" in page


def test_declaring_an_interest_withdraws_a_vote_cast_with_history(held, people):
    services.declaration_record(
        place=held["place"],
        actor=people["chair"],
        meeting=held["meeting"],
        member=people["member"],
        agenda_item=held["item"],
        kind="personal",
        nature="Neighbour of the site",
    )
    vote = Vote.objects.for_place(held["place"]).get(pk=held["vote"].pk)
    assert vote.withdrawn_at is not None
    assert "declared an interest" in vote.amendments.get().reason
