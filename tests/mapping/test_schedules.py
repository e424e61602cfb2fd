"""Opening hours: weekly openings a service keeps (the model's rules), written as text on the form
and in imports, shown on the service's page, nested in the API and published as HSDS schedules."""

import csv
import io
from datetime import date, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from coordination.audit.models import AuditEntry
from coordination.errors import RuleViolation
from mapping import imports, opening_hours, services
from mapping.models import ServiceSchedule
from tests.support.factories import OrganisationFactory

MONDAY = {"weekday": 1, "opens_at": time(9), "closes_at": time(17)}


def hours(service):
    return [
        str(s) for s in ServiceSchedule.objects.for_place(service.place).filter(service=service)
    ]


# The text format


def test_the_text_format_reads_days_ranges_periods_and_words():
    openings, problems = opening_hours.parse(
        "Mon-Wed 09:00-12:30\nsaturday 10.00 to 12:00 from 2026-09-01 to 2027-07-20 term time only"
    )
    assert problems == []
    assert [o["weekday"] for o in openings] == [1, 2, 3, 6]
    saturday = openings[-1]
    assert saturday["opens_at"] == time(10) and saturday["closes_at"] == time(12)
    assert saturday["valid_from"] == date(2026, 9, 1) and saturday["valid_to"] == date(2027, 7, 20)
    assert saturday["description"] == "term time only"
    assert opening_hours.line(saturday) == (
        "Sat 10:00-12:00 from 2026-09-01 to 2027-07-20 term time only"
    )
    # What the export writes, the import reads back the same.
    again, _problems = opening_hours.parse(opening_hours.text(openings, "; "))
    assert again == openings


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Mun 09:00-17:00", "is not a day"),
        ("Mon 25:00-26:00", "is not a time"),
        ("Mon 09:00-17:00 from 2026-13-01", "is not a date"),
        ("Fri-Mon 09:00-17:00", "range of days"),
        ("Monday mornings", "Write a day and the hours"),
        ("Mon-Fri 17:00-09:00", "closing time must be after"),
        ("Mon 09:00-10:00 from 2026-09-02 to 2026-09-01", "last day must be on or after"),
    ],
)
def test_the_text_format_names_each_opening_it_cannot_read_or_that_breaks_a_rule(text, says):
    openings, problems = opening_hours.parse(f"Tue 09:00-10:00; {text}")
    assert [number for number, _entry, _message in problems] == [2]
    assert says in opening_hours.problem_text(*problems[0])
    assert [o["weekday"] for o in openings] == [2]


def test_times_are_written_in_govuk_style():
    assert opening_hours.hours_words(MONDAY) == "9am to 5pm"
    assert opening_hours.clock_words(time(12)) == "midday"
    assert opening_hours.clock_words(time(17, 30)) == "5:30pm"
    assert opening_hours.clock_words(time(0)) == "midnight"


# The model's rules, through the services


def test_a_service_keeps_its_openings_and_a_change_replaces_them(sutton, make_service):
    service = make_service(sutton, "Pantry", schedules=[MONDAY])
    assert hours(service) == ["Monday 09:00-17:00"]
    services.service_update(place=sutton, actor=None, service=service, name="Pantry too")
    assert hours(service) == ["Monday 09:00-17:00"]  # not given: left as they are
    tuesday = {"weekday": 2, "opens_at": time(10), "closes_at": time(12, 30)}
    services.service_update(place=sutton, actor=None, service=service, schedules=[tuesday])
    assert hours(service) == ["Tuesday 10:00-12:30"]
    entry = AuditEntry.objects.for_place(sutton).filter(action="mapping.service.update").first()
    assert entry.changes["opening_hours"] == ["Mon 09:00-17:00", "Tue 10:00-12:30"]


@pytest.mark.parametrize(
    ("opening", "says"),
    [
        ({**MONDAY, "closes_at": time(8)}, "closing time must be after"),
        ({**MONDAY, "closes_at": time(9)}, "closing time must be after"),
        (
            {**MONDAY, "valid_from": date(2026, 9, 1), "valid_to": date(2026, 8, 1)},
            "last day must be on or after",
        ),
        ({**MONDAY, "weekday": 8}, "not a valid choice"),
    ],
)
def test_an_opening_that_breaks_a_rule_is_refused_by_its_number(
    sutton, make_service, opening, says
):
    service = make_service(sutton, "Pantry", schedules=[MONDAY])
    with pytest.raises(RuleViolation) as refused:
        services.service_update(
            place=sutton, actor=None, service=service, schedules=[MONDAY, opening]
        )
    messages = refused.value.message_dict["schedules"]
    assert len(messages) == 1 and messages[0].startswith("Opening 2")
    assert says in messages[0]
    assert hours(service) == ["Monday 09:00-17:00"]


def test_the_database_refuses_an_opening_that_closes_before_it_opens(sutton, make_service):
    service = make_service(sutton, "Pantry")
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceSchedule.objects.for_place(sutton).create(
            place=sutton, service=service, weekday=1, opens_at=time(17), closes_at=time(9)
        )


# The pages


def test_the_service_page_shows_the_hours_by_day(client, sutton, make_service):
    service = make_service(
        sutton,
        "Pantry",
        schedules=[
            {"weekday": 3, "opens_at": time(14), "closes_at": time(16, 30)},
            MONDAY,
            {**MONDAY, "opens_at": time(18), "closes_at": time(20), "description": "term time"},
        ],
    )
    page = client.get(service.get_absolute_url()).content.decode()
    assert "Opening hours" in page
    assert page.index("Monday") < page.index("Wednesday")
    assert "9am to 5pm" in page and "6pm to 8pm, term time" in page and "2pm to 4:30pm" in page


def test_the_service_form_edits_the_hours_and_names_a_bad_line(
    client, sutton, make_service, admin_of
):
    service = make_service(sutton, "Pantry", schedules=[MONDAY])
    client.force_login(admin_of(sutton))
    address = reverse(
        "places:mapping:service_update", kwargs={"place_slug": sutton.slug, "pk": service.pk}
    )
    form = client.get(address).content.decode()
    assert "Mon 09:00-17:00" in form
    data = {
        "organisation": service.organisation_id,
        "name": "Pantry",
        "themes": [t.pk for t in service.themes.all()],
        "whole_place": "on",
        "in_person": "on",
        "status": "active",
        "schedules": "Mon 09:00-17:00\nThu 17:00-09:00",
    }
    response = client.post(address, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Opening 2" in page and "closing time must be after" in page
    assert hours(service) == ["Monday 09:00-17:00"]

    response = client.post(address, {**data, "schedules": "Mon 09:00-1700"})
    assert response.status_code == 200 and "Write a day and the hours" in response.content.decode()

    response = client.post(address, {**data, "schedules": "Mon-Tue 09:00-12:00"})
    assert response.status_code == 302
    assert hours(service) == ["Monday 09:00-12:00", "Tuesday 09:00-12:00"]


# The API


def test_the_api_reads_and_writes_the_hours_nested(sutton, admin_of, theme):
    api = APIClient()
    api.force_authenticate(admin_of(sutton))
    organisation = OrganisationFactory(places=[sutton])
    base = f"/api/v1/places/{sutton.slug}/services/"
    body = {
        "name": "Pantry",
        "organisation": organisation.pk,
        "themes": ["food"],
        "whole_place": True,
        "schedules": [
            {"day": "monday", "opens_at": "09:00", "closes_at": "17:00"},
            {
                "day": "saturday",
                "opens_at": "10:00",
                "closes_at": "12:00",
                "valid_from": "2026-09-01",
                "description": "Term time only",
            },
        ],
    }
    created = api.post(base, body, format="json")
    assert created.status_code == 201, created.json()
    expected = [
        {
            "day": "monday",
            "opens_at": "09:00:00",
            "closes_at": "17:00:00",
            "valid_from": None,
            "valid_to": None,
            "description": "",
        },
        {
            "day": "saturday",
            "opens_at": "10:00:00",
            "closes_at": "12:00:00",
            "valid_from": "2026-09-01",
            "valid_to": None,
            "description": "Term time only",
        },
    ]
    assert created.json()["schedules"] == expected
    pk = created.json()["id"]
    assert api.get(f"{base}{pk}/").json()["schedules"] == expected
    listed = {s["id"]: s for s in api.get(base).json()["results"]}
    assert listed[pk]["schedules"] == expected

    wrong = api.patch(
        f"{base}{pk}/",
        {"schedules": [{"day": "monday", "opens_at": "17:00", "closes_at": "09:00"}]},
        format="json",
    )
    assert wrong.status_code == 400
    assert "closing time must be after" in str(wrong.json()["error"]["fields"]["schedules"])
    unknown = api.patch(
        f"{base}{pk}/",
        {"schedules": [{"day": "someday", "opens_at": "x", "closes_at": "09:00"}]},
        format="json",
    )
    assert unknown.status_code == 400
    assert set(unknown.json()["error"]["fields"]) == {"schedules.0.day", "schedules.0.opens_at"}

    cleared = api.patch(f"{base}{pk}/", {"schedules": []}, format="json")
    assert cleared.status_code == 200 and cleared.json()["schedules"] == []


# Imports and exports


def _csv(text):
    return SimpleUploadedFile("services.csv", text.encode(), content_type="text/csv")


def test_an_import_reads_the_opening_hours_column_and_names_bad_values(sutton, admin_of):
    admin = admin_of(sutton)
    OrganisationFactory(name="St Helier Hub", places=[sutton])
    header = "external_id,name,organisation,themes,areas,opening_hours\n"
    text = (
        header
        + "s1,Pantry,St Helier Hub,Food,whole place,Mon 09:00-17:00; Tue 09:00-12:00\n"
        + "s2,Line,St Helier Hub,Food,whole place,Mon 09:00-17:00; Wed 18:00-08:00\n"
        + "s3,Club,St Helier Hub,Food,whole place,Funday 09:00-17:00\n"
    )
    rows = imports.read_table(_csv(text), "services")
    result = imports.run(sutton, admin, "services", rows, commit=True, only_valid=True)
    assert result.created == 1
    assert [(line, column) for line, column, _m in result.errors] == [
        (3, "opening_hours"),
        (4, "opening_hours"),
    ]
    assert "Opening 2" in result.errors[0][2] and "closing time" in result.errors[0][2]
    assert "is not a day" in result.errors[1][2]
    pantry = ServiceSchedule.objects.for_place(sutton).filter(service__external_id="s1")
    assert [str(s) for s in pantry] == ["Monday 09:00-17:00", "Tuesday 09:00-12:00"]

    # An update with the column changes the hours; without it, leaves them.
    rows = imports.read_table(
        _csv(header + "s1,Pantry,St Helier Hub,Food,whole place,Fri 10:00-11:00\n"), "services"
    )
    imports.run(sutton, admin, "services", rows, commit=True)
    assert [str(s) for s in pantry.all()] == ["Friday 10:00-11:00"]
    rows = imports.read_table(
        _csv(
            "external_id,name,organisation,themes,areas\ns1,Pantry,St Helier Hub,Food,whole place\n"
        ),
        "services",
    )
    imports.run(sutton, admin, "services", rows, commit=True)
    assert [str(s) for s in pantry.all()] == ["Friday 10:00-11:00"]

    exported = list(
        csv.DictReader(
            io.StringIO(imports.export_csv(sutton, admin, "services").decode("utf-8-sig"))
        )
    )
    assert exported[0]["opening_hours"] == "Fri 10:00-11:00"


# Open on a day


def test_the_directory_and_the_api_list_the_services_open_on_a_day(client, sutton, make_service):
    saturday = {"weekday": 6, "opens_at": time(10), "closes_at": time(12)}
    make_service(sutton, "Weekday pantry", schedules=[MONDAY])
    make_service(sutton, "Saturday club", schedules=[saturday])
    make_service(
        sutton, "Summer Saturdays", schedules=[{**saturday, "valid_to": date(2025, 8, 31)}]
    )
    make_service(sutton, "Hours not given")
    directory = reverse("places:mapping:service_list", kwargs={"place_slug": sutton.slug})
    page = client.get(directory, {"open_on": "saturday"}).content.decode()
    assert "Saturday club" in page
    assert "Weekday pantry" not in page and "Hours not given" not in page
    assert "Summer Saturdays" not in page  # its Saturdays have ended
    api = APIClient().get(f"/api/v1/places/{sutton.slug}/services/", {"open_on": "monday"})
    assert [s["name"] for s in api.json()["results"]] == ["Weekday pantry"]
    wrong = APIClient().get(f"/api/v1/places/{sutton.slug}/services/", {"open_on": "someday"})
    assert wrong.status_code == 400 and "open_on" in wrong.json()["error"]["fields"]
