"""Member management for place admins, invitations, residents joining a place, personal API tokens,
a person's profile and their choice of place."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView, UpdateView

from coordination import text_limits
from coordination.errors import RuleViolation
from coordination.paging import section_page
from coordination.places.mixins import PlaceMixin, PlacePermissionMixin, get_object_or_404_in_place
from coordination.service_views import ServiceActionView, ServiceFormMixin

from . import services, tokens
from .forms import InvitationForm, MembershipForm, PlaceChoiceForm, ProfileForm
from .landing import place_home_url
from .models import Invitation, Membership, Role
from .permissions import can, is_member
from .selectors import members_of_place, pending_invitations, places_of


class MemberListView(PlacePermissionMixin, TemplateView):
    """The place's members, by name, 50 a page, narrowed by role or by a name or email address;
    for those who manage members, the invitations still waiting too, paged on their own."""

    permission = "view_members"
    template_name = "accounts/member_list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        role = self.request.GET.get("role", "")
        role = role if role in Role.values else ""
        text = text_limits.filter_text(self.request.GET.get("q"))
        memberships = members_of_place(self.place, role=role, text=text)
        kwargs["page_obj"] = section_page(
            self.request, memberships, "page", per_page=self.paginate_by
        )
        kwargs["memberships"] = kwargs["page_obj"].object_list
        kwargs["role_choices"] = Role.choices
        kwargs["selected_role"] = role
        kwargs["search_text"] = text
        kwargs["search_max"] = text_limits.FILTER
        kwargs["can_manage"] = can(self.request.user, self.place, "manage_members")
        if kwargs["can_manage"]:
            kwargs["invitations"] = section_page(
                self.request,
                pending_invitations(self.place),
                "invitations_page",
                anchor="pending-invitations",
            )
        return super().get_context_data(**kwargs)


class InvitationCreateView(PlacePermissionMixin, ServiceFormMixin, FormView):
    permission = "invite_members"
    template_name = "accounts/invitation_form.html"
    form_class = InvitationForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "place": self.place}

    def perform(self, form):
        invitation = services.invitation_create(
            place=self.place, actor=self.request.user, **form.cleaned_data
        )
        messages.success(
            self.request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
        )
        return redirect("places:member_list", place_slug=self.place.slug)


class MembershipUpdateView(PlacePermissionMixin, ServiceFormMixin, UpdateView):
    permission = "manage_members"
    template_name = "accounts/membership_form.html"
    form_class = MembershipForm
    context_object_name = "membership"

    def get_object(self, queryset=None):
        return get_object_or_404_in_place(
            Membership.objects.for_place(self.place).select_related("user", "organisation"),
            pk=self.kwargs["pk"],
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "place": self.place}

    def perform(self, form):
        # The form has written its values onto self.object: the service gets the row as stored.
        membership = Membership.objects.for_place(self.place).get(pk=self.object.pk)
        services.membership_update(
            place=self.place,
            actor=self.request.user,
            membership=membership,
            **form.cleaned_data,
        )
        messages.success(self.request, _("Membership updated."))
        return redirect("places:member_list", place_slug=self.place.slug)


class MembershipEndView(PlacePermissionMixin, ServiceActionView, TemplateView):
    """A page that asks to confirm (GET), and the button that ends the membership (POST)."""

    permission = "manage_members"
    template_name = "accounts/membership_confirm_end.html"
    http_method_names = TemplateView.http_method_names

    def get_membership(self):
        return get_object_or_404_in_place(
            Membership.objects.for_place(self.place).select_related("user", "organisation"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        kwargs["membership"] = self.get_membership()
        return super().get_context_data(**kwargs)

    def act(self):
        membership = self.get_membership()
        services.membership_end(place=self.place, actor=self.request.user, membership=membership)
        messages.success(
            self.request,
            _("%(person)s no longer holds that role here.") % {"person": membership.user},
        )
        return redirect(self.refused_url())

    def refused_url(self):
        """Where the button leads back to, done or refused."""
        return reverse("places:member_list", kwargs={"place_slug": self.place.slug})


class InvitationRevokeView(PlacePermissionMixin, ServiceActionView):
    permission = "invite_members"

    def act(self):
        invitation = get_object_or_404_in_place(
            Invitation.objects.for_place(self.place), pk=self.kwargs["pk"]
        )
        services.invitation_revoke(place=self.place, actor=self.request.user, invitation=invitation)
        messages.success(
            self.request, _("Invitation to %(email)s withdrawn.") % {"email": invitation.email}
        )
        return redirect(self.refused_url())

    def refused_url(self):
        """Where the button leads back to, done or refused."""
        return reverse("places:member_list", kwargs={"place_slug": self.place.slug})


class InvitationAcceptView(PlaceMixin, TemplateView):
    template_name = "accounts/invitation_accept.html"

    def get_invitation(self):
        return get_object_or_404_in_place(
            Invitation.objects.for_place(self.place).select_related("organisation", "invited_by"),
            token=self.kwargs["token"],
        )

    def get_context_data(self, **kwargs):
        invitation = self.get_invitation()
        kwargs["invitation"] = invitation
        if self.request.user.is_authenticated:
            kwargs["problem"] = services.invitation_problem(invitation, self.request.user)
        elif invitation.status != "pending":
            kwargs["problem"] = services.invitation_problem(invitation, None)
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        try:
            services.invitation_accept(invitation=self.get_invitation(), user=request.user)
        except RuleViolation:
            # Not a message: the invitation page itself explains what stands in the way.
            return self.get(request, *args, **kwargs)
        messages.success(request, _("Welcome to %(place)s.") % {"place": self.place})
        return redirect("places:home", place_slug=self.place.slug)


class JoinView(LoginRequiredMixin, PlaceMixin, TemplateView):
    """A resident signs themselves up to a place."""

    template_name = "accounts/join.html"

    def get_context_data(self, **kwargs):
        kwargs["already_member"] = is_member(self.request.user, self.place)
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        services.resident_join(place=self.place, user=request.user)
        messages.success(
            request, _("You have joined %(place)s as a resident.") % {"place": self.place}
        )
        return redirect("places:home", place_slug=self.place.slug)


class ApiTokenListView(LoginRequiredMixin, TemplateView):
    """The person's personal API tokens: when each was made and expires, and revoking them."""

    template_name = "accounts/api_tokens.html"

    def get_context_data(self, **kwargs):
        kwargs["tokens"] = tokens.api_tokens_of(self.request.user)
        kwargs["lifetime_days"] = settings.API_TOKEN_LIFETIME_DAYS
        return super().get_context_data(**kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["Cache-Control"] = "no-store"
        return response


class ApiTokenRevokeView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        # Only the person's own tokens: anyone else's id is the same "revoked already".
        if tokens.api_token_revoke(user=request.user, token_id=kwargs["pk"]):
            messages.success(request, _("The token is revoked: it no longer works."))
        else:
            messages.error(request, _("That token has been revoked already."))
        return redirect("account_api_tokens")


class ProfileView(LoginRequiredMixin, ServiceFormMixin, FormView):
    """The person's name, their roles and organisations in each place (read-only), and how to
    reach them. Only they, and the place admins of their places (member list), see the last."""

    template_name = "accounts/profile.html"
    form_class = ProfileForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.request.user}

    def get_context_data(self, **kwargs):
        kwargs["places"] = places_of(self.request.user)
        return super().get_context_data(**kwargs)

    def perform(self, form):
        services.profile_update(user=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Your profile is saved."))
        return redirect("account_profile")

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["Cache-Control"] = "no-store"
        return response


class PlaceChoiceView(LoginRequiredMixin, FormView):
    """Which place to go to, for a person in several: remembered for their next sign-in."""

    template_name = "accounts/choose_place.html"
    form_class = PlaceChoiceForm

    @cached_property
    def places(self):
        return places_of(self.request.user)

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "places": self.places}
        last = next((p for p, _m in self.places if p.pk == self.request.user.last_place_id), None)
        if last is not None:
            kwargs["initial"] = {"place": last.slug}
        return kwargs

    def get_context_data(self, **kwargs):
        kwargs["places"] = self.places
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        place = form.cleaned_data["place"]
        services.last_place_remember(user=self.request.user, place=place)
        return redirect(place_home_url(place))
