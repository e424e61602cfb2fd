"""Place A's notification objects for tests/test_isolation.py.

The lead adds ``build_notifications`` to that file's PLACE_A_BUILDERS, so the walk over every URL
finds the notification routes' objects: the actor's own notifications (mark read) and failed outbox
emails (retry).
"""

from coordination.notifications.models import OutboxEmail, OutboxStatus
from coordination.notifications.services import notify, outbox_enqueue


def build_notifications(place, actor, n):
    for i in range(n):
        notify(place=place, user=actor, kind="isolation", title=f"Quokka notification {i}")
        row = outbox_enqueue(
            place=place,
            key=f"isolation:{place.pk}:{i}",
            to_email=f"outbox{i}@quokka-only.example",
            kind="isolation",
            subject=f"Quokka email {i}",
            text_body="Quokka",
            deliver=False,
        )
        OutboxEmail.objects.for_place(place).filter(pk=row.pk).update(
            status=OutboxStatus.FAILED, attempts=6, last_error="451 Quokka server busy"
        )
