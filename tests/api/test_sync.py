"""Incremental sync as a partner system does it: cursor pages, updated_since, conditional reads,
and query parameters that are refused rather than silently ignored."""

import datetime
import itertools

import pytest
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from coordination.api.models import PartnerKey
from coordination.api.pagination import KeysetPagination
from coordination.organisations.models import Organisation
from tests.support.api_errors import error_of
from tests.support.factories import OrganisationFactory

URL = "/api/v1/places/buckinghamshire/organisations/"


def walk(api, url, params):
    """Every row of a list, following `next` links; fails if a page repeats a row."""
    seen, pages = [], 0
    response = api.get(url, params)
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        assert set(body) == {"next", "results"}
        seen.extend(row["id"] for row in body["results"])
        pages += 1
        if body["next"] is None:
            return seen, pages
        response = api.get(body["next"])


@pytest.fixture
def organisations(bucks, coventry):
    # Long runs of equal names: the cursor must key on more than the first ordering field.
    rows = [
        OrganisationFactory(name=name, kind=kind, places=[bucks])
        for name, kind in itertools.product(
            ["Age UK", "Food Bank", "Youth Club"], ["registered_charity", "cio", "community_group"]
        )
        for _ in range(3)
    ]
    OrganisationFactory(name="Coventry only", places=[coventry])
    return rows


@pytest.mark.parametrize("ordering", ["name", "-name", "kind", "-kind,name", "-created_at"])
def test_cursor_pages_visit_every_row_once_in_order(api, organisations, ordering):
    expected = list(
        Organisation.objects.filter(places__slug="buckinghamshire")
        .order_by(*ordering.split(","), "pk")
        .values_list("pk", flat=True)
    )
    seen, pages = walk(api, URL, {"ordering": ordering, "page_size": 4})
    assert seen == expected
    assert pages == 7  # 27 rows, 4 a page


def test_rows_added_while_paging_are_neither_skipped_nor_repeated(api, bucks, organisations):
    first = api.get(URL, {"ordering": "name", "page_size": 10}).json()
    OrganisationFactory(name="Aardvark Trust", places=[bucks])  # sorts before the cursor
    late = OrganisationFactory(name="Zebra Crossing Club", places=[bucks])  # sorts after it
    rest, _ = walk(api, first["next"], {})
    ids = [row["id"] for row in first["results"]] + rest
    assert len(ids) == len(set(ids)) == 28
    assert ids[-1] == late.pk


def test_nullable_columns_page_the_same_on_every_database(bucks, admin_of):
    admin = admin_of(bucks)
    now = timezone.now()
    for index in range(7):
        PartnerKey.objects.create(
            place=bucks,
            name=f"System {index}",
            prefix=f"pk{index}",
            key_hash="x",
            created_by=admin,
            last_used_at=None if index % 3 == 0 else now - datetime.timedelta(hours=index % 2),
        )
    factory = APIRequestFactory()
    for ordering in ("last_used_at", "-last_used_at"):
        queryset = PartnerKey.objects.for_place(bucks).order_by(ordering)
        seen, url = [], "/?page_size=2"
        while url:
            request = Request(factory.get(url))
            paginator = KeysetPagination()
            seen += [key.pk for key in paginator.paginate_queryset(queryset, request)]
            url = paginator.get_next_link()
        values = [PartnerKey.objects.for_place(bucks).get(pk=pk).last_used_at for pk in seen]
        assert len(seen) == len(set(seen)) == 7
        nulls = [v is None for v in values]
        # Nulls last ascending, first descending; the rest in order.
        assert nulls == sorted(nulls) if ordering.startswith("l") else sorted(nulls, reverse=True)
        dated = [v for v in values if v is not None]
        assert dated == sorted(dated, reverse=ordering.startswith("-"))


@pytest.mark.parametrize(
    "cursor",
    ["not-a-cursor", "\x00", "eyJvIjpbIm5hbWUiXSwidiI6WzFdfQ", "e30", "%%%", "a" * 5000],
)
def test_a_bad_cursor_is_a_400_in_the_error_shape(api, organisations, cursor):
    response = api.get(URL, {"cursor": cursor})
    assert response.status_code == 400
    assert "cursor" in error_of(response)["fields"]


def test_a_cursor_is_tied_to_its_ordering(api, organisations):
    first = api.get(URL, {"ordering": "name", "page_size": 2}).json()
    cursor = first["next"].split("cursor=")[1]
    response = api.get(URL, {"ordering": "kind", "page_size": 2, "cursor": cursor})
    assert response.status_code == 400
    assert "same ordering" in error_of(response)["fields"]["cursor"][0]


@pytest.mark.parametrize("size", ["0", "-1", "201", "ten", "1e3"])
def test_page_size_outside_the_range_is_refused(api, organisations, size):
    response = api.get(URL, {"page_size": size})
    assert response.status_code == 400
    assert "1 to 200" in error_of(response)["fields"]["page_size"][0]


def test_updated_since_returns_only_rows_changed_at_or_after_it(api, bucks, organisations):
    cut = timezone.now()
    changed = organisations[4]
    changed.description = "Changed after the last sync"
    changed.save()
    assert Organisation.objects.get(pk=changed.pk).updated_at >= cut
    fresh = OrganisationFactory(name="New since", places=[bucks])
    seen, _ = walk(api, URL, {"updated_since": cut.isoformat()})
    assert sorted(seen) == sorted([changed.pk, fresh.pk])
    # A date means its midnight UTC; an offset is honoured.
    tomorrow = (cut + datetime.timedelta(days=1)).date().isoformat()
    assert walk(api, URL, {"updated_since": tomorrow})[0] == []


def test_updated_since_takes_any_offset_iso_8601_allows(api, organisations):
    # PostgreSQL refuses offsets beyond 15:59 and years past 9999 overflow: neither is a 500.
    assert api.get(URL, {"updated_since": "2407-09-20T12:33:46-19:24"}).status_code == 200
    late = api.get(URL, {"updated_since": "9999-12-31T23:00:00-05:00"})
    assert late.status_code == 400


@pytest.mark.parametrize("value", ["yesterday", "2026-13-01", "2026-11-25T25:00", ""])
def test_a_bad_updated_since_is_a_field_error(api, organisations, value):
    response = api.get(URL, {"updated_since": value})
    assert response.status_code == 400
    assert "ISO 8601" in error_of(response)["fields"]["updated_since"][0]


def test_an_unknown_query_parameter_is_refused_not_ignored(api, organisations):
    response = api.get(URL, {"knd": "cio"})  # a typo for kind
    assert response.status_code == 400
    message = error_of(response)["fields"]["knd"][0]
    assert "Unknown query parameter" in message and "kind" in message
    assert api.get(URL, {"kind": "cio"}).status_code == 200


def test_unchanged_reads_are_304_with_etag_and_last_modified(api, organisations):
    target = organisations[0]
    # Last-Modified is whole seconds, so it is only sent once the second of the change is over.
    Organisation.objects.filter(pk=target.pk).update(
        updated_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    url = f"{URL}{target.pk}/"
    first = api.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    listing = api.get(URL)
    assert api.get(URL, HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304

    target.description = "Now different"
    target.save()
    again = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert again.json()["description"] == "Now different"
    assert api.get(URL, HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 200
