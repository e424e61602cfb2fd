"""Pickers: a place's organisations and people picked by typing, never another place's, and only
by those who may look; the same field works with and without the page's script."""

from django import forms
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from boards.models import Position
from coordination.accounts.models import Role
from coordination.pickers.fields import SELECT_UP_TO, PickerField
from tests.support.boards import board, seat
from tests.support.factories import OrganisationFactory, UserFactory


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def suggestions(client, place, source, q):
    response = client.get(f"/{place.slug}/pick/{source}/", {"q": q})
    assert response.status_code == 200, response.status_code
    assert response["Cache-Control"] == "private, no-store"
    return [row["label"] for row in response.json()["results"]]


class OrganisationForm(forms.Form):
    organisation = PickerField(source="organisations", noun="organisation", label="Organisation")

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].for_place(place)


def test_suggestions_hold_every_word_typed_and_names_that_start_with_it_come_first(
    bucks, many, make_member
):
    client = signed_in(make_member(bucks, Role.RESIDENT))
    assert suggestions(client, bucks, "organisations", "age") == [
        "Age UK Buckinghamshire",
        "Wycombe Age Concern",
    ]
    assert suggestions(client, bucks, "organisations", "foodbank marlow") == ["Marlow Foodbank"]
    assert (
        suggestions(client, bucks, "organisations", "parish")
        == [f"Parish council {n}" for n in sorted(range(SELECT_UP_TO), key=str)][:10]
    )
    assert suggestions(client, bucks, "organisations", "") == []
    assert suggestions(client, bucks, "organisations", "x" * 5000) == []


def test_another_places_organisations_never_appear(bucks, coventry, many, make_member):
    client = signed_in(make_member(bucks, Role.COUNCIL_OFFICER))
    assert "Age UK Coventry" not in suggestions(client, bucks, "organisations", "age uk")
    # Someone of Coventry only cannot look through Buckinghamshire's.
    outsider = signed_in(make_member(coventry, Role.COUNCIL_OFFICER))
    assert outsider.get(f"/{bucks.slug}/pick/organisations/", {"q": "age"}).status_code == 403


def test_people_are_for_those_who_see_members_or_seat_people(bucks, coventry, make_member):
    UserFactory(name="Priya Shah")  # in no place
    make_member(coventry, Role.RESIDENT, name="Priya Coventry")
    priya = make_member(bucks, Role.RESIDENT, name="Priya Patel", email="priya@example.org")
    officer = signed_in(make_member(bucks, Role.COUNCIL_OFFICER))
    found = officer.get(f"/{bucks.slug}/pick/people/", {"q": "priya"}).json()["results"]
    assert found == [{"id": priya.pk, "label": "Priya Patel", "hint": ""}]
    # No email address is shown, nor can one be searched for.
    assert suggestions(officer, bucks, "people", "example") == []

    resident = make_member(bucks, Role.RESIDENT)
    leader = make_member(bucks, Role.CHARITY_LEADER)
    for person in (resident, leader):
        response = signed_in(person).get(f"/{bucks.slug}/pick/people/", {"q": "priya"})
        assert response.status_code == 403
    # A resident chairing a community board seats people, so may look.
    seat(bucks, board(bucks, name="Wycombe community board"), resident, Position.CHAIR)
    assert suggestions(signed_in(resident), bucks, "people", "priya") == ["Priya Patel"]

    visitor = Client().get(f"/{bucks.slug}/pick/people/", {"q": "priya"})
    assert visitor.status_code == 302 and "/accounts/login/" in visitor["Location"]
    assert Client().get(f"/{bucks.slug}/pick/nothing/").status_code == 404


def test_the_field_takes_a_chosen_id_with_its_name(bucks, many):
    chosen = many["Chiltern Foodbank"]
    form = OrganisationForm(
        {"organisation": "Chiltern Foodbank", "organisation_id": str(chosen.pk)}, place=bucks
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["organisation"] == chosen


def test_without_the_script_an_exact_name_is_taken_and_several_are_offered(bucks, many):
    form = OrganisationForm({"organisation": "marlow foodbank"}, place=bucks)
    assert form.is_valid() and form.cleaned_data["organisation"] == many["Marlow Foodbank"]

    several = OrganisationForm({"organisation": "foodbank"}, place=bucks)
    assert not several.is_valid()
    assert several.errors["organisation"] == ["Choose which organisation you mean"]
    page = str(several["organisation"])
    assert "Which organisation do you mean?" in page
    assert page.count('type="radio"') == 3
    chosen = many["Aylesbury Foodbank"]
    picked = OrganisationForm(
        {"organisation": "foodbank", "organisation_choice": str(chosen.pk)}, place=bucks
    )
    assert picked.is_valid() and picked.cleaned_data["organisation"] == chosen

    none = OrganisationForm({"organisation": "Nowhere Trust"}, place=bucks)
    assert not none.is_valid()
    assert none.errors["organisation"] == [
        "No organisation matches “Nowhere Trust”. Check the spelling or try part of the name"
    ]


def test_another_places_id_is_refused_however_it_is_sent(bucks, many):
    elsewhere = many["elsewhere"]
    for data in (
        {"organisation": elsewhere.name, "organisation_id": str(elsewhere.pk)},
        {"organisation": "age", "organisation_choice": str(elsewhere.pk)},
        {"organisation": str(elsewhere.pk)},
        {"organisation": "Age UK Coventry"},
    ):
        form = OrganisationForm(data, place=bucks)
        assert not form.is_valid(), data
    # A stale id whose name was typed over is not taken: the typed name is.
    age_uk = many["Age UK Buckinghamshire"]
    form = OrganisationForm(
        {"organisation": "Chiltern Foodbank", "organisation_id": str(age_uk.pk)}, place=bucks
    )
    assert form.is_valid() and form.cleaned_data["organisation"] == many["Chiltern Foodbank"]


def test_a_short_list_is_a_plain_select_and_a_long_one_a_box_to_type_in(bucks, coventry, many):
    OrganisationFactory(name="Coventry Law Centre", places=[coventry])
    short = str(OrganisationForm(place=coventry)["organisation"])
    assert "<select" in short and 'name="organisation_choice"' in short
    assert "Coventry Law Centre" in short and "Age UK Buckinghamshire" not in short
    picked = OrganisationForm({"organisation_choice": str(many["elsewhere"].pk)}, place=coventry)
    assert picked.is_valid() and picked.cleaned_data["organisation"] == many["elsewhere"]

    long = str(OrganisationForm(place=bucks)["organisation"])
    assert "<select" not in long and "Parish council" not in long
    assert f'data-picker-url="/{bucks.slug}/pick/organisations/"' in long


def test_suggestions_cost_the_same_queries_however_many_organisations_match(bucks, make_member):
    client = signed_in(make_member(bucks, Role.COUNCIL_OFFICER))
    counts = []
    for total in (3, 60):
        for number in range(total):
            OrganisationFactory(name=f"Village hall {total}-{number}", places=[bucks])
        client.get(f"/{bucks.slug}/pick/organisations/", {"q": "hall"})  # warm the session
        with CaptureQueriesContext(connection) as queries:
            assert suggestions(client, bucks, "organisations", "village hall")
        counts.append(len(queries))
    assert counts[0] == counts[1]
