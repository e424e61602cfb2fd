"""iCalendar feeds of meetings (RFC 5545, written with the icalendar package)."""

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from .models import BoardMembership, Meeting


def meetings_of_person(place, user):
    """Meetings of the boards where the person has a seat, and public meetings they registered for."""
    boards = BoardMembership.objects.for_place(place).current().filter(user=user).values("board")
    return (
        Meeting.objects.for_place(place)
        .filter(Q(board__in=boards) | Q(registrations__user=user, is_public=True))
        .distinct()
        .select_related("board")
        .order_by("starts_at")
    )


def _site_url():
    return getattr(settings, "SITE_URL", "").rstrip("/")


def meetings_calendar(place, name, meetings, *, with_online_links=True):
    """An iCalendar of the meetings. The public board feed leaves out online links, as the page
    shows them only to members and people registered to attend."""
    calendar = Calendar()
    calendar.add("prodid", "-//InPlace//Boards//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", place.timezone)
    stamp = timezone.now()
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{place.slug}.inplace")
        event.add("dtstamp", stamp)
        event.add("last-modified", meeting.updated_at)
        # Calendar apps apply a change only when its sequence number goes up.
        event.add("sequence", int((meeting.updated_at - meeting.created_at).total_seconds()))
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at)
        event.add("summary", f"{meeting.title} ({meeting.board.name})")
        event.add("status", "CANCELLED" if meeting.cancelled_at else "CONFIRMED")
        online_url = meeting.online_url if with_online_links else ""
        location = meeting.venue or online_url
        if location:
            event.add("location", location)
        path = reverse(
            "places:boards:meeting_detail", kwargs={"place_slug": place.slug, "pk": meeting.pk}
        )
        event.add("url", _site_url() + path)
        notes = []
        if meeting.cancelled_at:
            notes.append(f"Cancelled: {meeting.cancellation_reason}")
        if online_url:
            notes.append(f"Join online: {online_url}")
        if notes:
            event.add("description", "\n".join(notes))
        calendar.add_component(event)
    return calendar.to_ical()
