"""Invitations suggest locally embedded organisations (a VCSE kind, registered in the place, working
in the tender's areas, small), marked with their reasons and ranked; others only when searched for
and chosen on purpose."""

import pytest

from commissioning import selectors, services
from coordination.places.models import AreaKind
from coordination.places.services import area_create
from mapping import services as mapping_services
from tests.support.commissioning import food_theme, locally_embedded, tender
from tests.support.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def engaging(bucks, council, officer):
    wycombe = area_create(place=bucks, name="High Wycombe", kind=AreaKind.WARD)
    chesham = area_create(place=bucks, name="Chesham", kind=AreaKind.WARD)
    t = tender(bucks, officer, council, areas=[wycombe])
    services.tender_change_stage(
        place=bucks, actor=officer, tender=t, to_stage="market_engagement", rationale="Engage"
    )
    return t, wycombe, chesham


def pantry(bucks, name, **fields):
    organisation = OrganisationFactory(name=name, places=[bucks], **fields)
    mapping_services.service_create(
        place=bucks,
        actor=None,
        organisation=organisation,
        name=f"{name} pantry",
        themes=[food_theme()],
        whole_place=True,
    )
    return organisation


def test_only_locally_embedded_organisations_are_suggested_with_their_reasons(bucks, engaging):
    t, wycombe, chesham = engaging
    # Each of these runs a matching pantry; only the first two are locally embedded.
    shed = locally_embedded(pantry(bucks, "Wycombe Shed", kind="cio"), bucks, areas=[wycombe])
    group = locally_embedded(
        OrganisationFactory(name="Desborough Group", kind="community_group", places=[bucks]),
        bucks,
        areas=[wycombe],
        income_band="",
    )
    group.staff_count = 4
    group.save()
    not_embedded = {
        "business forum": locally_embedded(
            pantry(bucks, "Business Forum", kind="business"), bucks, areas=[wycombe]
        ),
        "NHS partnership": locally_embedded(
            pantry(bucks, "NHS Partnership", kind="health"), bucks, areas=[wycombe]
        ),
        "national funder": locally_embedded(
            pantry(bucks, "National Funder", kind="funder"), bucks, areas=[wycombe]
        ),
        "large charity": locally_embedded(
            pantry(bucks, "Big Charity"), bucks, areas=[wycombe], income_band="over_10m"
        ),
        "registered elsewhere": locally_embedded(
            pantry(bucks, "Coventry Pantry"), bucks, areas=[wycombe], postcode="CV1 2AB"
        ),
        "not in the tender's areas": locally_embedded(
            pantry(bucks, "Chesham Pantry"), bucks, areas=[chesham]
        ),
        "size not known": locally_embedded(
            pantry(bucks, "Quiet Pantry"), bucks, areas=[wycombe], income_band=""
        ),
    }
    suggested = selectors.suggested_organisations(bucks, t)
    # Matching mapped services first, then the rest.
    assert [s.organisation for s in suggested] == [shed, group]
    assert suggested[0].reasons == [
        "Charitable incorporated organisation (CIO)",
        "Registered office in Buckinghamshire (HP1 2AB)",
        "Works in High Wycombe",
        "Income £10,000 to £100,000",
        "Runs Wycombe Shed pantry",
    ]
    assert "4 paid staff" in suggested[1].reasons
    assert not set(not_embedded.values()) & {s.organisation for s in suggested}


def test_the_page_marks_suggestions_and_offers_others_only_when_searched_for(
    client, bucks, officer, engaging
):
    t, wycombe, _chesham = engaging
    shed = locally_embedded(pantry(bucks, "Wycombe Shed", kind="cio"), bucks, areas=[wycombe])
    forum = pantry(bucks, "Business Forum", kind="business")
    client.force_login(officer)
    address = f"/{bucks.slug}/commissioning/{t.pk}/invitations/"
    page = client.get(address).content.decode()
    suggestions = page.split('id="suggestions"')[1].split('id="invitation-search"')[0]
    assert "Wycombe Shed" in suggestions and "Locally embedded" in suggestions
    assert "Registered office in Buckinghamshire" in suggestions
    assert "Business Forum" not in page  # not suggested, not offered
    found = client.get(address, {"q": "forum"}).content.decode()
    assert f'value="{forum.pk}"' in found and "1 other organisation matches" in found
    sent = client.post(f"{address}?q=forum", {"organisations": [forum.pk, shed.pk]})
    assert sent.status_code == 302
    invited = {i.organisation for i in selectors.invitations_of(t)}
    assert invited == {forum, shed}


def test_the_api_suggests_only_locally_embedded_organisations(bucks, officer, engaging):
    from rest_framework.test import APIClient

    t, wycombe, _chesham = engaging
    shed = locally_embedded(pantry(bucks, "Wycombe Shed", kind="cio"), bucks, areas=[wycombe])
    pantry(bucks, "Business Forum", kind="business")
    api = APIClient()
    api.force_authenticate(officer)
    rows = api.get(f"/api/v1/places/{bucks.slug}/tenders/{t.pk}/suggestions/").json()
    assert [(r["organisation"], r["locally_embedded"]) for r in rows] == [(shed.pk, True)]
    assert "Works in High Wycombe" in rows[0]["reasons"]
