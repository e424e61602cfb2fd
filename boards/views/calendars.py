"""Calendars: a board's public meetings and a person's own meetings as iCalendar feeds, and
the page that gives a person their secret link."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from .. import calendars, selectors, services
from ._common import BoardsMixin


class BoardCalendarView(BoardsMixin, View):
    """A board's public meetings as iCalendar: for anyone's calendar app, no sign-in."""

    def get(self, request, *args, **kwargs):
        board = selectors.get_board_for(self.place, None, kwargs["pk"])
        if board is None:
            raise Http404
        meetings = selectors.meetings_visible_to(self.place, None).filter(board=board)
        return _ics_response(
            calendars.meetings_calendar(self.place, board.name, meetings, with_online_links=False)
        )


class MyCalendarView(BoardsMixin, TemplateView):
    template_name = "boards/my_calendar.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        # Looking makes nothing: the secret link exists once its owner asks for it (the POST).
        feed = selectors.calendar_feed_of(self.place, self.user)
        if feed is not None:
            kwargs["feed_url"] = self.request.build_absolute_uri(
                reverse(
                    "places:boards:person_calendar",
                    kwargs={"place_slug": self.place.slug, "token": feed.token},
                )
            )
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        had_one = selectors.calendar_feed_of(self.place, request.user) is not None
        services.calendar_feed_for(place=self.place, user=request.user, reset=had_one)
        if had_one:
            messages.success(
                request, _("You have a new calendar link; the old one no longer works.")
            )
        else:
            messages.success(request, _("Your calendar link is ready."))
        return redirect(request.path)


class PersonCalendarView(BoardsMixin, View):
    """A person's meetings (private ones too) behind their secret link; an unknown link is a 404."""

    def get(self, request, *args, **kwargs):
        feed = selectors.calendar_feed_by_token(self.place, kwargs["token"])
        if feed is None:
            raise Http404
        meetings = calendars.meetings_of_person(self.place, feed.user)
        return _ics_response(
            calendars.meetings_calendar(
                self.place, _("Your meetings in %(place)s") % {"place": self.place}, meetings
            )
        )


def _ics_response(body):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
