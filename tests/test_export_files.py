"""Open data files built into storage: the first request builds the file, later ones are served
from it with an ETag (304 when the caller has it), a change to what it holds marks it stale and a
task (a real Celery worker here) rebuilds it, the new file replaces the old, and a place's file
holds only its own rows. On the filesystem and on an S3-compatible bucket."""

import csv
import io

import pytest
from django.core.files.storage import storages

from coordination.exports import services as exports
from coordination.exports.models import ExportFile
from coordination.exports.tasks import rebuild_exports
from coordination.vocabularies.models import Theme
from mapping import services as mapping_services
from tests.support.factories import OrganisationFactory
from tests.support.workers import wait_for

KEY = "mapping.services.csv"


def add_service(place, name, organisation=None):
    return mapping_services.service_create(
        place=place,
        actor=None,
        organisation=organisation or OrganisationFactory(name=f"{name} group", places=[place]),
        name=name,
        themes=[Theme.objects.get(slug="food", place__isnull=True)],
        whole_place=True,
    )


def names_in(response):
    return [row["name"] for row in csv.DictReader(io.StringIO(response.content.decode()))]


def record_of(place):
    return ExportFile.objects.for_place(place).get(key=KEY)


@pytest.mark.django_db
def test_a_file_is_built_once_served_with_its_etag_and_rebuilt_after_a_change(
    file_storage, client, bucks, sutton
):
    add_service(bucks, "Bucks pantry")
    add_service(sutton, "Sutton pantry")
    url = "/buckinghamshire/mapping/services.csv"

    first = client.get(url)
    assert first.status_code == 200
    assert names_in(first) == ["Bucks pantry"]
    etag = first["ETag"]
    assert first["Cache-Control"] == "public, max-age=60"
    assert first["Last-Modified"]
    assert 'attachment; filename="buckinghamshire-services.csv"' == first["Content-Disposition"]
    built_at = record_of(bucks).built_at

    # Asked again: the same file, not built again; with its ETag, a 304 and no body.
    assert client.get(url).content == first.content
    assert record_of(bucks).built_at == built_at
    unchanged = client.get(url, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged["ETag"] == etag

    # A new service: the file is stale at once, so the next answer is the new file.
    add_service(bucks, "Bucks larder")
    assert not record_of(bucks).is_fresh(exports.export_kind(KEY).recipe())
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert sorted(names_in(changed)) == ["Bucks larder", "Bucks pantry"]
    assert changed["ETag"] != etag

    # The old file is gone from storage; only the current one is kept.
    current = record_of(bucks)
    folder = f"exports/{bucks.slug}"
    assert storages["exports"].listdir(folder)[1] == [current.name.rsplit("/", 1)[1]]

    # Another place's file holds only its own services.
    assert names_in(client.get("/sutton/mapping/services.csv")) == ["Sutton pantry"]


@pytest.mark.django_db
def test_the_task_rebuilds_what_is_stale_and_leaves_what_is_fresh(
    file_storage, client, bucks, sutton
):
    add_service(bucks, "Bucks pantry")
    client.get("/buckinghamshire/mapping/services.csv")
    client.get("/sutton/mapping/services.csv")
    sutton_built = record_of(sutton).built_at
    add_service(bucks, "Bucks larder")

    assert rebuild_exports(place_id=bucks.pk, keys=[KEY]) == 1
    assert rebuild_exports(place_id=bucks.pk, keys=[KEY]) == 0  # running it twice builds nothing
    assert record_of(bucks).is_fresh(exports.export_kind(KEY).recipe())
    assert record_of(sutton).built_at == sutton_built
    built_at = record_of(bucks).built_at
    assert sorted(names_in(client.get("/buckinghamshire/mapping/services.csv"))) == [
        "Bucks larder",
        "Bucks pantry",
    ]
    assert record_of(bucks).built_at == built_at  # served from the task's file


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_rebuilds_the_file_after_a_change_commits(worker, client, bucks, settings):
    settings.EXPORTS_REBUILD_DELAY_SECONDS = 0
    add_service(bucks, "Bucks pantry")
    before = client.get("/buckinghamshire/mapping/services.csv")
    assert names_in(before) == ["Bucks pantry"]

    add_service(bucks, "Bucks larder")  # commits; the worker is asked to rebuild
    recipe = exports.export_kind(KEY).recipe()
    wait_for(lambda: record_of(bucks).is_fresh(recipe), "the worker's rebuild", worker)
    built_at = record_of(bucks).built_at
    after = client.get(
        "/buckinghamshire/mapping/services.csv", headers={"If-None-Match": before["ETag"]}
    )
    assert after.status_code == 200
    assert sorted(names_in(after)) == ["Bucks larder", "Bucks pantry"]
    assert record_of(bucks).built_at == built_at  # the request found the worker's file


@pytest.mark.django_db
def test_the_coordinators_export_is_a_private_file_and_others_get_their_own_rows(
    client, bucks, make_member
):
    from coordination.accounts.models import Role

    own = OrganisationFactory(name="Own group", places=[bucks])
    add_service(bucks, "Their pantry")
    add_service(bucks, "Our pantry", organisation=own)
    url = "/buckinghamshire/mapping/export/"

    client.force_login(make_member(bucks, Role.PLACE_ADMIN))
    everything = client.get(url)
    assert everything.status_code == 200
    assert everything["Cache-Control"] == "private, no-cache"
    assert everything["ETag"]
    body = everything.content.decode("utf-8-sig")
    assert "Their pantry" in body and "Our pantry" in body
    add_service(bucks, "New pantry")
    assert "New pantry" in client.get(url).content.decode("utf-8-sig")

    client.force_login(make_member(bucks, Role.CHARITY_LEADER, organisation=own))
    theirs = client.get(url)
    assert theirs.status_code == 200
    assert theirs["Cache-Control"] == "private, no-store"
    assert "ETag" not in theirs
    body = theirs.content.decode("utf-8-sig")
    assert "Our pantry" in body and "Their pantry" not in body and "New pantry" not in body
