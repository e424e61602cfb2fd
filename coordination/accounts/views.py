"""Member management for place admins, invitations, residents joining a place, and personal API tokens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView, UpdateView

from coordination.errors import RuleViolation, add_to_form
from coordination.places.mixins import PlaceMixin, PlacePermissionMixin, get_object_or_404_in_place

from . import services, tokens
from .forms import InvitationForm, MembershipForm
from .models import Invitation, Membership, Role
from .permissions import can, is_member


class MemberListView(PlacePermissionMixin, ListView):
    permission = "view_members"
    template_name = "accounts/member_list.html"
    context_object_name = "memberships"
    paginate_by = 100

    def get_queryset(self):
        qs = Membership.objects.for_place(self.place).select_related("user", "organisation")
        role = self.request.GET.get("role")
        if role:
            qs = qs.filter(role=role)
        return qs

    def get_context_data(self, **kwargs):
        kwargs["role_choices"] = Role.choices
        kwargs["selected_role"] = self.request.GET.get("role", "")
        kwargs["can_manage"] = can(self.request.user, self.place, "manage_members")
        if kwargs["can_manage"]:
            kwargs["invitations"] = (
                Invitation.objects.for_place(self.place)
                .pending()
                .select_related("organisation", "invited_by")
            )
        return super().get_context_data(**kwargs)


class InvitationCreateView(PlacePermissionMixin, FormView):
    permission = "invite_members"
    template_name = "accounts/invitation_form.html"
    form_class = InvitationForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "place": self.place}

    def form_valid(self, form):
        try:
            invitation = services.invitation_create(
                place=self.place, actor=self.request.user, **form.cleaned_data
            )
        except RuleViolation as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
        )
        return redirect("places:member_list", place_slug=self.place.slug)


class MembershipUpdateView(PlacePermissionMixin, UpdateView):
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

    def form_valid(self, form):
        membership = Membership.objects.for_place(self.place).get(pk=self.object.pk)
        try:
            services.membership_update(
                place=self.place,
                actor=self.request.user,
                membership=membership,
                **form.cleaned_data,
            )
        except RuleViolation as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Membership updated."))
        return redirect("places:member_list", place_slug=self.place.slug)


class MembershipEndView(PlacePermissionMixin, TemplateView):
    permission = "manage_members"
    template_name = "accounts/membership_confirm_end.html"

    def get_membership(self):
        return get_object_or_404_in_place(
            Membership.objects.for_place(self.place).select_related("user", "organisation"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        kwargs["membership"] = self.get_membership()
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        membership = self.get_membership()
        try:
            services.membership_end(place=self.place, actor=request.user, membership=membership)
        except RuleViolation as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("places:member_list", place_slug=self.place.slug)
        messages.success(
            request, _("%(person)s no longer holds that role here.") % {"person": membership.user}
        )
        return redirect("places:member_list", place_slug=self.place.slug)


class InvitationRevokeView(PlacePermissionMixin, TemplateView):
    permission = "invite_members"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        invitation = get_object_or_404_in_place(
            Invitation.objects.for_place(self.place), pk=self.kwargs["pk"]
        )
        try:
            services.invitation_revoke(place=self.place, actor=request.user, invitation=invitation)
            messages.success(
                request, _("Invitation to %(email)s withdrawn.") % {"email": invitation.email}
            )
        except RuleViolation as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("places:member_list", place_slug=self.place.slug)


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
