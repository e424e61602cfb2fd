"""Pages under /<place>/notifications/.

A person's list and preferences; the signed unsubscribe link; for place admins the outbox and the
digest preview.
"""

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.decorators import csp
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, ListView, TemplateView

from coordination.accounts.models import User
from coordination.accounts.permissions import is_member
from coordination.errors import RuleViolation
from coordination.places.mixins import PlaceMixin
from coordination.service_views import ServiceFormMixin

from . import selectors, services
from .dispatch import preview_digest
from .emails import read_unsubscribe_token
from .forms import NEWS_FIELD_PREFIX, REMINDER_FIELD_PREFIX, DigestPreviewForm, PreferencesForm
from .models import DIGEST_KIND, Delivery, DigestFrequency, OutboxStatus
from .permissions import PREVIEW_DIGEST, VIEW_OUTBOX, may
from .registry import get_news_kind, get_reminder_rule, news_kinds, reminder_rules


class NotificationListView(LoginRequiredMixin, PlaceMixin, ListView):
    template_name = "notifications/list.html"
    context_object_name = "notifications"
    paginate_by = 25

    def get_queryset(self):
        return selectors.notifications_for(self.place, self.request.user)

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["notifications/_list.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        kwargs["unread_count"] = selectors.unread_count(self.place, self.request.user)
        return super().get_context_data(**kwargs)


class _MarkReadBase(LoginRequiredMixin, PlaceMixin, View):
    http_method_names = ["post"]

    def done(self, request, message):
        """htmx asked: the list fragment as it is now. A plain form post: back to the list."""
        page = request.GET.get("page", "")
        if request.headers.get("HX-Request"):
            view = NotificationListView()
            view.setup(request, **self.kwargs)
            view.object_list = view.get_queryset()
            context = view.get_context_data(status_message=message)
            return TemplateResponse(request, "notifications/_list.html", context)
        messages.success(request, message)
        url = redirect("places:notifications:list", place_slug=self.place.slug).url
        return redirect(f"{url}?page={page}" if page.isdigit() else url)


class NotificationReadView(_MarkReadBase):
    def post(self, request, *args, **kwargs):
        notification = selectors.get_notification_for(self.place, request.user, kwargs["pk"])
        if notification is None:
            raise Http404
        services.notification_mark_read(
            place=self.place, user=request.user, notification=notification
        )
        return self.done(request, _("Marked “%(title)s” as read.") % {"title": notification.title})


class NotificationOpenView(LoginRequiredMixin, PlaceMixin, View):
    """Following a notification's link: marks it read and goes to its item."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        notification = selectors.get_notification_for(self.place, request.user, kwargs["pk"])
        if notification is None:
            raise Http404
        services.notification_mark_read(
            place=self.place, user=request.user, notification=notification
        )
        target = notification.url
        if not target or not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect("places:notifications:list", place_slug=self.place.slug)
        return redirect(target)


class NotificationReadAllView(_MarkReadBase):
    def post(self, request, *args, **kwargs):
        count = services.notification_mark_all_read(place=self.place, user=request.user)
        return self.done(request, _("Marked %(count)d notifications as read.") % {"count": count})


class PreferencesView(LoginRequiredMixin, PlaceMixin, ServiceFormMixin, FormView):
    template_name = "notifications/preferences.html"
    form_class = PreferencesForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_member(request.user, request.place):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "place": self.place}

    def get_initial(self):
        preference = selectors.preference_for(self.place, self.request.user)
        return {
            "digest": preference.digest,
            **{
                REMINDER_FIELD_PREFIX + rule.kind: preference.reminder_delivery(rule.kind)
                for rule in reminder_rules()
            },
            **{
                NEWS_FIELD_PREFIX + news.kind: preference.delivery_for(news.kind, news.default)
                for news in news_kinds()
            },
        }

    def perform(self, form):
        services.preference_update(
            place=self.place,
            actor=self.request.user,
            digest=form.cleaned_data["digest"],
            reminders=form.reminder_choices(),
            news=form.news_choices(),
        )
        messages.success(self.request, _("Your notification preferences are saved."))
        return redirect("places:notifications:preferences", place_slug=self.place.slug)


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(PlaceMixin, TemplateView):
    """The one-click unsubscribe link from an email. Works without signing in: the signature is the
    authorisation, so it is exempt from CSRF (a mail client's RFC 8058 POST carries no token).
    GET asks to confirm (link scanners follow links); POST unsubscribes.
    """

    template_name = "notifications/unsubscribe.html"

    def _read(self, request):
        token = request.GET.get("t", "")
        if not token:
            return None, None
        try:
            place_id, user_id, scope = read_unsubscribe_token(token)
        except signing.BadSignature:
            return None, _(
                "This unsubscribe link is not valid. It may have been changed or cut short."
            )
        user = User.objects.filter(pk=user_id, is_active=True).first()
        if place_id != self.place.pk or user is None:
            return None, _("This unsubscribe link is not valid for %(place)s.") % {
                "place": self.place.name
            }
        if scope != DIGEST_KIND and self._label(scope) is None:
            return None, _(
                "This unsubscribe link is for emails that %(place)s no longer sends."
            ) % {"place": self.place.name}
        return (user, scope), None

    @staticmethod
    def _label(scope):
        if scope.startswith(services.NEWS_SCOPE_PREFIX):
            news = get_news_kind(scope.removeprefix(services.NEWS_SCOPE_PREFIX))
            return news and news.label
        rule = get_reminder_rule(scope)
        return rule and rule.label

    def _what(self, scope):
        if scope == DIGEST_KIND:
            return _("the %(place)s digest") % {"place": self.place.name}
        if scope.startswith(services.NEWS_SCOPE_PREFIX):
            return _("emails: “%(label)s”") % {"label": self._label(scope)}
        return _("reminders: “%(label)s”") % {"label": self._label(scope)}

    @staticmethod
    def _already(preference, scope):
        if scope == DIGEST_KIND:
            return preference.digest == DigestFrequency.OFF
        if scope.startswith(services.NEWS_SCOPE_PREFIX):
            kind = scope.removeprefix(services.NEWS_SCOPE_PREFIX)
            return (preference.news or {}).get(kind) == Delivery.OFF
        return not preference.wants_reminder(scope)

    def _invalid(self, request, problem):
        return TemplateResponse(
            request,
            "notifications/unsubscribe_invalid.html",
            {"place": self.place, "problem": problem},
            status=400,
        )

    def get(self, request, *args, **kwargs):
        found, problem = self._read(request)
        if problem:
            return self._invalid(request, problem)
        context = {"place": self.place, "has_token": found is not None}
        if found:
            user, scope = found
            preference = selectors.preference_for(self.place, user)
            context.update(
                what=self._what(scope),
                email=user.email,
                already=self._already(preference, scope),
            )
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        found, problem = self._read(request)
        if problem or found is None:
            return self._invalid(request, problem or _("This unsubscribe link is incomplete."))
        user, scope = found
        services.unsubscribe(place=self.place, user=user, scope=scope)
        return render(
            request,
            "notifications/unsubscribe_done.html",
            {"place": self.place, "what": self._what(scope), "email": user.email},
        )


class _AdminMixin(PlaceMixin):
    action = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may(request.user, request.place, self.action):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class OutboxView(_AdminMixin, ListView):
    action = VIEW_OUTBOX
    template_name = "notifications/outbox.html"
    context_object_name = "emails"
    paginate_by = 50

    def status(self):
        status = self.request.GET.get("status", "")
        return status if status in OutboxStatus.values else ""

    def get_queryset(self):
        return selectors.outbox_rows(self.place, status=self.status() or None)

    def get_context_data(self, **kwargs):
        counts = selectors.outbox_counts(self.place)
        kwargs["counts"] = [(value, label, counts[value]) for value, label in OutboxStatus.choices]
        kwargs["total"] = sum(counts.values())
        kwargs["selected_status"] = self.status()
        kwargs["status_choices"] = OutboxStatus.choices
        return super().get_context_data(**kwargs)


class OutboxRetryView(_AdminMixin, View):
    """Not a ServiceActionView: one refusal ("may have been delivered") is a question to answer on
    a confirmation page, not a message to go back with."""

    action = VIEW_OUTBOX
    http_method_names = ["post"]

    CONFIRM = "send-again"

    def post(self, request, *args, **kwargs):
        email = selectors.get_outbox_row(self.place, kwargs["pk"])
        if email is None:
            raise Http404
        status = request.POST.get("status", "")
        status = status if status in OutboxStatus.values else ""
        confirmed = request.POST.get("confirm") == self.CONFIRM
        try:
            services.outbox_retry(
                place=self.place,
                actor=request.user,
                email=email,
                confirm_may_have_been_delivered=confirmed,
            )
            messages.success(
                request, _("The email to %(to)s will be sent again.") % {"to": email.to_email}
            )
        except RuleViolation as exc:
            if exc.code == "confirmation_needed":
                # Asked, not refused: the admin decides whether the person got it.
                context = {
                    "place": self.place,
                    "email": email,
                    "status": status,
                    "confirm": self.CONFIRM,
                }
                return TemplateResponse(request, "notifications/outbox_confirm_retry.html", context)
            messages.error(request, " ".join(exc.messages))
        url = redirect("places:notifications:outbox", place_slug=self.place.slug).url
        return redirect(f"{url}?status={status}" if status else url)


class DigestPreviewView(_AdminMixin, TemplateView):
    action = PREVIEW_DIGEST
    template_name = "notifications/preview.html"

    def get_context_data(self, **kwargs):
        form = DigestPreviewForm(self.request.GET or None, place=self.place)
        kwargs["form"] = form
        if form.is_bound and form.is_valid():
            member = form.cleaned_data["member"]
            email, since, until = preview_digest(self.place, member, now=timezone.now())
            preference = selectors.preference_for(self.place, member)
            kwargs.update(
                member=member,
                email=email,
                since=since,
                until=until,
                preference=preference,
                digest_off=preference.digest == DigestFrequency.OFF,
            )
        return super().get_context_data(**kwargs)


class _MemberMixin(LoginRequiredMixin, PlaceMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_member(request.user, request.place):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class MyDigestView(_MemberMixin, TemplateView):
    """A member's own digest as it would be if it were sent now."""

    template_name = "notifications/my_digest.html"

    def get_context_data(self, **kwargs):
        email, since, until = preview_digest(self.place, self.request.user, now=timezone.now())
        preference = selectors.preference_for(self.place, self.request.user)
        kwargs.update(
            email=email,
            since=since,
            until=until,
            digest_off=preference.digest == DigestFrequency.OFF,
        )
        return super().get_context_data(**kwargs)


def _email_html_response(request, email):
    if email is None:
        html = render_to_string("notifications/preview_empty.html", request=request)
    else:
        html = email.html
    response = HttpResponse(html)
    response["Cache-Control"] = "private, no-store"
    return response


# The HTML part of an email is styled the way email clients need, with style attributes, which the
# site's policy refuses. So the preview shows it as a document of its own, in a sandboxed frame of
# the preview page only, under a policy that allows those styles and nothing able to run or send.
EMAIL_PREVIEW_POLICY = {
    "default-src": [NONE],
    "style-src": [UNSAFE_INLINE],
    "img-src": [SELF, "data:"],
    "base-uri": [NONE],
    "form-action": [NONE],
    "frame-ancestors": [SELF],
    "sandbox": True,
}


@method_decorator(xframe_options_sameorigin, name="dispatch")
@method_decorator(csp(EMAIL_PREVIEW_POLICY), name="dispatch")
class DigestPreviewHtmlView(_AdminMixin, View):
    """The HTML part of the digest a member would get now, for the preview page's frame."""

    action = PREVIEW_DIGEST
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        form = DigestPreviewForm(request.GET, place=self.place)
        email = None
        if form.is_valid():  # only this place's members: another's is the same as none
            email, _since, _until = preview_digest(
                self.place, form.cleaned_data["member"], now=timezone.now()
            )
        return _email_html_response(request, email)


@method_decorator(xframe_options_sameorigin, name="dispatch")
@method_decorator(csp(EMAIL_PREVIEW_POLICY), name="dispatch")
class MyDigestHtmlView(_MemberMixin, View):
    """The HTML part of the member's own digest, for their preview page's frame."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        email, _since, _until = preview_digest(self.place, request.user, now=timezone.now())
        return _email_html_response(request, email)
