"""Owners and coordinators change and remove their own services, needs and assets, in the browser
and the API; nobody else can, bad input is a field error, and every change is audited."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from coordination.accounts.models import Role
from coordination.audit.models import AuditEntry
from mapping import services
from mapping.models import Asset, Need, Service, ServiceImpact
from tests.support.factories import OrganisationFactory


def url(place, name, **kwargs):
    return reverse(f"places:mapping:{name}", kwargs={"place_slug": place.slug, **kwargs})


def api_url(place, kind, pk):
    return f"/api/v1/places/{place.slug}/{kind}/{pk}/"


@pytest.fixture
def leader_and_charity(sutton, make_member):
    charity = OrganisationFactory(name="St Helier Hub", places=[sutton])
    return make_member(sutton, Role.CHARITY_LEADER, organisation=charity), charity


# Services


def test_a_leader_removes_their_own_listing_after_confirming(
    client, sutton, make_service, leader_and_charity
):
    leader, charity = leader_and_charity
    service = make_service(sutton, "Old pantry", organisation=charity)
    services.impact_record(
        place=sutton, actor=None, service=service, year=2025, quarter=1, people_reached=9
    )
    client.force_login(leader)
    detail = client.get(url(sutton, "service_detail", pk=service.pk)).content.decode()
    assert url(sutton, "service_remove", pk=service.pk) in detail
    page = client.get(url(sutton, "service_remove", pk=service.pk)).content.decode()
    assert "Remove this service from the directory?" in page and "Old pantry" in page
    assert Service.objects.for_place(sutton).filter(pk=service.pk).exists()  # GET removes nothing

    response = client.post(url(sutton, "service_remove", pk=service.pk))
    assert response.status_code == 302 and response["Location"] == url(sutton, "service_list")
    assert not Service.objects.for_place(sutton).filter(pk=service.pk).exists()
    assert not ServiceImpact.objects.for_place(sutton).exists()
    entry = AuditEntry.objects.for_place(sutton).get(action="mapping.service.remove")
    assert entry.actor == leader and entry.changes["name"] == "Old pantry"


def test_others_cannot_remove_a_listing(client, sutton, make_service, make_member):
    service = make_service(sutton, "Pantry")
    client.force_login(make_member(sutton, Role.CHARITY_LEADER))
    assert client.get(url(sutton, "service_remove", pk=service.pk)).status_code == 403
    assert client.post(url(sutton, "service_remove", pk=service.pk)).status_code == 403
    client.force_login(make_member(sutton, Role.RESIDENT))
    assert client.post(url(sutton, "service_remove", pk=service.pk)).status_code == 403
    assert Service.objects.for_place(sutton).filter(pk=service.pk).exists()


# Needs


@pytest.fixture
def cheam_need(sutton, area, theme, leader_and_charity):
    leader, charity = leader_and_charity
    return services.need_create(
        place=sutton,
        actor=leader,
        organisation=charity,
        area=area(sutton, "Cheam"),
        theme=theme("food"),
        summary="Empty cupboards",
        severity=2,
        evidence_file=SimpleUploadedFile("figures.csv", b"month,parcels\n"),
    )


def test_the_submitter_changes_their_evidence_with_field_errors_and_nothing_half_saved(
    client, sutton, theme, cheam_need, leader_and_charity
):
    leader, _charity = leader_and_charity
    client.force_login(leader)
    listing = client.get(url(sutton, "need_list")).content.decode()
    assert url(sutton, "need_update", pk=cheam_need.pk) in listing
    form = client.get(url(sutton, "need_update", pk=cheam_need.pk)).content.decode()
    assert "Change evidence of a need" in form and "Empty cupboards" in form

    data = {
        "area": cheam_need.area_id,
        "theme": theme("housing").pk,
        "summary": "Empty cupboards and damp",
        "indicator_value": "12",
    }
    response = client.post(url(sutton, "need_update", pk=cheam_need.pk), data)
    assert response.status_code == 200
    assert "Say where the indicator comes from." in response.content.decode()
    cheam_need.refresh_from_db()
    assert (cheam_need.summary, cheam_need.theme.slug) == ("Empty cupboards", "food")

    data.update(indicator_source="Food bank records", severity=3)
    response = client.post(url(sutton, "need_update", pk=cheam_need.pk), data)
    assert response.status_code == 302
    cheam_need.refresh_from_db()
    assert (cheam_need.summary, cheam_need.theme.slug, cheam_need.severity) == (
        "Empty cupboards and damp",
        "housing",
        3,
    )
    assert cheam_need.evidence_file  # the document is kept when no new one is given
    entry = AuditEntry.objects.for_place(sutton).get(action="mapping.need.update")
    assert entry.changes["summary"] == ["Empty cupboards", "Empty cupboards and damp"]


def test_a_colleague_at_the_same_organisation_may_change_it_but_another_charity_may_not(
    client, sutton, cheam_need, leader_and_charity, make_member
):
    _leader, charity = leader_and_charity
    colleague = make_member(sutton, Role.PARTNER, organisation=charity)
    client.force_login(colleague)
    assert client.get(url(sutton, "need_update", pk=cheam_need.pk)).status_code == 200
    client.force_login(make_member(sutton, Role.CHARITY_LEADER))
    assert client.get(url(sutton, "need_update", pk=cheam_need.pk)).status_code == 403
    assert client.post(url(sutton, "need_remove", pk=cheam_need.pk)).status_code == 403
    listing = client.get(url(sutton, "need_list")).content.decode()
    assert url(sutton, "need_update", pk=cheam_need.pk) not in listing


def test_withdrawing_evidence_removes_its_document(
    client, sutton, cheam_need, leader_and_charity, django_capture_on_commit_callbacks
):
    leader, _charity = leader_and_charity
    storage, name = cheam_need.evidence_file.storage, cheam_need.evidence_file.name
    assert storage.exists(name)
    client.force_login(leader)
    page = client.get(url(sutton, "need_remove", pk=cheam_need.pk)).content.decode()
    assert "Withdraw this evidence of need?" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(sutton, "need_remove", pk=cheam_need.pk))
    assert response["Location"] == url(sutton, "need_list")
    assert not Need.objects.for_place(sutton).exists()
    assert not storage.exists(name)
    assert AuditEntry.objects.for_place(sutton).filter(action="mapping.need.remove").exists()


# Assets


def test_whoever_added_an_asset_changes_and_removes_it(client, sutton, area, make_member):
    resident = make_member(sutton, Role.RESIDENT)
    east = area(sutton, "St Helier East")
    client.force_login(resident)
    response = client.post(
        url(sutton, "asset_create"),
        {
            "kind": "physical",
            "name": "Community garden",
            "area": east.pk,
            "latitude": "51.38600",
            "longitude": "-0.18500",
        },
    )
    assert response["Location"] == url(sutton, "asset_list") + "?area=st-helier-east"
    asset = Asset.objects.for_place(sutton).get()
    assert asset.latitude is not None  # on the asset map
    listing = client.get(response["Location"]).content.decode()
    assert url(sutton, "asset_update", pk=asset.pk) in listing

    bad = {"kind": "physical", "name": "Community garden", "area": east.pk, "latitude": "51.4"}
    response = client.post(url(sutton, "asset_update", pk=asset.pk), bad)
    assert "Give both latitude and longitude, or neither." in response.content.decode()
    response = client.post(
        url(sutton, "asset_update", pk=asset.pk), {**bad, "latitude": "", "postcode": "nowhere"}
    )
    assert "Enter a full UK postcode" in response.content.decode()
    asset.refresh_from_db()
    assert asset.postcode == "" and asset.latitude is not None

    response = client.post(
        url(sutton, "asset_update", pk=asset.pk),
        {"kind": "cultural", "name": "Garden and mural", "area": east.pk, "postcode": "sm5 1aa"},
    )
    assert response.status_code == 302
    asset.refresh_from_db()
    assert (asset.name, asset.kind, asset.postcode, asset.latitude) == (
        "Garden and mural",
        "cultural",
        "SM5 1AA",
        None,
    )

    other = make_member(sutton, Role.RESIDENT)
    client.force_login(other)
    assert client.get(url(sutton, "asset_update", pk=asset.pk)).status_code == 403
    assert client.post(url(sutton, "asset_remove", pk=asset.pk)).status_code == 403
    assert (
        url(sutton, "asset_update", pk=asset.pk)
        not in client.get(url(sutton, "asset_list")).content.decode()
    )

    client.force_login(resident)
    response = client.post(url(sutton, "asset_remove", pk=asset.pk))
    assert response.status_code == 302 and not Asset.objects.for_place(sutton).exists()
    assert AuditEntry.objects.for_place(sutton).filter(action="mapping.asset.remove").exists()


def test_a_coordinator_may_change_and_remove_any_row(
    client, sutton, cheam_need, make_service, admin_of
):
    asset = services.asset_create(place=sutton, actor=None, kind="economic", name="Parade shops")
    service = make_service(sutton, "Pantry")
    client.force_login(admin_of(sutton))
    for name, pk in (
        ("asset_update", asset.pk),
        ("need_update", cheam_need.pk),
        ("service_update", service.pk),
    ):
        assert client.get(url(sutton, name, pk=pk)).status_code == 200
    for name, pk in (
        ("asset_remove", asset.pk),
        ("need_remove", cheam_need.pk),
        ("service_remove", service.pk),
    ):
        assert client.post(url(sutton, name, pk=pk)).status_code == 302
    assert not Asset.objects.for_place(sutton).exists()
    assert not Need.objects.for_place(sutton).exists()
    assert not Service.objects.for_place(sutton).exists()


# API


def test_api_delete_by_owners_only(
    sutton, make_service, cheam_need, leader_and_charity, make_member
):
    leader, charity = leader_and_charity
    own = make_service(sutton, "Ours", organisation=charity)
    theirs = make_service(sutton, "Theirs")
    asset = services.asset_create(place=sutton, actor=leader, kind="people", name="Sewing skills")
    api = APIClient()
    assert api.delete(api_url(sutton, "services", own.pk)).status_code == 401

    api.force_authenticate(leader)
    response = api.delete(api_url(sutton, "services", theirs.pk))
    assert response.status_code == 403 and "error" in response.json()
    assert api.delete(api_url(sutton, "services", own.pk)).status_code == 204
    assert api.delete(api_url(sutton, "needs", cheam_need.pk)).status_code == 204
    assert api.delete(api_url(sutton, "assets", asset.pk)).status_code == 204
    assert list(Service.objects.for_place(sutton).values_list("name", flat=True)) == ["Theirs"]
    assert not Need.objects.for_place(sutton).exists() and not Asset.objects.for_place(sutton)
    assert api.delete(api_url(sutton, "services", own.pk)).status_code == 404

    api.force_authenticate(make_member(sutton, Role.RESIDENT))
    assert api.delete(api_url(sutton, "services", theirs.pk)).status_code == 403


def test_api_delete_of_another_places_row_is_404(bucks, sutton, make_service, admin_of):
    service = make_service(sutton, "Pantry")
    api = APIClient()
    api.force_authenticate(admin_of(bucks))
    assert api.delete(api_url(bucks, "services", service.pk)).status_code == 404
    assert Service.objects.for_place(sutton).filter(pk=service.pk).exists()


def test_partner_systems_may_subscribe_to_directory_and_asset_changes():
    from coordination.webhooks.registry import is_known

    for action in (
        "mapping.service.create",
        "mapping.service.update",
        "mapping.service.remove",
        "mapping.asset.remove",
    ):
        assert is_known(action)
    assert not is_known("mapping.need.create")  # evidence of need is for members only
