"""axe-core over the boards pages the journeys do not reach: a coordinator's forms and panels,
and what an anonymous visitor sees of a community board."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from boards import services
from boards.models import BoardKind, Position, Sector
from coordination.accounts.models import Role
from coordination.places.tenancy import place_scope
from tests.support.boards import pdf
from tests.support.factories import AreaFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.BOARDS_LOAD_WARNING = 2


def test_boards_pages_for_a_coordinator_and_the_public(
    page, live_server, axe_check, sign_in, bucks, admin_of, make_member, password
):
    admin = admin_of(bucks, email="coordinator@example.org", name="Ada Admin")
    resident = make_member(bucks, Role.RESIDENT, name="Rae Resident")
    leader = make_member(bucks, Role.CHARITY_LEADER, name="Lee Leader")
    area = AreaFactory(place=bucks, name="Wing", kind="community_board_area")
    with place_scope(bucks):
        board = services.board_create(
            place=bucks,
            actor=admin,
            name="Recovery Board",
            kind=BoardKind.RECOVERY_BOARD,
            seats=5,
            quorum=1,
        )
        group = services.board_create(
            place=bucks,
            actor=admin,
            name="Food subgroup",
            kind=BoardKind.THEMATIC_SUBGROUP,
            parent=board,
        )
        cb = services.board_create(
            place=bucks, actor=admin, name="Wing CB", kind=BoardKind.COMMUNITY_BOARD, area=area
        )
        for b in (board, group, cb):
            services.board_membership_add(
                place=bucks,
                actor=admin,
                board=b,
                user=leader,
                position=Position.CHAIR,
                sector=Sector.VCSE,
            )
        starts = timezone.now() + timedelta(days=10)
        meeting = services.meeting_create(
            place=bucks,
            actor=admin,
            board=board,
            title="Recovery Board, autumn",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            venue="Council offices",
            online_url="https://meet.example.org/recovery",
        )
        item = services.agenda_item_add(
            place=bucks, actor=admin, meeting=meeting, title="Budget", owner=leader
        )
        services.paper_upload(
            place=bucks, actor=admin, agenda_item=item, title="Budget", file=pdf()
        )
        services.attendance_record(
            place=bucks, actor=admin, meeting=meeting, user=admin, status="present"
        )
        services.decision_record(place=bucks, actor=admin, meeting=meeting, text="Agreed the plan.")
        services.attendance_record(
            place=bucks, actor=admin, meeting=meeting, user=leader, status="apologies"
        )
        action = services.action_create(
            place=bucks,
            actor=admin,
            board=board,
            meeting=meeting,
            title="Write to the funders",
            owner=leader,
            due_on=timezone.localdate() - timedelta(days=1),
        )
        rb = group.report_backs.get()
        services.report_back_submit(
            place=bucks,
            actor=leader,
            report_back=rb,
            summary="Going well.",
            recommendations=["More"],
        )
        recommendation = rb.recommendations.get()
        public = services.meeting_create(
            place=bucks,
            actor=admin,
            board=cb,
            title="Wing open meeting",
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            venue="Village hall",
            is_public=True,
        )
        proposal = services.proposal_create(
            place=bucks, actor=resident, board=cb, title="Bus shelter", description="Rain"
        )

    with place_scope(bucks):
        seat_pk = board.memberships.get(user=leader).pk

    # Anonymous: a community board, its public meeting and its ideas.
    base = f"{live_server.url}/buckinghamshire/boards"
    for path in [
        f"/{cb.pk}/",
        f"/meetings/{public.pk}/",
        f"/{cb.pk}/ideas/",
        f"/{cb.pk}/you-said-we-did/",
    ]:
        page.goto(base + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe_check(page)
    expect(page.get_by_text("The board has not answered any ideas yet.")).to_be_visible()

    sign_in(page, "coordinator@example.org", password)
    for path in [
        "/",
        "/new/",
        "/calendar/",
        f"/{board.pk}/",
        f"/{board.pk}/members/add/",
        f"/{group.pk}/",
        f"/meetings/{meeting.pk}/",
        f"/meetings/{meeting.pk}/minutes/",
        f"/meetings/{meeting.pk}/decisions/new/",
        f"/meetings/{meeting.pk}/attendance/",
        f"/meetings/{meeting.pk}/actions/new/",
        f"/meetings/{public.pk}/questions/new/",
        f"/actions/{action.pk}/",
        f"/actions/{action.pk}/edit/",
        f"/{board.pk}/edit/",
        f"/members/{seat_pk}/edit/",
        f"/agenda/{item.pk}/edit/",
        f"/report-backs/{rb.pk}/",
        f"/recommendations/{recommendation.pk}/respond/",
        f"/ideas/{proposal.pk}/",
    ]:
        page.goto(base + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe_check(page)

    # The secret calendar link is made when asked for, with the keyboard too.
    page.goto(base + "/calendar/")
    page.get_by_role("button", name="Make my calendar link").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your calendar link is ready.")).to_be_visible()
    expect(page.get_by_label("Calendar address")).to_have_value(
        re.compile(r"^http://.+/buckinghamshire/boards/.+")
    )
    axe_check(page)

    # The load panel warns about the chair of three boards.
    page.goto(f"{base}/{board.pk}/")
    expect(page.locator(".govuk-warning-text")).to_contain_text("Lee Leader")
    # A form in error: an idea answered "not taken forward" without a reason.
    page.goto(f"{base}/ideas/{proposal.pk}/")
    page.get_by_role("radio", name="Not taken forward").check()
    page.get_by_role("button", name="Save answer").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Say why the idea is not being taken forward."
    )
    axe_check(page)
    # The rota picks a chair and a minute-taker.
    page.goto(f"{base}/meetings/{meeting.pk}/")
    page.get_by_role("button", name="Choose chair and minute-taker from the rota").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Lee Leader chairs")
    axe_check(page)
