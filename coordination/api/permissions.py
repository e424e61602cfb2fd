"""API permission: map each viewset action to an action of coordination.accounts.permissions."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from coordination.accounts.permissions import can

PUBLIC = None  # the action needs no role: anyone, signed in or not, may take it

# OPTIONS answers with the field list, which is no more than the public schema says.
_ALWAYS_PUBLIC = {"metadata", "options"}


class PlacePermission(BasePermission):
    """What may this person do in ``request.place``, asked per viewset action.

    The view declares ``place_actions = {"list": PUBLIC, "create": "manage_organisations", ...}``
    (a viewset by action, a plain APIView by method: ``{"get": PUBLIC, "post": "invite_members"}``).
    An action missing from the map is refused (fail closed). A refusal of an anonymous request
    becomes 401 (DRF checks for a missing authenticator), of a signed-in one 403.
    """

    message = _("Your roles in this place do not allow this.")

    @staticmethod
    def required_action(view):
        # A viewset (keyed by action) has its map of actions; DRF gives a plain APIView an
        # action_map of None while it generates the schema.
        if getattr(view, "action_map", None) is not None:
            action = view.action
            if action is None:
                # The route has no handler for this method: let DRF answer 405.
                return PUBLIC
        else:  # a plain APIView: keyed by lower-case method name ("get", "post")
            action = view.request.method.lower() if getattr(view, "request", None) else None
        if action in _ALWAYS_PUBLIC:
            return PUBLIC
        try:
            return view.place_actions[action]
        except (AttributeError, KeyError):
            return False  # not declared: nobody may

    def has_permission(self, request, view):
        place = getattr(request, "place", None)
        if place is None:
            return False
        required = self.required_action(view)
        if required is PUBLIC:
            return True
        if required is False:
            return False
        return can(request.user, place, required)

    def requires_authentication(self, view):
        """For the schema: does this action need a signed-in person?"""
        return self.required_action(view) is not PUBLIC
