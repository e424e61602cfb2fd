"""Who came to a meeting, and the rota that picks its chair and minute-taker."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from coordination.service_views import ServiceActionView

from .. import selectors, services
from ..forms import AttendanceForm
from ..models import Attendance
from ._common import BoardsFormView, BoardsMixin, ManageMeetingMixin


class AttendanceView(ManageMeetingMixin, BoardsFormView):
    template_name = "boards/attendance_form.html"
    form_class = AttendanceForm

    def form_extra_kwargs(self):
        from coordination.accounts.models import User

        recorded = dict(
            Attendance.objects.for_place(self.place)
            .filter(meeting=self.meeting)
            .values_list("user_id", "status")
        )
        members = selectors.current_members(self.meeting.board).values("user")
        people = User.objects.filter(Q(pk__in=members) | Q(pk__in=recorded)).order_by("name", "pk")
        return {"people": people, "recorded": recorded}

    def perform(self, form):
        services.attendance_register(
            place=self.place, actor=self.user, meeting=self.meeting, statuses=form.statuses()
        )
        messages.success(self.request, _("Attendance recorded."))
        return redirect(self.meeting.get_absolute_url() + "#attendance")


class RotaAssignView(ManageMeetingMixin, BoardsMixin, ServiceActionView):
    def act(self):
        meeting = services.rota_assign(place=self.place, actor=self.user, meeting=self.meeting)
        messages.success(
            self.request,
            _("From the rota: %(chair)s chairs, %(minutes)s takes the minutes.")
            % {"chair": meeting.chair, "minutes": meeting.minute_taker or _("nobody")},
        )
        return redirect(self.refused_url())

    def refused_url(self):
        """Where the button leads back to, done or refused."""
        return self.meeting.get_absolute_url()
