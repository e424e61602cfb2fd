"""Community structures: the public take part page with every structure and its groups, a
structure's own page, and setting a structure up, changing it and adding groups (place admins and
whoever manages the place's boards)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from coordination.accounts.permissions import can

from .. import selectors, services
from ..structure_forms import StructureChangeForm, StructureForm, StructureGroupForm
from ._common import BoardsFormView, BoardsMixin


def _with_groups(structure, groups):
    """The structure with its groups laid out for residents: by area, or as a list."""
    structure.group_list = groups
    structure.areas = selectors.groups_by_area(groups) if structure.groups_need_area else []
    return structure


class CommunityView(BoardsMixin, TemplateView):
    """Take part: every active structure of the place, what residents can do there, its groups."""

    template_name = "boards/community.html"

    def get_context_data(self, **kwargs):
        structures = [
            _with_groups(s, s.visible_groups)
            for s in selectors.active_structures_with_groups(self.place, self.user)
        ]
        kwargs.update(
            structures=structures,
            can_manage=can(self.user, self.place, "manage_boards"),
        )
        return super().get_context_data(**kwargs)


class StructureMixin:
    def structure_or_404(self, slug):
        structure = selectors.get_structure_for(self.place, self.user, slug)
        if structure is None:
            raise Http404
        return structure


class StructureDetailView(StructureMixin, BoardsMixin, TemplateView):
    template_name = "boards/structure_detail.html"

    def get_context_data(self, **kwargs):
        structure = self.structure_or_404(self.kwargs["slug"])
        _with_groups(structure, list(selectors.groups_of(structure, self.user)))
        kwargs.update(
            structure=structure,
            ideas=selectors.recent_ideas(structure, self.user),
            answers=selectors.recent_answers(structure, self.user),
            meetings=selectors.public_meetings_to_come(structure, self.user),
            can_manage=can(self.user, self.place, "manage_boards"),
        )
        return super().get_context_data(**kwargs)


class ManageStructuresMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can(request.user, request.place, "manage_boards"):
            return self.deny()
        return super().dispatch(request, *args, **kwargs)


class StructureCreateView(ManageStructuresMixin, BoardsFormView):
    template_name = "boards/structure_form.html"
    form_class = StructureForm

    def get_initial(self):
        return {"takes_ideas": True, "holds_public_meetings": True, "resident_seats": 0}

    def form_extra_kwargs(self):
        return {"place": self.place}

    def perform(self, form):
        structure = services.structure_create(
            place=self.place, actor=self.user, **form.cleaned_data
        )
        messages.success(self.request, _("%(name)s set up.") % {"name": structure.name})
        return redirect(structure.get_absolute_url())


class StructureUpdateView(StructureMixin, BoardsFormView):
    template_name = "boards/structure_form.html"
    form_class = StructureChangeForm

    def dispatch(self, request, *args, **kwargs):
        if not can(request.user, request.place, "manage_boards"):
            return self.deny()
        self.structure = self.structure_or_404(kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {name: getattr(self.structure, name) for name in services.STRUCTURE_FIELDS}

    def form_extra_kwargs(self):
        return {"place": self.place}

    def get_context_data(self, **kwargs):
        kwargs["structure"] = self.structure
        return super().get_context_data(**kwargs)

    def perform(self, form):
        services.structure_update(
            place=self.place, actor=self.user, structure=self.structure, **form.cleaned_data
        )
        messages.success(self.request, _("Details saved."))
        return redirect(self.structure.get_absolute_url())


class StructureGroupCreateView(StructureMixin, BoardsFormView):
    template_name = "boards/structure_group_form.html"
    form_class = StructureGroupForm

    def dispatch(self, request, *args, **kwargs):
        if not can(request.user, request.place, "manage_boards"):
            return self.deny()
        self.structure = self.structure_or_404(kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def form_extra_kwargs(self):
        return {"place": self.place, "structure": self.structure}

    def get_context_data(self, **kwargs):
        kwargs["structure"] = self.structure
        return super().get_context_data(**kwargs)

    def perform(self, form):
        board = services.structure_group_add(
            place=self.place, actor=self.user, structure=self.structure, **form.cleaned_data
        )
        messages.success(self.request, _("%(name)s set up.") % {"name": board.name})
        return redirect(board.get_absolute_url())
