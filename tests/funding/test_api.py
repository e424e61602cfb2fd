"""The funding API: the privacy rules per role, decisions and refusals in the one error shape."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from coordination.accounts.models import Membership, Role
from coordination.organisations.models import OrganisationKind
from funding.models import Bid, BidState
from tests.support.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def base(place):
    return f"/api/v1/places/{place.slug}/funding/"


@pytest.fixture
def other_funder(bucks, make_member):
    organisation = OrganisationFactory(
        name="Vale Trust", kind=OrganisationKind.FUNDER, places=[bucks]
    )
    return make_member(bucks, Role.FUNDER, organisation=organisation)


def test_programmes_are_public_and_a_funder_adds_its_own(bucks, programme, funder, funder_org):
    listing = api().get(base(bucks) + "programmes/").json()
    assert [p["title"] for p in listing["results"]] == ["Core Strength Fund"]
    created = api(funder).post(
        base(bucks) + "programmes/",
        {
            "funder": funder_org.pk,
            "title": "Capital fund",
            "description": "Buildings.",
            "funding_type": "capital",
            "amount_min": "1000",
            "amount_max": "100000",
            "grant_length_months": 12,
            "opens_on": "2026-01-01",
            "themes": ["food"],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["is_rolling"] is True


def test_a_funder_cannot_change_another_funders_programme(bucks, programme, other_funder):
    response = api(other_funder).patch(
        base(bucks) + f"programmes/{programme.pk}/", {"title": "Taken"}, format="json"
    )
    assert response.status_code == 400
    assert "own funder" in response.json()["error"]["message"]
    programme.refresh_from_db()
    assert programme.title == "Core Strength Fund"


def test_bid_privacy_by_role(
    bucks, make_bid, decline, award, leader, funder, other_funder, make_member
):
    consented = make_bid(title="Shared pantry", submit=True)
    private = make_bid(title="Private pantry", submit=True, share_summary=False)
    declined = make_bid(title="Declined pantry", submit=True)
    decline(declined)
    granted = make_bid(title="Granted pantry", submit=True)
    award(granted)
    everyone = {consented.pk, private.pk, declined.pk, granted.pk}

    def seen(user, path="bids/"):
        body = api(user).get(base(bucks) + path).json()
        return {b["id"] for b in body["results"]} if "results" in body else body

    assert seen(leader) == everyone
    assert seen(funder) == everyone
    assert seen(other_funder) == set()
    assert api(other_funder).get(base(bucks) + f"bids/{consented.pk}/").status_code == 404
    shared = api(other_funder).get(base(bucks) + "shared-bids/").json()["results"]
    # Live and awarded bids that consented; never a declined one, never one that did not consent.
    assert {b["id"] for b in shared} == {consented.pk, granted.pk}
    assert set(shared[0]) == {
        "id",
        "programme",
        "funder",
        "applicant",
        "title",
        "summary",
        "amount_requested",
        "duration_months",
        "themes",
        "areas",
        "state",
    }
    assert api(leader).get(base(bucks) + "shared-bids/").status_code == 403
    for role in (Role.PLACE_ADMIN, Role.COUNCIL_OFFICER, Role.RESIDENT, Role.CHARITY_LEADER):
        assert seen(make_member(bucks, role)) == set()
    assert api().get(base(bucks) + "bids/").status_code == 401
    grants = api().get(base(bucks) + "grants/").json()["results"]
    assert [g["title"] for g in grants] == ["Granted pantry"]
    assert api().get(base(bucks) + f"grants/{declined.pk}/").status_code == 404


def test_feedback_reaches_the_applicant_only_when_released(
    bucks, make_bid, decline, leader, funder
):
    bid = make_bid(submit=True)
    decline(bid, release=False)
    url = base(bucks) + f"bids/{bid.pk}/"
    assert api(leader).get(url).json()["feedback"] is None
    assert api(funder).get(url).json()["feedback"]["reasons"] == [
        "over_subscribed",
        "evidence_of_need",
    ]
    api(funder).post(url + "release-feedback/")
    body = api(leader).get(url).json()
    assert body["feedback"]["strengths"] == "A clear plan, well costed."
    rated = api(leader).post(
        url + "rate-feedback/", {"helped": False, "comment": "Too vague"}, format="json"
    )
    assert rated.json()["feedback"]["helped"] is False


def test_the_whole_journey_through_the_api(bucks, programme, leader, charity_org, funder):
    created = api(leader).post(
        base(bucks) + "bids/",
        {
            "programme": programme.pk,
            "applicant": charity_org.pk,
            "title": "Warm hubs",
            "summary": "Warm hubs in libraries.",
            "amount_requested": "12000.00",
            "duration_months": 12,
            "themes": ["loneliness"],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    url = created.json()["url"]
    submitted = api(leader).post(url + "submit/").json()
    assert submitted["state"] == "submitted"
    # Decisions come within the programme's 60 days of its deadline.
    assert submitted["decision_due_on"] == (programme.deadline + timedelta(days=60)).isoformat()
    assert api(funder).post(url + "review/").json()["state"] == "under_review"
    awarded = api(funder).post(
        url + "award/",
        {
            "amount": "11000",
            "start": "2026-02-01",
            "spend_by": "2027-01-31",
            "awarded_in_past": True,
        },
        format="json",
    )
    body = awarded.json()
    assert body["state"] == "awarded" and body["amount_awarded"] == "11000.00"
    assert body["award_end"] == "2027-01-31"
    assert [e["to_state"] for e in body["events"]] == [
        "draft",
        "submitted",
        "under_review",
        "awarded",
    ]


def test_bad_input_is_refused_with_clear_messages_and_nothing_changes(
    bucks, programme, make_bid, leader, funder, other_funder, charity_org
):
    too_much = api(leader).post(
        base(bucks) + "bids/",
        {
            "programme": programme.pk,
            "applicant": charity_org.pk,
            "title": "Too much",
            "summary": "s",
            "amount_requested": "999999",
            "duration_months": 12,
        },
        format="json",
    )
    assert too_much.status_code == 400
    assert "between £5,000 and £50,000" in too_much.json()["error"]["fields"]["amount_requested"][0]

    bid = make_bid(submit=True)
    url = base(bucks) + f"bids/{bid.pk}/"
    no_feedback = api(funder).post(url + "decline/", {}, format="json")
    assert no_feedback.status_code == 400
    assert set(no_feedback.json()["error"]["fields"]) >= {"reasons", "strengths", "to_strengthen"}
    assert (
        api(other_funder)
        .post(
            url + "award/",
            {"amount": "9000", "start": "2026-01-01", "spend_by": "2026-12-31"},
            format="json",
        )
        .status_code
        == 404
    )
    api(leader).post(url + "withdraw/")
    awarding_withdrawn = api(funder).post(
        url + "award/",
        {"amount": "9000", "start": "2026-01-01", "spend_by": "2026-12-31"},
        format="json",
    )
    assert awarding_withdrawn.status_code == 400
    assert (
        awarding_withdrawn.json()["error"]["message"]
        == "A bid that is withdrawn cannot become awarded."
    )
    assert Bid.objects.for_place(bucks).get(pk=bid.pk).state == BidState.WITHDRAWN
    assert Bid.objects.for_place(bucks).get(pk=bid.pk).amount_awarded is None


def test_the_api_amount_is_decimal_money(bucks, make_bid, funder):
    bid = make_bid(submit=True, amount_requested=Decimal("12345.67"))
    body = api(funder).get(base(bucks) + f"bids/{bid.pk}/").json()
    assert body["amount_requested"] == "12345.67"


def test_the_figures_are_public_in_the_api(bucks, make_bid, award, decline, funder_org):
    award(make_bid(title="Granted", submit=True))
    decline(make_bid(title="Refused", submit=True))
    body = api().get(base(bucks) + "grants/figures/").json()
    assert body["place"]["awards"] == 1
    assert body["place"]["core_share"] == 100.0
    assert body["place"]["feedback_rate"] == 100.0
    assert body["place"]["median_grant_months"] == 24
    assert body["place"]["programmes"][0]["success_rate"] == 50.0
    assert [(f["name"], f["figures"]["declined"]) for f in body["funders"]] == [
        ("Chiltern Community Foundation", 1)
    ]
    assert "Refused" not in str(body)


def test_funders_read_the_overlaps_in_the_api(
    bucks, make_bid, award, funder, other_funder, leader, make_programme
):
    vale = Membership.objects.for_place(bucks).get(user=other_funder).organisation
    vale_programme = make_programme(actor=other_funder, funder=vale, title="Vale fund")
    mine = make_bid(title="Meals (Chiltern)", submit=True)
    theirs = make_bid(title="Meals (Vale)", submit=True, programme_=vale_programme)
    make_bid(title="Meals (private)", submit=True, programme_=vale_programme, share_summary=False)
    body = api(funder).get(base(bucks) + "shared-bids/overlaps/").json()
    assert body["flags"] == [
        {
            "kind": "same_purpose",
            "organisation": "Wycombe Food Hub",
            "bids": [mine.pk, theirs.pk],
            "themes": ["Food"],
            "similarity": 71.4,  # the titles differ by the funder's name
        }
    ]
    assert body["unmet_needs"] == []
    assert api(leader).get(base(bucks) + "shared-bids/overlaps/").status_code == 403
    assert api().get(base(bucks) + "shared-bids/overlaps/").status_code == 401


def test_a_bid_read_by_one_person_is_not_shown_to_another(
    bucks, make_bid, leader, funder, other_funder, charity_org, make_member
):
    # Reading a bid first as its applicant or funder must not let anyone outside those
    # organisations read it afterwards.
    bid = make_bid(submit=True)
    draft = make_bid(title="Not yet sent")
    url = base(bucks) + f"bids/{bid.pk}/"
    colleague = make_member(bucks, Role.CHARITY_LEADER, organisation=charity_org)
    outsider = make_member(bucks, Role.CHARITY_LEADER)
    for _ in range(2):  # a second round reads after the first
        assert api(leader).get(url).json()["title"] == "Hot meals for Castlefield"
        assert api(colleague).get(url).status_code == 200  # the same audience as the leader
        assert api(funder).get(url).status_code == 200
        assert api(other_funder).get(url).status_code == 404
        assert api(outsider).get(url).status_code == 404
        assert api(make_member(bucks, Role.PLACE_ADMIN)).get(url).status_code == 404
        assert api(leader).get(base(bucks) + f"bids/{draft.pk}/").status_code == 200
        assert api(funder).get(base(bucks) + f"bids/{draft.pk}/").status_code == 404  # a draft
