"""Corrections to a meeting's permanent records: whoever runs the board amends a declaration of
interest, a vote or a decision (or withdraws it), giving a reason; the history stays with it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import permissions, selectors, services
from ..record_forms import DecisionAmendForm, DeclarationAmendForm, VoteAmendForm
from ._common import BoardsFormView


class RecordAmendView(BoardsFormView):
    """The page to amend one record: its current values, its history, the reason asked."""

    template_name = "boards/record_amend_form.html"
    heading = ""

    def get_record(self):
        raise NotImplementedError

    def meeting_of(self, record):
        raise NotImplementedError

    def amend(self, form):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        self.record = self.get_record().filter(pk=kwargs["pk"]).first()
        if self.record is None:
            raise Http404
        self.meeting = self.meeting_of(self.record)
        if not permissions.can_manage_board(request.user, self.meeting.board):
            return self.deny()
        return super().dispatch(request, *args, **kwargs)

    def form_extra_kwargs(self):
        return {"record": self.record}

    def get_context_data(self, **kwargs):
        kwargs.update(
            record=self.record, meeting=self.meeting, board=self.meeting.board, heading=self.heading
        )
        return super().get_context_data(**kwargs)

    def perform(self, form):
        self.amend(form)
        messages.success(
            self.request,
            _("Withdrawn; it stays in the minutes with its history.")
            if form.cleaned_data.get("withdraw")
            else _("Amended; the previous version is kept in its history."),
        )
        return redirect(self.back_url())

    def back_url(self):
        return self.meeting.get_absolute_url() + self.anchor


class DeclarationAmendView(RecordAmendView):
    form_class = DeclarationAmendForm
    heading = gettext_lazy("Amend a declaration of interest")
    anchor = "#declarations"

    def get_record(self):
        return selectors.declarations_visible_to(self.place, self.user).filter(
            meeting__in=selectors.meetings_visible_to(self.place, self.user)
        )

    def meeting_of(self, record):
        return record.meeting

    def amend(self, form):
        services.declaration_amend(
            place=self.place,
            actor=self.user,
            declaration=self.record,
            reason=form.cleaned_data["reason"],
            withdraw=form.cleaned_data["withdraw"],
            **form.changes(),
        )


class VoteAmendView(RecordAmendView):
    form_class = VoteAmendForm
    heading = gettext_lazy("Amend a vote")

    def get_record(self):
        return selectors.votes_visible_to(self.place, self.user).select_related(
            "agenda_item__meeting__board"
        )

    def meeting_of(self, record):
        return record.agenda_item.meeting

    def amend(self, form):
        services.vote_amend(
            place=self.place,
            actor=self.user,
            vote=self.record,
            reason=form.cleaned_data["reason"],
            withdraw=form.cleaned_data["withdraw"],
            **form.changes(),
        )

    def back_url(self):
        return reverse(
            "places:boards:votes",
            kwargs={"place_slug": self.place.slug, "pk": self.record.agenda_item_id},
        )


class DecisionAmendView(RecordAmendView):
    form_class = DecisionAmendForm
    heading = gettext_lazy("Amend a decision")
    anchor = "#decisions"

    def get_record(self):
        return selectors.decisions_visible_to(self.place, self.user).select_related(
            "meeting__board"
        )

    def meeting_of(self, record):
        return record.meeting

    def amend(self, form):
        services.decision_amend(
            place=self.place,
            actor=self.user,
            decision=self.record,
            reason=form.cleaned_data["reason"],
            withdraw=form.cleaned_data["withdraw"],
            **form.changes(),
        )
