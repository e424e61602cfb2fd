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
    assert AuditEntry.objects.for_place(leeds).filter(action="place.create").exists()
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
