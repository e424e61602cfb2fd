"""Community structures as one person may see them: active ones are public; their groups through
the boards' own visibility; their ideas without hidden ones; their public meetings to come."""

from itertools import groupby

from django.db.models import Count, Prefetch
from django.utils import timezone

from coordination.accounts.permissions import can

from ..models import CommunityStructure, Proposal, ProposalStatus
from .boards import boards_visible_to
from .meetings import meetings_visible_to


def structures_visible_to(place, user):
    """Active structures for everyone; inactive ones too for those who manage boards."""
    qs = CommunityStructure.objects.for_place(place).select_related("area")
    if not can(user, place, "manage_boards"):
        qs = qs.active()
    return qs.order_by("name", "pk")


def get_structure_for(place, user, slug):
    return structures_visible_to(place, user).filter(slug=slug).first()


def active_structures_with_groups(place, user):
    """Every active structure, each with ``visible_groups``: its groups the person may see."""
    groups = boards_visible_to(place, user).filter(structure__isnull=False).order_by("name")
    return (
        CommunityStructure.objects.for_place(place)
        .active()
        .select_related("area")
        .prefetch_related(Prefetch("groups", queryset=groups, to_attr="visible_groups"))
        .order_by("name", "pk")
    )


def groups_of(structure, user):
    return (
        boards_visible_to(structure.place, user)
        .filter(structure=structure)
        .select_related("structure")
        .order_by("area__name", "name")
    )


def groups_by_area(groups):
    """[(area name or "", [groups])] in order of area name: how a resident finds their own."""
    ordered = sorted(groups, key=lambda g: ((g.area.name if g.area_id else ""), g.name))
    return [
        (name, list(rows))
        for name, rows in groupby(ordered, key=lambda g: g.area.name if g.area_id else "")
    ]


def _ideas_of(structure, user):
    boards = boards_visible_to(structure.place, user).filter(structure=structure).values("pk")
    return (
        Proposal.objects.for_place(structure.place)
        .filter(board__in=boards, hidden_at__isnull=True)
        .exclude(status=ProposalStatus.WITHDRAWN)
        .annotate(support_count=Count("supports"))
        .select_related("board")
    )


def recent_ideas(structure, user, limit=5):
    return list(_ideas_of(structure, user).order_by("-created_at", "pk")[:limit])


def recent_answers(structure, user, limit=5):
    return list(
        _ideas_of(structure, user)
        .exclude(status=ProposalStatus.NEW)
        .order_by("-status_changed_at", "pk")[:limit]
    )


def public_meetings_to_come(structure, user, limit=5):
    return list(
        meetings_visible_to(structure.place, user)
        .filter(
            board__structure=structure,
            is_public=True,
            cancelled_at__isnull=True,
            ends_at__gte=timezone.now(),
        )
        .select_related("board")
        .order_by("starts_at", "pk")[:limit]
    )


def assets_for_ideas(board):
    """The community assets an idea for this group may build on: those in the structure's area or
    the group's (and the areas inside it); with neither, every asset of the place. By name."""
    asset_model = Proposal._meta.get_field("assets").related_model
    assets = asset_model.objects.for_place(board.place_id)
    area = (board.structure.area if board.structure_id else None) or board.area
    if area is not None:
        inside = [area.pk, *area.children.values_list("pk", flat=True)]
        assets = assets.filter(area__in=inside)
    return assets.order_by("name", "pk")
