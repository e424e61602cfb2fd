"""export_place and import_place: a place's data round-trips, with new keys, beside the others."""

import base64
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import Client
from django.utils.html import escape

from boards.models import Board, Meeting
from commissioning.models import Tender
from coordination.accounts.models import User
from coordination.places.models import Place
from coordination.places.tenancy import scopes_disabled
from coordination.places.transfer import EXCLUDED, owned_models, owned_queryset
from funding.models import Bid
from mapping.models import Service

pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")


@pytest.fixture
def demo(demo, bucks):
    """Buckinghamshire as the demo leaves it (seeded once for the module: tests/conftest.py)."""
    return bucks


def export(place, path):
    call_command("export_place", place.slug, output=str(path), stderr=StringIO())
    return json.loads(path.read_text())


def counts(place):
    with scopes_disabled():
        return {m._meta.label: owned_queryset(m, place).count() for m in owned_models()}


def test_a_place_round_trips_as_a_new_place_beside_the_others(demo, tmp_path):
    before = {slug: counts(Place.objects.get(slug=slug)) for slug in ("coventry", "sutton")}
    data = export(demo, tmp_path / "bucks.json")

    call_command(
        "import_place", str(tmp_path / "bucks.json"), as_slug="bucks-copy", stdout=StringIO()
    )

    copy = Place.objects.get(slug="bucks-copy")
    assert copy.name == "Buckinghamshire (bucks-copy)" and copy.pk != demo.pk
    assert counts(copy) == counts(demo)
    assert sum(counts(copy).values()) == len(data["objects"]) > 300
    # The others are as they were.
    assert {slug: counts(Place.objects.get(slug=slug)) for slug in before} == before

    with scopes_disabled():
        # A board with its meetings, a bid with its feedback, a tender with its timeline, services.
        def boards(place):
            rows = Board.objects.filter(place=place).annotate(n=Count("meetings"))
            return sorted((b.name, b.n) for b in rows)

        def bids(place):
            rows = Bid.objects.filter(place=place, feedback__isnull=False)
            return sorted((b.title, b.feedback.strengths) for b in rows)

        def tenders(place):
            rows = Tender.objects.filter(place=place)
            return sorted(
                (t.title, [c.to_stage for c in t.stage_changes.order_by("pk")]) for t in rows
            )

        def services(place):
            return sorted(
                (s.name, s.organisation.name, sorted(t.slug for t in s.themes.all()))
                for s in Service.objects.filter(place=place)
            )

        for read in (boards, bids, tenders, services):
            assert read(copy) == read(demo), read.__name__
        assert any(n for _name, n in boards(copy)) and bids(copy) and tenders(copy)

        # Every key of the copy's rows leads to the copy's rows, never to Buckinghamshire's.
        for model in owned_models():
            for field in model._meta.concrete_fields:
                target = field.related_model
                if not field.is_relation or target is Place or target not in owned_models():
                    continue
                ids = owned_queryset(model, copy).values_list(field.attname, flat=True)
                ids = {i for i in ids if i is not None}
                if not ids or not any(f.name == "place" for f in target._meta.concrete_fields):
                    continue
                places = set(
                    target._base_manager.filter(pk__in=ids).values_list("place", flat=True)
                )
                # None: a shared row (a theme every place uses).
                assert places - {None} <= {copy.pk}, f"{model._meta.label}.{field.name}"
        meeting = Meeting.objects.filter(place=copy).first()
        assert meeting.board.place_id == copy.pk

    # Exporting the copy gives the same rows again.
    again = export(copy, tmp_path / "copy.json")
    assert len(again["objects"]) == len(data["objects"])
    assert len(again["files"]) == len(data["files"])


def test_the_file_holds_only_this_place(demo, tmp_path):
    data = export(demo, tmp_path / "bucks.json")
    text = (tmp_path / "bucks.json").read_text()
    assert data["place"]["slug"] == "buckinghamshire"
    for row in data["objects"]:
        assert row["model"] not in {label.lower() for label in EXCLUDED}
        if "place" in row["fields"]:
            assert row["fields"]["place"] == demo.pk, row
    with scopes_disabled():
        for slug in ("coventry", "sutton"):
            other = Place.objects.get(slug=slug)
            own_boards = set(Board.objects.filter(place=other).values_list("name", flat=True))
            bucks_boards = set(Board.objects.filter(place=demo).values_list("name", flat=True))
            for name in own_boards - bucks_boards:
                assert json.dumps(name)[1:-1] not in text, name
            assert f"@{slug}.demo.inplace.example" not in text
    # Shared rows are there to be found again, people by email.
    shared = {row["model"] for row in data["shared"]}
    assert "accounts.user" in shared and "organisations.organisation" in shared
    users = [row for row in data["shared"] if row["model"] == "accounts.user"]
    assert all(not row["fields"].get("is_superuser") for row in users)


def test_the_imported_place_shows_only_its_own_data(demo, tmp_path):
    export(demo, tmp_path / "bucks.json")
    call_command(
        "import_place", str(tmp_path / "bucks.json"), as_slug="bucks-copy", stdout=StringIO()
    )
    copy = Place.objects.get(slug="bucks-copy")
    with scopes_disabled():
        tender = Tender.objects.filter(place=copy).order_by("pk").first()
        original = Tender.objects.filter(place=demo, title=tender.title).get()
        coventry_boards = set(
            Board.objects.filter(place__slug="coventry").values_list("name", flat=True)
        ) - set(Board.objects.filter(place=demo).values_list("name", flat=True))
        assert coventry_boards
        copied_boards = list(Board.objects.filter(place=copy).values_list("name", flat=True))
    client = Client()
    page = client.get(f"/bucks-copy/commissioning/{tender.pk}/")
    if page.status_code == 404:  # a tender not yet public: the list shows the public ones
        page = client.get("/bucks-copy/commissioning/")
    assert page.status_code == 200
    client.force_login(User.objects.get(email="admin@buckinghamshire.demo.inplace.example"))
    listing = client.get("/bucks-copy/boards/").content.decode()
    assert any(escape(name) in listing for name in copied_boards)
    for name in coventry_boards:
        assert escape(name) not in listing
    # Buckinghamshire's id is not the copy's: another place's id is a 404 here.
    assert client.get(f"/bucks-copy/commissioning/{original.pk}/").status_code == 404


def test_a_place_with_data_is_not_overwritten(demo, tmp_path):
    export(demo, tmp_path / "bucks.json")
    with pytest.raises(CommandError, match="already exists and has data"):
        call_command("import_place", str(tmp_path / "bucks.json"), stdout=StringIO())


@pytest.mark.parametrize(
    "damage",
    ["not json", "wrong format", "missing rows", "bad value"],
)
def test_a_bad_file_is_a_clear_error_and_leaves_nothing(demo, tmp_path, damage):
    data = export(demo, tmp_path / "bucks.json")
    if damage == "not json":
        text = "{this is not json"
    else:
        if damage == "wrong format":
            data["format"] = "something-else"
        elif damage == "missing rows":
            # Meetings whose boards are not in the file: found only once rows are going in.
            data["objects"] = [r for r in data["objects"] if r["model"] != "boards.board"]
        elif damage == "bad value":
            row = next(r for r in data["objects"] if r["model"] == "boards.meeting")
            row["fields"]["starts_at"] = "not a date"
        text = json.dumps(data)
    (tmp_path / "bad.json").write_text(text)
    rows_before = sum(sum(counts(p).values()) for p in Place.objects.all())
    places_before = Place.objects.count()

    with pytest.raises(CommandError) as excinfo:
        call_command("import_place", str(tmp_path / "bad.json"), as_slug="bad", stdout=StringIO())

    message = str(excinfo.value)
    assert "export" in message or "file" in message or "need rows" in message, message
    assert not Place.objects.filter(slug="bad").exists()
    assert Place.objects.count() == places_before
    assert sum(sum(counts(p).values()) for p in Place.objects.all()) == rows_before


def test_an_unknown_place_or_a_missing_file_is_a_command_error(db, tmp_path):
    with pytest.raises(CommandError, match="No place"):
        call_command("export_place", "nowhere", stderr=StringIO())
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_place", str(tmp_path / "missing.json"), stdout=StringIO())


@pytest.mark.parametrize(
    "sections",
    [
        {"files": ["x"]},
        {"files": {"a.pdf": 5}},
        {"objects": [1]},
        {"objects": [{"model": "boards.board", "pk": 1, "fields": []}]},
        {"shared": "abc"},
        {"place": []},
        {"place": "x"},
    ],
)
def test_a_file_with_sections_of_the_wrong_shape_is_a_command_error(db, tmp_path, sections):
    data = {
        "format": "inplace-place-export",
        "version": 1,
        "place": {"slug": "shape", "name": "Shape"},
        "shared": [],
        "objects": [],
        "files": {},
    }
    data.update(sections)
    (tmp_path / "bad.json").write_text(json.dumps(data))
    places_before = Place.objects.count()
    with pytest.raises(CommandError, match="export|file"):
        call_command("import_place", str(tmp_path / "bad.json"), stdout=StringIO())
    assert Place.objects.count() == places_before


def test_a_deeply_nested_file_is_a_clear_error(db, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(CommandError, match="not JSON: JSON nested more than 100 levels"):
        call_command("import_place", str(path), stdout=StringIO())


def test_an_embedded_file_is_held_to_its_upload_policy(demo, tmp_path):
    data = export(demo, tmp_path / "bucks.json")
    row = next(r for r in data["objects"] if r["model"] == "funding.bidattachment")
    page = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"
    data["files"][row["fields"]["file"]] = base64.b64encode(page).decode("ascii")
    (tmp_path / "bad.json").write_text(json.dumps(data))

    with pytest.raises(CommandError, match="this file is an HTML page. Nothing was imported."):
        call_command("import_place", str(tmp_path / "bad.json"), as_slug="bad", stdout=StringIO())
    assert not Place.objects.filter(slug="bad").exists()


def test_a_file_of_the_first_version_names_the_themes_as_mapping_and_still_imports(demo, tmp_path):
    data = export(demo, tmp_path / "bucks.json")
    # As the first version of the format wrote it: themes and community additions were mapping's.
    for row in (*data["shared"], *data["objects"]):
        if row["model"].startswith("vocabularies."):
            row["model"] = row["model"].replace("vocabularies.", "mapping.")
        if (
            row["model"] == "contenttypes.contenttype"
            and row["fields"]["app_label"] == "vocabularies"
        ):
            row["fields"]["app_label"] = "mapping"
    assert any(r["model"] == "mapping.theme" for r in data["shared"])
    data["version"] = 1
    (tmp_path / "old.json").write_text(json.dumps(data))

    call_command("import_place", str(tmp_path / "old.json"), as_slug="bucks-old", stdout=StringIO())

    copy = Place.objects.get(slug="bucks-old")
    assert counts(copy) == counts(demo)
    with scopes_disabled():
        themes_here = sorted(
            Service.objects.filter(place=copy).values_list("themes__slug", flat=True).distinct()
        )
        themes_there = sorted(
            Service.objects.filter(place=demo).values_list("themes__slug", flat=True).distinct()
        )
    assert themes_here == themes_there and len(themes_here) > 3
