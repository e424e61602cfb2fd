"""The statements in a browser: reached from every page's footer, published in new versions by a
place's admin, accepted at sign-up, and accepted again at sign-in when they change. axe-core checks
each page, and each statement page reflows at 320 px."""

import pytest
from playwright.sync_api import expect

from coordination.accounts.models import Role
from coordination.statements.models import Kind
from tests.support.factories import MembershipFactory, UserFactory
from tests.support.statements import publish

pytestmark = pytest.mark.django_db(transaction=True)

TITLES = {
    "Privacy notice": "Privacy notice",
    "Terms of use": "Terms of use",
    "Cookies": "Cookies",
    "Accessibility statement": "Accessibility statement",
}


def sign_out(page):
    page.get_by_role("navigation", name="Account").get_by_role("button", name="Sign out").click()


def cookie_names(page):
    return {cookie["name"] for cookie in page.context.cookies()}


def assert_cookie_statement_names(page, live_server, seen):
    """Every cookie the browser was given is one the cookie statement lists."""
    page.goto(f"{live_server.url}/statements/cookies/")
    listed = page.locator("main li").all_inner_texts()
    names = {item.split(":")[0].strip() for item in listed}
    assert seen and seen <= names, f"cookies set: {seen}; the statement lists {names}"


def test_every_statement_is_linked_from_the_footer_and_passes_axe_and_reflow(
    page, live_server, axe_check, reflow_check, sutton
):
    for start, prefix in (
        (f"/{sutton.slug}/", f"/{sutton.slug}/statements/"),
        ("/", "/statements/"),
    ):
        for link, title in TITLES.items():
            page.goto(live_server.url + start)
            page.locator("footer").get_by_role("link", name=link, exact=True).click()
            expect(page.get_by_role("heading", level=1)).to_have_text(title)
            assert page.url.startswith(live_server.url + prefix)
            axe_check(page)
            reflow_check(page)
    page.goto(f"{live_server.url}/statements/accessibility/")
    expect(page.locator("main")).to_contain_text("partially compliant")


def test_an_admin_publishes_the_privacy_notice_and_the_history_keeps_both_versions(
    page, live_server, axe_check, reflow_check, sign_in, sutton, admin_of, password
):
    admin_of(sutton, email="admin@sutton.example", name="Ash Admin")
    sign_in(page, "admin@sutton.example", password)

    page.goto(f"{live_server.url}/{sutton.slug}/statements/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Statements")
    axe_check(page)
    page.get_by_role("link", name="Change the contacts").click()
    axe_check(page)
    page.get_by_role("button", name="Save contacts").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the name of the data controller"
    )
    axe_check(page)
    page.get_by_label("Data controller", exact=True).fill("London Borough of Sutton")
    page.get_by_label("How to contact the data controller").fill("info@sutton.example")
    page.get_by_label("How to contact the data protection officer").fill("dpo@sutton.example")
    page.get_by_label("Where to report an accessibility problem").fill("access@sutton.example")
    page.get_by_role("button", name="Save contacts").click()

    page.get_by_role("link", name="Privacy notice", exact=True).first.click()
    expect(page.locator("main")).to_contain_text("The data controller is London Borough of Sutton")
    page.get_by_role("button", name="Publish a new version of the privacy notice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Publish a new version of the privacy notice"
    )
    axe_check(page)
    page.get_by_label("Summary of changes").fill("")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a summary of the changes")
    axe_check(page)
    page.get_by_label("Summary of changes").fill("Our own wording.")
    # The redirect after publishing carries a message: look at the cookies before it is shown.
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.get_by_role("button", name="Publish").click()
    seen = cookie_names(page)
    expect(page.locator("main")).to_contain_text("Version 1")
    seen |= cookie_names(page)

    page.get_by_role("button", name="Publish a new version of the privacy notice").click()
    page.get_by_label("Statement", exact=True).fill(
        "## Who is responsible\n\n{{ controller }} looks after your data.\n\n- one\n- two"
    )
    page.get_by_label("Summary of changes").fill("Shorter and clearer.")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("main")).to_contain_text("London Borough of Sutton looks after your data.")
    expect(page.locator("main")).to_contain_text("Version 2")
    axe_check(page)

    page.get_by_role("link", name="Earlier versions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Versions of the privacy notice")
    expect(page.locator("tbody tr")).to_have_count(2)
    expect(page.get_by_role("table")).to_contain_text("Shorter and clearer.")
    expect(page.get_by_role("table")).to_contain_text("Our own wording.")
    axe_check(page)
    reflow_check(page)
    page.get_by_role("link", name="Version 1").click()
    expect(page.locator(".govuk-inset-text")).to_contain_text("This is not the current version.")
    expect(page.locator("main")).to_contain_text("How long we keep it")
    axe_check(page)
    reflow_check(page)
    assert_cookie_statement_names(page, live_server, seen | cookie_names(page))


def test_sign_up_needs_the_terms_accepted(page, live_server, axe_check, password):
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Email", exact=True).fill("newcomer@example.org")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password (again)").fill(password)
    page.get_by_label("Full name").fill("Jo Newcomer")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Accept the terms of use to create an account"
    )
    axe_check(page)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password (again)").fill(password)
    page.get_by_label("I accept the terms of use").check()
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    from coordination.statements.models import StatementAcceptance

    assert StatementAcceptance.objects.filter(user__email="newcomer@example.org").exists()


def test_a_person_accepts_changed_terms_at_sign_in_and_goes_where_they_were_going(
    page, live_server, axe_check, reflow_check, sutton, admin_of, password
):
    admin = admin_of(sutton)
    person = UserFactory(email="rowan@example.org", name="Rowan Resident")
    MembershipFactory(place=sutton, user=person, role=Role.RESIDENT)
    publish(sutton, admin, Kind.TERMS, body="## Terms\n\nBe kind.", changes="Be kind to others.")

    page.goto(f"{live_server.url}/{sutton.slug}/boards/")
    page.goto(f"{live_server.url}/accounts/login/?next=/{sutton.slug}/boards/")
    page.get_by_label("Email", exact=True).fill("rowan@example.org")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The terms of use have changed")
    expect(page.locator(".govuk-inset-text")).to_contain_text("Be kind to others.")
    axe_check(page)
    reflow_check(page)
    page.get_by_role("button", name="Accept").click()
    expect(page).to_have_url(f"{live_server.url}/{sutton.slug}/boards/")
    page.goto(f"{live_server.url}/{sutton.slug}/")
    expect(page).to_have_url(f"{live_server.url}/{sutton.slug}/")
