"""Actions a board agrees: recording one at a meeting, its page with progress notes, changing it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .. import permissions, selectors, services
from ..forms import ActionForm, ActionUpdateForm
from ._common import BoardsFormView, ManageMeetingMixin


class ActionCreateView(ManageMeetingMixin, BoardsFormView):
    template_name = "boards/action_form.html"
    form_class = ActionForm

    def form_extra_kwargs(self):
        return {"place": self.place}

    def perform(self, form):
        services.action_create(
            place=self.place,
            actor=self.user,
            board=self.meeting.board,
            meeting=self.meeting,
            **form.cleaned_data,
        )
        messages.success(self.request, _("Action recorded."))
        return redirect(self.meeting.get_absolute_url() + "#actions")


class ActionDetailView(BoardsFormView):
    template_name = "boards/action_detail.html"
    form_class = ActionUpdateForm

    def dispatch(self, request, *args, **kwargs):
        self.action = selectors.get_action_for(request.place, request.user, kwargs["pk"])
        if self.action is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"status": self.action.status}

    def get_context_data(self, **kwargs):
        kwargs.update(
            action=self.action,
            board=self.action.board,
            notes=self.action.notes.select_related("author"),
            can_update=permissions.can_update_action(self.user, self.action),
            can_edit=permissions.can_manage_board(self.user, self.action.board),
        )
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if not permissions.can_update_action(request.user, self.action):
            return self.deny()
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        services.action_update(
            place=self.place, actor=self.user, action=self.action, **form.cleaned_data
        )
        messages.success(self.request, _("Action updated."))
        return redirect(self.request.path)


class ActionEditView(BoardsFormView):
    template_name = "boards/action_form.html"
    form_class = ActionForm

    def dispatch(self, request, *args, **kwargs):
        self.action = selectors.get_action_for(request.place, request.user, kwargs["pk"])
        if self.action is None:
            raise Http404
        if not permissions.can_manage_board(request.user, self.action.board):
            return self.deny()
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {name: getattr(self.action, name) for name in services.ACTION_FIELDS}

    def form_extra_kwargs(self):
        return {"place": self.place}

    def get_context_data(self, **kwargs):
        kwargs.update(action=self.action, board=self.action.board, meeting=self.action.meeting)
        return super().get_context_data(**kwargs)

    def perform(self, form):
        services.action_edit(
            place=self.place, actor=self.user, action=self.action, **form.cleaned_data
        )
        messages.success(self.request, _("Action saved."))
        return redirect(self.action.get_absolute_url())
