"""The base of every funding page: the place, what the person may do there, and today's date there."""

from django.utils import timezone

from coordination.accounts.permissions import can
from coordination.places.mixins import PlaceMixin


def place_today(place):
    return timezone.localdate(timezone=place.tz)


class FundingPage(PlaceMixin):
    def get_context_data(self, **kwargs):
        user, place = self.request.user, self.place
        kwargs.setdefault("can_manage_programmes", can(user, place, "manage_programmes"))
        kwargs.setdefault("can_apply", can(user, place, "apply_for_funding"))
        kwargs.setdefault("can_coordinate", can(user, place, "coordinate_funding"))
        kwargs.setdefault("today", place_today(place))
        return super().get_context_data(**kwargs)
