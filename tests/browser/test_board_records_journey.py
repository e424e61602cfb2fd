"""A clerk records a declaration of interest on an agenda item, tries to take the item off the
agenda and changes it instead, then corrects the declaration: the declaration stays in the
meeting's record throughout, with its history. axe-core checks every page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from boards import services
from boards.models import BoardKind, DeclarationOfInterest, Position, Sector
from coordination.accounts.models import Role
from coordination.places.tenancy import place_scope

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_declaration_stays_in_the_record_when_the_agenda_changes(
    page, live_server, axe_check, sign_in, bucks, make_member, password
):
    clerk = make_member(bucks, Role.CHARITY_LEADER, email="clerk@example.org", name="Cleo Clerk")
    member = make_member(bucks, Role.PARTNER, email="mo@example.org", name="Mo Member")
    since = timezone.localdate() - timedelta(days=30)
    with place_scope(bucks):
        board = services.board_create(
            place=bucks, actor=None, name="Town Board", kind=BoardKind.RECOVERY_BOARD
        )
        for person, position in ((clerk, Position.SECRETARY), (member, Position.MEMBER)):
            services.board_membership_add(
                place=bucks,
                actor=None,
                board=board,
                user=person,
                position=position,
                sector=Sector.VCSE,
                started_on=since,
            )
        starts = timezone.now().replace(microsecond=0) - timedelta(hours=1)
        meeting = services.meeting_create(
            place=bucks,
            actor=None,
            board=board,
            title="Town Board, December",
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            venue="Town hall",
        )
        services.agenda_item_add(place=bucks, actor=None, meeting=meeting, title="Play park grant")

    sign_in(page, "clerk@example.org", password)
    page.goto(f"{live_server.url}/buckinghamshire/boards/meetings/{meeting.pk}/")
    axe_check(page)
    page.get_by_role("link", name="Declare an interest").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Declare an interest")
    page.get_by_label("Member").select_option(label="Mo Member")
    page.get_by_label("Agenda item (optional)").select_option(label="Play park grant")
    page.get_by_label("Financial").check()
    page.get_by_label("Nature of the interest").fill("Treasurer of the play park charity")
    axe_check(page)
    page.get_by_role("button", name="Record the declaration").click()
    declarations = page.locator("#declarations + ul")
    expect(declarations).to_contain_text("Mo Member: financial, Treasurer of the play park charity")
    axe_check(page)

    # Taking the item off the agenda is refused: the declaration is in the minutes.
    page.get_by_role("link", name="Remove Play park grant").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "“Play park grant” stays on the agenda"
    )
    expect(page.get_by_role("button", name="Take it off the agenda")).to_have_count(0)
    axe_check(page)

    # The clerk changes the item instead.
    page.get_by_role("button", name="Change the item").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change an agenda item")
    page.get_by_label("Item").fill("Play park grant (revised bid)")
    page.get_by_role("button", name="Save item").click()
    expect(page.locator("#agenda + ol")).to_contain_text("Play park grant (revised bid)")
    expect(declarations).to_contain_text("Treasurer of the play park charity")
    expect(declarations).to_contain_text("on “Play park grant (revised bid)”")

    # A correction is an amendment: the earlier wording stays in the history.
    declarations.get_by_role("link", name="Amend the declaration by Mo Member").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amend a declaration of interest")
    axe_check(page)
    page.get_by_role("button", name="Save the amendment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the record is amended.")
    axe_check(page)
    page.get_by_label("Nature of the interest").fill(
        "Treasurer and trustee of the play park charity"
    )
    page.get_by_label("Reason for the amendment").fill("The member is a trustee as well")
    page.get_by_role("button", name="Save the amendment").click()
    expect(declarations).to_contain_text("Treasurer and trustee of the play park charity")
    declarations.get_by_text("History: 1 amendment").click()
    expect(declarations).to_contain_text("The member is a trustee as well")
    expect(declarations).to_contain_text("“Treasurer of the play park charity” became")
    axe_check(page)

    with place_scope(bucks):
        assert DeclarationOfInterest.objects.filter(meeting=meeting).count() == 1
