"""Demo boards for seed_demo: in each place a recovery board with three subgroups and a pending
report-back each, and the place's own community structure with its groups: Buckinghamshire's 16
community boards, Coventry's Communities Pillar (a neighbourhood group and a network for older
people), Sutton's asset-based St Helier pilot (one residents' group whose ideas build on the
estate's community assets). Residents' ideas in several states with answers, public meetings the
demo resident sent a question to, and seats for residents, business and health. The demo resident
of each place has ideas (one answered) and supports someone else's. The recovery board gives
actions (one overdue), and the food subgroup met a fortnight ago: a vote half recorded, minutes in
draft. So every demo role's My work has something in it. Re-running changes nothing.
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
    CommunityStructure,
    GroupsBy,
    MeetingQuestion,
    Position,
    Proposal,
    ProposalStatus,
    ProposalSupport,
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

# Each place's own community structure: (slug, fields, area name or None).
STRUCTURES = {
    "buckinghamshire": (
        "community-boards",
        {
            "name": "Community boards",
            "group_noun": "community board",
            "summary": "Sixteen local boards where residents, councillors and partners decide "
            "together what each area needs.",
            "description": "Each community board serves one area. Anyone can put an idea forward "
            "or come to a public meeting, and each board has a fund for local projects.",
            "groups_by": GroupsBy.AREA,
            "has_fund": True,
        },
        None,
    ),
    "coventry": (
        "communities-pillar",
        {
            "name": "Communities Pillar",
            "group_noun": "neighbourhood group",
            "summary": "Neighbourhood groups and networks where residents and local charities "
            "shape the city’s plans.",
            "description": "Groups choose their own focus: a neighbourhood, or people who share "
            "an experience. Two seats on each are kept for residents.",
            "groups_by": GroupsBy.THEME,
            "resident_seats": 2,
            "has_fund": True,
        },
        None,
    ),
    "sutton": (
        "st-helier-pilot",
        {
            "name": "St Helier pilot",
            "group_noun": "residents’ group",
            "summary": "Residents, charities, the council and health partners building on what "
            "St Helier already has.",
            "description": "An asset-based pilot: every idea says which of the estate’s "
            "places, groups and people it builds on. Three seats are kept for residents.",
            "groups_by": GroupsBy.AREA,
            "resident_seats": 3,
            "has_fund": True,
            "asset_based": True,
        },
        "St Helier",
    ),
}

# The groups of Coventry's and Sutton's structures: (name, area name, theme, description).
GROUPS = {
    "coventry": [
        (
            "Foleshill neighbourhood group",
            "Foleshill",
            "",
            "Residents, mosques, churches and local charities working on what Foleshill needs.",
        ),
        (
            "Older people's network",
            None,
            "Older people",
            "Older residents and the groups that support them, across the city.",
        ),
    ],
    "sutton": [
        (
            "St Helier residents' group",
            "St Helier",
            "",
            "Residents leading the pilot, with the council and partners alongside.",
        )
    ],
}

# Ideas for those groups: (title, description, answer or None, the demo resident's, assets).
GROUP_IDEAS = {
    "Foleshill neighbourhood group": [
        (
            "Cleaner alleyways",
            "Fly-tipping in the alleys off Foleshill Road: a clean-up day and more bins.",
            (
                ProposalStatus.ACCEPTED,
                "We will hold a clean-up day with the council in spring.",
                "",
            ),
            True,
            [],
        ),
        (
            "English conversation café",
            "A weekly café for neighbours to practise English together.",
            None,
            True,
            [],
        ),
        (
            "Safer crossing near the school",
            "Parents want a crossing patrol on the main road at school times.",
            (ProposalStatus.UNDER_CONSIDERATION, "We have asked the highways team.", ""),
            False,
            [],
        ),
    ],
    "Older people's network": [
        (
            "Lunch club in the city centre",
            "A weekly lunch for older people who live alone.",
            None,
            False,
            [],
        ),
        (
            "Digital help at the library",
            "Help with phones and tablets for older residents.",
            (ProposalStatus.DONE, "Volunteers run sessions every Tuesday morning.", ""),
            False,
            [],
        ),
    ],
    "St Helier residents' group": [
        (
            "Summer fun day on the open space",
            "A free day for families, with stalls from the parade shops.",
            (
                ProposalStatus.ACCEPTED,
                "Agreed: the group will run it in July with the tenants’ association.",
                "",
            ),
            True,
            ["St Helier Open Space", "Rose Hill parade shops"],
        ),
        (
            "Repair sessions at the library",
            "Our retired electrician could teach simple repairs in the library’s meeting room.",
            None,
            True,
            ["Retired electrician happy to teach", "St Helier Library"],
        ),
        (
            "Memory walks round the estate",
            "Walks led by the history group for new and old residents.",
            (ProposalStatus.UNDER_CONSIDERATION, "We are talking to the history group.", ""),
            False,
            ["St Helier Estate history group"],
        ),
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
        ("business", Sector.BUSINESS, Position.MEMBER),
    ]:
        user = _person(place, local)
        if user is not None and Membership.objects.for_place(place).filter(user=user).exists():
            people.append((user, sector, position))
    return people


def _group_people(place, people):
    """Who sits on a community group: the chair and secretary, the health and business partners,
    and the demo resident in one of the seats kept for residents."""
    seated = [p for p in people if p[0].email.split("@")[0] != "admin"]
    resident = _person(place, "resident")
    if resident is not None and Membership.objects.for_place(place).filter(user=resident).exists():
        seated.append((resident, Sector.COMMUNITY, Position.MEMBER))
    return seated


def _structure(place):
    """The place's own community structure (made once; left as it is on a re-run)."""
    slug, fields, area_name = STRUCTURES[place.slug]
    structure = CommunityStructure.objects.for_place(place).filter(slug=slug).first()
    if structure is not None:
        return structure, 0
    area = Area.objects.for_place(place).filter(name=area_name).first() if area_name else None
    structure = services.structure_create(place=place, actor=None, slug=slug, area=area, **fields)
    return structure, 1


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
    if place.slug not in STRUCTURES:
        return created
    structure, n = _structure(place)
    created += n
    if place.slug == "buckinghamshire":
        created += _community_boards(place, structure, people, resident)
    else:
        created += _groups(place, structure, people, resident)
    return created


def _community_boards(place, structure, people, resident):
    created = 0
    community_areas = Area.objects.for_place(place).filter(kind=AreaKind.COMMUNITY_BOARD_AREA)
    for index, area in enumerate(community_areas.order_by("name")):
        cb, n = _board(
            place,
            f"{area.name} Community Board",
            BoardKind.COMMUNITY_BOARD,
            structure=structure,
            area=area,
            description=f"Residents, councillors and local groups deciding what {area.name} needs.",
            quorum=2,
        )
        created += n
        if n:
            created += _first_sitting(
                place, cb, people, index, days=10 + index, title=f"{area.name} open meeting"
            )
        if not cb.proposals.exists():
            # The demo resident lives in the first two areas; other residents put forward the rest.
            created += _ideas(place, cb, resident if index < 2 else None, index)
        if index == 0:
            created += _question(place, cb, resident)
        if index == 2:
            created += _support_one(place, cb, resident)
    return created


def _first_sitting(place, group, people, index, *, days, title):
    """A new group's members and its first open meeting: the first group of a structure has the
    partners and a resident at the table too, the others two members."""
    seated = _seat_everyone(
        place, group, _group_people(place, people) if index == 0 else people[:2]
    )
    return seated + _next_meeting(place, group, days=days, title=title, public=True)


def _groups(place, structure, people, resident):
    created = 0
    for index, (name, area_name, theme, description) in enumerate(GROUPS[place.slug]):
        area = Area.objects.for_place(place).filter(name=area_name).first() if area_name else None
        group, n = _board(
            place,
            name,
            BoardKind.COMMUNITY_BOARD,
            structure=structure,
            area=area,
            theme=theme,
            description=description,
            seats=8,
            quorum=2,
        )
        created += n
        if n:
            created += _first_sitting(
                place, group, people, index, days=14 + index, title=f"{name}: open meeting"
            )
        if not group.proposals.exists():
            created += _group_ideas(place, group, resident)
        if index == 0:
            created += _question(place, group, resident)
        created += _support_one(place, group, resident)
    return created


def _group_ideas(place, group, resident):
    created = 0
    answerer = _person(place, "officer")
    asset_model = Proposal._meta.get_field("assets").related_model
    for title, description, answer, by_resident, asset_names in GROUP_IDEAS.get(group.name, []):
        assets = list(asset_model.objects.for_place(place).filter(name__in=asset_names))
        proposal = services.proposal_create(
            place=place,
            actor=resident if by_resident else None,
            board=group,
            title=title,
            description=description,
            assets=assets if group.is_asset_based else None,
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


def _support_one(place, board, resident):
    """The demo resident supports the group's first idea that is someone else's and still open."""
    if resident is None:
        return 0
    ideas = Proposal.objects.for_place(place).filter(board=board).order_by("created_at", "pk")
    if ProposalSupport.objects.for_place(place).filter(proposal__in=ideas, user=resident).exists():
        return 0
    for idea in ideas:
        if idea.proposed_by_id != resident.pk and idea.takes_support:
            services.proposal_support(place=place, actor=resident, proposal=idea)
            return 1
    return 0


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
