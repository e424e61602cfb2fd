"""A person's secret calendar link: made on first use, replaced on request."""

from django.db import transaction

from coordination.audit.services import audit_record

from ..models import CalendarFeed


@transaction.atomic
def calendar_feed_for(*, place, user, reset=False):
    feed = CalendarFeed.objects.for_place(place).filter(user=user).first()
    if feed is not None and reset:
        audit_record(place=place, actor=user, action="boards.calendar.reset", target=feed)
        feed.delete()
        feed = None
    if feed is None:
        feed = CalendarFeed.objects.for_place(place).create(place=place, user=user)
    return feed
