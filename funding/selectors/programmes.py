"""Programmes as a place sees them: every programme running here, the open ones, the deadlines to
come by month, and the funders here."""

from django.db.models import F, Q
from django.utils import timezone

from coordination.organisations.models import Organisation, OrganisationKind

from ..models import FAIR_APPLICATION_WINDOW, Programme


def programmes_in_place(place):
    return (
        Programme.objects.filter(places=place)
        .select_related("funder")
        .prefetch_related("themes")
        .order_by("title", "pk")
    )


def get_programme(place, pk):
    return programmes_in_place(place).filter(pk=pk).first()


def open_programmes(place, today=None):
    today = today or timezone.localdate(timezone=place.tz)
    return (
        programmes_in_place(place)
        .filter(opens_on__lte=today)
        .filter(Q(deadline__isnull=True) | Q(deadline__gte=today))
    )


def programme_list_parts(place, today=None):
    """The programme list's three parts, each a queryset to page on its own: open for bids now,
    opening later, and closed (deadline passed); each annotated with what it asks."""
    from .applying import with_burden

    today = today or timezone.localdate(timezone=place.tz)
    programmes = with_burden(programmes_in_place(place))
    return {
        "open": programmes.filter(opens_on__lte=today).filter(
            Q(deadline__isnull=True) | Q(deadline__gte=today)
        ),
        "upcoming": programmes.filter(opens_on__gt=today),
        "closed": programmes.filter(deadline__lt=today),
    }


def deadline_calendar(place, today=None):
    """Programmes with a deadline still to come, by month: [(first day of month, [programmes])]."""
    today = today or timezone.localdate(timezone=place.tz)
    months = {}
    for programme in (
        programmes_in_place(place).filter(deadline__gte=today).order_by("deadline", "title")
    ):
        months.setdefault(programme.deadline.replace(day=1), []).append(programme)
    return sorted(months.items())


def funders_in_place(place):
    return Organisation.objects.filter(places=place, kind=OrganisationKind.FUNDER).order_by("name")


def short_window_programmes(place, funder=None):
    """The programmes here whose deadline is less than four weeks after they open (as
    Programme.short_window), chosen in the database."""
    programmes = Programme.objects.filter(
        places=place,
        deadline__isnull=False,
        deadline__lt=F("opens_on") + FAIR_APPLICATION_WINDOW,
    )
    if funder is not None:
        programmes = programmes.filter(funder=funder)
    return list(programmes.select_related("funder").order_by("title", "pk"))
