"""Pages under /<place>/api-keys/ where place admins make and revoke partner API keys."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from coordination.places.mixins import PlacePermissionMixin, get_object_or_404_in_place
from coordination.service_views import ServiceActionView, ServiceFormMixin

from . import services
from .forms import PartnerKeyForm
from .models import READ, PartnerKey
from .scopes import scope_choices

PERMISSION = "manage_api_keys"


class PartnerKeyListView(PlacePermissionMixin, ListView):
    permission = PERMISSION
    template_name = "api/keys.html"
    context_object_name = "keys"
    paginate_by = 50

    def get_queryset(self):
        return PartnerKey.objects.for_place(self.place).select_related("created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        labels = dict(scope_choices())
        for key in context["keys"]:
            key.scope_labels = [labels.get(scope, scope) for scope in key.scopes]
        return context


class PartnerKeyCreateView(PlacePermissionMixin, ServiceFormMixin, FormView):
    permission = PERMISSION
    template_name = "api/key_form.html"
    form_class = PartnerKeyForm

    def perform(self, form):
        row, key = services.partner_key_create(
            place=self.place,
            actor=self.request.user,
            name=form.cleaned_data["name"],
            scopes=[READ, *form.cleaned_data["scopes"]],
            rate=form.cleaned_data["rate"],
        )
        # Shown in this response only, never stored in clear, never cached.
        response = TemplateResponse(
            self.request,
            "api/key_created.html",
            {"place": self.place, "key_row": row, "key": key},
        )
        response["Cache-Control"] = "no-store"
        return response


class PartnerKeyRevokeView(PlacePermissionMixin, ServiceActionView):
    permission = PERMISSION

    def act(self):
        key = get_object_or_404_in_place(
            PartnerKey.objects.for_place(self.place), pk=self.kwargs["pk"]
        )
        services.partner_key_revoke(place=self.place, actor=self.request.user, key=key)
        messages.success(
            self.request, _("%(name)s is revoked: it no longer works.") % {"name": key.name}
        )
        return redirect(self.refused_url())

    def refused_url(self):
        """Where the button leads back to, done or refused."""
        return reverse("places:api_keys", kwargs={"place_slug": self.place.slug})
