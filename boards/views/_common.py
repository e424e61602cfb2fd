"""What every boards page shares: the place's time zone, the visibility-checked lookups, the
refusal for someone who may not act, and the base of the pages whose form goes to a service."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.views.generic import FormView

from coordination.places.mixins import PlaceMixin
from coordination.service_views import ServiceFormMixin

from .. import permissions, selectors


class BoardsMixin(PlaceMixin):
    """Runs the view and renders its page in the place's time zone."""

    def dispatch(self, request, *args, **kwargs):
        with timezone.override(request.place.tz):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response

    def deny(self):
        if not self.request.user.is_authenticated:
            return redirect_to_login(self.request.get_full_path())
        raise PermissionDenied

    @property
    def user(self):
        return self.request.user

    # Objects, always through the visibility selectors: invisible and missing are the same 404.

    def board_or_404(self, pk):
        board = selectors.get_board_for(self.place, self.user, pk)
        if board is None:
            raise Http404
        return board

    def meeting_or_404(self, pk):
        meeting = selectors.get_meeting_for(self.place, self.user, pk)
        if meeting is None:
            raise Http404
        return meeting


class BoardsFormView(ServiceFormMixin, BoardsMixin, FormView):
    """A form whose valid data goes to one service (``perform``); a refusal comes back on the form.

    ``form_extra_kwargs`` gives the form what it needs beyond the data (the place, the meeting).
    """

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **self.form_extra_kwargs()}

    def form_extra_kwargs(self):
        return {}


class ManageBoardMixin:
    """A board the person may see, for someone who runs it."""

    def dispatch(self, request, *args, **kwargs):
        self.board = self.board_or_404(kwargs["pk"])
        if not permissions.can_manage_board(request.user, self.board):
            return self.deny()
        return super().dispatch(request, *args, **kwargs)


class ManageMeetingMixin:
    """A meeting the person may see, for someone who runs its board."""

    def dispatch(self, request, *args, **kwargs):
        self.meeting = self.meeting_or_404(kwargs["pk"])
        if not permissions.can_manage_board(request.user, self.meeting.board):
            return self.deny()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs["meeting"] = self.meeting
        kwargs["board"] = self.meeting.board
        return super().get_context_data(**kwargs)
