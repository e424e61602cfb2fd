"""View mixins that fetch only through the place scope and check what the person may do here."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from coordination.accounts.permissions import can


class PlaceMixin:
    """For views under /<place>/: gives ``self.place`` and a queryset limited to it."""

    model = None

    @property
    def place(self):
        return self.request.place

    def get_queryset(self):
        return self.model.objects.for_place(self.place)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("place", self.place)
        return super().get_context_data(**kwargs)


class PlacePermissionMixin(PlaceMixin):
    """Require an action from coordination.accounts.permissions in the current place.

    Anonymous people are sent to sign in; signed-in people without the role get 403.
    """

    permission = None

    def dispatch(self, request, *args, **kwargs):
        if self.permission and not can(request.user, request.place, self.permission):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def get_object_or_404_in_place(queryset, **lookup):
    """The one way to fetch by id: the same 404 for "missing" and "another place's"."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj
