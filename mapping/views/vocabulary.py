"""The shared themes and communities, and a place's own additions to them."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from coordination.places.mixins import PlacePermissionMixin
from coordination.service_views import ServiceFormMixin
from coordination.vocabularies import selectors as vocabularies
from coordination.vocabularies.models import CommunityAddition

from .. import services
from ..forms import VocabularyAdditionForm
from ._common import MappingPage


class VocabularyView(MappingPage, PlacePermissionMixin, ServiceFormMixin, FormView):
    """The shared themes and communities, and this place's own additions to them."""

    permission = "manage_vocabulary"
    template_name = "mapping/vocabulary.html"
    form_class = VocabularyAdditionForm

    def get_context_data(self, **kwargs):
        kwargs["themes"] = vocabularies.themes_for_place(self.place)
        kwargs["communities"] = vocabularies.communities_for_place(self.place)
        kwargs["added_communities"] = set(
            CommunityAddition.objects.for_place(self.place).values_list("community_id", flat=True)
        )
        return super().get_context_data(**kwargs)

    def perform(self, form):
        add = services.theme_add if form.cleaned_data["what"] == "theme" else services.community_add
        added = add(place=self.place, actor=self.request.user, name=form.cleaned_data["name"])
        messages.success(
            self.request, _("%(name)s added for %(place)s.") % {"name": added, "place": self.place}
        )
        return redirect("places:mapping:vocabulary", place_slug=self.place.slug)
