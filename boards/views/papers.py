"""Papers: uploading one to an agenda item, and the only way to read one."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from coordination.uploads import serve_upload

from .. import permissions, selectors, services
from ..forms import PaperForm
from ..models import AgendaItem
from ._common import BoardsFormView, BoardsMixin


class PaperUploadView(BoardsFormView):
    template_name = "boards/paper_form.html"
    form_class = PaperForm

    def dispatch(self, request, *args, **kwargs):
        item = (
            AgendaItem.objects.for_place(request.place)
            .filter(
                pk=kwargs["pk"],
                meeting__in=selectors.meetings_visible_to(request.place, request.user).values("pk"),
            )
            .select_related("meeting__board")
            .first()
        )
        if item is None:
            raise Http404
        self.item = item
        if not (
            permissions.can_manage_board(request.user, item.meeting.board)
            or (request.user.is_authenticated and item.owner_id == request.user.pk)
        ):
            return self.deny()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.update(item=self.item, meeting=self.item.meeting)
        return super().get_context_data(**kwargs)

    def perform(self, form):
        services.paper_upload(
            place=self.place, actor=self.user, agenda_item=self.item, **form.cleaned_data
        )
        messages.success(self.request, _("Paper uploaded."))
        return redirect(self.item.meeting.get_absolute_url() + "#agenda")


class PaperDownloadView(BoardsMixin, View):
    """The only way to a paper's file: the selector decides, and nothing is cached publicly."""

    def get(self, request, *args, **kwargs):
        paper = selectors.get_paper_for(self.place, request.user, kwargs["pk"])
        if paper is None:
            raise Http404
        extension = paper.file.name.rsplit(".", 1)[-1]
        return serve_upload(
            paper.file, filename=f"{paper.title[:80]}.{extension}", content_type=paper.content_type
        )
