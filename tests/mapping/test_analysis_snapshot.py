"""The stored gap and overlap analysis: the overlaps page reads a page of stored findings and says
when they were worked out; a change to the services has the worker work them out again after the
quiet period; the coverage API sends the stored answer; a place's snapshot holds only its own."""

import json

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from coordination.accounts.models import Role
from coordination.places.services import area_create
from mapping import selectors, services
from mapping.models import AnalysisSnapshot, OverlapFinding
from mapping.services.analysis import refresh_key
from tests.support.workers import wait_for


def url(place, name):
    return reverse(f"places:mapping:{name}", kwargs={"place_slug": place.slug})


@pytest.fixture
def wards(sutton):
    return [area_create(place=sutton, name=f"Ward {i:02}", kind="ward") for i in range(25)]


def test_overlaps_page_is_paged_and_says_when_it_was_worked_out(
    client, sutton, wards, make_service, community, admin_of
):
    # Three open-to-all services for the whole place share loneliness in every one of 25 wards.
    for name in ("Lunch club", "Coffee morning", "Befriending calls"):
        make_service(sutton, name, themes=["loneliness"])
    make_service(
        sutton,
        "Rainbow social",
        themes=["loneliness"],
        communities=[community("LGBTQ+ people")],
        is_specialist=True,
    )
    client.force_login(admin_of(sutton))
    page = client.get(url(sutton, "overlaps")).content.decode()
    assert "25 possible overlaps, page 1 of 2" in page
    assert "Worked out at" in page
    assert page.count('class="govuk-table inplace-overlap"') == 20
    assert "Loneliness in Ward 00, open to everyone" in page
    # The specialist is still complementary, never counted in the overlap.
    assert "Specialist: designed for LGBTQ+ people; not counted as an overlap" in page
    assert 'class="govuk-pagination"' in page and "?page=2" in page
    second = client.get(url(sutton, "overlaps"), {"page": 2}).content.decode()
    assert second.count('class="govuk-table inplace-overlap"') == 5
    assert "Loneliness in Ward 24, open to everyone" in second

    snapshot = AnalysisSnapshot.objects.for_place(sutton).get()
    assert snapshot.overlap_count == 25
    assert snapshot.overlaps_by_theme == [{"theme": "Loneliness", "open": 3, "specialist": 1}]


def test_coverage_api_sends_the_stored_analysis_with_its_rules(
    sutton, wards, make_service, admin_of
):
    api = APIClient()
    for name in ("Lunch club", "Coffee morning", "Befriending calls"):
        make_service(sutton, name, themes=["loneliness"])
    api.force_authenticate(admin_of(sutton))
    base = f"/api/v1/places/{sutton.slug}/coverage/"
    body = api.get(base).json()
    assert "three or more active services" in body["rules"]["overlap"]
    assert body["computed_at"].endswith("Z")
    assert len(body["overlaps"]) == 25
    assert {s["name"] for s in body["overlaps"][0]["services"]} == {
        "Lunch club",
        "Coffee morning",
        "Befriending calls",
    }
    assert len(body["areas"]) == 25 and len(body["cells"]) == 25 * len(body["themes"])


def test_coverage_api_answers_again_only_when_the_analysis_changes(
    sutton, wards, make_service, admin_of, make_member
):
    for name in ("Lunch club", "Coffee morning", "Befriending calls"):
        make_service(sutton, name, themes=["loneliness"])
    api = APIClient()
    api.force_authenticate(admin_of(sutton))
    base = f"/api/v1/places/{sutton.slug}/coverage/"
    first = api.get(base)
    assert first.status_code == 200 and first["Content-Type"] == "application/json"
    assert first["Cache-Control"] == "private, no-cache"
    etag = first["ETag"]
    # A partner asking again with what it has gets no body while the analysis is the same.
    assert api.get(base, HTTP_IF_NONE_MATCH=etag).status_code == 304
    make_service(sutton, "Walking group", themes=["loneliness"])
    services.analysis_compute(place=sutton)
    again = api.get(base, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and again["ETag"] != etag
    body = b"".join(again.streaming_content) if again.streaming else again.content
    overlap = json.loads(body)["overlaps"][0]
    assert "Walking group" in {s["name"] for s in overlap["services"]}
    # Who may not see the analysis gets no file.
    resident = APIClient()
    resident.force_authenticate(make_member(sutton, Role.RESIDENT))
    assert resident.get(base).status_code == 403


def test_a_place_snapshot_holds_only_its_own_services(sutton, bucks, make_service):
    for name in ("Lunch club", "Coffee morning", "Befriending calls"):
        make_service(sutton, name, themes=["loneliness"])
        make_service(bucks, f"Wycombe {name}", themes=["loneliness"])
    area_create(place=sutton, name="Cheam", kind="ward")
    area_create(place=bucks, name="High Wycombe", kind="ward")
    ours = services.analysis_compute(place=sutton)
    stored = bytes(ours.coverage).decode()
    assert "Lunch club" in stored and "Wycombe" not in stored
    findings = OverlapFinding.objects.for_place(sutton).filter(snapshot=ours)
    assert {f.area for f in findings} == {"Cheam"}
    assert not OverlapFinding.objects.for_place(bucks).exists()


@pytest.mark.django_db(transaction=True)
def test_a_change_has_the_worker_work_the_analysis_out_again(
    worker, settings, sutton, make_service
):
    settings.MAPPING_ANALYSIS_REFRESH_SECONDS = 1
    area_create(place=sutton, name="Cheam", kind="ward")
    cache.delete(refresh_key(sutton.pk))
    for name in ("Lunch club", "Coffee morning"):
        make_service(sutton, name, themes=["loneliness"])
    first = selectors.analysis_snapshot(sutton)  # the first visit works it out
    assert first.overlap_count == 0

    # A third open service: the change asks for the analysis again, once, after the quiet period.
    make_service(sutton, "Befriending calls", themes=["loneliness"])

    def recomputed():
        found = AnalysisSnapshot.objects.for_place(sutton).first()
        return found if found and found.computed_at > first.computed_at else None

    again = wait_for(recomputed, "the analysis worked out again", worker=worker)
    assert again.overlap_count == 1
