"""A need's indicator date: kept when the need is edited, typed in the GOV.UK date input, and never
in the future, on the pages, in the API and in imports."""

import io
from datetime import date, timedelta

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from coordination.accounts.models import Role
from mapping import imports, services
from mapping.models import Need
from tests.support.dates import date_parts


def url(place, name, **kwargs):
    return reverse(f"places:mapping:{name}", kwargs={"place_slug": place.slug, **kwargs})


def need_form(cheam, theme, **fields):
    return {
        "area": cheam.pk,
        "theme": theme("housing").pk,
        "summary": "Damp homes",
        "indicator_value": "14",
        "indicator_unit": "per cent of homes",
        "indicator_source": "Council stock survey",
        **fields,
    }


def test_editing_a_need_keeps_its_indicator_date(client, sutton, area, theme, make_member):
    leader = make_member(sutton, Role.CHARITY_LEADER)
    cheam = area(sutton, "Cheam")
    need = services.need_create(
        place=sutton,
        actor=leader,
        area=cheam,
        theme=theme("housing"),
        summary="Damp homes",
        indicator_value=14,
        indicator_source="Council stock survey",
        indicator_date=date(2026, 3, 27),
    )
    client.force_login(leader)
    page = client.get(url(sutton, "need_update", pk=need.pk)).content.decode()
    # The date shows in its day, month and year boxes, under a legend, with the GOV.UK hint.
    assert 'name="indicator_date_day" type="text" inputmode="numeric" value="27"' in page
    assert 'name="indicator_date_month" type="text" inputmode="numeric" value="3"' in page
    assert 'name="indicator_date_year" type="text" inputmode="numeric" value="2026"' in page
    assert "For example, 27 3 2026" in page
    assert '<fieldset class="govuk-fieldset" role="group"' in page

    # Sending the form back as the browser shows it changes the summary and keeps the date.
    response = client.post(
        url(sutton, "need_update", pk=need.pk),
        need_form(
            cheam,
            theme,
            summary="Damp and mould",
            **date_parts("indicator_date", date(2026, 3, 27)),
        ),
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert (need.summary, need.indicator_date) == ("Damp and mould", date(2026, 3, 27))


def test_a_half_typed_or_impossible_date_is_named_and_kept_on_the_page(
    client, sutton, area, theme, make_member
):
    client.force_login(make_member(sutton, Role.CHARITY_LEADER))
    cheam = area(sutton, "Cheam")
    page = client.post(
        url(sutton, "need_create"),
        need_form(cheam, theme, indicator_date_day="27", indicator_date_year="2026"),
    ).content.decode()
    assert "Indicator date must include a month" in page
    # The summary links to the box that is missing; only that box is marked.
    assert 'href="#id_indicator_date_month"' in page
    assert 'govuk-input--error" id="id_indicator_date_month"' in page
    assert 'govuk-input--width-2" id="id_indicator_date_day"' in page
    assert 'name="indicator_date_day" type="text" inputmode="numeric" value="27"' in page

    page = client.post(
        url(sutton, "need_create"),
        need_form(
            cheam,
            theme,
            **{
                "indicator_date_day": "31",
                "indicator_date_month": "2",
                "indicator_date_year": "2026",
            },
        ),
    ).content.decode()
    assert "Indicator date must be a real date" in page
    assert not Need.objects.for_place(sutton).exists()


def test_an_indicator_date_in_the_future_is_refused_on_the_page(
    client, sutton, area, theme, make_member
):
    client.force_login(make_member(sutton, Role.CHARITY_LEADER))
    cheam = area(sutton, "Cheam")
    page = client.post(
        url(sutton, "need_create"),
        need_form(cheam, theme, **date_parts("indicator_date", date(2035, 1, 1))),
    ).content.decode()
    assert "The date must be today or in the past." in page
    assert 'href="#id_indicator_date_day"' in page
    assert not Need.objects.for_place(sutton).exists()


def test_an_indicator_date_in_the_future_is_a_field_error_in_the_api(sutton, area, make_member):
    cache.clear()
    area(sutton, "Cheam")
    api = APIClient()
    api.force_authenticate(make_member(sutton, Role.PARTNER))
    body = {
        "area": "cheam",
        "theme": "housing",
        "summary": "Damp",
        "indicator_value": "3",
        "indicator_source": "Survey",
    }
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    response = api.post(
        f"/api/v1/places/{sutton.slug}/needs/", {**body, "indicator_date": tomorrow}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["indicator_date"] == [
        "The date must be today or in the past."
    ]
    response = api.post(
        f"/api/v1/places/{sutton.slug}/needs/",
        {**body, "indicator_date": "2026-03-27"},
        format="json",
    )
    assert response.status_code == 201, response.json()


def test_an_imported_indicator_date_in_the_future_is_refused_on_its_line(sutton, area, admin_of):
    area(sutton, "Cheam")
    text = (
        "external_id,area,theme,summary,indicator_value,indicator_source,indicator_date\n"
        "n1,Cheam,Housing,Damp,12,Survey,2026-03-27\n"
        "n2,Cheam,Housing,Mould,9,Survey,2035-01-01\n"
    )
    rows = imports.read_table(
        SimpleUploadedFile("needs.csv", io.BytesIO(text.encode()).read()), "needs"
    )
    result = imports.run(sutton, admin_of(sutton), "needs", rows, commit=True, only_valid=True)
    assert (result.created, result.skipped) == (1, 1)
    line, column, message = result.errors[0][:3]
    assert (line, column) == (3, "indicator_date")
    assert "today or in the past" in message
    assert Need.objects.for_place(sutton).get().indicator_date == date(2026, 3, 27)
