"""Actions a board agrees: recorded, progressed with notes, changed; their owner is told."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean
from coordination.notifications.services import tell_each

from ..models import Action, ActionNote, ActionStatus
from ..news import ACTION_ASSIGNED


def _tell_owner(place, action, actor, entry):
    """Tell the action's owner it is theirs, once for this recording or handing over (``entry``,
    its audit entry, names the event)."""
    if action.owner is None:
        return
    tell_each(
        place,
        [action.owner],
        skip=actor,
        kind=ACTION_ASSIGNED,
        key=f"action:{action.pk}:owner:{action.owner_id}:{entry.pk}",
        title=_("An action for you from %(board)s: %(title)s")
        % {"board": action.board.name, "title": action.title},
        body=_("Due on %(due)s.") % {"due": action.due_on.strftime("%-d %B %Y")}
        + (f"\n\n{action.description}" if action.description else ""),
        url=action.get_absolute_url(),
    )


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
    entry = audit_record(
        place=place,
        actor=actor,
        action="boards.action.create",
        target=action,
        changes={"owner": owner, "organisation": owner_organisation, "due_on": due_on},
    )
    _tell_owner(place, action, actor, entry)
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
    entry = audit_record(
        place=place, actor=actor, action="boards.action.update", target=action, changes=changes
    )
    if "owner" in changes:
        _tell_owner(place, action, actor, entry)
    return action
