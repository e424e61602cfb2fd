"""Boards and seats: setting a board up, changing it, and the seats people hold on it.

A subgroup's report-backs follow its board: a new parent or lead time re-times or drops
those still due."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean

from ..models import Board, BoardKind, BoardMembership, CommunityStructure
from ..permissions import forget_seats
from .report_backs import sync_report_backs

BOARD_FIELDS = (
    "name",
    "kind",
    "description",
    "parent",
    "theme",
    "remit",
    "review_date",
    "area",
    "structure",
    "is_public",
    "seats",
    "quorum",
    "report_back_lead_days",
)


def _unique_slug(place, name, exclude_pk=None):
    base = slugify(name)[:70] or "board"
    slug, n = base, 2
    existing = Board.objects.for_place(place)
    if exclude_pk:
        existing = existing.exclude(pk=exclude_pk)
    while existing.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def structure_for_new_group(place):
    """The structure a new community group joins when none is named: the place's only one, or the
    standard community boards the place starts with. With several, the caller must choose."""
    structures = list(CommunityStructure.objects.for_place(place).active()[:2])
    if len(structures) == 1:
        return structures[0]
    if structures:
        raise RuleViolation(
            {"structure": [_("Choose the community structure this group belongs to.")]}
        )
    structure, _created = CommunityStructure.objects.for_place(place).get_or_create(
        place=place,
        slug="community-boards",
        defaults={
            "name": _("Community boards"),
            "group_noun": _("community board"),
            "summary": _("Local boards where residents, councillors and partners decide together."),
            "has_fund": True,
        },
    )
    return structure


@transaction.atomic
def board_create(*, place, actor, name, kind, **fields):
    if kind == BoardKind.COMMUNITY_BOARD and fields.get("structure") is None:
        fields["structure"] = structure_for_new_group(place)
    if fields.get("structure") is not None and "is_public" not in fields:
        fields["is_public"] = fields["structure"].holds_public_meetings
    board = Board(
        place=place,
        name=name,
        kind=kind,
        slug=_unique_slug(place, name),
        **{k: v for k, v in fields.items() if k in BOARD_FIELDS},
    )
    full_clean(board)
    board.save()
    audit_record(
        place=place,
        actor=actor,
        action="boards.board.create",
        target=board,
        changes={"name": name, "kind": kind, "parent": board.parent, "is_public": board.is_public},
    )
    if board.parent_id:
        # A new subgroup reports to its parent's meetings still to come.
        sync_report_backs(place, board)
    return board


@transaction.atomic
def board_update(*, place, actor, board, **fields):
    before = {k: getattr(board, k) for k in BOARD_FIELDS}
    for key, value in fields.items():
        if key in BOARD_FIELDS:
            setattr(board, key, value)
    full_clean(board)
    board.save()
    changes = {
        k: [before[k], getattr(board, k)] for k in BOARD_FIELDS if before[k] != getattr(board, k)
    }
    audit_record(
        place=place, actor=actor, action="boards.board.update", target=board, changes=changes
    )
    if {"kind", "parent", "report_back_lead_days"} & set(changes) or board.is_subgroup:
        # A new parent or lead time changes which report-backs fall due, and when.
        sync_report_backs(place, board)
    return board


@transaction.atomic
def board_membership_add(
    *,
    place,
    actor,
    board,
    user,
    position,
    sector,
    organisation=None,
    started_on=None,
    ended_on=None,
    in_rota=True,
):
    from coordination.accounts.models import Membership

    if not Membership.objects.for_place(place).filter(user=user).exists():
        raise RuleViolation(
            {"user": _("Only members of %(place)s can sit on its boards.") % {"place": place}}
        )
    if (
        BoardMembership.objects.for_place(place)
        .filter(board=board, user=user, ended_on__isnull=True)
        .exists()
    ):
        raise RuleViolation(
            {"user": _("%(person)s already has a seat on this board.") % {"person": user}}
        )
    membership = BoardMembership(
        place=place,
        board=board,
        user=user,
        position=position,
        sector=sector,
        organisation=organisation,
        started_on=started_on or timezone.localdate(),
        ended_on=ended_on,
        in_rota=in_rota,
    )
    full_clean(membership)
    membership.save()
    forget_seats(user)
    audit_record(
        place=place,
        actor=actor,
        action="boards.membership.add",
        target=membership,
        changes={"board": board, "person": user, "position": position, "sector": sector},
    )
    return membership


@transaction.atomic
def board_membership_end(*, place, actor, membership, ended_on=None):
    ended_on = ended_on or timezone.localdate()
    membership = BoardMembership.objects.for_place(place).select_for_update().get(pk=membership.pk)
    if membership.ended_on is not None:
        raise RuleViolation(
            _("This seat already ends on %(date)s.")
            % {"date": membership.ended_on.strftime("%-d %B %Y")}
        )
    if ended_on < membership.started_on:
        raise RuleViolation(
            {
                "ended_on": _("The seat started on %(start)s; it cannot end before that.")
                % {"start": membership.started_on.strftime("%-d %B %Y")}
            }
        )
    membership.ended_on = ended_on
    full_clean(membership)
    membership.save(update_fields=["ended_on"])
    forget_seats(membership.user)
    audit_record(
        place=place,
        actor=actor,
        action="boards.membership.end",
        target=membership,
        changes={"ended_on": ended_on},
    )
    return membership


MEMBERSHIP_FIELDS = ("position", "sector", "organisation", "started_on", "in_rota")


@transaction.atomic
def board_membership_update(*, place, actor, membership, **fields):
    """Change a current seat: position, sector, organisation, start date, place in the rota."""
    membership = (
        BoardMembership.objects.for_place(place)
        .select_for_update()
        .select_related("board", "user")
        .get(pk=membership.pk)
    )
    if membership.ended_on is not None and membership.ended_on < timezone.localdate():
        raise RuleViolation(_("This seat has ended; add the person again to give them a new one."))
    before = {k: getattr(membership, k) for k in MEMBERSHIP_FIELDS}
    for key, value in fields.items():
        if key in MEMBERSHIP_FIELDS:
            setattr(membership, key, value)
    full_clean(membership)
    membership.save()
    forget_seats(membership.user)
    changes = {
        k: [before[k], getattr(membership, k)]
        for k in MEMBERSHIP_FIELDS
        if before[k] != getattr(membership, k)
    }
    audit_record(
        place=place,
        actor=actor,
        action="boards.membership.update",
        target=membership,
        changes=changes,
    )
    return membership
