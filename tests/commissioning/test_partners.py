"""A bid's consortium partners at a county's scale: the bid form draws a box to add partners by
name, never every organisation of the place, and the same rules hold on the page and in the API.
A co-design session's record of who came is picked the same way."""

from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from commissioning import services
from commissioning.models import Submission
from commissioning.services.submissions import MOST_PARTNERS
from coordination.pickers.fields import SELECT_UP_TO
from tests.support.commissioning import opened, tender, through_co_design
from tests.support.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def submit_url(place, t):
    return f"/{place.slug}/commissioning/{t.pk}/submit/"


@pytest.fixture
def county(bucks):
    """More organisations than plain checkboxes would list, two named alike."""
    for number in range(SELECT_UP_TO + 10):
        OrganisationFactory(name=f"Parish council {number:02d}", places=[bucks])
    return {
        name: OrganisationFactory(name=name, places=[bucks])
        for name in ("Chiltern Foodbank", "Marlow Foodbank", "Wycombe Age Concern")
    }


@pytest.fixture
def open_tender(bucks, council, officer):
    return opened(bucks, officer, tender(bucks, officer, council))


def test_the_bid_form_does_not_list_every_organisation(client, bucks, county, charity, open_tender):
    leader, organisation = charity
    client.force_login(leader)
    page = client.get(submit_url(bucks, open_tender)).content.decode()
    assert "Consortium partners" in page and "Add an organisation" in page
    assert 'name="partners_add"' in page
    assert f'data-picker-url="/{bucks.slug}/pick/organisations/"' in page
    for name in ("Parish council 07", "Chiltern Foodbank", "Wycombe Age Concern"):
        assert name not in page


def test_a_bid_with_two_partners_is_saved(client, bucks, county, charity, open_tender):
    leader, organisation = charity
    client.force_login(leader)
    # Without the script: one partner ticked already, and another typed by its exact name.
    response = client.post(
        submit_url(bucks, open_tender),
        {
            "lead": organisation.pk,
            "partners": [county["Chiltern Foodbank"].pk],
            "partners_add": "wycombe age concern",
            "summary": "Together",
            "price": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    bid = Submission.objects.for_place(bucks).get(tender=open_tender, lead=organisation)
    assert sorted(p.name for p in bid.partners.all()) == [
        "Chiltern Foodbank",
        "Wycombe Age Concern",
    ]
    shown = client.get(response["Location"]).content.decode()
    assert "Chiltern Foodbank, Wycombe Age Concern" in shown


def test_a_name_several_match_is_asked_about_and_nothing_is_lost(
    client, bucks, county, charity, open_tender
):
    leader, organisation = charity
    client.force_login(leader)
    chiltern = county["Chiltern Foodbank"]
    response = client.post(
        submit_url(bucks, open_tender),
        {
            "lead": organisation.pk,
            "partners": [county["Wycombe Age Concern"].pk],
            "partners_add": "foodbank",
            "summary": "Together",
            "price": "1000",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Choose which organisation you mean" in page
    assert 'href="#id_partners_add"' in page  # the error summary's link lands on the box
    assert "Which organisation do you mean?" in page and "Marlow Foodbank" in page
    assert f'value="{county["Wycombe Age Concern"].pk}" checked' in page
    assert "Together" in page and 'value="foodbank"' in page

    response = client.post(
        submit_url(bucks, open_tender),
        {
            "lead": organisation.pk,
            "partners": [county["Wycombe Age Concern"].pk],
            "partners_add": "foodbank",
            "partners_choice": [chiltern.pk],
            "summary": "Together",
            "price": "1000",
        },
    )
    assert response.status_code == 302
    bid = Submission.objects.for_place(bucks).get(tender=open_tender, lead=organisation)
    assert sorted(p.name for p in bid.partners.all()) == [
        "Chiltern Foodbank",
        "Wycombe Age Concern",
    ]


def test_the_lead_a_council_or_another_places_organisation_is_refused_as_a_partner(
    client, bucks, coventry, county, charity, council, open_tender
):
    leader, organisation = charity
    elsewhere = OrganisationFactory(name="Coventry Law Centre", places=[coventry])
    client.force_login(leader)
    base = {"lead": organisation.pk, "summary": "Together", "price": "1000"}
    lead_too = client.post(submit_url(bucks, open_tender), {**base, "partners": [organisation.pk]})
    assert "The lead cannot also be a partner." in lead_too.content.decode()
    for outside in (elsewhere, council):
        response = client.post(submit_url(bucks, open_tender), {**base, "partners": [outside.pk]})
        assert response.status_code == 200
        assert "Choose consortium partners from the list" in response.content.decode()
    too_many = client.post(
        submit_url(bucks, open_tender),
        {**base, "partners": [str(n) for n in range(1, MOST_PARTNERS + 2)]},
    )
    assert f"Choose {MOST_PARTNERS} or fewer" in too_many.content.decode()
    assert not Submission.objects.for_place(bucks).filter(tender=open_tender).exists()


def test_the_api_holds_the_same_rules(bucks, coventry, county, charity, open_tender):
    leader, organisation = charity
    api = APIClient()
    api.force_authenticate(leader)
    url = f"/api/v1/places/{bucks.slug}/submissions/"
    base = {"tender": open_tender.pk, "lead": organisation.pk, "summary": "Plan", "price": "10"}
    lead_too = api.post(url, {**base, "partners": [organisation.pk]}, format="json")
    assert lead_too.status_code == 400
    assert "lead cannot also be a partner" in str(lead_too.json()["error"]["fields"]["partners"])
    elsewhere = OrganisationFactory(places=[coventry])
    assert api.post(url, {**base, "partners": [elsewhere.pk]}, format="json").status_code == 400
    many = [OrganisationFactory(places=[bucks]).pk for _ in range(MOST_PARTNERS + 1)]
    too_many = api.post(url, {**base, "partners": many}, format="json")
    assert too_many.status_code == 400
    assert f"{MOST_PARTNERS} partners or fewer" in str(too_many.json()["error"]["fields"])
    two = [county["Chiltern Foodbank"].pk, county["Marlow Foodbank"].pk]
    saved = api.post(url, {**base, "partners": two}, format="json")
    assert saved.status_code == 201, saved.json()
    assert sorted(saved.json()["partners"]) == sorted(two)
    bid = Submission.objects.for_place(bucks).get(pk=saved.json()["id"])
    assert bid.price == Decimal("10")


def test_who_came_to_a_session_is_picked_not_listed(client, bucks, county, council, officer):
    t = tender(bucks, officer, council)
    through_co_design(bucks, officer, t)
    came = county["Marlow Foodbank"]
    session = services.session_record(
        place=bucks,
        actor=officer,
        tender=t,
        title="Workshop",
        held_at=timezone.now(),
        attendees=[came],
    )
    client.force_login(officer)
    edit = f"/{bucks.slug}/commissioning/sessions/{session.pk}/edit/"
    page = client.get(edit).content.decode()
    assert f'name="attendees" type="checkbox" value="{came.pk}" checked' in page
    assert "Parish council 07" not in page and "Chiltern Foodbank" not in page
    held = timezone.localtime(session.held_at, bucks.tz).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        edit, {"title": "Workshop", "held_at": held, "attendees_add": "Chiltern Foodbank"}
    )
    assert response.status_code == 302
    assert [o.name for o in session.attendees.all()] == ["Chiltern Foodbank"]
