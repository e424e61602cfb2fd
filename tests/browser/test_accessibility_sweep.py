"""axe-core over pages the journeys miss: coordinators' pages, account settings, invitations."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from coordination.accounts.models import Membership, Role
from coordination.accounts.services import invitation_create
from tests.support.factories import AreaFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def place_url(name, place, **kwargs):
    return reverse(f"places:{name}", kwargs={"place_slug": place.slug, **kwargs})


def test_coordinator_pages(
    page,
    live_server,
    axe_check,
    screenshot,
    sign_in,
    bucks,
    coventry,
    admin_of,
    make_member,
    password,
):
    admin = admin_of(bucks, email="coordinator@example.org")
    area = AreaFactory(place=bucks, name="High Wycombe", kind="community_board_area")
    charity = OrganisationFactory(name="Marlow Mutual Aid", kind="community_group", places=[bucks])
    charity.areas.add(area)
    resident = make_member(bucks, Role.RESIDENT, name="Pat Resident")
    membership = Membership.objects.for_place(bucks).get(user=resident)
    invitation_create(
        place=bucks, actor=admin, email="funder@example.org", role=Role.FUNDER, organisation=charity
    )
    sign_in(page, "coordinator@example.org", password)

    for url in [
        place_url("home", bucks),
        place_url("audit", bucks),
        place_url("member_list", bucks),
        place_url("member_list", bucks) + "?role=resident",
        place_url("membership_update", bucks, pk=membership.pk),
        place_url("membership_end", bucks, pk=membership.pk),
        place_url("area_detail", bucks, slug=area.slug),
        place_url("organisation_detail", bucks, pk=charity.pk),
        place_url("organisation_update", bucks, pk=charity.pk),
    ]:
        page.goto(live_server.url + url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe_check(page)

    # A membership change the rules refuse: the error comes back on the form.
    page.goto(live_server.url + place_url("membership_update", bucks, pk=membership.pk))
    page.get_by_label("Role").select_option(label="Funder")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the organisation")
    axe_check(page)

    # The organisation form with every kind of field in error: text, select, url, email, checkboxes.
    page.goto(live_server.url + place_url("organisation_create", bucks))
    axe_check(page)
    page.get_by_label("Website (optional)").fill("not a web address")
    page.get_by_label("Email (optional)").fill("nope")
    page.get_by_role("button", name="Add organisation").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(page.locator(".govuk-form-group--error")).to_have_count(4)
    axe_check(page)
    screenshot(page, "organisation-form-errors")

    # Another place, where this person has no role: the 403 page.
    page.goto(live_server.url + place_url("member_list", coventry))
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot see this page")
    axe_check(page)

    # A narrow screen: the place menu collapses behind a button.
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + place_url("home", bucks))
    expect(page.get_by_role("button", name="Menu")).to_be_visible()
    axe_check(page)
    screenshot(page, "buckinghamshire-home-narrow")


def test_account_pages(page, live_server, axe_check, sign_in, db, password):
    UserFactory(email="careful@example.org")
    sign_in(page, "careful@example.org", password)
    for name in [
        "account_email",
        "account_change_password",
        "mfa_index",
        "mfa_activate_totp",
        "account_logout",
    ]:
        page.goto(live_server.url + reverse(name))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe_check(page)

    # Signing out from the confirmation page.
    page.get_by_role("main").get_by_role("button", name="Sign out").click()
    expect(
        page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign in")
    ).to_be_visible()
    axe_check(page)


def test_invitation_and_join_pages(
    page, live_server, axe_check, sign_in, sutton, admin_of, password
):
    invitation = invitation_create(
        place=sutton, actor=admin_of(sutton), email="new@example.org", role=Role.RESIDENT
    )
    accept_url = live_server.url + place_url("invitation_accept", sutton, token=invitation.token)

    page.goto(accept_url)
    expect(page.get_by_role("button", name="Sign in")).to_have_attribute(
        "href",
        "/accounts/login/?next=" + place_url("invitation_accept", sutton, token=invitation.token),
    )
    axe_check(page)

    UserFactory(email="someone-else@example.org")
    sign_in(page, "someone-else@example.org", password)
    page.goto(accept_url)
    expect(page.locator(".govuk-error-summary")).to_contain_text("sent to new@example.org")
    axe_check(page)

    page.goto(live_server.url + place_url("join", sutton))
    axe_check(page)
    page.get_by_role("button", name="Join Sutton as a resident").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "You have joined Sutton as a resident."
    )
    expect(page.get_by_role("region", name="Your roles here")).to_contain_text("Resident")
    axe_check(page)
