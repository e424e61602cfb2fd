"""Building blocks for the community board fund tests: a community board with a chair, a fund,
an application on a meeting's agenda."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from boards import services as board_services
from boards.models import BoardKind, Position, Sector
from coordination.organisations.models import OrganisationKind
from coordination.places.tenancy import place_scope
from funding import services
from tests.support.factories import OrganisationFactory
from tests.support.funding import make_area, today_in


def community_board(place, *, name="Wycombe Community Board", area_name="Wycombe Area", quorum=1):
    area = make_area(place, area_name, kind="community_board_area", gss_code="E05009999")
    with place_scope(place):
        return board_services.board_create(
            place=place,
            actor=None,
            name=name,
            kind=BoardKind.COMMUNITY_BOARD,
            area=area,
            quorum=quorum,
        )


def present(place, the_meeting, *people):
    """Record these people as present at the meeting (its decisions need a quorum)."""
    with place_scope(place):
        for person in people:
            board_services.attendance_record(
                place=place, actor=None, meeting=the_meeting, user=person, status="present"
            )


def council(place):
    return OrganisationFactory(
        name=f"{place.name} Council", kind=OrganisationKind.COUNCIL, places=[place]
    )


def seat(place, board, user, position=Position.MEMBER):
    with place_scope(place):
        return board_services.board_membership_add(
            place=place,
            actor=None,
            board=board,
            user=user,
            position=position,
            sector=Sector.VCSE,
            started_on=today_in(place) - timedelta(days=30),
        )


def meeting(place, board, *, started_hours_ago=1, title="Board meeting"):
    """A meeting under way (it started an hour ago), where decisions can be taken."""
    starts = timezone.now().replace(microsecond=0) - timedelta(hours=started_hours_ago)
    with place_scope(place):
        return board_services.meeting_create(
            place=place,
            actor=None,
            board=board,
            title=title,
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            venue="Town hall",
            is_public=True,
        )


def fund(
    place, board, chair, *, budget=Decimal("5000"), priorities=("Young people", "Older people")
):
    return services.fund_create(
        place=place,
        actor=chair,
        board=board,
        year=fy_year(place),
        budget=budget,
        accountable_body=council(place),
        priorities=list(priorities),
    )


def fy_year(place):
    today = today_in(place)
    return today.year if today.month >= 4 else today.year - 1


def application(place, fund, leader, organisation, *, amount=Decimal("800"), **fields):
    fields.setdefault("title", "Christmas parade")
    fields.setdefault("summary", "Lights and a float through the town.")
    if amount > Decimal("1000"):
        fields.setdefault("outcomes", "A thousand people come.")
        fields.setdefault("budget_breakdown", "Float hire and lights.")
    app = services.fund_application_create(
        place=place,
        actor=leader,
        fund=fund,
        applicant=organisation,
        amount_requested=amount,
        **fields,
    )
    services.bid_submit(place=place, actor=leader, bid=app.bid)
    return app


def decided(place, fund, chair, leader, organisation, the_meeting, *, amount, outcome="award"):
    app = application(place, fund, leader, organisation, amount=amount)
    present(place, the_meeting, chair)
    services.fund_application_schedule(
        place=place, actor=chair, application=app, meeting=the_meeting
    )
    extra = (
        {}
        if outcome == "award"
        else {"reasons": ["budget"], "strengths": "Clear plan", "to_strengthen": "Costings"}
    )
    return services.fund_application_decide(
        place=place,
        actor=chair,
        application=app,
        meeting=the_meeting,
        outcome=outcome,
        reason="Fits our priorities",
        **extra,
    )
