"""Pages of what worked: every place's published notes at /practice/, a place's own notes, a note,
and the forms to write, publish, add figures and follow."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView

from coordination.errors import RuleViolation
from coordination.places.mixins import PlaceMixin, PlacePermissionMixin
from coordination.places.selectors import active_places
from coordination.service_views import ServiceActionView, ServiceFormMixin

from . import selectors, services
from .forms import FigureForm, FollowForm, NoteForm
from .models import PracticeFigure, PracticeNote


class EveryPlaceListView(ListView):
    """Published notes of every place, filtered by place and by shared theme."""

    template_name = "practice/every_place.html"
    context_object_name = "notes"
    paginate_by = 20

    def get_queryset(self):
        self.places = list(active_places())
        self.themes = list(selectors.shared_themes())
        wanted_place = self.request.GET.get("place", "")[:60]
        wanted_theme = self.request.GET.get("theme", "")[:100]
        self.selected_place = next((p for p in self.places if p.slug == wanted_place), None)
        self.selected_theme = next((t for t in self.themes if t.slug == wanted_theme), None)
        return selectors.published_everywhere(place=self.selected_place, theme=self.selected_theme)

    def get_context_data(self, **kwargs):
        query = {}
        if self.selected_place:
            query["place"] = self.selected_place.slug
        if self.selected_theme:
            query["theme"] = self.selected_theme.slug
        kwargs.update(
            places=self.places,
            themes=self.themes,
            selected_place=self.selected_place,
            selected_theme=self.selected_theme,
            filter_query="&".join(f"{k}={v}" for k, v in query.items()),
        )
        return super().get_context_data(**kwargs)


class NoteListView(PlaceMixin, ListView):
    template_name = "practice/note_list.html"
    context_object_name = "notes"
    paginate_by = 20

    def get_queryset(self):
        return selectors.notes_in_place(self.place, self.request.user)

    def get_context_data(self, **kwargs):
        kwargs["can_write"] = selectors.can_write(self.request.user, self.place)
        return super().get_context_data(**kwargs)


class NoteMixin(PlaceMixin):
    """Finds the note in the address among the ones this person may see here (404 otherwise)."""

    model = PracticeNote

    def get_note(self):
        if not hasattr(self, "_note"):
            note = selectors.note_in_place(self.place, self.request.user, slug=self.kwargs["slug"])
            if note is None:
                raise Http404
            self._note = note
        return self._note

    def get_context_data(self, **kwargs):
        kwargs["note"] = self.get_note()
        return super().get_context_data(**kwargs)


class WriterMixin(PlacePermissionMixin):
    permission = "write_practice_notes"


class NoteDetailView(NoteMixin, TemplateView):
    template_name = "practice/note_detail.html"

    def get_context_data(self, **kwargs):
        note = self.get_note()
        user = self.request.user
        kwargs["can_write"] = selectors.can_write(user, self.place)
        if note.is_published:
            kwargs["followers"] = selectors.followers_by_place(note)
            kwargs["my_follows"] = selectors.follows_of(user, note)
            kwargs["can_follow"] = bool(
                user.is_authenticated and selectors.places_to_follow_from(user, note)
            )
        return super().get_context_data(**kwargs)


class NoteCreateView(WriterMixin, ServiceFormMixin, FormView):
    template_name = "practice/note_form.html"
    form_class = NoteForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "place": self.place}

    def perform(self, form):
        note = services.note_create(place=self.place, actor=self.request.user, **form.cleaned_data)
        messages.success(
            self.request, _("Draft saved. Add figures, then publish it when it is ready.")
        )
        return redirect(note.get_absolute_url())


class NoteUpdateView(WriterMixin, NoteMixin, ServiceFormMixin, FormView):
    template_name = "practice/note_form.html"
    form_class = NoteForm

    def get_form_kwargs(self):
        note = PracticeNote.objects.for_place(self.place).get(pk=self.get_note().pk)
        return {**super().get_form_kwargs(), "place": self.place, "instance": note}

    def perform(self, form):
        note = services.note_update(
            place=self.place, actor=self.request.user, note=self.get_note(), **form.cleaned_data
        )
        messages.success(self.request, _("Your changes are saved."))
        return redirect(note.get_absolute_url())


class NotePublishView(WriterMixin, NoteMixin, ServiceActionView):
    def refused_url(self):
        return self.get_note().get_absolute_url()

    def act(self):
        note = services.note_publish(
            place=self.place, actor=self.request.user, note=self.get_note()
        )
        messages.success(self.request, _("Published. Every place can read it now."))
        return redirect(note.get_absolute_url())


class FigureCreateView(WriterMixin, NoteMixin, ServiceFormMixin, FormView):
    template_name = "practice/figure_form.html"
    form_class = FigureForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "place": self.place, "note": self.get_note()}

    def perform(self, form):
        note = self.get_note()
        services.figure_add(
            place=self.place, actor=self.request.user, note=note, **form.cleaned_data
        )
        messages.success(self.request, _("Figure added."))
        return redirect(note.get_absolute_url())


class FigureRemoveView(WriterMixin, NoteMixin, ServiceActionView):
    def refused_url(self):
        return self.get_note().get_absolute_url()

    def act(self):
        note = self.get_note()
        figure_id = self.request.POST.get("figure", "")
        figure = (
            PracticeFigure.objects.for_place(self.place)
            .filter(note=note, pk=int(figure_id))
            .first()
            if figure_id.isdigit() and len(figure_id) < 12
            else None
        )
        if figure is None:
            messages.error(self.request, _("That figure is not on this note any more."))
            return redirect(note.get_absolute_url())
        services.figure_remove(place=self.place, actor=self.request.user, note=note, figure=figure)
        messages.success(self.request, _("Figure removed."))
        return redirect(note.get_absolute_url())


class SignedInMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)


class FollowView(SignedInMixin, NoteMixin, ServiceFormMixin, FormView):
    template_name = "practice/follow_form.html"
    form_class = FollowForm

    def get_form_kwargs(self):
        note = self.get_note()
        if not note.is_published:
            raise Http404
        places = selectors.places_to_follow_from(self.request.user, note)
        return {**super().get_form_kwargs(), "user": self.request.user, "places": places}

    def get_context_data(self, **kwargs):
        kwargs["my_follows"] = selectors.follows_of(self.request.user, self.get_note())
        return super().get_context_data(**kwargs)

    def perform(self, form):
        note = self.get_note()
        row = services.follow(
            place=form.cleaned_data["place"],
            actor=self.request.user,
            note=note,
            how=form.cleaned_data["how"],
        )
        messages.success(
            self.request,
            _("You are following this note from %(place)s. You will hear when it changes.")
            % {"place": row.place.name},
        )
        return redirect(note.get_absolute_url())


class UnfollowView(SignedInMixin, NoteMixin, ServiceActionView):
    def refused_url(self):
        return self.get_note().get_absolute_url()

    def act(self):
        note = self.get_note()
        wanted = self.request.POST.get("place", "")
        follow = next(
            (f for f in selectors.follows_of(self.request.user, note) if f.place.slug == wanted),
            None,
        )
        if follow is None:
            raise RuleViolation(_("You do not follow this note from that place."))
        services.unfollow(place=follow.place, actor=self.request.user, note=note)
        messages.success(
            self.request,
            _("You no longer follow this note from %(place)s.") % {"place": follow.place.name},
        )
        return redirect(note.get_absolute_url())
