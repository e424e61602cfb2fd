"""The public open-data page: every published standard, its licence, its size and its files."""

import csv
import io

from django.test import override_settings

from tests.support.commissioning import council_of, officer_of, tender


def test_the_page_lists_each_standard_with_its_licence_and_files(client, bucks, sutton):
    council = council_of(bucks)
    officer = officer_of(bucks, council)
    tender(bucks, officer, council, title='=HYPERLINK("http://evil")')
    tender(bucks, officer, council, title="Warm spaces")

    page = client.get("/buckinghamshire/open-data/")
    assert page.status_code == 200
    text = page.text
    for expected in (
        "360Giving Data Standard",
        "Open Contracting Data Standard",
        "Open Government Licence v3.0",
        'href="/buckinghamshire/commissioning/ocds.json"',
        'href="/buckinghamshire/commissioning/tenders.csv"',
    ):
        assert expected in text, expected
    assert "2 tenders" in text
    # No grants yet: the files are not offered, and the page says why.
    assert 'href="/buckinghamshire/funding/360giving.json"' not in text
    assert "Nothing is published yet" in text
    # Sutton has no tenders: its page counts its own, not Buckinghamshire's.
    assert "0 tenders" in client.get("/sutton/open-data/").text


def test_the_tenders_csv_is_the_ocds_package_flattened_and_safe_in_spreadsheets(client, bucks):
    council = council_of(bucks)
    officer = officer_of(bucks, council)
    tender(bucks, officer, council, title='=HYPERLINK("http://evil")')
    package = client.get("/buckinghamshire/commissioning/ocds.json").json()
    response = client.get("/buckinghamshire/commissioning/tenders.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    assert rows[0]["ocid"] == package["releases"][0]["ocid"]
    assert rows[0]["title"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["estimated value (GBP)"] == "250000.00"
    assert rows[0]["stage"] == "Pipeline"
    assert rows[0]["supplier"] == ""


@override_settings(OPEN_DATA_LICENCE="https://creativecommons.org/licenses/by/4.0/")
def test_the_licence_is_configurable_and_used_in_the_packages(client, bucks):
    council = council_of(bucks)
    tender(bucks, officer_of(bucks, council), council)
    assert "Creative Commons Attribution 4.0" in client.get("/buckinghamshire/open-data/").text
    package = client.get("/buckinghamshire/commissioning/ocds.json").json()
    assert package["license"] == "https://creativecommons.org/licenses/by/4.0/"


def test_the_services_csv_is_the_public_directory(client, sutton):
    from coordination.vocabularies.models import Theme
    from mapping import services as mapping_services
    from tests.support.factories import OrganisationFactory

    food = Theme.objects.get(slug="food", place__isnull=True)
    organisation = OrganisationFactory(name="Sutton Pantry", places=[sutton])

    def add(name, **fields):
        return mapping_services.service_create(
            place=sutton,
            actor=None,
            organisation=organisation,
            name=name,
            themes=[food],
            whole_place=True,
            contact_name="Pat Private",
            contact_email="pantry@example.org",
            **fields,
        )

    add("@SUM(A1:A9)")
    add("Closed pantry", status="closed")
    page = client.get("/sutton/open-data/").text
    assert "Open Referral UK" in page and "1 service" in page and "1 services" not in page
    assert 'href="/api/v1/places/sutton/hsds/"' in page

    response = client.get("/sutton/mapping/services.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["name"] for r in rows] == ["'@SUM(A1:A9)"]
    assert rows[0]["email"] == "pantry@example.org"
    assert rows[0]["areas"] == "Whole place"
    assert "Pat Private" not in response.content.decode()
