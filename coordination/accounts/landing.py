"""Where a person lands after signing in (allauth's adapter asks, when no ``?next=`` is given).

- No place: the page of all places, to join one.
- One place: that place's home page.
- Several places: the place they last chose or opened, if they still belong to it; otherwise the
  chooser ("Which place do you want to go to?").

Only places the person belongs to now are landing targets: a membership that has ended is gone,
and a place that is no longer active is left out (``places_of``).
"""

from django.urls import reverse

from .selectors import places_of


def place_home_url(place):
    return reverse("places:home", kwargs={"place_slug": place.slug})


def landing_url(user):
    places = [place for place, _memberships in places_of(user)]
    if not places:
        return reverse("home")
    if len(places) == 1:
        return place_home_url(places[0])
    for place in places:
        if place.pk == user.last_place_id:
            return place_home_url(place)
    return reverse("account_choose_place")
