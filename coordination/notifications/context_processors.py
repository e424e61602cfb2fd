"""The notification bell: the person's unread count in the current place, counted only if shown."""

from django.urls import reverse
from django.utils.functional import cached_property

from .selectors import unread_count


class Bell:
    def __init__(self, place, user):
        self.place, self.user = place, user

    @cached_property
    def unread_count(self):
        return unread_count(self.place, self.user)

    @cached_property
    def url(self):
        return reverse("places:notifications:list", kwargs={"place_slug": self.place.slug})


def notifications(request):
    place = getattr(request, "place", None)
    user = getattr(request, "user", None)
    if place is None or user is None or not user.is_authenticated:
        return {}
    return {"notification_bell": Bell(place, user)}
