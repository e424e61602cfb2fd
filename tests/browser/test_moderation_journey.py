"""Comments and moderation in the browser: a resident comments on an idea, the proposer reports
the comment, the group's secretary hides it from the queue with a reason, a visitor sees the
reason in its place, and the secretary restores it. axe-core checks the idea page, the forms and
the queue, at 320 px too."""

import pytest
from playwright.sync_api import expect

from boards import services
from boards.models import BoardKind, Position, Sector
from coordination.accounts.models import Role
from coordination.places.tenancy import place_scope
from tests.support.factories import AreaFactory

pytestmark = pytest.mark.django_db(transaction=True)

REASON = "Shares a neighbour's phone number"


def test_a_comment_is_reported_hidden_with_a_reason_and_restored(
    page, live_server, axe_check, reflow_check, sign_in, bucks, make_member, password
):
    proposer = make_member(bucks, Role.RESIDENT, email="resident@example.org", name="Rae Resident")
    make_member(bucks, Role.RESIDENT, email="neighbour@example.org", name="Nia Neighbour")
    secretary = make_member(
        bucks, Role.CHARITY_LEADER, email="secretary@example.org", name="Sam Secretary"
    )
    area = AreaFactory(place=bucks, name="Marlow", kind="community_board_area")
    with place_scope(bucks):
        board = services.board_create(
            place=bucks,
            actor=None,
            name="Marlow Community Board",
            kind=BoardKind.COMMUNITY_BOARD,
            area=area,
        )
        services.board_membership_add(
            place=bucks,
            actor=None,
            board=board,
            user=secretary,
            position=Position.SECRETARY,
            sector=Sector.VCSE,
        )
        idea = services.proposal_create(
            place=bucks,
            actor=proposer,
            board=board,
            title="A safer crossing by the school",
            description="Children cross the busy road every morning.",
        )
    idea_url = f"{live_server.url}/buckinghamshire/boards/ideas/{idea.pk}/"

    # A neighbour comments: the terms are next to the form; the comment is public at once.
    sign_in(page, "neighbour@example.org", password)
    page.goto(idea_url)
    expect(page.get_by_text("Terms of taking part")).to_be_visible()
    page.get_by_role("button", name="Post your comment").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe_check(page)
    page.get_by_label("Your comment").fill("Call Bob on 07700 900123 about it.")
    page.get_by_role("button", name="Post your comment").click()
    expect(page.get_by_text("Your comment is published.")).to_be_visible()
    expect(page.locator("#comment-list")).to_contain_text("Nia Neighbour")
    axe_check(page)
    page.get_by_role("button", name="Sign out").click()

    # The proposer reports it; nothing else changes.
    sign_in(page, "resident@example.org", password)
    page.goto(idea_url)
    page.get_by_role("link", name="Report the comment by Nia Neighbour").click()
    axe_check(page)
    page.get_by_label("Shares someone's personal details").check()
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("Thank you, a moderator will look at it.")).to_be_visible()
    expect(page.locator("#comment-list")).to_contain_text("Call Bob on 07700 900123")
    page.get_by_role("button", name="Sign out").click()

    # The secretary hides it from the queue, with a reason.
    sign_in(page, "secretary@example.org", password)
    page.goto(f"{live_server.url}/buckinghamshire/boards/moderation/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Posts to moderate")
    expect(page.locator("main")).to_contain_text("Shares someone's personal details (1)")
    axe_check(page)
    reflow_check(page)
    page.get_by_role("button", name="Hide this comment").click()
    axe_check(page)
    page.get_by_role("button", name="Hide it").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    page.get_by_label("Why is it hidden?").fill(REASON)
    page.get_by_role("button", name="Hide it").click()
    expect(page.get_by_text("Hidden. Everyone else now sees your reason instead.")).to_be_visible()
    expect(page.locator("#no-reports")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    # A visitor sees the reason in its place, not the words.
    page.goto(idea_url)
    expect(page.locator("#comment-list")).to_contain_text(f"Hidden by a moderator: {REASON}")
    expect(page.locator("main")).not_to_contain_text("07700 900123")
    expect(page.get_by_role("link", name="Sign in to report")).to_be_visible()
    axe_check(page)
    reflow_check(page)

    # The secretary restores it, saying why.
    sign_in(page, "secretary@example.org", password)
    page.goto(f"{live_server.url}/buckinghamshire/boards/moderation/")
    page.get_by_role("link", name="Restore this comment").click()
    axe_check(page)
    page.get_by_label("Why is it restored?").fill("Bob asked for his number to be shared.")
    page.get_by_role("button", name="Restore it").click()
    expect(page.get_by_text("Restored. Everyone can read it again.")).to_be_visible()
    page.goto(idea_url)
    expect(page.locator("#comment-list")).to_contain_text("Call Bob on 07700 900123")
