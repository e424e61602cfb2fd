"""Demo boards for seed_demo: in each place a recovery board with three subgroups and a pending
report-back each; Coventry's Communities Pillar and Sutton's St Helier pilot, each with an open
meeting the demo resident sent a question to; Buckinghamshire's 16 community boards with residents'
ideas in several states (the demo resident's on the first two). The recovery board gives actions
(one overdue), and the food subgroup met a fortnight ago: a vote half recorded, minutes in draft.
So every demo role's My work has something in it. Re-running changes nothing.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from coordination.accounts.models import Membership, User
from coordination.places.models import Area, AreaKind
from coordination.places.tenancy import place_scope

from . import services
from .demo_moderation import seed_moderation
from .models import (
    AttendanceStatus,
    Board,
    BoardKind,
    BoardMembership,
    MeetingQuestion,
    Position,
    ProposalStatus,
    Sector,
    VoteChoice,
)

# The demo's seats began a while ago, so the meeting held a fortnight ago had these members.
SEATED_DAYS_AGO = 180

SUBGROUPS = [
    ("Food and essentials", "Food banks, pantries and emergency help with essentials"),
    ("Mental health and wellbeing", "Low-level mental health support and social isolation"),
    ("Volunteering", "Recruiting, training and keeping volunteers across the sector"),
]

OTHER_BOARDS = {
    "coventry": [
        (
            "Communities Pillar",
            "A group of charity leaders who bring the voluntary sector's voice to the city's plans.",
        )
    ],
    "sutton": [
        (
            "St Helier place-working pilot",
            "Residents, charities, the council and health partners working on St Helier together.",
        )
    ],
}

IDEAS = [
    ("A community fridge", "Somewhere to share surplus food near the high street.", None),
    (
        "Benches along the river walk",
        "Older residents need somewhere to rest on the way into town.",
        (ProposalStatus.UNDER_CONSIDERATION, "We are asking the parish council about sites.", ""),
    ),
    (
        "Youth club on Friday nights",
        "Young people have nowhere to go at weekends.",
        (ProposalStatus.ACCEPTED, "Funded for a year from the community board budget.", ""),
    ),
    (
        "A zip wire in the park",
        "It would be fun.",
        (
            ProposalStatus.NOT_TAKEN_FORWARD,
            "",
            "The park is a flood meadow and the insurer will not cover it.",
        ),
    ),
    (
        "Repair café",
        "Fix things instead of throwing them away.",
        (ProposalStatus.DONE, "Running monthly at the library since the spring.", ""),
    ),
]


def _person(place, local):
    return User.objects.filter(email=f"{local}@{place.slug}.demo.inplace.example").first()


def _member_people(place):
    """The demo people of the place who can hold a seat, with the sector each represents."""
    people = []
    for local, sector, position in [
        ("leader", Sector.VCSE, Position.CHAIR),
        ("officer", Sector.COUNCIL, Position.SECRETARY),
        ("partner", Sector.HEALTH, Position.MEMBER),
        ("admin", Sector.COUNCIL, Position.OBSERVER),
    ]:
        user = _person(place, local)
        if user is not None and Membership.objects.for_place(place).filter(user=user).exists():
            people.append((user, sector, position))
    return people


def _board(place, name, kind, **fields):
    existing = Board.objects.for_place(place).filter(slug=slugify(name)[:70]).first()
    if existing is not None:
        return existing, 0
    return services.board_create(place=place, actor=None, name=name, kind=kind, **fields), 1


def _seat_everyone(place, board, people):
    created = 0
    for user, sector, position in people:
        if not BoardMembership.objects.for_place(place).filter(board=board, user=user).exists():
            services.board_membership_add(
                place=place,
                actor=None,
                board=board,
                user=user,
                position=position,
                sector=sector,
                started_on=timezone.localdate() - timedelta(days=SEATED_DAYS_AGO),
            )
            created += 1
    return created


def _next_meeting(place, board, *, days, title, public=False):
    if board.meetings.exists():
        return 0
    starts = (timezone.now() + timedelta(days=days)).astimezone(place.tz)
    starts = starts.replace(hour=10, minute=0, second=0, microsecond=0)
    services.meeting_create(
        place=place,
        actor=None,
        board=board,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        venue="Council offices" if not public else "Community centre",
        is_public=public,
    )
    return 1


def seed_place(place):
    created = 0
    people = _member_people(place)
    recovery, n = _board(
        place,
        f"{place.name} Recovery Board",
        BoardKind.RECOVERY_BOARD,
        description="Council officers and voluntary sector leaders steering the recovery.",
        seats=12,
        is_public=True,
    )
    created += n + _seat_everyone(place, recovery, people)
    for theme, remit in SUBGROUPS:
        group, n = _board(
            place,
            f"{theme} subgroup",
            BoardKind.THEMATIC_SUBGROUP,
            parent=recovery,
            theme=theme,
            remit=remit,
            review_date=timezone.localdate() + timedelta(days=180),
            is_public=False,
            seats=6,
            quorum=2,
        )
        created += n + _seat_everyone(place, group, people[:2])
    # The board's next meeting makes a report-back due from each subgroup.
    created += _next_meeting(place, recovery, days=21, title="Recovery Board")
    created += _actions(place, recovery)
    food = Board.objects.for_place(place).filter(parent=recovery).order_by("name").first()
    created += _meeting_held(place, food)
    resident = _person(place, "resident")
    for name, description in OTHER_BOARDS.get(place.slug, []):
        group, n = _board(place, name, BoardKind.PARTNERSHIP_GROUP, description=description)
        created += n + _seat_everyone(place, group, people)
        created += _next_meeting(place, group, days=14, title=f"{name} open meeting", public=True)
        created += _question(place, group, resident)
    community_areas = Area.objects.for_place(place).filter(kind=AreaKind.COMMUNITY_BOARD_AREA)
    for index, area in enumerate(community_areas.order_by("name")):
        cb, n = _board(
            place,
            f"{area.name} Community Board",
            BoardKind.COMMUNITY_BOARD,
            area=area,
            description=f"Residents, councillors and local groups deciding what {area.name} needs.",
            quorum=2,
        )
        created += n
        if n:
            created += _seat_everyone(place, cb, people[:2])
            created += _next_meeting(
                place, cb, days=10 + index, title=f"{area.name} open meeting", public=True
            )
        if not cb.proposals.exists():
            # The demo resident lives in the first two areas; other residents put forward the rest.
            created += _ideas(place, cb, resident if index < 2 else None, index)
        if index == 0:
            created += _question(place, cb, resident)
    return created


def _actions(place, board):
    """Actions of the recovery board: the chair's is overdue, the others' due soon."""
    if board.actions.exists():
        return 0
    created = 0
    today = timezone.localdate()
    for local, title, due in [
        ("leader", "Send the volunteer survey to member charities", today - timedelta(days=5)),
        ("officer", "Share the winter pressures data with the board", today + timedelta(days=7)),
        ("partner", "Bring the health partnership’s referral figures", today + timedelta(days=12)),
    ]:
        owner = _person(place, local)
        if owner is None or not board.memberships.filter(user=owner).exists():
            continue
        services.action_create(
            place=place, actor=None, board=board, title=title, due_on=due, owner=owner
        )
        created += 1
    return created


def _meeting_held(place, board):
    """A subgroup meeting a fortnight ago: everyone present, one vote of two recorded on the
    item for decision, minutes in draft, so its secretary has records to finish."""
    if board is None or board.meetings.exists():
        return 0
    seats = list(board.memberships.select_related("user").order_by("user_id"))
    if not seats:
        return 0
    starts = (timezone.now() - timedelta(days=14)).astimezone(place.tz)
    starts = starts.replace(hour=14, minute=0, second=0, microsecond=0)
    meeting = services.meeting_create(
        place=place,
        actor=None,
        board=board,
        title=f"{board.name} meeting",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1, minutes=30),
        venue="Council offices",
    )
    item = services.agenda_item_add(
        place=place,
        actor=None,
        meeting=meeting,
        title="Which food banks the winter fund supports first",
    )
    services.attendance_register(
        place=place,
        actor=None,
        meeting=meeting,
        statuses={seat.user: AttendanceStatus.PRESENT for seat in seats},
    )
    chair = next((s.user for s in seats if s.position == Position.CHAIR), seats[0].user)
    services.vote_record(
        place=place, actor=None, agenda_item=item, member=chair, choice=VoteChoice.FOR
    )
    services.minutes_save(
        place=place,
        actor=None,
        meeting=meeting,
        minutes="Present: all members. The subgroup discussed the winter fund; the vote on "
        "which food banks it supports first is still being recorded.",
    )
    return 1


def _question(place, board, resident):
    """The demo resident's question to a board's next open meeting."""
    meeting = board.meetings.filter(is_public=True, cancelled_at__isnull=True).first()
    if resident is None or meeting is None or meeting.starts_at <= timezone.now():
        return 0
    if MeetingQuestion.objects.for_place(place).filter(meeting=meeting, user=resident).exists():
        return 0
    services.question_send(
        place=place,
        actor=resident,
        meeting=meeting,
        text="Will the meeting talk about how residents can get help with heating bills?",
    )
    return 1


def _ideas(place, board, resident, index):
    created = 0
    answerer = _person(place, "officer")
    for offset in range(3):
        title, description, answer = IDEAS[(index + offset) % len(IDEAS)]
        proposal = services.proposal_create(
            place=place, actor=resident, board=board, title=title, description=description
        )
        created += 1
        if answer is not None:
            status, text, reason = answer
            services.proposal_answer(
                place=place,
                actor=answerer,
                proposal=proposal,
                status=status,
                answer=text,
                reason=reason,
            )
    return created


def seed_boards(places):
    """Seed every place given; returns how many records were made (0 on a re-run)."""
    created = 0
    for place in places:
        with place_scope(place):
            created += seed_place(place)
            created += seed_moderation(place)
    return created
