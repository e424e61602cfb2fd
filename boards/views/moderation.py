"""Comments on ideas, reports of posts and the moderators' work: the comment form, the report
form, the queue of reports for a group's chair, vice-chair and secretary (and place admins), and
the confirmation forms to hide, restore or keep a post."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from .. import permissions, selectors, services
from ..moderation_forms import CommentForm, HideForm, KeepForm, ReportForm, RestoreForm
from ._common import BoardsFormView, BoardsMixin


class CommentCreateView(BoardsFormView):
    """The comment form: on the idea's page, and on its own page when it needs correcting."""

    template_name = "boards/moderation_comment_form.html"
    form_class = CommentForm

    def dispatch(self, request, *args, **kwargs):
        self.proposal = selectors.get_proposal_for(request.place, request.user, kwargs["pk"])
        if self.proposal is None:
            raise Http404
        if not permissions.can_take_part(request.user, request.place):
            return self.deny()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.update(proposal=self.proposal, board=self.proposal.board)
        return super().get_context_data(**kwargs)

    def perform(self, form):
        comment = services.comment_create(
            place=self.place, actor=self.user, proposal=self.proposal, **form.cleaned_data
        )
        messages.success(self.request, _("Your comment is published."))
        return redirect(comment.get_absolute_url())


class PostMixin:
    """A view about one idea (``kind="idea"``) or one comment (``kind="comment"``) the person may
    see: anything else is a 404."""

    kind = "idea"

    def find_post(self):
        if self.kind == "idea":
            post = selectors.get_proposal_for(self.place, self.user, self.kwargs["pk"])
            self.idea = post
        else:
            post = selectors.get_comment_for(self.place, self.user, self.kwargs["pk"])
            self.idea = post.proposal if post is not None else None
        if post is None:
            raise Http404
        self.post_object = post
        return post

    @property
    def board(self):
        return self.idea.board

    def get_context_data(self, **kwargs):
        kwargs.update(post=self.post_object, kind=self.kind, proposal=self.idea, board=self.board)
        return super().get_context_data(**kwargs)


class ReportView(PostMixin, BoardsFormView):
    """Anyone signed in to the place reports a post; it stays up until a moderator looks."""

    template_name = "boards/moderation_report_form.html"
    form_class = ReportForm

    def dispatch(self, request, *args, **kwargs):
        self.find_post()
        if not permissions.can_take_part(request.user, request.place):
            return self.deny()
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        services.report_create(
            place=self.place, actor=self.user, post=self.post_object, **form.cleaned_data
        )
        messages.success(self.request, _("Thank you, a moderator will look at it."))
        return redirect(self.idea.get_absolute_url())


class ModerateMixin(PostMixin):
    """A moderator's confirmation form for one post; back to the queue when it came from there."""

    template_name = "boards/moderation_confirm.html"
    verb = ""

    def dispatch(self, request, *args, **kwargs):
        self.find_post()
        if not permissions.can_moderate(request.user, self.board):
            return self.deny()
        return super().dispatch(request, *args, **kwargs)

    def back_url(self):
        if self.request.GET.get("back") == "queue":
            return reverse("places:boards:moderation", kwargs={"place_slug": self.place.slug})
        return self.post_object.get_absolute_url()

    def get_context_data(self, **kwargs):
        kwargs.update(verb=self.verb, back_url=self.back_url())
        return super().get_context_data(**kwargs)


class HideView(ModerateMixin, BoardsFormView):
    form_class = HideForm
    verb = "hide"

    def perform(self, form):
        services.post_hide(
            place=self.place, actor=self.user, post=self.post_object, **form.cleaned_data
        )
        messages.success(self.request, _("Hidden. Everyone else now sees your reason instead."))
        return redirect(self.back_url())


class RestoreView(ModerateMixin, BoardsFormView):
    form_class = RestoreForm
    verb = "restore"

    def perform(self, form):
        services.post_restore(
            place=self.place, actor=self.user, post=self.post_object, **form.cleaned_data
        )
        messages.success(self.request, _("Restored. Everyone can read it again."))
        return redirect(self.back_url())


class KeepView(ModerateMixin, BoardsFormView):
    form_class = KeepForm
    verb = "keep"

    def perform(self, form):
        services.post_keep(place=self.place, actor=self.user, post=self.post_object)
        messages.success(self.request, _("Kept. The reports of it are closed."))
        return redirect(self.back_url())


class ModerationQueueView(BoardsMixin, TemplateView):
    """Open reports grouped by post, and what was hidden in the last 30 days."""

    template_name = "boards/moderation_queue.html"

    def dispatch(self, request, *args, **kwargs):
        if not selectors.moderates_anything(request.place, request.user):
            return self.deny()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.update(
            groups=selectors.reports_to_review(self.place, self.user),
            hidden=selectors.recently_hidden(self.place, self.user),
        )
        return super().get_context_data(**kwargs)
