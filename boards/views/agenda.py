"""A meeting's agenda: adding, changing, moving and taking off items."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from coordination.service_views import ServiceActionView

from .. import permissions, selectors, services
from ..forms import AgendaItemForm
from ._common import BoardsFormView, BoardsMixin, ManageMeetingMixin


class AgendaItemCreateView(ManageMeetingMixin, BoardsFormView):
    template_name = "boards/agenda_item_form.html"
    form_class = AgendaItemForm

    def form_extra_kwargs(self):
        return {"place": self.place}

    def perform(self, form):
        services.agenda_item_add(
            place=self.place, actor=self.user, meeting=self.meeting, **form.cleaned_data
        )
        messages.success(self.request, _("Added to the agenda."))
        return redirect(self.meeting.get_absolute_url() + "#agenda")


class ManageAgendaItemMixin:
    def dispatch(self, request, *args, **kwargs):
        self.item = selectors.get_agenda_item_for(request.place, request.user, kwargs["pk"])
        if self.item is None:
            raise Http404
        self.meeting = self.item.meeting
        if not permissions.can_manage_board(request.user, self.meeting.board):
            return self.deny()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.update(item=self.item, meeting=self.meeting, board=self.meeting.board)
        return super().get_context_data(**kwargs)


class AgendaItemUpdateView(ManageAgendaItemMixin, BoardsFormView):
    template_name = "boards/agenda_item_form.html"
    form_class = AgendaItemForm

    def get_initial(self):
        return {name: getattr(self.item, name) for name in services.AGENDA_ITEM_FIELDS}

    def form_extra_kwargs(self):
        return {"place": self.place}

    def perform(self, form):
        services.agenda_item_update(
            place=self.place, actor=self.user, item=self.item, **form.cleaned_data
        )
        messages.success(self.request, _("Agenda item saved."))
        return redirect(self.meeting.get_absolute_url() + "#agenda")


class AgendaItemRemoveView(ManageAgendaItemMixin, BoardsMixin, ServiceActionView, TemplateView):
    """A page that asks to confirm (GET), and the button that takes the item off (POST)."""

    template_name = "boards/agenda_item_remove.html"
    http_method_names = TemplateView.http_method_names

    def get_context_data(self, **kwargs):
        kwargs["papers"] = self.item.papers.count()
        kwargs["records"] = services.records_on(self.place, self.item)
        return super().get_context_data(**kwargs)

    def act(self):
        services.agenda_item_remove(place=self.place, actor=self.user, item=self.item)
        messages.success(
            self.request, _("“%(title)s” taken off the agenda.") % {"title": self.item.title}
        )
        return redirect(self.refused_url())

    def refused_url(self):
        """Where the button leads back to, done or refused."""
        return self.meeting.get_absolute_url() + "#agenda"


class AgendaItemMoveView(ManageAgendaItemMixin, BoardsMixin, ServiceActionView):
    def act(self):
        services.agenda_item_move(
            place=self.place,
            actor=self.user,
            item=self.item,
            direction=self.request.POST.get("direction", ""),
        )
        messages.success(self.request, _("“%(title)s” moved.") % {"title": self.item.title})
        return redirect(self.refused_url())

    def refused_url(self):
        """Where the button leads back to, done or refused."""
        return self.meeting.get_absolute_url() + f"#item-{self.item.pk}"
