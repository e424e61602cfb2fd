"""Actions a board agrees: recorded, progressed with notes, changed; their owner is told."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean

from ..models import Action, ActionNote, ActionStatus
from ._common import notify_people


@transaction.atomic
def action_create(
    *,
    place,
    actor,
    board,
    title,
    due_on,
    meeting=None,
    description="",
    owner=None,
    owner_organisation=None,
):
    action = Action(
        place=place,
        board=board,
        meeting=meeting,
        title=title,
        description=description,
        owner=owner,
        owner_organisation=owner_organisation,
        due_on=due_on,
    )
    full_clean(action)
    action.save()
    audit_record(
        place=place,
        actor=actor,
        action="boards.action.create",
        target=action,
        changes={"owner": owner, "organisation": owner_organisation, "due_on": due_on},
    )
    if owner is not None:
        notify_people(
            place,
            [owner],
            kind="boards.action",
            title=_("An action for you: %(title)s") % {"title": title},
            url=action.get_absolute_url(),
            skip=actor,
        )
    return action


@transaction.atomic
def action_update(*, place, actor, action, status=None, note=""):
    action = Action.objects.for_place(place).select_for_update().get(pk=action.pk)
    before = action.status
    if status and status != action.status:
        action.status = status
        action.completed_at = timezone.now() if status == ActionStatus.DONE else None
        action.save(update_fields=["status", "completed_at", "updated_at"])
    if note.strip():
        ActionNote.objects.for_place(place).create(
            place=place, action=action, text=note.strip(), author=actor
        )
    if before == action.status and not note.strip():
        raise RuleViolation({"note": _("Add a progress note or change the status.")})
    audit_record(
        place=place,
        actor=actor,
        action="boards.action.progress",
        target=action,
        changes={"status": [before, action.status]} if before != action.status else {"note": True},
    )
    return action


ACTION_FIELDS = ("title", "description", "owner", "owner_organisation", "due_on")


@transaction.atomic
def action_edit(*, place, actor, action, **fields):
    """Change what an action is, who owns it or when it is due; a new owner is told."""
    action = Action.objects.for_place(place).select_for_update().get(pk=action.pk)
    before = {k: getattr(action, k) for k in ACTION_FIELDS}
    for key, value in fields.items():
        if key in ACTION_FIELDS:
            setattr(action, key, value)
    full_clean(action)
    action.save()
    changes = {
        k: [before[k], getattr(action, k)] for k in ACTION_FIELDS if before[k] != getattr(action, k)
    }
    audit_record(
        place=place, actor=actor, action="boards.action.update", target=action, changes=changes
    )
    if "owner" in changes and action.owner is not None:
        notify_people(
            place,
            [action.owner],
            kind="boards.action",
            title=_("An action for you: %(title)s") % {"title": action.title},
            url=action.get_absolute_url(),
            skip=actor,
        )
    return action
