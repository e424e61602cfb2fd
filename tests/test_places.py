"""Places: the first three exist after migrate, a fourth is added with no code, demo data re-runs cleanly."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from coordination.accounts.models import Invitation, Membership, Role, User
from coordination.audit.models import AuditEntry
from coordination.organisations.models import Organisation, OrganisationKind
from coordination.places.models import Area, Place


def test_three_places_exist_after_migrate(db):
    assert list(Place.objects.values_list("slug", flat=True)) == [
        "buckinghamshire",
        "coventry",
        "sutton",
    ]
    assert all(p.timezone == "Europe/London" for p in Place.objects.all())


def test_add_place_creates_a_fourth_that_is_served(client, db, capsys):
    call_command(
        "add_place",
        "Leeds",
        "--colour",
        "#00703c",
        "--digest-weekday",
        "friday",
        "--digest-hour",
        "10",
        "--admin-email",
        "coordinator@leeds.example",
    )
    leeds = Place.objects.get(slug="leeds")
    assert (leeds.digest_weekday, leeds.digest_hour, leeds.primary_colour) == (4, 10, "#00703c")
    assert Invitation.objects.for_place(leeds).get().role == Role.PLACE_ADMIN
    assert AuditEntry.objects.for_place(leeds).filter(action="places.place.create").exists()
    response = client.get("/leeds/")
    assert response.status_code == 200
    assert "Leeds" in response.content.decode()
    assert "Leeds" in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Buckinghamshire"], "already exists"),
        (["Admin Place", "--slug", "admin"], "used by InPlace itself"),
        (["Pale", "--colour", "#ffff00"], "too faint"),
        (["Nowhere", "--timezone", "Mars/Olympus"], "not a known time zone"),
    ],
)
def test_add_place_refuses_bad_input_with_a_clear_message(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("add_place", *args)


def test_place_colour_must_read_with_white_text(db):
    place = Place(name="Test", slug="test", primary_colour="#aaaaaa")
    with pytest.raises(ValidationError) as excinfo:
        place.full_clean()
    assert "primary_colour" in excinfo.value.message_dict


def test_seed_demo_fills_every_place_and_rerunning_changes_nothing(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    counts = (
        User.objects.count(),
        Organisation.objects.count(),
        Area.objects.with_scopes_disabled().count(),
        Membership.objects.with_scopes_disabled().count(),
        AuditEntry.objects.with_scopes_disabled().count(),
    )
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    again = (
        User.objects.count(),
        Organisation.objects.count(),
        Area.objects.with_scopes_disabled().count(),
        Membership.objects.with_scopes_disabled().count(),
        AuditEntry.objects.with_scopes_disabled().count(),
    )
    assert again == counts

    bucks = Place.objects.get(slug="buckinghamshire")
    assert Area.objects.for_place(bucks).filter(kind="community_board_area").count() == 16
    for place in Place.objects.all():
        roles = set(Membership.objects.for_place(place).values_list("role", flat=True))
        assert roles == set(Role.values), place
        kinds = set(Organisation.objects.filter(places=place).values_list("kind", flat=True))
        assert kinds == set(OrganisationKind.values), place
    sam = User.objects.get(email="sam.okafor@demo.inplace.example")
    sam_places = (
        Membership.objects.with_scopes_disabled()
        .filter(user=sam)
        .values_list("place__slug", flat=True)
    )
    assert set(sam_places) == {"buckinghamshire", "coventry"}


def test_seed_demo_prints_the_sign_ins(db, capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "inplace-demo-2026" in out
    assert "leader@coventry.demo.inplace.example" in out


# The place of each request is kept for PLACE_CACHE_SECONDS per process (coordination/places/selectors.py).


def test_a_place_changed_or_switched_off_in_the_app_is_served_as_it_now_is(client, db):
    place = Place.objects.get(slug="sutton")
    assert client.get("/sutton/").status_code == 200  # read, and kept
    place.name = "Sutton Borough"
    place.save()
    assert "Sutton Borough" in client.get("/sutton/").content.decode()
    place.is_active = False
    place.save()
    assert client.get("/sutton/").status_code == 404
    assert client.get("/api/v1/places/sutton/areas/").status_code == 404


def test_each_request_gets_its_own_copy_of_the_place(db):
    from coordination.places.selectors import get_active_place

    first = get_active_place("sutton")
    first.name = "Changed by one request"
    second = get_active_place("sutton")
    assert second.name == "Sutton" and second is not first
    assert second.pk == first.pk and not second._state.adding


def test_a_change_made_outside_the_app_is_seen_once_the_seconds_pass(client, db, monkeypatch):
    import coordination.places.selectors as selectors

    now = [1000.0]
    monkeypatch.setattr(selectors.time, "monotonic", lambda: now[0])
    assert client.get("/sutton/").status_code == 200
    # Another process (or SQL) switches it off: no signal reaches this one.
    Place.objects.filter(slug="sutton").update(is_active=False)
    assert client.get("/sutton/").status_code == 200  # still within PLACE_CACHE_SECONDS
    now[0] += 5.01
    assert client.get("/sutton/").status_code == 404


def test_with_no_seconds_every_request_reads_the_place(client, db, settings):
    settings.PLACE_CACHE_SECONDS = 0
    assert client.get("/sutton/").status_code == 200
    Place.objects.filter(slug="sutton").update(is_active=False)
    assert client.get("/sutton/").status_code == 404


def test_a_form_refused_for_its_csrf_token_is_shown_inside_its_place(bucks, make_member):
    # PlaceMiddleware reads the place before CSRF's check refuses the form: the page keeps the
    # place's header (its name, its links) rather than the bare site's.
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_member(bucks, "resident"))
    refused = client.post(f"/{bucks.slug}/", {"anything": "at all"})
    assert refused.status_code == 403
    page = refused.content.decode()
    assert "Your form could not be sent" in page
    assert f"<title>Your form could not be sent – {bucks.name} – InPlace</title>" in page
    assert "inplace-header__place" in page


@pytest.mark.django_db
def test_a_rows_link_names_its_place_without_a_query_per_row_and_follows_a_new_slug(
    bucks, django_assert_max_num_queries
):
    from boards.models import Board
    from tests.support.boards import board

    boards = [board(bucks, name=f"Board {n}") for n in range(3)]

    rows = list(Board.objects.for_place(bucks).filter(pk__in=[b.pk for b in boards]))
    with django_assert_max_num_queries(1):
        links = [row.get_absolute_url() for row in rows]
    assert all(link.startswith("/buckinghamshire/boards/") for link in links)
    bucks.slug = "bucks"
    bucks.save()
    assert rows[0].get_absolute_url().startswith("/bucks/boards/")
