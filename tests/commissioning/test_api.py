"""The commissioning API: place-scoped, the same privacy as the pages, refusals as field errors."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from commissioning import services
from commissioning.models import Stage

from .helpers import council_of, food_theme, leader_of, officer_of, opened, tender

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def base(place):
    return f"/api/v1/places/{place.slug}/"


def test_anyone_reads_tenders_with_their_timeline(api, bucks, council, officer):
    t = opened(bucks, officer, tender(bucks, officer, council, title="Warm homes"))
    body = api.get(base(bucks) + "tenders/").json()
    assert [row["title"] for row in body["results"]] == ["Warm homes"]
    detail = api.get(base(bucks) + f"tenders/{t.pk}/").json()
    assert [step["to_stage"] for step in detail["timeline"]] == ["pipeline", "co_design", "open"]
    assert detail["themes"] == ["food"]
    assert api.get(base(bucks) + "tenders/?stage=awarded").json()["results"] == []


def test_an_officer_creates_and_moves_a_tender_and_order_is_enforced(
    api, bucks, coventry, council, officer
):
    api.force_authenticate(officer)
    payload = {
        "commissioner": council.pk,
        "reference": "API-1",
        "title": "Advice",
        "description": "Money advice",
        "estimated_value": "50000.00",
        "contract_months": 12,
        "procurement_method": "selective",
        "themes": [food_theme().slug],
    }
    response = api.post(base(bucks) + "tenders/", payload, format="json")
    assert response.status_code == 201, response.json()
    tender_id = response.json()["id"]
    response = api.post(
        base(bucks) + f"tenders/{tender_id}/stage/",
        {"to_stage": "evaluation", "rationale": "Skip"},
        format="json",
    )
    assert response.status_code == 400
    assert "cannot move to Evaluation" in response.json()["error"]["fields"]["to_stage"][0]
    # Another place's council cannot commission here: it does not exist in this place.
    elsewhere = council_of(coventry, "Coventry City Council")
    response = api.post(
        base(bucks) + "tenders/", {**payload, "reference": "API-2", "commissioner": elsewhere.pk}
    )
    assert response.status_code == 400
    assert "commissioner" in response.json()["error"]["fields"]


def test_a_comment_on_another_places_tender_is_refused(api, bucks, coventry, council, officer):
    t = tender(bucks, officer, council)
    services.tender_change_stage(
        place=bucks, actor=officer, tender=t, to_stage=Stage.CO_DESIGN, rationale="Go"
    )
    section = services.section_add(place=bucks, actor=officer, tender=t, heading="H", body="B")
    leader, organisation = leader_of(coventry)
    api.force_authenticate(leader)
    response = api.post(
        base(coventry) + "co-design-comments/",
        {"section": section.pk, "organisation": organisation.pk, "body": "Hello"},
        format="json",
    )
    assert response.status_code == 400
    assert "does not exist" in response.json()["error"]["fields"]["section"][0]


def test_bids_are_private_to_the_bidder_and_the_team(api, bucks, council, officer, charity):
    leader, organisation = charity
    rival, _rival_org = leader_of(bucks)
    t = opened(bucks, officer, tender(bucks, officer, council))
    api.force_authenticate(leader)
    response = api.post(
        base(bucks) + "submissions/",
        {"tender": t.pk, "lead": organisation.pk, "summary": "Plan", "price": "100.00"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    bid_id = response.json()["id"]
    api.force_authenticate(None)
    assert api.get(base(bucks) + "submissions/").json()["results"] == []
    assert api.get(base(bucks) + f"submissions/{bid_id}/").status_code == 404
    api.force_authenticate(rival)
    assert api.get(base(bucks) + "submissions/").json()["results"] == []
    other_officer = officer_of(bucks, council_of(bucks, "Another Council"))
    api.force_authenticate(other_officer)
    assert api.get(base(bucks) + f"submissions/{bid_id}/").status_code == 404
    api.force_authenticate(officer)
    assert api.get(base(bucks) + f"submissions/{bid_id}/").json()["summary"] == "Plan"


def test_comments_and_questions_do_not_say_who_to_other_bidders(
    api, bucks, council, officer, charity
):
    leader, organisation = charity
    t = opened(
        bucks, officer, tender(bucks, officer, council), leader=leader, organisation=organisation
    )
    [comment] = api.get(base(bucks) + "co-design-comments/").json()["results"]
    assert comment["by"] == "Participant 1" and "organisation" not in comment
    api.force_authenticate(officer)
    [comment] = api.get(base(bucks) + "co-design-comments/").json()["results"]
    assert comment["by"] == organisation.name
    api.force_authenticate(leader)
    response = api.post(
        base(bucks) + "clarifications/",
        {"tender": t.pk, "organisation": organisation.pk, "question": "When?"},
        format="json",
    )
    assert response.status_code == 201
    api.force_authenticate(None)
    assert api.get(base(bucks) + "clarifications/").json()["results"] == []
    api.force_authenticate(officer)
    question_id = response.json()["id"]
    api.post(base(bucks) + f"clarifications/{question_id}/answer/", {"answer": "In May."})
    api.force_authenticate(None)
    [public] = api.get(base(bucks) + "clarifications/").json()["results"]
    assert public == {
        "id": question_id,
        "tender": t.pk,
        "question": "When?",
        "asked_at": public["asked_at"],
        "answer": "In May.",
        "answered_at": public["answered_at"],
    }


def test_the_award_is_public_with_its_rationale(api, bucks, council, officer, charity):
    from datetime import timedelta

    leader, organisation = charity
    t = opened(bucks, officer, tender(bucks, officer, council))
    bid = services.submission_submit(
        place=bucks, actor=leader, tender=t, lead=organisation, summary="S", price=Decimal("9")
    )
    services.tender_change_stage(
        place=bucks,
        actor=officer,
        tender=t,
        to_stage="evaluation",
        rationale="Closed",
        now=t.submission_deadline + timedelta(minutes=1),
    )
    api.force_authenticate(officer)
    response = api.post(
        base(bucks) + "awards/",
        {"tender": t.pk, "submission": bid.pk, "value": "9.00", "rationale": "Only bid, strong"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    api.force_authenticate(None)
    [award] = api.get(base(bucks) + "awards/").json()["results"]
    assert award["supplier"] == organisation.name and award["rationale"] == "Only bid, strong"
