"""Template context: the current place, the places to switch to, and the person's roles here."""

from .selectors import active_places


def place(request):
    current = getattr(request, "place", None)
    context = {"current_place": current, "all_places": active_places}
    if current is not None and request.user.is_authenticated:
        from coordination.accounts.permissions import roles_in

        context["my_roles"] = roles_in(request.user, current)
    return context
