"""The mapping pages as people see them: the public directory, forms by role, gaps and overlaps."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coordination.accounts.models import Role
from coordination.audit.models import AuditEntry
from mapping import services
from mapping.models import Need, Service
from tests.support.factories import OrganisationFactory


def url(place, name, **kwargs):
    return reverse(f"places:mapping:{name}", kwargs={"place_slug": place.slug, **kwargs})


def test_directory_is_public_and_filters_by_theme_area_and_community(
    client, sutton, area, community, make_service
):
    cheam = area(sutton, "Cheam")
    make_service(sutton, "Cheam pantry", themes=["food"], areas=[cheam])
    make_service(sutton, "Debt advice line", themes=["money-and-debt"], whole_place=True)
    make_service(
        sutton,
        "Carers' cafe",
        themes=["loneliness"],
        areas=[area(sutton, "Belmont")],
        communities=[community("Carers")],
        is_specialist=True,
    )
    make_service(sutton, "Closed pantry", areas=[cheam], status="closed")

    page = client.get(url(sutton, "service_list")).content.decode()
    assert "Cheam pantry" in page and "Debt advice line" in page and "Closed pantry" not in page
    page = client.get(url(sutton, "service_list"), {"theme": "food"}).content.decode()
    assert "Cheam pantry" in page and "Debt advice line" not in page
    page = client.get(url(sutton, "service_list"), {"area": "cheam"}).content.decode()
    assert "Cheam pantry" in page and "Debt advice line" in page and "cafe" not in page
    page = client.get(url(sutton, "service_list"), {"community": "carers"}).content.decode()
    assert "Carers&#x27; cafe" in page and "Cheam pantry" not in page
    page = client.get(url(sutton, "service_list"), {"q": "debt"}).content.decode()
    assert "Debt advice line" in page and "Cheam pantry" not in page


def test_directory_queries_do_not_grow_with_services(
    client, sutton, make_service, django_assert_max_num_queries
):
    make_service(sutton, "Only one")
    with django_assert_max_num_queries(12):
        client.get(url(sutton, "service_list"))
    for i in range(20):
        make_service(sutton, f"Service {i}")
    with django_assert_max_num_queries(12):
        client.get(url(sutton, "service_list"))


def test_charity_leader_adds_a_service_for_their_own_organisation_only(
    client, sutton, area, theme, make_member
):
    charity = OrganisationFactory(name="St Helier Hub", places=[sutton])
    other = OrganisationFactory(name="Someone Else", places=[sutton])
    leader = make_member(sutton, Role.CHARITY_LEADER, organisation=charity)
    client.force_login(leader)
    form = client.get(url(sutton, "service_create")).content.decode()
    assert "St Helier Hub" in form and "Someone Else" not in form

    data = {
        "organisation": other.pk,
        "name": "Pantry",
        "themes": [theme("food").pk],
        "areas": [area(sutton, "St Helier East").pk],
        "in_person": "on",
        "status": "active",
    }
    response = client.post(url(sutton, "service_create"), data)
    assert response.status_code == 200 and "from the list" in response.content.decode()

    response = client.post(url(sutton, "service_create"), {**data, "organisation": charity.pk})
    service = Service.objects.for_place(sutton).get(name="Pantry")
    assert response.status_code == 302 and response["Location"] == service.get_absolute_url()
    assert AuditEntry.objects.for_place(sutton).filter(action="mapping.service.create").exists()


def test_service_form_shows_rule_violations_on_their_fields(client, sutton, theme, admin_of):
    client.force_login(admin_of(sutton))
    charity = OrganisationFactory(places=[sutton])
    response = client.post(
        url(sutton, "service_create"),
        {
            "organisation": charity.pk,
            "name": "Pantry",
            "themes": [theme("food").pk],
            "in_person": "on",
            "status": "active",
            "postcode": "XX",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a full UK postcode" in page


def test_only_the_owning_organisation_or_staff_may_change_a_service(
    client, sutton, make_member, make_service, admin_of
):
    service = make_service(sutton, "Pantry")
    client.force_login(make_member(sutton, Role.CHARITY_LEADER))
    assert client.get(url(sutton, "service_update", pk=service.pk)).status_code == 403
    assert client.post(url(sutton, "service_verify", pk=service.pk)).status_code == 403
    client.force_login(admin_of(sutton))
    assert client.get(url(sutton, "service_update", pk=service.pk)).status_code == 200
    assert client.post(url(sutton, "service_verify", pk=service.pk)).status_code == 302


def test_detail_shows_the_listing_and_its_reach(client, sutton, make_service):
    service = make_service(sutton, "Pantry", contact_email="pantry@example.org")
    services.impact_record(
        place=sutton, actor=None, service=service, year=2025, quarter=2, people_reached=410
    )
    page = client.get(url(sutton, "service_detail", pk=service.pk)).content.decode()
    assert "pantry@example.org" in page and "2025 Q2" in page and "410" in page
    assert "Change this listing" not in page


@pytest.mark.parametrize("name", ["gaps", "overlaps", "need_list"])
def test_analysis_pages_are_for_members_who_are_not_residents(client, sutton, make_member, name):
    assert client.get(url(sutton, name)).status_code == 302  # to sign in
    client.force_login(make_member(sutton, Role.RESIDENT))
    assert client.get(url(sutton, name)).status_code == 403
    client.force_login(make_member(sutton, Role.FUNDER))
    assert client.get(url(sutton, name)).status_code == 200


def test_gap_and_overlap_pages_say_why_and_show_the_specialist_as_complementary(
    client, sutton, area, theme, community, make_service, admin_of
):
    west = area(sutton, "St Helier West")
    services.need_create(
        place=sutton, actor=None, area=west, theme=theme("food"), summary="x", severity=3
    )
    for name in ("Lunch club", "Coffee morning", "Befriending calls"):
        make_service(sutton, name, themes=["loneliness"], areas=[west])
    make_service(
        sutton,
        "Rainbow social",
        themes=["loneliness"],
        areas=[west],
        communities=[community("LGBTQ+ people")],
        is_specialist=True,
    )
    client.force_login(admin_of(sutton))
    gaps = client.get(url(sutton, "gaps")).content.decode()
    assert "at most one active service covers it" in gaps
    assert "High need and 0 active services" in gaps
    overlaps = client.get(url(sutton, "overlaps")).content.decode()
    assert "three or more active services that are open to all" in overlaps
    assert "Loneliness in St Helier West, open to everyone" in overlaps
    assert "Specialist: designed for LGBTQ+ people; not counted as an overlap" in overlaps
    assert "not evidence that any of them should merge" in overlaps


def test_assets_show_contacts_only_with_consent(client, sutton, area, make_member):
    helier = area(sutton, "St Helier East")
    services.asset_create(
        place=sutton,
        actor=None,
        kind="association",
        name="Tenants' association",
        area=helier,
        contact_email="tenants@example.org",
        contact_consent=True,
    )
    services.asset_create(
        place=sutton,
        actor=None,
        kind="people",
        name="Retired electrician",
        area=helier,
        contact_email="sparks@example.org",
    )
    page = client.get(url(sutton, "asset_list"), {"area": "st-helier-east"}).content.decode()
    assert "tenants@example.org" in page and "Retired electrician" in page
    assert "sparks@example.org" not in page and "Through the coordinator" in page

    client.force_login(make_member(sutton, Role.RESIDENT))
    response = client.post(
        url(sutton, "asset_create"),
        {"kind": "physical", "name": "Community garden", "area": helier.pk},
    )
    assert response.status_code == 302


def test_need_submission_by_a_charity_leader(client, sutton, area, theme, make_member):
    client.force_login(make_member(sutton, Role.CHARITY_LEADER))
    response = client.post(
        url(sutton, "need_create"),
        {"area": area(sutton, "Cheam").pk, "theme": theme("housing").pk, "summary": "Damp homes"},
    )
    assert "Rate the need, or give an indicator value" in response.content.decode()
    response = client.post(
        url(sutton, "need_create"),
        {
            "area": area(sutton, "Cheam").pk,
            "theme": theme("housing").pk,
            "summary": "Damp homes",
            "severity": 3,
        },
    )
    assert response.status_code == 302
    assert "Damp homes" in client.get(url(sutton, "need_list")).content.decode()


def test_place_admin_adds_a_theme_and_a_community_for_their_place_only(
    client, sutton, bucks, admin_of, make_member
):
    client.force_login(make_member(sutton, Role.CHARITY_LEADER))
    assert client.get(url(sutton, "vocabulary")).status_code == 403
    client.force_login(admin_of(sutton))
    response = client.post(url(sutton, "vocabulary"), {"what": "theme", "name": "Estate renewal"})
    assert response.status_code == 302
    client.post(url(sutton, "vocabulary"), {"what": "community", "name": "Roma families"})
    page = client.get(url(sutton, "vocabulary")).content.decode()
    assert "Estate renewal" in page and "Roma families" in page
    response = client.post(url(sutton, "vocabulary"), {"what": "theme", "name": "Food"})
    assert "Food is already a theme here." in response.content.decode()
    client.force_login(admin_of(bucks))
    page = client.get(url(bucks, "vocabulary")).content.decode()
    assert "Estate renewal" not in page and "Roma families" not in page


def test_evidence_documents_are_served_only_to_those_who_may_read_needs(
    client, sutton, area, theme, make_member
):
    leader = make_member(sutton, Role.CHARITY_LEADER)
    client.force_login(leader)
    client.post(
        url(sutton, "need_create"),
        {
            "area": area(sutton, "Cheam").pk,
            "theme": theme("food").pk,
            "summary": "Food bank figures",
            "severity": 3,
            "evidence_file": SimpleUploadedFile("figures.csv", b"month,parcels\njan,40\n"),
        },
    )
    need = Need.objects.for_place(sutton).get()
    evidence = url(sutton, "need_evidence", pk=need.pk)
    assert evidence in client.get(url(sutton, "need_list")).content.decode()
    response = client.get(evidence)
    assert response.status_code == 200 and b"jan,40" in b"".join(response.streaming_content)
    client.force_login(make_member(sutton, Role.RESIDENT))
    assert client.get(evidence).status_code == 403
