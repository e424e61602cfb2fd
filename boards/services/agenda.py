"""A meeting's agenda: items added, changed, moved and taken off (with their papers)."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean

from ..models import AgendaItem, Decision, DeclarationOfInterest, Paper, ReportBack, Vote
from ._common import refuse_if_cancelled


@transaction.atomic
def agenda_item_add(*, place, actor, meeting, title, description="", owner=None):
    refuse_if_cancelled(meeting)
    last = (
        AgendaItem.objects.for_place(place).filter(meeting=meeting).aggregate(m=Max("order"))["m"]
    )
    item = AgendaItem(
        place=place,
        meeting=meeting,
        order=(last or 0) + 1,
        title=title,
        description=description,
        owner=owner,
    )
    full_clean(item)
    item.save()
    audit_record(
        place=place,
        actor=actor,
        action="boards.agenda_item.add",
        target=item,
        changes={"meeting": meeting, "title": title, "owner": owner},
    )
    return item


AGENDA_ITEM_FIELDS = ("title", "description", "owner")


@transaction.atomic
def agenda_item_update(*, place, actor, item, **fields):
    item = AgendaItem.objects.for_place(place).select_for_update().get(pk=item.pk)
    before = {k: getattr(item, k) for k in AGENDA_ITEM_FIELDS}
    for key, value in fields.items():
        if key in AGENDA_ITEM_FIELDS:
            setattr(item, key, value)
    full_clean(item)
    item.save()
    changes = {
        k: [before[k], getattr(item, k)]
        for k in AGENDA_ITEM_FIELDS
        if before[k] != getattr(item, k)
    }
    audit_record(
        place=place, actor=actor, action="boards.agenda_item.update", target=item, changes=changes
    )
    return item


def records_on(place, item):
    """How many declarations, votes and decisions the minutes record on an item (withdrawn ones
    included): an item with any stays on the agenda."""
    return (
        DeclarationOfInterest.objects.for_place(place).filter(agenda_item=item).count()
        + Vote.objects.for_place(place).filter(agenda_item=item).count()
        + Decision.objects.for_place(place).filter(agenda_item=item).count()
    )


@transaction.atomic
def agenda_item_remove(*, place, actor, item):
    """Take an item off the agenda with its papers; a subgroup's report-back stays on, and so
    does an item with declarations of interest, votes or decisions recorded in the minutes."""
    item = AgendaItem.objects.for_place(place).select_for_update().get(pk=item.pk)
    if records_on(place, item):
        raise RuleViolation(
            _(
                "“%(title)s” stays on the agenda: declarations of interest, votes or decisions "
                "on it are recorded in the minutes. Change its title or description instead, or "
                "correct those records by amendment."
            )
            % {"title": item.title}
        )
    if ReportBack.objects.for_place(place).filter(agenda_item=item).exists():
        raise RuleViolation(
            _(
                "This item is a subgroup’s report-back; it stays on the agenda so the board "
                "can respond to it."
            )
        )
    meeting = item.meeting
    papers = list(Paper.objects.for_place(place).filter(agenda_item=item))
    audit_record(
        place=place,
        actor=actor,
        action="boards.agenda_item.remove",
        target=item,
        changes={"meeting": meeting, "title": item.title, "papers": len(papers)},
    )
    files = [p.file for p in papers]
    item.delete()
    # The files go only once the removal is committed, so a rollback keeps them.
    transaction.on_commit(lambda: [f.delete(save=False) for f in files])
    _renumber(place, meeting)
    return meeting


def _renumber(place, meeting, order=None):
    items = list(
        order
        if order is not None
        else AgendaItem.objects.for_place(place).filter(meeting=meeting).order_by("order", "pk")
    )
    for position, item in enumerate(items, start=1):
        if item.order != position:
            item.order = position
            item.save(update_fields=["order"])


@transaction.atomic
def agenda_item_move(*, place, actor, item, direction):
    """Move an item one place up or down the agenda."""
    if direction not in ("up", "down"):
        raise RuleViolation(_("Move an item up or down."))
    items = list(
        AgendaItem.objects.for_place(place)
        .select_for_update()
        .filter(meeting_id=item.meeting_id)
        .order_by("order", "pk")
    )
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        raise RuleViolation(
            _("This item is already first.")
            if direction == "up"
            else _("This item is already last.")
        )
    items[index], items[other] = items[other], items[index]
    _renumber(place, item.meeting, items)
    audit_record(
        place=place,
        actor=actor,
        action="boards.agenda_item.move",
        target=item,
        changes={"direction": direction, "position": other + 1},
    )
    return items[other]
