"""Browser tests: Playwright drives Debian's Chromium against the live server; axe-core checks it.

Needs /usr/bin/chromium (apt-get install chromium) and the npm packages (npm install, then build).
If either is missing the tests fail and say so: CI installs both; a skip would hide a bad set-up.
"""

import os
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Error as PlaywrightError

# Playwright's sync API runs an event loop in this thread; a test's ORM calls are still synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CHROMIUM = Path("/usr/bin/chromium")
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BUILT_ASSETS = [
    ROOT / "static" / "build" / name
    for name in ("inplace.css", "govuk-frontend.min.js", "htmx.min.js")
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)
            # Whitenoise looks for collectstatic's output, which these tests do not need.
            item.add_marker(pytest.mark.filterwarnings("ignore:No directory at:UserWarning"))


def _require(path, how):
    if not path.exists():
        pytest.fail(f"{path} is missing: {how}", pytrace=False)


@pytest.fixture(scope="session")
def browser():
    _require(
        CHROMIUM,
        "install Debian's chromium (apt-get install chromium); never `playwright install`.",
    )
    _require(AXE_SCRIPT, "run `npm install` at the project root.")
    for asset in BUILT_ASSETS:
        _require(asset, "run `npm install && npm run build` at the project root.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A page under the site's real Content Security Policy, with axe-core already in every frame.

    axe is given as an init script (run by the browser before the page's own scripts, outside the
    page's policy), not as a <script> tag, which the policy refuses: so these tests need no
    bypass_csp and see the pages as people do.
    """
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    context.add_init_script(path=str(AXE_SCRIPT))
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the pages visited: {errors}"


@pytest.fixture(autouse=True)
def _static_files_from_the_source_folders(settings):
    # The live server serves /static/ from the finders (static/ and the apps); the manifest storage
    # that a production run uses would need collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="module", autouse=True)
def _restore_the_places_afterwards(django_db_blocker):
    """Put back what the migrations created (the three places) once this module's tests are done.

    A live-server test is transactional, so its teardown empties every table; tests that run later
    and expect the migrated places would otherwise find none.
    """
    yield
    with django_db_blocker.unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


def _run_axe(page):
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )


def _axe_check(page):
    """Run axe-core on the page as it is now; fail listing every WCAG 2.2 AA violation."""
    # A click on a link returns once the next page is committed, not loaded: check the loaded page.
    page.wait_for_load_state("load")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # A page from set_content, or a context made without the page fixture's init script. Under
        # the site's Content Security Policy this needs a context made with bypass_csp=True.
        page.add_script_tag(path=str(AXE_SCRIPT))
    try:
        results = _run_axe(page)
    except PlaywrightError as exc:
        # The page was still being replaced (a document that was not there yet): once it has
        # loaded, check it. Any other error is the test's to report.
        if "documentElement" not in str(exc) and "context was destroyed" not in str(exc):
            raise
        page.wait_for_load_state("load")
        results = _run_axe(page)
    violations = results["violations"]
    if violations:
        lines = [f"axe found {len(violations)} violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"]:
                lines.append(
                    f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}"
                )
        pytest.fail("\n".join(lines), pytrace=False)


@pytest.fixture
def axe_check():
    """axe_check(page): fail the test if the page breaks WCAG 2.2 AA as axe-core sees it."""
    return _axe_check


def _reflow_check(page):
    """At 320 CSS pixels wide the page does not scroll sideways (WCAG 1.4.10); wide tables scroll
    in their own region. The viewport is put back afterwards."""
    before = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 640})
    try:
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], f"{page.url} scrolls sideways at 320 px: {widths}"
        _axe_check(page)
    finally:
        page.set_viewport_size(before)


@pytest.fixture
def reflow_check():
    """reflow_check(page): fail if the page scrolls sideways at 320 px, or breaks axe there."""
    return _reflow_check


@pytest.fixture(autouse=True)
def _tasks_run_at_once():
    """Run Celery tasks in the live server's thread, so an invitation's email is really sent."""
    from coordination.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def sign_in(live_server, axe_check):
    """sign_in(page, email, password): through allauth's real sign-in page, checked with axe."""
    from playwright.sync_api import expect

    def sign_in(page, email, password):
        page.goto(f"{live_server.url}/accounts/login/")
        axe_check(page)
        page.get_by_label("Email", exact=True).fill(email)
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    return sign_in


@pytest.fixture
def screenshot():
    """screenshot(page, name): keep a picture of the page under var/screenshots/ to look at later.

    Not test-results/: pytest-playwright empties that folder whenever any test session starts.
    """
    from django.conf import settings

    folder = Path(settings.VAR_DIR) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        page.screenshot(path=folder / f"{name}.png", full_page=True)

    return take
