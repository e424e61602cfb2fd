"""A meeting's minutes and its decisions."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .. import services
from ..forms import DecisionForm, MinutesForm
from ._common import BoardsFormView, ManageMeetingMixin


class MinutesView(ManageMeetingMixin, BoardsFormView):
    template_name = "boards/minutes_form.html"
    form_class = MinutesForm

    def get_initial(self):
        return {"minutes": self.meeting.minutes}

    def perform(self, form):
        publish = "publish" in self.request.POST
        services.minutes_save(
            place=self.place,
            actor=self.user,
            meeting=self.meeting,
            minutes=form.cleaned_data["minutes"],
            publish=publish,
        )
        messages.success(
            self.request, _("Minutes published.") if publish else _("Draft minutes saved.")
        )
        return redirect(self.meeting.get_absolute_url() + "#minutes")


class DecisionCreateView(ManageMeetingMixin, BoardsFormView):
    template_name = "boards/decision_form.html"
    form_class = DecisionForm

    def form_extra_kwargs(self):
        return {"meeting": self.meeting}

    def perform(self, form):
        services.decision_record(
            place=self.place, actor=self.user, meeting=self.meeting, **form.cleaned_data
        )
        messages.success(self.request, _("Decision recorded."))
        return redirect(self.meeting.get_absolute_url() + "#decisions")
