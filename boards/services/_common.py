"""What several kinds of change share: who to tell, and the refusal of a cancelled meeting."""

from django.utils.translation import gettext as _

from coordination.errors import RuleViolation
from coordination.notifications.services import notify

from ..models import BoardMembership, Position


def officers(board):
    """The chair, vice-chair and secretary of a board today, by user id."""
    return [
        m.user
        for m in BoardMembership.objects.for_place(board.place)
        .current()
        .filter(board=board, position__in=Position.officers())
        .select_related("user")
        .order_by("user_id")
    ]


def notify_people(place, people, *, kind, title, url, body="", skip=None, key=""):
    """Tell each person once, never the one who made the change (``skip``). With a ``key`` naming
    the event, a second call for the same event tells nobody again."""
    seen = set()
    for person in people:
        if person is None or person.pk in seen or (skip is not None and person.pk == skip.pk):
            continue
        seen.add(person.pk)
        notify(place=place, user=person, kind=kind, title=title, body=body, url=url, key=key)


def refuse_if_cancelled(meeting, message=None):
    if meeting.cancelled_at is not None:
        raise RuleViolation(message or _("This meeting has been cancelled."))
