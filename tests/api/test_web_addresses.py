"""Web addresses people enter hold only characters a URI may: the API's answers keep the
``format: uri`` its document promises, and every way in (API, browser forms, services behind
the admin and imports) refuses the same addresses with the same message."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from coordination.api.services import partner_key_create
from coordination.organisations.models import Organisation
from coordination.vocabularies.models import Theme
from coordination.web_addresses import MESSAGE
from mapping.models import Service
from tests.support.api_errors import error_of
from tests.support.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

BAD = [
    'https://shed.example.org/"onmouseover="alert(1)',
    "https://shed.example.org/<script>",
    "https://shed.example.org/{id}",
    "https://shed.example.org/a|b",
    "https://shed.example.org/caf%zz",
    "https://shed.example.org/café",
]


@pytest.mark.parametrize("website", BAD)
def test_the_api_refuses_an_address_with_characters_a_uri_cannot_hold(
    api_as, bucks, admin_of, website
):
    response = api_as(admin_of(bucks)).post(
        "/api/v1/places/buckinghamshire/organisations/",
        {"name": "Aylesbury Men's Shed", "kind": "cio", "website": website},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert error_of(response)["fields"] == {"website": [str(MESSAGE)]}
    assert not Organisation.objects.filter(name="Aylesbury Men's Shed").exists()


def test_a_partner_cannot_subscribe_a_webhook_to_an_address_with_a_quote(bucks, admin_of):
    _row, key = partner_key_create(
        place=bucks, actor=admin_of(bucks), name="CRM", scopes=["read", "write:webhooks"]
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    response = api.post(
        "/api/v1/places/buckinghamshire/webhooks/",
        {
            "name": "CRM",
            "url": 'https://crm.example/h"<',
            "events": ["organisations.organisation.create"],
        },
        format="json",
    )
    assert response.status_code == 400
    assert error_of(response)["fields"]["url"] == [str(MESSAGE)]


def test_the_service_form_says_what_is_wrong_with_the_website(client, sutton, admin_of):
    client.force_login(admin_of(sutton))
    charity = OrganisationFactory(places=[sutton])
    response = client.post(
        reverse("places:mapping:service_create", kwargs={"place_slug": sutton.slug}),
        {
            "organisation": charity.pk,
            "name": "Pantry",
            "themes": [Theme.objects.get(slug="food", place__isnull=True).pk],
            "whole_place": "on",
            "in_person": "on",
            "status": "active",
            "website": "https://pantry.example/<b>",
        },
    )
    assert response.status_code == 200
    assert "Enter the address without spaces, quotes, &lt; &gt;" in response.content.decode()
    assert not Service.objects.for_place(sutton).filter(name="Pantry").exists()


@pytest.mark.parametrize("website", BAD)
def test_the_model_refuses_them_too_for_the_admin_and_imports(website):
    organisation = Organisation(name="Shed", kind="cio", website=website)
    with pytest.raises(ValidationError) as excinfo:
        organisation.full_clean(validate_unique=False)
    assert excinfo.value.message_dict["website"] == [str(MESSAGE)]


def test_real_world_addresses_still_go_in():
    for website in [
        "https://teams.microsoft.com/l/meetup-join/19%3ameeting_N2E%40thread.v2/0?context=%7b%7d",
        "https://zoom.us/j/123456789?pwd=AbC.dEf-123_~x",
        "https://www.example.org.uk/services/lunch-club#times",
        "https://[2001:db8::1]:8443/path;a=b?x=1&y=(2)*!$'",
    ]:
        Organisation(name="Shed", kind="cio", website=website).full_clean(validate_unique=False)


def test_addresses_saved_before_the_check_are_encoded_by_the_migration(bucks):
    from coordination.web_addresses import encode_stored_addresses, validate_web_address

    saved = OrganisationFactory(places=[bucks], website='https://shed.example/"café"<b> 100%')
    fine = OrganisationFactory(places=[bucks], website="https://good.example/a?b=%7B")

    encode_stored_addresses(Organisation, "website")

    saved.refresh_from_db()
    fine.refresh_from_db()
    assert saved.website == "https://shed.example/%22caf%C3%A9%22%3Cb%3E%20100%25"
    assert fine.website == "https://good.example/a?b=%7B"
    validate_web_address(saved.website)
