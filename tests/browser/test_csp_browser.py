"""The Content Security Policy in a real browser: nothing on the pages is refused, and what needs
scripts (the Leaflet map, Chart.js charts, an htmx filter, Swagger UI, the digest preview's frame)
still works under it.

Its own context: no bypass_csp and no init script but the listener, so the policy is the one a
visitor's browser enforces.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from coordination.places.demo.data import DEMO_PASSWORD
from coordination.places.models import Place
from mapping.models import Asset, AssetKind

pytestmark = pytest.mark.django_db(transaction=True)

# Every frame reports each refusal to the test, however the page was reached.
LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation([event.violatedDirective, event.blockedURI, document.location.href,
                          event.sourceFile + ":" + event.lineNumber, event.sample].join(" | "));
});
"""


@pytest.fixture
def strict_page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    violations, console, errors = [], [], []
    context.expose_function("reportViolation", lambda line: violations.append(line))
    context.add_init_script(script=LISTEN)
    page = context.new_page()
    page.on(
        "console",
        lambda message: (
            console.append(f"{message.type}: {message.text}")
            if message.type in ("error", "warning")
            else None
        ),
    )
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.violations, page.console, page.errors = violations, console, errors
    yield page
    context.close()


def assert_nothing_refused(page):
    page.wait_for_load_state("load")
    page.wait_for_timeout(150)  # violation events are dispatched as tasks
    refusals = [line for line in page.console if "Content Security Policy" in line]
    assert not page.violations, f"Refused on {page.url}: {page.violations}"
    assert not refusals, f"Console on {page.url}: {refusals}"
    assert not page.errors, f"JavaScript errors on {page.url}: {page.errors}"


@pytest.fixture
def demo(live_server, settings):
    settings.MFA_REQUIRED_FOR_ADMINS = False
    call_command("seed_demo", stdout=StringIO())
    bucks = Place.objects.get(slug="buckinghamshire")
    Asset.objects.create(
        place=bucks,
        kind=AssetKind.values[0],
        name="Market square",
        latitude="51.81",
        longitude="-0.81",
    )
    return bucks


def test_the_pages_keep_to_the_policy_and_still_work(strict_page, live_server, demo):
    page = strict_page
    base = f"{live_server.url}/{demo.slug}"

    page.goto(f"{live_server.url}/accounts/login/")
    assert_nothing_refused(page)
    page.get_by_label("Email", exact=True).fill(f"admin@{demo.slug}.demo.inplace.example")
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    # The nonce'd inline script ran; GOV.UK Frontend's module started.
    expect(page.locator("body")).to_have_class(
        "govuk-template__body js-enabled govuk-frontend-supported"
    )

    page.goto(f"{base}/")
    # The place's colour reaches the header through the nonce'd <style>.
    colour = page.locator(".inplace-header").evaluate(
        "el => getComputedStyle(el).getPropertyValue('--inplace-place-colour').trim()"
    )
    assert colour.lower() == demo.primary_colour.lower()
    assert_nothing_refused(page)

    page.goto(f"{base}/boards/")
    page.locator("main a.govuk-link[href*='/boards/']").first.click()
    assert_nothing_refused(page)

    # Leaflet draws the asset map: its tiles' panes and the marker, styled by script (allowed).
    page.goto(f"{base}/mapping/assets/")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(1)
    assert_nothing_refused(page)

    # Chart.js draws each chart, in a box the script sized.
    page.goto(f"{base}/funding/figures/")
    charts = page.locator("canvas[data-inplace-chart]")
    assert charts.count() >= 1
    for index in range(charts.count()):
        canvas = charts.nth(index)
        assert canvas.evaluate("c => window.Chart.getChart(c) !== undefined")
        assert canvas.evaluate("c => c.parentElement.style.height.endsWith('px')")
    assert_nothing_refused(page)

    page.goto(f"{base}/mapping/gaps/")
    assert_nothing_refused(page)

    # htmx swaps the organisation results in place (no reload), with no style of its own.
    page.goto(f"{base}/organisations/")
    page.evaluate("window.notReloaded = true")
    assert page.evaluate("document.querySelectorAll('head style:not([nonce])').length") == 0
    page.get_by_label("Name contains").fill("zzz-no-such-organisation")
    with page.expect_response(lambda r: "/organisations/" in r.url and "q=zzz" in r.url):
        page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#organisation-count")).to_contain_text("0 organisations")
    assert page.evaluate("window.notReloaded === true")
    assert "q=zzz-no-such-organisation" in page.url  # hx-push-url
    assert_nothing_refused(page)

    # The digest preview: the email's own styles, in its sandboxed frame with a policy of its own.
    page.goto(f"{base}/notifications/preview/")
    page.get_by_label("Member").select_option(index=1)
    page.get_by_role("button", name="Show their digest").click()
    assert_nothing_refused(page)

    # Swagger UI from drf-spectacular-sidecar renders the API's schema.
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("InPlace API")
    expect(page.locator(".opblock").first).to_be_visible()
    assert_nothing_refused(page)


def test_the_policy_refuses_what_it_should(strict_page, live_server, demo):
    """The listener does hear refusals: an inline style and an injected script are refused."""
    page = strict_page
    page.goto(f"{live_server.url}/")
    page.evaluate(
        """() => {
            const style = document.createElement("style");
            style.textContent = "body { background: red; }";
            document.head.appendChild(style);
            const script = document.createElement("script");
            script.textContent = "window.injected = true;";
            document.body.appendChild(script);
        }"""
    )
    page.wait_for_timeout(150)
    assert page.evaluate("window.injected === undefined")
    directives = " ".join(page.violations)
    assert "style-src" in directives and "script-src" in directives
