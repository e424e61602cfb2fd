"""A resident downloads their data and closes their account: the data page, the zip, the closing
page with its errors, the closed page; they cannot sign in again and their comment shows "Former
member". axe-core checks each page, and the data and closing pages reflow at 320 px."""

import json
import zipfile

import pytest
from playwright.sync_api import expect

from coordination.accounts.models import Role
from tests.support.personal_data import an_idea

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_resident_downloads_their_data_and_closes_their_account(
    page, live_server, axe_check, reflow_check, sign_in, screenshot, bucks, make_member, password
):
    resident = make_member(bucks, Role.RESIDENT, email="rae@example.org", name="Rae Resident")
    neighbour = make_member(bucks, Role.RESIDENT, name="Nia Neighbour")
    idea = an_idea(bucks, neighbour, commenter=resident)

    # From the profile to the data page; asking builds the file (tasks run at once here).
    sign_in(page, "rae@example.org", password)
    page.goto(f"{live_server.url}/accounts/profile/")
    # The profile's own link (the account menu beside it has one too).
    page.get_by_role("link", name="Download your data").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Download your data")
    axe_check(page)
    page.get_by_role("button", name="Ask for your data").click()
    expect(page.locator(".govuk-tag")).to_have_text("Ready")
    axe_check(page)
    reflow_check(page)
    screenshot(page, "personal-data-ready")
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download your data asked for on").click()
    path = downloading.value.path()
    with zipfile.ZipFile(path) as archive:
        assert "boards.comments.csv" in archive.namelist()
        data = json.loads(archive.read("your-data.json"))["sections"]
    assert data["accounts.profile"][0]["email"] == "rae@example.org"
    assert [row["text"] for row in data["boards.comments"]] == ["Yes, please, it is dangerous."]
    assert "Nia Neighbour" not in json.dumps(data)

    # Closing: the page says what happens; a wrong password and no confirmation are errors.
    page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="Close your account"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Close your account")
    expect(page.get_by_role("link", name="Read the privacy notice")).to_be_visible()
    axe_check(page)
    reflow_check(page)
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Close your account").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your password correctly")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Confirm that you understand closing cannot be undone"
    )
    axe_check(page)
    screenshot(page, "personal-data-close-errors")
    page.get_by_label("Your password").fill(password)
    page.get_by_label("I understand that closing my account cannot be undone").check()
    page.get_by_role("button", name="Close your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is closed")
    axe_check(page)

    # Signing in again fails.
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email", exact=True).fill("rae@example.org")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    expect(page.locator(".govuk-error-summary")).to_be_visible()

    # The comment stays, by "Former member".
    page.goto(f"{live_server.url}/{bucks.slug}/boards/ideas/{idea.pk}/")
    comments = page.locator("#comment-list")
    expect(comments).to_contain_text("Yes, please, it is dangerous.")
    expect(comments).to_contain_text("Former member")
    expect(comments).not_to_contain_text("Rae Resident")
    axe_check(page)
