"""Sync tombstones: what was removed from a place, for partners' copies (GET .../deletions/)."""

import pytest
from django.utils import timezone

from coordination.accounts.models import Role
from coordination.vocabularies.models import Theme
from mapping import services
from mapping.models import Severity

pytestmark = pytest.mark.django_db

URL = "/api/v1/places/{}/deletions/"


@pytest.fixture
def api_as():
    from rest_framework.test import APIClient

    def sign_in(user):
        client = APIClient()
        client.force_authenticate(user=user)
        return client

    return sign_in


def removed_need(place, area):
    theme = Theme.objects.get(slug="food", place__isnull=True)
    need = services.need_create(
        place=place,
        actor=None,
        area=area(place, "Aylesbury"),
        theme=theme,
        severity=Severity.HIGH,
        summary="Food bank queues",
    )
    need_id = need.pk
    services.need_remove(place=place, actor=None, need=need)
    return need_id


def test_a_removed_service_is_listed_with_when_so_a_copy_can_drop_it(
    bucks, coventry, make_service, make_member, api_as
):
    kept = make_service(bucks, "Lunch club")
    gone = make_service(bucks, "Duplicate lunch club")
    gone_id = gone.pk
    before = timezone.now()
    services.service_remove(place=bucks, actor=None, service=gone)
    other = make_service(coventry, "Coventry pantry")
    services.service_remove(place=coventry, actor=None, service=other)

    resident = make_member(bucks, Role.RESIDENT)
    answer = api_as(resident).get(URL.format("buckinghamshire"))
    assert answer.status_code == 200, answer.content
    (row,) = answer.json()["results"]
    assert row["resource"] == "services" and row["id"] == gone_id != kept.pk
    assert row["deleted_at"] >= before.isoformat()[:19]
    # The service list no longer has it; the tombstone is how a partner learns that.
    listing = api_as(resident).get(f"/api/v1/places/buckinghamshire/services/{gone_id}/")
    assert listing.status_code == 404

    # Only removals after the last sync, and only from the list asked about.
    later = api_as(resident).get(
        URL.format("buckinghamshire"), {"updated_since": row["deleted_at"]}
    )
    assert [r["id"] for r in later.json()["results"]] == [gone_id]
    none_after = api_as(resident).get(
        URL.format("buckinghamshire"), {"updated_since": "2100-01-01T00:00:00Z"}
    )
    assert none_after.json()["results"] == []
    assert (
        api_as(resident).get(URL.format("buckinghamshire"), {"resource": "needs"}).json()["results"]
        == []
    )


def test_removals_of_private_rows_are_seen_only_by_those_who_could_see_them(
    bucks, make_member, api_as, area
):
    need_id = removed_need(bucks, area)
    leader = make_member(bucks, Role.CHARITY_LEADER)
    resident = make_member(bucks, Role.RESIDENT)

    seen = api_as(leader).get(URL.format("buckinghamshire")).json()["results"]
    assert [(r["resource"], r["id"]) for r in seen] == [("needs", need_id)]
    assert api_as(resident).get(URL.format("buckinghamshire")).json()["results"] == []


def test_another_place_and_bad_requests(bucks, coventry, make_member, api_as, area):
    from rest_framework.test import APIClient

    api = APIClient()
    removed_need(bucks, area)
    coventry_officer = make_member(coventry, Role.COUNCIL_OFFICER)
    assert api_as(coventry_officer).get(URL.format("coventry")).json()["results"] == []
    # A member of Coventry only is not a member of Buckinghamshire.
    assert api_as(coventry_officer).get(URL.format("buckinghamshire")).status_code == 403
    assert api.get(URL.format("buckinghamshire")).status_code == 401
    officer = make_member(bucks, Role.COUNCIL_OFFICER)
    bad = api_as(officer).get(URL.format("buckinghamshire"), {"resource": "unicorns"})
    assert bad.status_code == 400 and set(bad.json()["error"]["fields"]) == {"resource"}
