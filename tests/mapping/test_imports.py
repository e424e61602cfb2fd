"""Import and export: a preview first, problems by line and column, nothing half-imported,
idempotent on the external id, and formulas never run."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from coordination.accounts.models import Role
from mapping import imports
from mapping.models import Asset, ImportBatch, Need, Service
from tests.support.factories import OrganisationFactory

HEADER = "external_id,name,organisation,themes,areas,communities,specialist,delivery,postcode\n"


@pytest.fixture
def setting(sutton, area, community):
    area(sutton, "St Helier East")
    area(sutton, "Cheam")
    community("Carers")
    return OrganisationFactory(name="St Helier Hub", places=[sutton])


def csv_file(text, name="services.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_file(rows, name="services.xlsx"):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def check(place, actor, text, kind="services", **kwargs):
    rows = imports.read_table(csv_file(text, **kwargs), kind)
    return imports.run(place, actor, kind, rows, commit=False)


def commit(place, actor, text, kind="services", only_valid=False):
    rows = imports.read_table(csv_file(text), kind)
    return imports.run(place, actor, kind, rows, commit=True, only_valid=only_valid)


GOOD = (
    HEADER
    + "s1,Pantry,St Helier Hub,Food;Money and debt,St Helier East,,no,in person,sm5 1aa\n"
    + "s2,Carers' line,St Helier Hub,mental-health,whole place,Carers,yes,phone;online,\n"
)


def test_a_valid_file_imports_and_importing_it_again_changes_nothing(sutton, admin_of, setting):
    admin = admin_of(sutton)
    preview = check(sutton, admin, GOOD)
    assert (preview.created, preview.updated, preview.errors) == (2, 0, [])
    assert not Service.objects.for_place(sutton).exists()  # the preview saved nothing

    assert commit(sutton, admin, GOOD).created == 2
    pantry = Service.objects.for_place(sutton).get(external_id="s1")
    assert pantry.postcode == "SM5 1AA"
    assert sorted(t.slug for t in pantry.themes.all()) == ["food", "money-and-debt"]
    line = Service.objects.for_place(sutton).get(external_id="s2")
    assert line.whole_place and line.is_specialist and line.by_phone and not line.in_person

    again = commit(sutton, admin, GOOD)
    assert (again.created, again.updated) == (0, 2)
    assert Service.objects.for_place(sutton).count() == 2


@pytest.mark.parametrize(
    "row, line, column, message",
    [
        (
            "s9,Pantry,St Helier Hub,Food,Narnia,,no,,",
            2,
            "areas",
            "“Narnia” is not one of this place’s areas",
        ),
        ("s9,Pantry,St Helier Hub,Basket weaving,Cheam,,no,,", 2, "themes", "“Basket weaving”"),
        ("s9,Pantry,St Helier Hub,Food,Cheam,,no,,SW1A", 2, "postcode", "not a full UK postcode"),
        ("s9,Pantry,Nobody Trust,Food,Cheam,,no,,", 2, "organisation", "“Nobody Trust”"),
        ('s9,=HYPERLINK("http://x"),St Helier Hub,Food,Cheam,,no,,', 2, "name", "formula"),
        ("s9,@SUM(A1),St Helier Hub,Food,Cheam,,no,,", 2, "name", "formula"),
        ("s9,Pantry,St Helier Hub,Food,,,no,,", 2, "areas", "Choose the areas it serves"),
        ("s9,Pantry,St Helier Hub,Food,Cheam,,maybe,,", 2, "specialist", "Write yes or no"),
        (",Pantry,St Helier Hub,Food,Cheam,,no,,", 2, "external_id", "external id"),
    ],
)
def test_bad_cells_are_reported_by_line_and_column(
    sutton, admin_of, setting, row, line, column, message
):
    checked = check(sutton, admin_of(sutton), HEADER + row + "\n")
    assert any(e[0] == line and e[1] == column and message in e[2] for e in checked.errors), (
        checked.errors
    )


def test_duplicate_external_ids_are_reported_on_the_second_line(sutton, admin_of, setting):
    text = (
        HEADER + "s1,A,St Helier Hub,Food,Cheam,,no,,\n" + "s1,B,St Helier Hub,Food,Cheam,,no,,\n"
    )
    checked = check(sutton, admin_of(sutton), text)
    assert checked.errors == [
        [3, "external_id", "s1 is also on line 2: each row needs its own external id."]
    ]


def test_a_file_with_a_bad_row_imports_nothing_unless_only_valid_rows_are_chosen(
    sutton, admin_of, setting
):
    admin = admin_of(sutton)
    text = GOOD + "s3,Pantry,St Helier Hub,Food,Narnia,,no,,\n"
    result = commit(sutton, admin, text)
    assert result.errors and not Service.objects.for_place(sutton).exists()
    result = commit(sutton, admin, text, only_valid=True)
    assert (result.created, result.skipped) == (2, 1)
    assert sorted(Service.objects.for_place(sutton).values_list("external_id", flat=True)) == [
        "s1",
        "s2",
    ]


def test_missing_required_columns_are_named(sutton):
    with pytest.raises(imports.ImportFileError) as caught:
        imports.read_table(csv_file("external_id,name\ns1,Pantry\n"), "services")
    assert "Line 1: the file has no organisation, themes, areas column" in caught.value.messages[0]


def test_a_file_that_is_not_utf8_is_refused_with_how_to_fix_it(sutton):
    with pytest.raises(imports.ImportFileError) as caught:
        imports.read_table(csv_file(GOOD.replace("Pantry", "Café"), encoding="cp1252"), "services")
    assert "not UTF-8" in caught.value.messages[0] and "CSV UTF-8" in caught.value.messages[0]


def test_a_20_mb_file_is_refused_before_it_is_read(sutton):
    big = SimpleUploadedFile("big.csv", b"x" * (20 * 1024 * 1024))
    with pytest.raises(imports.ImportFileError) as caught:
        imports.read_table(big, "services")
    assert "20.0 MB" in caught.value.messages[0] and "5 MB" in caught.value.messages[0]


def test_xlsx_import_refuses_formula_cells(sutton, admin_of, setting):
    rows = [
        ["external_id", "name", "organisation", "themes", "areas"],
        ["s1", "Pantry", "St Helier Hub", "Food", "Cheam"],
        ["s2", "=1+1", "St Helier Hub", "Food", "Cheam"],
    ]
    table = imports.read_table(xlsx_file(rows), "services")
    checked = imports.run(sutton, admin_of(sutton), "services", table, commit=False)
    assert checked.created == 1
    assert [e[:2] for e in checked.errors] == [[3, "name"]]


def test_needs_and_assets_import_too(sutton, admin_of, setting):
    admin = admin_of(sutton)
    needs = (
        "external_id,area,theme,summary,severity,indicator_value,indicator_source\n"
        "n1,Cheam,Food,Empty cupboards,High,,\n"
        "n2,Cheam,Housing,Damp,,12,Council survey\n"
        "n3,Atlantis,Food,Nope,High,,\n"
    )
    result = commit(sutton, admin, needs, kind="needs", only_valid=True)
    assert (result.created, result.skipped) == (2, 1)
    assert result.errors[0][:2] == [4, "area"]
    assert Need.objects.for_place(sutton).count() == 2
    assets = "external_id,kind,name,area,contact_consent\na1,Physical spaces,Library,Cheam,yes\n"
    assert commit(sutton, admin, assets, kind="assets").created == 1
    assert Asset.objects.for_place(sutton).get().contact_consent


def test_charity_leader_imports_only_their_own_rows(sutton, make_member, setting, make_service):
    leader = make_member(sutton, Role.CHARITY_LEADER, organisation=setting)
    other = OrganisationFactory(name="Other Trust", places=[sutton])
    make_service(sutton, "Theirs", organisation=other, external_id="theirs")
    text = (
        HEADER
        + "s1,Ours,St Helier Hub,Food,Cheam,,no,,\n"
        + "s2,Not ours,Other Trust,Food,Cheam,,no,,\n"
        + "theirs,Taken over,St Helier Hub,Food,Cheam,,no,,\n"
    )
    checked = check(sutton, leader, text)
    assert checked.created == 1
    assert [e[:2] for e in checked.errors] == [[3, "organisation"], [4, "external_id"]]


def test_export_escapes_formulas_and_round_trips(sutton, admin_of, setting, make_service):
    admin = admin_of(sutton)
    make_service(
        sutton,
        '=HYPERLINK("http://evil")',
        organisation=setting,
        description="+44 line",
        external_id="e1",
        latitude="51.38700",
        longitude="-0.18600",
        postcode="SM5 1AA",
    )
    body = imports.export_csv(sutton, admin, "services").decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(body)))
    assert row["name"] == '\'=HYPERLINK("http://evil")'
    assert row["description"] == "'+44 line"
    assert row["longitude"] == "-0.18600"  # a number, not a formula

    book = load_workbook(io.BytesIO(imports.export_xlsx(sutton, admin, "services")))
    cell = book.active["B2"]
    assert cell.value == '=HYPERLINK("http://evil")' and cell.data_type == "s"


def test_upload_preview_and_import_through_the_pages(client, sutton, admin_of, setting):
    client.force_login(admin_of(sutton))
    url = reverse("places:mapping:import", kwargs={"place_slug": sutton.slug})
    response = client.post(
        url, {"kind": "services", "file": csv_file(GOOD + "s3,X,St Helier Hub,Food,Narnia,,no,,\n")}
    )
    batch = ImportBatch.objects.for_place(sutton).get()
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "“Narnia” is not one of this place’s areas." in page
    assert "Import only the 2 rows without problems" in page
    assert not Service.objects.for_place(sutton).exists()
    client.post(response["Location"], {"rows": "valid"})
    batch.refresh_from_db()
    assert (batch.status, batch.created_count, batch.skipped_count) == ("imported", 2, 1)

    response = client.post(url, {"kind": "services", "file": csv_file("name\nx\n")})
    assert "the file has no external_id" in response.content.decode()


def test_importing_a_file_again_through_the_page_says_it_is_done_already(
    client, sutton, admin_of, setting
):
    client.force_login(admin_of(sutton))
    url = reverse("places:mapping:import", kwargs={"place_slug": sutton.slug})
    preview = client.post(url, {"kind": "services", "file": csv_file(GOOD)})["Location"]
    first = client.post(preview, {"rows": "all"}, follow=True)
    assert [str(m) for m in first.context["messages"]] == [
        "Imported: 2 added, 0 updated, 0 left out."
    ]

    again = client.post(preview, {"rows": "all"}, follow=True)
    assert again.redirect_chain == [(preview, 302)]
    assert [str(m) for m in again.context["messages"]] == [
        "This file has been imported already, or is being imported."
    ]
    assert Service.objects.for_place(sutton).count() == 2


@pytest.fixture
def eager_tasks():
    from coordination.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def test_a_long_file_is_imported_by_the_worker_with_a_progress_bar(
    client, sutton, admin_of, setting, eager_tasks, django_capture_on_commit_callbacks
):
    from mapping import progress, tasks
    from mapping.models import ImportStatus

    client.force_login(admin_of(sutton))
    lines = [f"long-{i},Service {i},St Helier Hub,Food,Cheam,,no,,\n" for i in range(600)]
    url = reverse("places:mapping:import", kwargs={"place_slug": sutton.slug})
    # The upload returns at once: a long file is checked by the worker, its progress on the page.
    with django_capture_on_commit_callbacks(execute=False) as queued:
        preview = client.post(url, {"kind": "services", "file": csv_file(HEADER + "".join(lines))})
    batch = ImportBatch.objects.for_place(sutton).get()
    assert (batch.status, batch.to_create, len(queued)) == ("checking", 0, 1)
    page = client.get(preview["Location"]).content.decode()
    assert "0 of 600 rows checked" in page and 'hx-trigger="every 2s"' in page
    assert "Import</button>" not in page
    assert tasks.check_file(sutton.pk, batch.pk, batch.created_by_id) == "previewed"
    assert tasks.check_file(sutton.pk, batch.pk, batch.created_by_id) == "previewed"  # re-run
    batch.refresh_from_db()
    assert (batch.to_create, batch.errors) == (600, [])
    assert not Service.objects.for_place(sutton).exists()
    page = client.get(preview["Location"]).content.decode()
    assert "every 2s" not in page and "Import</button>" in page

    # Queued: the page shows the progress bar (as the worker would leave it part-way).
    ImportBatch.objects.for_place(sutton).filter(pk=batch.pk).update(status=ImportStatus.QUEUED)
    progress.write(batch.pk, 250, 600)
    page = client.get(preview["Location"]).content.decode()
    assert "250 of 600 rows" in page and '<progress id="import-progress"' in page
    assert 'hx-trigger="every 2s"' in page
    ImportBatch.objects.for_place(sutton).filter(pk=batch.pk).update(status=ImportStatus.PREVIEWED)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(preview["Location"], {"rows": "all"})
    batch.refresh_from_db()
    assert (batch.status, batch.created_count) == ("imported", 600)
    assert Service.objects.for_place(sutton).count() == 600
    assert progress.read(batch.pk) is None
    page = client.get(preview["Location"]).content.decode()
    assert "600 added, 0 updated, 0 left out" in page and "every 2s" not in page

    # Running the task again (a redelivery) imports nothing more.
    assert tasks.import_file(sutton.pk, batch.pk) == "imported"
    assert Service.objects.for_place(sutton).count() == 600


def test_phone_numbers_and_negative_numbers_are_not_taken_for_formulas(sutton, admin_of, setting):
    header = "external_id,name,organisation,themes,areas,contact_phone,longitude,latitude\n"
    text = header + "s1,Pantry,St Helier Hub,Food,Cheam,+44 20 8770 5000,-0.18600,51.38700\n"
    checked = check(sutton, admin_of(sutton), text)
    assert (checked.created, checked.errors) == (1, [])
    text = header + "s1,Pantry,St Helier Hub,Food,Cheam,-2+cmd|' /C calc'!A0,,\n"
    checked = check(sutton, admin_of(sutton), text)
    assert [e[:2] for e in checked.errors] == [[2, "contact_phone"]]
    assert "start the cell with an apostrophe" in checked.errors[0][2]


def test_an_exported_file_imports_back_unchanged_formula_like_text_included(
    sutton, admin_of, setting, make_service, area
):
    """Export escapes with an apostrophe; import reads the apostrophe as "this is text"."""
    admin = admin_of(sutton)
    make_service(
        sutton,
        "=SUM(pantry)",
        organisation=setting,
        areas=[area(sutton, "Cheam")],
        description="-minus, a dash first",
        contact_phone="+44 20 8770 5000",
        external_id="e1",
    )
    body = imports.export_csv(sutton, admin, "services")
    rows = imports.read_table(SimpleUploadedFile("export.csv", body), "services")
    result = imports.run(sutton, admin, "services", rows, commit=True)
    assert (result.created, result.updated, result.errors) == (0, 1, [])
    service = Service.objects.for_place(sutton).get()
    assert (service.name, service.description, service.contact_phone) == (
        "=SUM(pantry)",
        "-minus, a dash first",
        "+44 20 8770 5000",
    )
    book = SimpleUploadedFile("export.xlsx", imports.export_xlsx(sutton, admin, "services"))
    rows = imports.read_table(book, "services")
    assert imports.run(sutton, admin, "services", rows, commit=True).errors == []
    assert Service.objects.for_place(sutton).get().name == "=SUM(pantry)"


def test_assets_import_and_export_their_coordinates(sutton, admin_of, setting):
    admin = admin_of(sutton)
    text = (
        "external_id,kind,name,area,latitude,longitude\n"
        "a1,physical,Library,Cheam,51.36100,-0.19200\n"
        "a2,physical,Hall,Cheam,51.361,\n"
        "a3,physical,Far away,Cheam,40.0,-0.1\n"
    )
    result = commit(sutton, admin, text, kind="assets", only_valid=True)
    assert (result.created, result.skipped) == (1, 2)
    assert [e[:2] for e in result.errors] == [[3, "longitude"], [4, "latitude"]]
    body = imports.export_csv(sutton, admin, "assets").decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(body)))
    assert (row["latitude"], row["longitude"]) == ("51.36100", "-0.19200")


def test_a_20_mb_upload_through_the_page_is_a_field_error_and_saves_nothing(
    client, sutton, admin_of
):
    client.force_login(admin_of(sutton))
    url = reverse("places:mapping:import", kwargs={"place_slug": sutton.slug})
    big = SimpleUploadedFile("big.csv", HEADER.encode() + b"x" * (20 * 1024 * 1024))
    response = client.post(url, {"kind": "services", "file": big})
    page = response.content.decode()
    assert response.status_code == 200 and "the largest accepted is 5 MB" in page
    assert 'class="govuk-error-summary' in page
    assert not ImportBatch.objects.for_place(sutton).exists()


def test_a_long_file_is_checked_and_imported_in_the_request_while_the_broker_is_down(
    client, sutton, admin_of, setting, django_capture_on_commit_callbacks
):
    """No broker to hand the work to (nothing listens at its address): the upload and the import
    still work, done by the web process, instead of an error page after the batch was saved."""
    from mapping.models import ImportStatus
    from tests.support.workers import free_port, new_queue_name, publishing_to

    client.raise_request_exception = False
    client.force_login(admin_of(sutton))
    lines = [f"long-{i},Service {i},St Helier Hub,Food,Cheam,,no,,\n" for i in range(600)]
    url = reverse("places:mapping:import", kwargs={"place_slug": sutton.slug})
    with publishing_to(new_queue_name(), broker_url=f"redis://127.0.0.1:{free_port()}/0"):
        with django_capture_on_commit_callbacks(execute=True):
            preview = client.post(
                url, {"kind": "services", "file": csv_file(HEADER + "".join(lines))}
            )
        assert preview.status_code == 302
        batch = ImportBatch.objects.for_place(sutton).get()
        assert (batch.status, batch.to_create) == (ImportStatus.PREVIEWED, 600)

        with django_capture_on_commit_callbacks(execute=True):
            imported = client.post(preview["Location"], {"rows": "all"})
        assert imported.status_code == 302
    batch.refresh_from_db()
    assert (batch.status, batch.created_count) == ("imported", 600)
    page = client.get(preview["Location"]).content.decode()
    assert "600 added, 0 updated, 0 left out" in page


def test_text_over_its_limit_is_reported_on_its_line(sutton, admin_of, setting):
    header = HEADER.rstrip("\n") + ",description\n"
    text = (
        header
        + "s1,Pantry,St Helier Hub,Food,Cheam,,no,,,"
        + "x" * 5000
        + "\n"
        + "s2,Lunch club,St Helier Hub,Food,Cheam,,no,,,"
        + "x" * 5001
        + "\n"
    )
    checked = check(sutton, admin_of(sutton), text)
    assert checked.errors == [
        [3, "description", "Ensure this value has at most 5000 characters (it has 5001)."]
    ]
    assert checked.created == 1
