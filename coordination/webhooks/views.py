"""Pages under /<place>/webhooks/ for place admins: subscriptions and their delivery log."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from coordination.places.mixins import PlacePermissionMixin, get_object_or_404_in_place
from coordination.service_views import ServiceActionView, ServiceFormMixin

from . import selectors, services
from .forms import SubscriptionForm
from .models import WebhookSubscription
from .registry import known_events
from .signing import HEADER

PERMISSION = "manage_webhooks"


class SubscriptionListView(PlacePermissionMixin, ListView):
    permission = PERMISSION
    template_name = "webhooks/list.html"
    context_object_name = "subscriptions"

    def get_queryset(self):
        return selectors.subscriptions_of(self.place)


class SubscriptionCreateView(PlacePermissionMixin, ServiceFormMixin, FormView):
    permission = PERMISSION
    template_name = "webhooks/form.html"
    form_class = SubscriptionForm

    def perform(self, form):
        subscription = services.subscription_create(
            place=self.place, actor=self.request.user, **form.cleaned_data
        )
        response = TemplateResponse(
            self.request,
            "webhooks/created.html",
            {"place": self.place, "subscription": subscription, "header": HEADER},
        )
        response["Cache-Control"] = "no-store"  # the secret is on this page
        return response


class _SubscriptionMixin(PlacePermissionMixin):
    permission = PERMISSION

    def get_subscription(self):
        return get_object_or_404_in_place(
            WebhookSubscription.objects.for_place(self.place), pk=self.kwargs["pk"]
        )


class SubscriptionDetailView(_SubscriptionMixin, ListView):
    template_name = "webhooks/detail.html"
    context_object_name = "deliveries"
    paginate_by = 50

    def get_queryset(self):
        self.subscription = self.get_subscription()
        return selectors.deliveries_of(self.place, self.subscription)

    def get_context_data(self, **kwargs):
        labels = known_events()
        kwargs["subscription"] = self.subscription
        kwargs["event_labels"] = [labels.get(e, e) for e in self.subscription.events]
        return super().get_context_data(**kwargs)


class SubscriptionActionView(_SubscriptionMixin, ServiceActionView):
    """POST pause, resume or delete."""

    actions = {
        "pause": (services.subscription_pause, _("%(name)s is paused.")),
        "resume": (services.subscription_resume, _("%(name)s is sending again.")),
        "delete": (services.subscription_delete, _("%(name)s is deleted.")),
    }

    def act(self):
        self.subscription = self.get_subscription()
        service, done = self.actions[self.kwargs["action"]]
        service(place=self.place, actor=self.request.user, subscription=self.subscription)
        messages.success(self.request, done % {"name": self.subscription.name})
        return redirect(self.refused_url())

    def refused_url(self):
        """Where the button leads back to, done or refused: a deleted subscription has no page."""
        if self.kwargs["action"] == "delete":
            return reverse("places:webhooks:list", kwargs={"place_slug": self.place.slug})
        return reverse(
            "places:webhooks:detail",
            kwargs={"place_slug": self.place.slug, "pk": self.subscription.pk},
        )
