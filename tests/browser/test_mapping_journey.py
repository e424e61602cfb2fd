"""A charity leader adds a service; a coordinator opens the gaps and the overlap table; anyone
searches the directory. axe-core finds no WCAG 2.2 AA violation on any page visited."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.text import slugify
from playwright.sync_api import expect

from coordination.accounts.models import Role
from coordination.organisations.models import Community
from coordination.places.services import area_create
from coordination.vocabularies.models import Theme
from mapping import services
from mapping.models import AreaOutline
from tests.support.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _theme(name):
    # A transactional test may start from emptied tables: put back the shared themes it needs.
    return Theme.objects.get_or_create(slug=slugify(name), place=None, defaults={"name": name})[0]


def mapping_url(place, name, **kwargs):
    return reverse(f"places:mapping:{name}", kwargs={"place_slug": place.slug, **kwargs})


@pytest.fixture
def st_helier(sutton):
    food, loneliness, debt = _theme("Food"), _theme("Loneliness"), _theme("Money and debt")
    east = area_create(place=sutton, name="St Helier East", kind="ward")
    west = area_create(place=sutton, name="St Helier West", kind="ward")
    lgbt = Community.objects.get_or_create(slug="lgbtq-people", defaults={"name": "LGBTQ+ people"})[
        0
    ]
    hub = OrganisationFactory(name="St Helier Community Hub", places=[sutton])
    others = [OrganisationFactory(name=n, places=[sutton]) for n in ("Park Friends", "Borough")]
    rainbow = OrganisationFactory(name="Rainbow Sutton", places=[sutton])
    services.need_create(
        place=sutton, actor=None, area=east, theme=debt, summary="Child poverty", severity=3
    )
    for organisation, name in zip(others, ("Nature walks", "Befriending line"), strict=True):
        services.service_create(
            place=sutton,
            actor=None,
            organisation=organisation,
            name=name,
            themes=[loneliness],
            areas=[west],
        )
    services.service_create(
        place=sutton,
        actor=None,
        latitude=Decimal("51.36180"),
        longitude=Decimal("-0.19450"),
        organisation=rainbow,
        name="Rainbow social",
        themes=[loneliness],
        areas=[west],
        communities=[lgbt],
        is_specialist=True,
    )
    AreaOutline.objects.create(
        place=sutton,
        area=east,
        geojson={
            "type": "Polygon",
            "coordinates": [
                [[-0.19, 51.384], [-0.18, 51.384], [-0.18, 51.39], [-0.19, 51.39], [-0.19, 51.384]]
            ],
        },
    )
    return {"hub": hub, "food": food, "west": west}


def test_leader_adds_a_service_and_coordinator_reads_gaps_and_overlaps(
    page,
    live_server,
    axe_check,
    screenshot,
    sign_in,
    sutton,
    make_member,
    admin_of,
    password,
    st_helier,
):
    make_member(
        sutton, Role.CHARITY_LEADER, organisation=st_helier["hub"], email="leader@example.org"
    )
    admin_of(sutton, email="coordinator@example.org")

    # The charity leader adds the hub's lunch club from the service directory.
    sign_in(page, "leader@example.org", password)
    page.goto(f"{live_server.url}/sutton/")
    page.get_by_role("navigation", name="Sutton menu").get_by_role(
        "link", name="Services and needs"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Services in Sutton")
    menu = page.get_by_role("navigation", name="Sutton menu")
    expect(menu.get_by_role("link", name="Services and needs")).to_have_attribute(
        "aria-current", "page"
    )
    axe_check(page)
    page.get_by_role("button", name="Add a service").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a service in Sutton")
    axe_check(page)
    page.get_by_label("Name of the service").fill("Hub lunch club")
    page.get_by_role("group", name="Themes").get_by_label("Loneliness").check()
    page.get_by_role("group", name="Areas it serves").get_by_label("St Helier West").check()
    page.get_by_label("Postcode").fill("sm5 1ab")
    page.get_by_role("button", name="Add service").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hub lunch club")
    expect(page.get_by_role("main")).to_contain_text("SM5 1AB")
    expect(page.get_by_role("alert")).to_contain_text("Hub lunch club added to the directory.")
    axe_check(page)
    screenshot(page, "mapping-service-added")
    page.get_by_role("button", name="Sign out").click()

    # A minute after the change the worker works the place's analysis out again
    # (refresh_analysis, mapping/tasks.py); there is no worker here, so the test does it.
    services.analysis_compute(place=sutton)

    # The coordinator opens the gaps: high need, no service, and why it is flagged.
    sign_in(page, "coordinator@example.org", password)
    page.goto(live_server.url + mapping_url(sutton, "service_list"))
    page.get_by_role("navigation", name="Mapping").get_by_role("link", name="Gaps").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gaps in provision in Sutton")
    expect(page.locator("#why-flagged")).to_contain_text("at most one active service covers it")
    gap_row = page.locator("#gap-table tbody tr").first
    expect(gap_row).to_contain_text("St Helier East")
    expect(gap_row).to_contain_text("Money and debt")
    # The gap map draws the area's outline (no tile server is configured: nothing breaks).
    expect(page.locator("#gap-map path.leaflet-interactive")).to_have_count(1)
    expect(
        page.get_by_role("table", name="Areas with high need and gaps, by theme")
    ).to_contain_text("Money and debt")
    expect(page.locator("canvas[data-inplace-chart]")).to_be_visible()
    axe_check(page)
    screenshot(page, "mapping-gaps")

    # The overlap table: three open services, and the specialist one shown as complementary.
    page.get_by_role("navigation", name="Mapping").get_by_role("link", name="Overlaps").click()
    table = page.get_by_role("table", name=re.compile("Loneliness in St Helier West"))
    expect(table).to_contain_text("Hub lunch club")
    expect(table).to_contain_text("Nature walks")
    rainbow = table.get_by_role("row", name=re.compile("Rainbow social"))
    expect(rainbow).to_contain_text("Complementary")
    expect(rainbow).to_contain_text("not counted as an overlap")
    expect(page.locator("#why-flagged")).to_contain_text("never counted in an overlap")
    expect(page.get_by_role("table", name="Services by theme")).to_contain_text("Loneliness")
    axe_check(page)
    screenshot(page, "mapping-overlaps")

    # The coordinator's other mapping pages pass axe too.
    for name in ("need_list", "need_create", "asset_create", "import", "vocabulary", "service_map"):
        page.goto(live_server.url + mapping_url(sutton, name))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe_check(page)


def test_anyone_searches_the_directory_and_the_asset_map(
    page, live_server, axe_check, sutton, st_helier
):
    services.asset_create(
        place=sutton,
        actor=None,
        kind="physical",
        name="St Helier Open Space",
        area=st_helier["west"],
    )
    page.goto(live_server.url + mapping_url(sutton, "service_list"))
    page.get_by_label("Theme").select_option(label="Loneliness")
    page.get_by_label("Community").select_option(label="LGBTQ+ people")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("status")).to_have_text("1 service")
    expect(page.get_by_role("main")).to_contain_text("Rainbow social")
    axe_check(page)
    page.get_by_role("link", name="Rainbow social").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rainbow social")
    axe_check(page)
    page.goto(live_server.url + mapping_url(sutton, "service_map"))
    expect(page.locator('#service-map .leaflet-marker-icon[alt="Rainbow social"]')).to_be_visible()
    expect(page.locator("#service-map-list")).to_contain_text("Nature walks")
    axe_check(page)
    page.goto(live_server.url + mapping_url(sutton, "asset_list") + "?area=st-helier-west")
    expect(page.get_by_role("heading", level=1)).to_have_text("Community assets in St Helier West")
    expect(page.locator("#asset-table")).to_contain_text("St Helier Open Space")
    axe_check(page)


def test_owners_change_and_remove_their_own_rows(
    page, live_server, axe_check, sign_in, sutton, make_member, password, st_helier
):
    leader = make_member(
        sutton, Role.CHARITY_LEADER, organisation=st_helier["hub"], email="leader@example.org"
    )
    services.service_create(
        place=sutton,
        actor=leader,
        organisation=st_helier["hub"],
        name="Hub pantry",
        themes=[st_helier["food"]],
        areas=[st_helier["west"]],
    )
    sign_in(page, "leader@example.org", password)

    # The leader corrects their listing: a bad postcode is a field error, then it is saved.
    page.goto(live_server.url + mapping_url(sutton, "service_list"))
    page.get_by_role("link", name="Hub pantry").click()
    page.get_by_role("button", name="Change this listing").click()
    page.get_by_label("Postcode").fill("not a postcode")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a full UK postcode")
    axe_check(page)
    page.get_by_label("Postcode").fill("sm5 1aa")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("main")).to_contain_text("SM5 1AA")

    # Evidence of need: submitted, then changed by the same person.
    page.goto(live_server.url + mapping_url(sutton, "need_create"))
    page.get_by_label("Area").select_option(label="St Helier West")
    page.get_by_label("Theme").select_option(label="Food")
    page.get_by_label("What is the need?").fill("Pantry queue out of the door")
    page.get_by_label("Severity").select_option(label="Medium")
    page.get_by_role("button", name="Submit evidence").click()
    page.get_by_role("link", name="Change Pantry queue out of the door").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change evidence of a need")
    axe_check(page)
    page.get_by_label("Severity").select_option(label="High")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("row", name=re.compile("Pantry queue"))).to_contain_text("High")
    axe_check(page)

    # A community asset with its location goes on the St Helier asset map; then it is removed.
    page.goto(live_server.url + mapping_url(sutton, "asset_create"))
    page.get_by_label("Physical spaces").check()
    page.get_by_label("Name", exact=True).fill("Hub garden")
    page.get_by_label("Area").select_option(label="St Helier West")
    page.get_by_label("Latitude").fill("51.38800")
    page.get_by_label("Longitude").fill("-0.18700")
    page.get_by_role("button", name="Add asset").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Community assets in St Helier West")
    expect(page.locator('#asset-map .leaflet-marker-icon[alt="Hub garden"]')).to_be_visible()
    page.get_by_role("link", name="Change Hub garden").click()
    axe_check(page)
    page.get_by_role("link", name="Remove this asset").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove this community asset?")
    axe_check(page)
    page.get_by_role("button", name="Remove the asset").click()
    expect(page.get_by_role("alert")).to_contain_text("Hub garden removed.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Community assets in St Helier West")
    expect(page.locator("#asset-map")).to_have_count(0)  # nothing left to map

    # And the listing itself, after confirming.
    page.goto(live_server.url + mapping_url(sutton, "service_list"))
    page.get_by_role("link", name="Hub pantry").click()
    page.get_by_role("link", name="Remove this listing").click()
    axe_check(page)
    page.get_by_role("button", name="Remove the service").click()
    expect(page.get_by_role("alert")).to_contain_text("Hub pantry removed.")
    expect(page.locator("#service-results")).not_to_contain_text("Hub pantry")


def test_a_long_import_is_checked_then_imported_by_the_worker_with_a_live_progress_bar(
    page, live_server, axe_check, sign_in, sutton, admin_of, password, st_helier
):
    from coordination.celery import app
    from mapping import progress, tasks
    from mapping.models import ImportBatch, Service

    # Tasks go to the broker, as in production; the test then acts as the worker.
    app.conf.task_always_eager = False
    coordinator = admin_of(sutton, email="coordinator@example.org")
    header = "external_id,name,organisation,themes,areas\n"
    rows = "".join(
        f"long-{i},Service {i},St Helier Community Hub,Food,St Helier East\n" for i in range(600)
    )
    sign_in(page, "coordinator@example.org", password)
    page.goto(live_server.url + mapping_url(sutton, "import"))
    axe_check(page)
    page.get_by_label("Services").check()
    page.get_by_label("File").set_input_files(
        files=[{"name": "services.csv", "mimeType": "text/csv", "buffer": (header + rows).encode()}]
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("label[for=import-progress]")).to_have_text("0 of 600 rows checked")
    axe_check(page)
    batch = ImportBatch.objects.for_place(sutton).get()

    # The page follows the worker without being reloaded (htmx polls it).
    progress.write(batch.pk, 250, 600)
    expect(page.locator("label[for=import-progress]")).to_have_text("250 of 600 rows checked")
    assert tasks.check_file(sutton.pk, batch.pk, coordinator.pk) == "previewed"
    expect(page.locator("#import-status")).to_contain_text("Would be added")
    expect(page.locator("#import-status")).to_contain_text("600")
    axe_check(page)

    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("progressbar")).to_be_visible()
    expect(page.locator("label[for=import-progress]")).to_have_text("0 of 600 rows")
    axe_check(page)
    assert tasks.import_file(sutton.pk, batch.pk, coordinator.pk) == "imported"
    expect(page.locator(".govuk-panel")).to_contain_text("600 added, 0 updated, 0 left out")
    assert Service.objects.for_place(sutton).filter(external_id__startswith="long-").count() == 600
    axe_check(page)
