"""Typing past a box's limit in Chromium: GOV.UK's character count says so as you type, sending is held
back with GOV.UK's error summary, and the text stays in the box; the page passes axe throughout."""

import pytest
from playwright.sync_api import expect

from boards.models import BoardKind
from coordination.accounts.models import Role
from coordination.places.tenancy import place_scope
from tests.support.boards import board
from tests.support.factories import AreaFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_resident_typing_past_the_limit_keeps_the_text_and_is_told_before_sending(
    page, live_server, axe_check, sign_in, bucks, make_member, password
):
    resident = make_member(bucks, Role.RESIDENT, email="rae@example.org", name="Rae Resident")
    area = AreaFactory(place=bucks, name="Wing", kind="community_board_area")
    with place_scope(bucks):
        cb = board(bucks, name="Wing CB", kind=BoardKind.COMMUNITY_BOARD, area=area)
    sign_in(page, resident.email, password)
    page.goto(f"{live_server.url}/buckinghamshire/boards/{cb.pk}/ideas/")

    box = page.get_by_label("Tell us more")
    expect(
        page.locator(".govuk-character-count__message:not(.govuk-visually-hidden)")
    ).to_have_text("You have 5,000 characters remaining")
    page.get_by_label("Your idea in a few words").fill("Benches by the river")
    text = "We would like benches along the river path. " * 116  # 5,104 characters
    assert len(text) == 5104
    box.fill(text)
    box.press("End")
    expect(page.get_by_text("You have 104 characters too many")).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name="Send your idea").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        "Tell us more must be 5,000 characters or fewer: it has 5,104"
    )
    expect(page.locator("#id_description-limit-error")).to_contain_text(
        "Tell us more must be 5,000 characters or fewer"
    )
    assert page.title().startswith("Error: ")
    assert box.input_value() == text  # nothing was sent, nothing was lost
    with place_scope(bucks):
        assert not cb.proposals.exists()
    axe_check(page)

    # Shortened to the limit, it goes, and the held-back error does not stay behind.
    box.fill(text[:5000])
    page.get_by_role("button", name="Send your idea").click()
    expect(page.get_by_text("Thank you: your idea has gone to the board.")).to_be_visible()
    expect(page.get_by_role("heading", name="Benches by the river")).to_be_visible()
    with place_scope(bucks):
        assert cb.proposals.get().description == text[:5000].strip()
