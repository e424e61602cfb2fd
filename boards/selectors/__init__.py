"""Reads of boards, meetings, papers and proposals as one person may see them in one place.

Visibility lives here once: a private board is seen by its members, its parent board's members
(for a subgroup) and coordinators; a private meeting by the same people; a private paper never by
residents or the public.
"""

from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.db.models import BooleanField, Case, Count, Prefetch, Q, Value, When
from django.utils import timezone

from coordination.accounts.models import Role
from coordination.accounts.permissions import can, roles_in

from .models import (
    Action,
    ActionStatus,
    AgendaItem,
    Board,
    BoardMembership,
    CalendarFeed,
    DeclarationOfInterest,
    Meeting,
    Paper,
    Position,
    Proposal,
    ProposalStatus,
    ProposalSupport,
    ReportBack,
    Sector,
    Vote,
    VoteChoice,
)
from .permissions import can_see_private_papers


def _seated_board_ids(place, user):
    if user is None or not user.is_authenticated:
        return []
    return list(
        BoardMembership.objects.for_place(place)
        .current()
        .filter(user=user)
        .values_list("board_id", flat=True)
    )


def _sees_everything(place, user):
    return can(user, place, "view_all_boards") or can(user, place, "manage_boards")


def boards_visible_to(place, user):
    qs = Board.objects.for_place(place).filter(is_active=True)
    if not _sees_everything(place, user):
        seated = _seated_board_ids(place, user)
        qs = qs.filter(Q(is_public=True) | Q(pk__in=seated) | Q(parent_id__in=seated))
    return qs.select_related("parent", "area").order_by("kind", "name")


def get_board_for(place, user, pk):
    return boards_visible_to(place, user).filter(pk=pk).first()


def _insider_board_ids(place, user):
    """Boards whose private meetings this person sees (None: every board)."""
    if _sees_everything(place, user):
        return None
    seated = _seated_board_ids(place, user)
    ids = set(seated)
    ids |= set(
        Board.objects.for_place(place).filter(parent_id__in=seated).values_list("pk", flat=True)
    )
    return ids


def meetings_visible_to(place, user):
    visible_boards = boards_visible_to(place, user).values("pk")
    qs = Meeting.objects.for_place(place).filter(board__in=visible_boards)
    insider = _insider_board_ids(place, user)
    if insider is not None:
        qs = qs.filter(Q(is_public=True) | Q(board_id__in=insider))
    return qs.select_related("board", "chair", "minute_taker").order_by("starts_at", "pk")


def get_meeting_for(place, user, pk):
    return meetings_visible_to(place, user).filter(pk=pk).first()


def get_membership_for(place, user, pk):
    """A seat (current or past) on a board the person may see."""
    return (
        BoardMembership.objects.for_place(place)
        .filter(pk=pk, board__in=boards_visible_to(place, user).values("pk"))
        .select_related("board", "user", "organisation")
        .first()
    )


def past_members(board, *, limit=20):
    return (
        BoardMembership.objects.for_place(board.place)
        .filter(board=board, ended_on__lt=timezone.localdate())
        .select_related("user", "organisation")
        .order_by("-ended_on", "pk")[:limit]
    )


def get_agenda_item_for(place, user, pk):
    return (
        AgendaItem.objects.for_place(place)
        .filter(pk=pk, meeting__in=meetings_visible_to(place, user).values("pk"))
        .select_related("meeting__board", "owner")
        .first()
    )


def papers_visible_to(place, user, *, board=None):
    qs = Paper.objects.for_place(place).filter(
        agenda_item__meeting__in=meetings_visible_to(place, user).values("pk")
    )
    if board is not None:
        if not can_see_private_papers(user, board):
            qs = qs.filter(is_private=False)
        return qs
    roles = roles_in(user, place)
    if can(user, place, "view_all_boards"):
        return qs
    if not roles or roles <= {Role.RESIDENT}:
        return qs.filter(is_private=False)
    if can(user, place, "manage_boards"):
        return qs
    insider = _insider_board_ids(place, user)
    return qs.filter(Q(is_private=False) | Q(agenda_item__meeting__board_id__in=insider))


def get_paper_for(place, user, pk):
    return (
        papers_visible_to(place, user)
        .select_related("agenda_item__meeting__board")
        .filter(pk=pk)
        .first()
    )


def agenda_for(meeting, user):
    papers = papers_visible_to(meeting.place, user, board=meeting.board)
    return (
        AgendaItem.objects.for_place(meeting.place)
        .filter(meeting=meeting)
        .select_related("owner", "report_back__subgroup")
        .prefetch_related(Prefetch("papers", queryset=papers.order_by("uploaded_at", "pk")))
        .order_by("order", "pk")
    )


def current_members(board):
    return (
        BoardMembership.objects.for_place(board.place)
        .current()
        .filter(board=board)
        .select_related("user", "organisation")
        .order_by("position", "user__name", "pk")
    )


def sector_balance(members):
    """(sector label, count, percent) for every sector, members who vote only (not observers)."""
    voting = [m for m in members if m.position != Position.OBSERVER]
    counts = Counter(m.sector for m in voting)
    total = len(voting) or 1
    return [
        {
            "sector": value,
            "label": label,
            "count": counts.get(value, 0),
            "percent": round(100 * counts.get(value, 0) / total),
        }
        for value, label in Sector.choices
    ]


def vacancies(board, members):
    """What the board lacks: empty seats against its size, and officer posts nobody holds."""
    held = {m.position for m in members}
    voting = sum(1 for m in members if m.position != Position.OBSERVER)
    empty_seats = max((board.seats or 0) - voting, 0)
    missing = [Position(p).label for p in (Position.CHAIR, Position.SECRETARY) if p not in held]
    return {"empty_seats": empty_seats, "missing_posts": missing}


def upcoming_meetings(place, user, *, board=None, limit=None):
    qs = meetings_visible_to(place, user).filter(ends_at__gte=timezone.now())
    if board is not None:
        qs = qs.filter(board=board)
    return qs[:limit] if limit else qs


def past_meetings(place, user, *, board):
    return (
        meetings_visible_to(place, user)
        .filter(board=board, ends_at__lt=timezone.now())
        .order_by("-starts_at")
    )


def actions_of_board(board):
    return (
        Action.objects.for_place(board.place)
        .filter(board=board)
        .select_related("owner", "owner_organisation", "meeting")
        .order_by("status", "due_on", "pk")
    )


def actions_visible_to(place, user):
    insider = _insider_board_ids(place, user)
    qs = Action.objects.for_place(place).select_related("board", "owner", "owner_organisation")
    if insider is not None:
        # Whoever owns an action sees it, even without a seat: they were told it is theirs.
        mine = Q(owner=user) if user is not None and user.is_authenticated else Q(pk__in=[])
        qs = qs.filter(Q(board_id__in=insider) | mine)
    return qs


def get_action_for(place, user, pk):
    return actions_visible_to(place, user).filter(pk=pk).first()


def report_backs_visible_to(place, user):
    insider = _insider_board_ids(place, user)
    qs = ReportBack.objects.for_place(place).select_related(
        "subgroup", "subgroup__parent", "parent_meeting", "parent_meeting__board", "submitted_by"
    )
    if insider is not None:
        qs = qs.filter(Q(subgroup_id__in=insider) | Q(parent_meeting__board_id__in=insider))
    return qs


def get_report_back_for(place, user, pk):
    return report_backs_visible_to(place, user).filter(pk=pk).first()


def report_backs_of_subgroup(subgroup):
    return (
        ReportBack.objects.for_place(subgroup.place)
        .filter(subgroup=subgroup)
        .select_related("parent_meeting")
        .order_by("-due_at")
    )


def proposals_of_board(board, *, statuses=None):
    qs = (
        Proposal.objects.for_place(board.place)
        .filter(board=board)
        .annotate(support_count=Count("supports"))
        .select_related("proposed_by")
    )
    if statuses:
        qs = qs.filter(status__in=statuses)
    return qs.order_by("-support_count", "-created_at", "pk")


def proposals_visible_to(place, user):
    return (
        Proposal.objects.for_place(place)
        .filter(board__in=boards_visible_to(place, user).values("pk"))
        .annotate(support_count=Count("supports"))
        .select_related("board", "proposed_by")
    )


def get_proposal_for(place, user, pk):
    return proposals_visible_to(place, user).filter(pk=pk).first()


def you_said_we_did(board):
    """Ideas the board has answered: accepted, done, or not taken forward (with its reason)."""
    return proposals_of_board(
        board,
        statuses=[
            ProposalStatus.ACCEPTED,
            ProposalStatus.DONE,
            ProposalStatus.NOT_TAKEN_FORWARD,
        ],
    ).order_by("-status_changed_at", "pk")


def supports_proposal(user, proposal):
    if not user.is_authenticated:
        return False
    return (
        ProposalSupport.objects.for_place(proposal.place)
        .filter(proposal=proposal, user=user)
        .exists()
    )


def report_backs_due_to(meeting):
    return (
        ReportBack.objects.for_place(meeting.place)
        .filter(parent_meeting=meeting)
        .select_related("subgroup", "agenda_item")
        .prefetch_related("recommendations")
        .order_by("subgroup__name")
    )


# Spreading the load


def load_threshold():
    return getattr(settings, "BOARDS_LOAD_WARNING", 8)


def load_of_people(place, user_ids, *, now=None):
    """Each person's load in the place: seats, officer posts, open actions and meetings a month.

    Meetings a month counts the meetings of their boards in the next 30 days; the score adds
    seats, officer posts again (they carry more work), open actions and those meetings.
    """
    now = now or timezone.now()
    user_ids = list(user_ids)
    seats = (
        BoardMembership.objects.for_place(place)
        .current()
        .filter(user_id__in=user_ids)
        .values_list("user_id", "position", "board_id")
    )
    positions = Counter()
    officer_posts = Counter()
    boards_of = {}
    for user_id, position, board_id in seats:
        positions[user_id] += 1
        if position in Position.officers():
            officer_posts[user_id] += 1
        boards_of.setdefault(user_id, set()).add(board_id)
    open_actions = Counter(
        dict(
            Action.objects.for_place(place)
            .filter(owner_id__in=user_ids, status__in=ActionStatus.open_values())
            .values_list("owner_id")
            .annotate(n=Count("pk"))
            .values_list("owner_id", "n")
        )
    )
    meetings_by_board = Counter(
        dict(
            Meeting.objects.for_place(place)
            .not_cancelled()
            .filter(starts_at__gte=now, starts_at__lt=now + timedelta(days=30))
            .values_list("board_id")
            .annotate(n=Count("pk"))
            .values_list("board_id", "n")
        )
    )
    threshold = load_threshold()
    load = {}
    for user_id in user_ids:
        meetings = sum(meetings_by_board[b] for b in boards_of.get(user_id, ()))
        score = positions[user_id] + officer_posts[user_id] + open_actions[user_id] + meetings
        load[user_id] = {
            "positions": positions[user_id],
            "officer_posts": officer_posts[user_id],
            "open_actions": open_actions[user_id],
            "meetings_a_month": meetings,
            "score": score,
            "over_threshold": score > threshold,
        }
    return load


def board_load(board, members=None):
    """The load of each current member, heaviest first, and the members with the least load."""
    members = list(members if members is not None else current_members(board))
    loads = load_of_people(board.place, {m.user_id for m in members})
    rows = [{"membership": m, **loads[m.user_id]} for m in members]
    rows.sort(key=lambda r: (-r["score"], r["membership"].user.name))
    eligible = [r for r in rows if r["membership"].position != Position.OBSERVER]
    least = min((r["score"] for r in eligible), default=None)
    lightest = [r["membership"].user for r in eligible if r["score"] == least]
    return {
        "rows": rows,
        "threshold": load_threshold(),
        "overloaded": [r for r in rows if r["over_threshold"]],
        "lightest": sorted(lightest, key=lambda u: u.name),
    }


# Declarations of interest and votes


def insider_board_ids(place, user):
    """Boards whose private business this person sees (None: every board)."""
    return _insider_board_ids(place, user)


def declarations_visible_to(place, user):
    """Declarations on the boards this person sees: the register of a public board is public.

    Declarations made at a meeting the person cannot see keep their item's title to themselves
    (``meeting_visible`` is False); the member, the date and the interest are public.
    """
    boards = boards_visible_to(place, user).values("pk")
    meetings = meetings_visible_to(place, user).values("pk")
    return (
        DeclarationOfInterest.objects.for_place(place)
        .filter(meeting__board__in=boards)
        .annotate(
            meeting_visible=Case(
                When(meeting__in=meetings, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .select_related("meeting", "meeting__board", "agenda_item", "member")
        .order_by("-meeting__starts_at", "pk")
    )


def declarations_of_meeting(meeting):
    return (
        DeclarationOfInterest.objects.for_place(meeting.place)
        .filter(meeting=meeting)
        .select_related("agenda_item", "member")
        .order_by("agenda_item__order", "created_at", "pk")
    )


def register_of_interests(board, user):
    """{member: [declarations]} for a board, members in name order: the register per member."""
    by_member = {}
    for declaration in declarations_visible_to(board.place, user).filter(meeting__board=board):
        by_member.setdefault(declaration.member, []).append(declaration)
    return sorted(by_member.items(), key=lambda pair: (pair[0].name, pair[0].pk))


def votes_visible_to(place, user):
    meetings = meetings_visible_to(place, user).values("pk")
    return (
        Vote.objects.for_place(place)
        .filter(agenda_item__meeting__in=meetings)
        .select_related("agenda_item", "member")
    )


def tally(votes):
    """{"for": n, "against": n, "abstain": n} of a list of votes."""
    counts = Counter(v.choice for v in votes)
    return {choice: counts.get(choice, 0) for choice in VoteChoice.values}


def boards_run_by(place, user):
    """The boards this person runs: every board for coordinators; else where they hold an officer
    post now (chair, vice-chair, secretary)."""
    boards = boards_visible_to(place, user)
    if can(user, place, "manage_boards"):
        return boards
    if user is None or not user.is_authenticated:
        return boards.none()
    officer_of = (
        BoardMembership.objects.for_place(place)
        .current()
        .filter(user=user, position__in=Position.officers())
        .values("board_id")
    )
    return boards.filter(pk__in=officer_of)


def calendar_feed_of(place, user):
    """The person's secret calendar link in this place, or None until they ask for one."""
    return CalendarFeed.objects.for_place(place).filter(user=user).first()


def calendar_feed_by_token(place, token):
    return CalendarFeed.objects.for_place(place).filter(token=token).select_related("user").first()


# For funding: community board funds


def active_boards(place):
    """Every active board in the place, as a choice for a fund's board."""
    return Board.objects.for_place(place).filter(is_active=True)


def meetings_in_place(place, *, board=None):
    """The place's meetings (one board's, given it), as choices a form or an answer checks."""
    meetings = Meeting.objects.for_place(place)
    return meetings if board is None else meetings.filter(board=board)


def meetings_to_come(place, board, now):
    """A board's meetings not cancelled and not yet over at ``now``, soonest first."""
    return (
        Meeting.objects.for_place(place)
        .not_cancelled()
        .filter(board=board, ends_at__gt=now)
        .order_by("starts_at")
    )


def proposals_in_place(place, *, board=None):
    """The place's residents' ideas (those put to one board, given it)."""
    proposals = Proposal.objects.for_place(place)
    return proposals if board is None else proposals.filter(board=board)


def accepted_proposal_status():
    """The status an idea takes when the board takes it forward (funding it, say)."""
    return ProposalStatus.ACCEPTED


def vote_count(place, agenda_item):
    """The votes recorded on an agenda item, as ``tally`` counts them."""
    return tally(Vote.objects.for_place(place).filter(agenda_item=agenda_item))


def officers_by_board(place, board_ids):
    """{board id: [people holding an officer post on it now]}, each once, by user id."""
    seats = (
        BoardMembership.objects.for_place(place)
        .current()
        .filter(board_id__in=board_ids, position__in=Position.officers())
        .select_related("user")
        .order_by("user_id")
    )
    found = {}
    for seat in seats:
        people = found.setdefault(seat.board_id, [])
        if not people or people[-1].pk != seat.user_id:
            people.append(seat.user)
    return found


def board_officers(place, board):
    """The people holding an officer post on one board now (chair, vice-chair, secretary)."""
    return officers_by_board(place, [board.pk]).get(board.pk, [])
