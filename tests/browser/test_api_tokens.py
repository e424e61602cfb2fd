"""A person finds their personal API token in their account, sees when it expires, and revokes it."""

import re

import pytest
from playwright.sync_api import expect

from coordination.accounts.models import ApiToken
from coordination.accounts.tokens import api_token_issue
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_person_revokes_their_api_token(
    page, live_server, axe_check, reflow_check, sign_in, password
):
    person = UserFactory(email="ada@example.org", name="Ada")
    row, key = api_token_issue(user=person)
    sign_in(page, "ada@example.org", password)

    page.goto(f"{live_server.url}/accounts/email/")
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your API tokens")
    card = page.locator(".govuk-summary-card").filter(has_text=f"ipt_{row.prefix}")
    expect(card).to_contain_text("Expires")
    expect(page.locator("body")).not_to_contain_text(key)
    axe_check(page)

    reflow_check(page)

    card.get_by_role("button", name=re.compile(r"^Revoke")).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The token is revoked: it no longer works."
    )
    expect(page.get_by_text("You have no API tokens.")).to_be_visible()
    assert not ApiToken.objects.filter(user=person).exists()
    axe_check(page)
    reflow_check(page)
