"""The index follows the records: changes through the services, removals, places of global
records, bulk imports, and the rebuild command (safe to rerun)."""

from io import StringIO

import pytest
from django.core.management import call_command

from boards import services as boards_services
from coordination.search.models import SearchEntry
from coordination.search.selectors import search

pytestmark = pytest.mark.django_db


def titles(place, user, query):
    return [str(result.title) for result in search(place, user, query).results]


def entries(place, kind):
    return SearchEntry.objects.for_place(place).filter(kind=kind)


def test_a_change_through_a_service_is_found_at_once(world, people, in_bucks):
    boards_services.board_update(
        place=in_bucks, actor=people["admin"], board=world["board"], name="Osprey Board"
    )
    assert titles(in_bucks, people["admin"], "osprey") == [
        '<mark class="inplace-search-mark">Osprey</mark> Board'
    ]
    assert "Otter Board" not in [r.title for r in search(in_bucks, None, "board").results]


def test_a_removed_agenda_item_leaves_the_index(world, people, in_bucks):
    item = boards_services.agenda_item_add(
        place=in_bucks, actor=None, meeting=world["private_meeting"], title="Albatross item"
    )
    assert entries(in_bucks, "agenda-item").filter(object_id=item.pk).exists()
    boards_services.agenda_item_remove(place=in_bucks, actor=people["admin"], item=item)
    assert not entries(in_bucks, "agenda-item").filter(object_id=item.pk).exists()


def test_hiding_an_idea_takes_it_out_and_restoring_brings_it_back(world, people, in_bucks):
    idea = world["idea"]
    boards_services.post_hide(place=in_bucks, actor=people["admin"], post=idea, reason="Spam.")
    assert not entries(in_bucks, "idea").filter(object_id=idea.pk).exists()
    boards_services.post_restore(place=in_bucks, actor=people["admin"], post=idea, reason="Fine.")
    assert entries(in_bucks, "idea").filter(object_id=idea.pk).exists()


def test_minutes_are_found_only_once_published(world, people, in_bucks):
    m = world["private_meeting"]
    boards_services.minutes_save(place=in_bucks, actor=None, meeting=m, minutes="Draft cormorant")
    assert not entries(in_bucks, "minutes").filter(object_id=m.pk).exists()


def test_a_programme_is_indexed_in_each_of_its_places(world, people, in_bucks, sutton):
    programme = world["programme"]
    assert entries(in_bucks, "programme").filter(object_id=programme.pk).exists()
    assert not SearchEntry.objects.for_place(sutton).filter(kind="programme").exists()
    programme.places.add(sutton)
    entry = SearchEntry.objects.for_place(sutton).get(kind="programme", object_id=programme.pk)
    assert entry.url.startswith("/sutton/")
    programme.places.remove(sutton)
    assert not SearchEntry.objects.for_place(sutton).filter(kind="programme").exists()


def test_an_organisation_joining_a_place_is_found_there(world, people, sutton):
    people["charity"].places.add(sutton)
    assert [r.kind for r in search(sutton, None, "wycombe").results] == ["organisation"]


def test_services_imported_in_bulk_are_indexed(world, people, in_bucks):
    from coordination.vocabularies.models import Theme
    from mapping import services as mapping_services

    food = Theme.objects.get(slug="food", place__isnull=True)
    created, refused = mapping_services.service_create_many(
        place=in_bucks,
        actor=people["officer"],
        items=[
            (
                "row-1",
                {
                    "organisation": people["charity"],
                    "themes": [food],
                    "name": "Pelican pantry",
                    "whole_place": True,
                },
            )
        ],
    )
    assert not refused, refused
    assert [r.kind for r in search(in_bucks, None, "pelican").results] == ["service"]


def test_rebuilding_is_safe_to_rerun(world, people, in_bucks):
    before = sorted(entries_of(in_bucks))
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    call_command("rebuild_search_index", "buckinghamshire", stdout=out)
    assert sorted(entries_of(in_bucks)) == before
    assert "buckinghamshire:" in out.getvalue()
    assert titles(in_bucks, None, "meerkat")


def entries_of(place):
    return SearchEntry.objects.for_place(place).values_list("kind", "object_id", "title", "url")
