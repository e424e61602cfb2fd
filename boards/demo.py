"""Demo boards for seed_demo: in each place a recovery board with three subgroups and a pending
report-back each; Coventry's Communities Pillar and Sutton's St Helier pilot; Buckinghamshire's 16
community boards with residents' ideas in several states. Re-running changes nothing.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from coordination.accounts.models import Membership, User
from coordination.places.models import Area, AreaKind
from coordination.places.tenancy import place_scope

from . import services
from .models import Board, BoardKind, BoardMembership, Position, ProposalStatus, Sector

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
                place=place, actor=None, board=board, user=user, position=position, sector=sector
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
    for name, description in OTHER_BOARDS.get(place.slug, []):
        group, n = _board(place, name, BoardKind.PARTNERSHIP_GROUP, description=description)
        created += n + _seat_everyone(place, group, people)
    community_areas = Area.objects.for_place(place).filter(kind=AreaKind.COMMUNITY_BOARD_AREA)
    resident = _person(place, "resident")
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
        if resident is not None and not cb.proposals.exists():
            created += _ideas(place, cb, resident, index)
    return created


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
    return created
