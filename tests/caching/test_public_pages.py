"""A visitor's GET of a place's public page is answered from the cache; anyone else gets their own.

Real Redis (REDIS_URL) or the local-memory cache, real views: what each person sees is asserted.
"""

import re

import pytest
from django.db import transaction

from coordination.caching.middleware import HIT_HEADER
from coordination.caching.versions import versions
from coordination.vocabularies.models import Theme
from mapping import services
from tests.support.factories import OrganisationFactory

NONCE = re.compile(r'nonce="([^"]+)"')


@pytest.fixture
def pantry(bucks, admin_of):
    organisation = OrganisationFactory(places=[bucks])
    return services.service_create(
        place=bucks,
        actor=admin_of(bucks),
        organisation=organisation,
        name="Aylesbury pantry",
        themes=[Theme.objects.get(slug="food", place__isnull=True)],
        areas=[],
        whole_place=True,
    )


def test_a_visitors_second_visit_is_answered_from_the_cache(client, bucks, pantry, settings):
    settings.PUBLIC_PAGE_BROWSER_SECONDS = 30
    first = client.get("/buckinghamshire/mapping/services/")
    second = client.get("/buckinghamshire/mapping/services/")
    assert first.status_code == second.status_code == 200
    assert first[HIT_HEADER] == "miss" and second[HIT_HEADER] == "hit"
    assert "Aylesbury pantry" in second.content.decode()
    # Visitors' browsers may keep it briefly; the page depends on not being signed in.
    assert "public" in second["Cache-Control"] and "max-age=30" in second["Cache-Control"]
    assert "Cookie" in second["Vary"]


def test_each_answer_from_the_cache_has_its_own_csp_nonce(client, bucks):
    first = client.get("/buckinghamshire/")
    second = client.get("/buckinghamshire/")
    assert second[HIT_HEADER] == "hit"
    nonces = [set(NONCE.findall(r.content.decode())) for r in (first, second)]
    assert all(len(n) == 1 for n in nonces), "the home page has inline scripts or styles"
    (one,), (two,) = nonces
    assert one != two
    assert f"'nonce-{two}'" in second["Content-Security-Policy"]
    assert one not in second.content.decode()


def test_the_query_string_in_any_order_is_the_same_page(client, bucks, pantry):
    client.get("/buckinghamshire/mapping/services/?theme=food&q=pantry")
    again = client.get("/buckinghamshire/mapping/services/?q=pantry&theme=food")
    other = client.get("/buckinghamshire/mapping/services/?q=nothing-like-it&theme=food")
    assert again[HIT_HEADER] == "hit"
    assert other[HIT_HEADER] == "miss"


def test_head_is_answered_from_a_cached_get(client, bucks):
    client.get("/buckinghamshire/")
    assert client.head("/buckinghamshire/")[HIT_HEADER] == "hit"


def test_a_write_through_the_service_layer_shows_on_the_next_visit(client, bucks, pantry, admin_of):
    client.get(f"/buckinghamshire/mapping/services/{pantry.pk}/")
    assert client.get("/buckinghamshire/mapping/services/")[HIT_HEADER] in {"hit", "miss"}
    services.service_update(
        place=bucks, actor=admin_of(bucks), service=pantry, name="Aylesbury food bank"
    )
    for path in (
        "/buckinghamshire/mapping/services/",
        f"/buckinghamshire/mapping/services/{pantry.pk}/",
    ):
        response = client.get(path)
        assert response[HIT_HEADER] == "miss"
        assert "Aylesbury food bank" in response.content.decode()
        assert "Aylesbury pantry" not in response.content.decode()


def test_services_imported_in_bulk_show_on_the_next_visit(client, bucks, pantry, admin_of):
    # bulk_create sends no signals: each imported service's audit entry bumps the place.
    client.get("/buckinghamshire/mapping/services/")
    created, refused = services.service_create_many(
        place=bucks,
        actor=admin_of(bucks),
        items=[
            (
                "row-1",
                {
                    "organisation": pantry.organisation,
                    "themes": [Theme.objects.get(slug="food", place__isnull=True)],
                    "name": "Pelican pantry",
                    "whole_place": True,
                },
            )
        ],
    )
    assert created and not refused
    response = client.get("/buckinghamshire/mapping/services/")
    assert response[HIT_HEADER] == "miss"
    assert "Pelican pantry" in response.content.decode()


def test_a_write_without_the_service_layer_shows_too(client, bucks, pantry):
    client.get("/buckinghamshire/mapping/services/")
    pantry.name = "Renamed in the admin"
    pantry.save()
    assert (
        "Renamed in the admin" in client.get("/buckinghamshire/mapping/services/").content.decode()
    )


def test_a_change_to_global_data_shows_in_every_place(client, bucks, pantry):
    client.get(f"/buckinghamshire/mapping/services/{pantry.pk}/")
    organisation = pantry.organisation
    organisation.name = "Vale Food Trust"
    organisation.save()
    response = client.get(f"/buckinghamshire/mapping/services/{pantry.pk}/")
    assert response[HIT_HEADER] == "miss"
    assert "Vale Food Trust" in response.content.decode()


def test_two_places_never_share_an_entry(client, bucks, coventry, pantry):
    client.get("/buckinghamshire/mapping/services/")
    response = client.get("/coventry/mapping/services/")
    assert response[HIT_HEADER] == "miss"
    assert "Aylesbury pantry" not in response.content.decode()
    assert client.get("/coventry/mapping/services/")[HIT_HEADER] == "hit"
    # A write in Buckinghamshire leaves Coventry's pages cached.
    pantry.name = "Still only in Buckinghamshire"
    pantry.save()
    assert client.get("/coventry/mapping/services/")[HIT_HEADER] == "hit"


def test_a_visitors_page_is_never_shown_to_a_signed_in_person(client, bucks, admin_of):
    visitor = client.get("/buckinghamshire/")
    assert "Sign in to see what you can do" in visitor.content.decode()
    client.force_login(admin_of(bucks, name="Fatima Okafor"))
    signed_in = client.get("/buckinghamshire/")
    assert HIT_HEADER not in signed_in
    assert "Sign in to see what you can do" not in signed_in.content.decode()
    assert "private" in signed_in["Cache-Control"] and "public" not in signed_in["Cache-Control"]


def test_a_signed_in_persons_page_is_never_cached(client, bucks, admin_of):
    client.force_login(admin_of(bucks, name="Fatima Okafor"))
    client.get("/buckinghamshire/")
    client.get("/buckinghamshire/")
    client.logout()
    visitor = client.get("/buckinghamshire/")
    assert visitor[HIT_HEADER] == "miss"
    assert "Okafor" not in visitor.content.decode()
    assert "Sign in to see what you can do" in visitor.content.decode()


def test_a_page_with_a_message_waiting_is_not_kept(client, bucks, admin_of):
    # Signing out leaves "You have signed out." for the next page.
    client.force_login(admin_of(bucks))
    client.post("/accounts/logout/")
    with_message = client.get("/buckinghamshire/")
    assert HIT_HEADER not in with_message
    assert client.get("/buckinghamshire/")[HIT_HEADER] == "miss"


def test_the_home_page_kept_for_visitors_carries_no_csrf_token(client, bucks):
    # The home page's "Join as a resident" form (a per-person CSRF token) shows to signed-in
    # people only, so the visitors' page that is kept and shared holds no token and sets no cookie.
    client.get("/buckinghamshire/")
    response = client.get("/buckinghamshire/")
    assert response[HIT_HEADER] == "hit"
    assert b"csrfmiddlewaretoken" not in response.content
    assert "csrftoken" not in response.cookies


def test_the_api_list_is_cached_for_visitors_only(client, bucks, pantry):
    path = "/api/v1/places/buckinghamshire/services/"
    first = client.get(path)
    second = client.get(path)
    assert first.status_code == 200 and second[HIT_HEADER] == "hit"
    assert second.json() == first.json()
    with_token = client.get(path, headers={"Authorization": "Token not-a-real-token"})
    assert HIT_HEADER not in with_token
    assert with_token.status_code == 401


def test_the_api_list_shows_a_write_at_once(client, bucks, pantry, admin_of):
    path = "/api/v1/places/buckinghamshire/services/"
    client.get(path)
    services.service_update(place=bucks, actor=admin_of(bucks), service=pantry, name="Renamed")
    names = [row["name"] for row in client.get(path).json()["results"]]
    assert "Renamed" in names


@pytest.mark.django_db(transaction=True)
def test_a_write_bumps_now_and_again_once_at_commit(bucks, pantry):
    before = versions(bucks.pk)[0]
    with transaction.atomic():
        pantry.name = "Twice"
        pantry.save()
        pantry.save()
        during = versions(bucks.pk)[0]
    after = versions(bucks.pk)[0]
    assert during == before + 2
    assert after == during + 1
    # A transaction that rolls back leaves no flush behind: the next one still bumps at commit.
    with pytest.raises(RuntimeError), transaction.atomic():
        pantry.save()
        raise RuntimeError
    rolled_back = versions(bucks.pk)[0]
    with transaction.atomic():
        pantry.save()
    assert versions(bucks.pk)[0] == rolled_back + 2


def test_switched_off_nothing_is_cached(client, bucks, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client.get("/buckinghamshire/")
    response = client.get("/buckinghamshire/")
    assert HIT_HEADER not in response


def test_visitors_browsers_ask_again_by_default(client, bucks):
    client.get("/buckinghamshire/")
    response = client.get("/buckinghamshire/")
    assert response[HIT_HEADER] == "hit"
    assert set(re.split(r",\s*", response["Cache-Control"])) == {"public", "max-age=0"}


def test_minutes_published_show_on_the_next_visit(client, bucks, admin_of):
    from boards import services as boards
    from coordination.places.tenancy import place_scope
    from tests.support.boards import board, meeting

    admin = admin_of(bucks)
    with place_scope(bucks):
        held = meeting(bucks, board(bucks), in_days=-1, title="Spring meeting", is_public=True)
        path = f"/buckinghamshire/boards/meetings/{held.pk}/"
        assert client.get(path).status_code == 200
        assert client.get(path)[HIT_HEADER] == "hit"
        boards.minutes_save(
            place=bucks, actor=admin, meeting=held, minutes="We agreed the plan.", publish=True
        )
    response = client.get(path)
    assert response[HIT_HEADER] == "miss"
    assert "We agreed the plan." in response.content.decode()
