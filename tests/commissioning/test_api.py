"""The commissioning API: place-scoped, the same privacy as the pages, refusals as field errors."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from commissioning import selectors, services
from commissioning.models import Stage
from tests.support.commissioning import (
    council_of,
    deadline_passes,
    food_theme,
    leader_of,
    locally_embedded,
    officer_of,
    opened,
    tender,
)

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
    # Sealed until the deadline: the commissioning team too sees nothing of it.
    api.force_authenticate(officer)
    assert api.get(base(bucks) + "submissions/").json()["results"] == []
    assert api.get(base(bucks) + f"submissions/{bid_id}/").status_code == 404
    deadline_passes(t)
    assert api.get(base(bucks) + f"submissions/{bid_id}/").json()["summary"] == "Plan"
    [shown] = api.get(base(bucks) + "submissions/").json()["results"]
    assert shown["lead"] == organisation.pk and shown["price"] == "100.00"
    api.force_authenticate(rival)
    assert api.get(base(bucks) + "submissions/").json()["results"] == []


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


def test_lots_criteria_interest_and_co_design_through_the_api(
    api, bucks, council, officer, charity
):
    leader, organisation = charity
    t = tender(bucks, officer, council)
    url = base(bucks) + f"tenders/{t.pk}/"
    api.force_authenticate(officer)
    response = api.post(url + "lots/", {"title": "North", "estimated_value": "1000"})
    assert response.status_code == 201, response.json()
    response = api.post(url + "criteria/", {"title": "Quality", "weight": 120}, format="json")
    assert response.status_code == 400
    assert "weight" in response.json()["error"]["fields"]
    assert api.post(url + "criteria/", {"title": "Quality", "weight": 100}).status_code == 201
    response = api.post(url + "criteria/", {"title": "Extra", "weight": 1}, format="json")
    assert "more than 100" in response.json()["error"]["fields"]["weight"][0]
    # A charity cannot add lots; an officer cannot register interest for a charity.
    api.force_authenticate(leader)
    assert api.post(url + "lots/", {"title": "Mine"}).status_code == 403
    services.tender_change_stage(
        place=bucks, actor=officer, tender=t, to_stage=Stage.CO_DESIGN, rationale="Go"
    )
    response = api.post(url + "co-design/", {"organisation": organisation.pk}, format="json")
    assert response.status_code == 201, response.json()
    response = api.post(url + "co-design/", {"organisation": organisation.pk}, format="json")
    assert "already in the co-design group" in response.json()["error"]["fields"]["organisation"][0]
    response = api.post(url + "interest/", {"organisation": organisation.pk}, format="json")
    assert response.status_code == 201
    body = api.get(url).json()
    assert [lot["title"] for lot in body["lots"]] == ["North"]
    assert [(c["title"], c["weight"]) for c in body["criteria"]] == [("Quality", 100)]
    assert body["invitation_counts"] == {"invited": 0, "viewed": 0, "bid": 0, "interested": 1}
    assert body["proportionality"]["flagged"] is False


def test_suggestions_scores_feedback_and_withdrawal_through_the_api(
    api, bucks, council, officer, charity
):
    from datetime import timedelta

    from mapping import services as mapping_services

    leader, organisation = charity
    rival_leader, rival = leader_of(bucks)
    locally_embedded(rival, bucks)
    mapping_services.service_create(
        place=bucks,
        actor=None,
        organisation=rival,
        name="Rival pantry",
        themes=[food_theme()],
        whole_place=True,
    )
    t = tender(bucks, officer, council)
    services.criterion_add(place=bucks, actor=officer, tender=t, title="Quality", weight=100)
    t = opened(bucks, officer, t)
    url = base(bucks)
    api.force_authenticate(officer)
    suggested = api.get(url + f"tenders/{t.pk}/suggestions/").json()
    assert [(s["organisation"], s["locally_embedded"], s["services"]) for s in suggested] == [
        (rival.pk, True, ["Rival pantry"])
    ]
    assert "Registered office in Buckinghamshire (HP1 2AB)" in suggested[0]["reasons"]
    api.force_authenticate(leader)
    assert api.get(url + f"tenders/{t.pk}/suggestions/").status_code == 403
    bid = api.post(
        url + "submissions/",
        {"tender": t.pk, "lead": organisation.pk, "summary": "v1", "price": "9"},
        format="json",
    ).json()
    assert bid["scores"] is None  # no scores for a bidder before the award
    assert api.post(url + f"submissions/{bid['id']}/withdraw/").status_code == 204
    bid = api.post(
        url + "submissions/",
        {"tender": t.pk, "lead": organisation.pk, "summary": "v2", "price": "8"},
        format="json",
    ).json()
    rival_bid = services.submission_submit(
        place=bucks, actor=rival_leader, tender=t, lead=rival, summary="R", price=Decimal("7")
    )
    after = t.submission_deadline + timedelta(minutes=1)
    services.tender_change_stage(
        place=bucks,
        actor=officer,
        tender=t,
        to_stage=Stage.EVALUATION,
        rationale="Closed",
        now=after,
    )
    quality = selectors.criteria_of(t).get()
    api.force_authenticate(officer)
    response = api.post(
        url + f"submissions/{bid['id']}/scores/",
        {"scores": [{"criterion": quality.pk, "score": 11}]},
        format="json",
    )
    assert response.status_code == 400
    response = api.post(
        url + f"submissions/{bid['id']}/scores/",
        {"scores": [{"criterion": quality.pk, "score": 8, "comment": "Strong"}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["scores"] == [{"criterion": quality.pk, "score": 8, "comment": "Strong"}]
    # The award waits for the rival's score.
    response = api.post(
        url + "awards/",
        {"tender": t.pk, "submission": bid["id"], "value": "8", "rationale": "Best"},
        format="json",
    )
    assert response.status_code == 400
    assert "still missing" in response.json()["error"]["fields"]["submission"][0]
    api.post(
        url + f"submissions/{rival_bid.pk}/scores/",
        {"scores": [{"criterion": quality.pk, "score": 4}]},
        format="json",
    )
    response = api.post(
        url + "awards/",
        {"tender": t.pk, "submission": bid["id"], "value": "8", "rationale": "Best"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    response = api.post(
        url + f"submissions/{rival_bid.pk}/feedback/", {"feedback": "Thin on outcomes."}
    )
    assert response.json()["feedback"] == "Thin on outcomes."
    # After the award the bidder sees its scores, without the evaluators' comments.
    api.force_authenticate(leader)
    mine = api.get(url + f"submissions/{bid['id']}/").json()
    assert mine["scores"] == [{"criterion": quality.pk, "score": 8, "comment": ""}]
    assert (
        api.post(url + f"submissions/{bid['id']}/feedback/", {"feedback": "x"}).status_code == 403
    )


def test_section_versions_come_with_what_changed(api, bucks, council, officer, charity):
    leader, organisation = charity
    t = opened(
        bucks, officer, tender(bucks, officer, council), leader=leader, organisation=organisation
    )
    body = api.get(base(bucks) + f"specification-sections/?tender={t.pk}").json()
    (section,) = body["results"]
    assert [v["number"] for v in section["versions"]] == [1, 2]
    (change,) = section["changes"]
    assert (change["from_version"], change["to_version"]) == (1, 2)
    assert change["change_note"] == "Cooking skills, from co-design"
    assert {"kind": "added", "text": "Teach cooking skills."} in change["lines"]


def test_the_openapi_schema_documents_every_commissioning_route(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in (
        "/tenders/{id}/stage/",
        "/tenders/{id}/lots/",
        "/tenders/{id}/criteria/",
        "/tenders/{id}/suggestions/",
        "/tenders/{id}/interest/",
        "/tenders/{id}/co-design/",
        "/specification-sections/{id}/revise/",
        "/co-design-comments/{id}/respond/",
        "/tender-invitations/",
        "/clarifications/{id}/answer/",
        "/submissions/{id}/scores/",
        "/submissions/{id}/feedback/",
        "/submissions/{id}/withdraw/",
        "/awards/",
    ):
        assert f"/api/v1/places/{{place_slug}}{path}" in schema, path
    assert "invitation_counts" in schema and "proportionality" in schema


def test_the_tender_list_costs_the_same_queries_for_one_tender_or_twenty(
    api, bucks, council, officer, django_assert_max_num_queries
):
    def busy_tender():
        t = tender(bucks, officer, council)
        services.lot_add(place=bucks, actor=officer, tender=t, title="Lot")
        services.criterion_add(place=bucks, actor=officer, tender=t, title="Quality", weight=100)

    busy_tender()
    with django_assert_max_num_queries(20) as one:
        assert len(api.get(base(bucks) + "tenders/").json()["results"]) == 1
    for _i in range(19):
        busy_tender()
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(api.get(base(bucks) + "tenders/").json()["results"]) == 20
