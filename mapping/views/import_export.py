"""Importing a file of services, needs or assets (upload, preview, then import or queue it) and
exporting them in the same columns."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from coordination.accounts.permissions import can
from coordination.exports.responses import serve_export
from coordination.places.mixins import PlacePermissionMixin, get_object_or_404_in_place
from coordination.service_views import ServiceActionView

from .. import export_files, imports, progress, services
from ..forms import ImportForm
from ..models import ImportBatch, ImportKind, ImportStatus
from ._common import MappingPage

IN_PROGRESS = (ImportStatus.CHECKING, ImportStatus.QUEUED, ImportStatus.RUNNING)


class ImportView(MappingPage, PlacePermissionMixin, FormView):
    """Upload a file of services, needs or assets; it is checked and previewed, not yet imported."""

    permission = "import_mapping_data"
    template_name = "mapping/import_form.html"
    form_class = ImportForm

    def get_context_data(self, **kwargs):
        kwargs["columns"] = imports.COLUMNS
        kwargs["kinds"] = ImportKind.choices
        kwargs["required"] = imports.REQUIRED
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        kind = form.cleaned_data["kind"]
        upload = form.cleaned_data["file"]
        try:
            rows = imports.read_table(upload, kind)
        except imports.ImportFileError as exc:
            for message in exc.messages:
                form.add_error("file", message)
            return self.form_invalid(form)
        batch = services.import_check(
            place=self.place, actor=self.request.user, kind=kind, filename=upload.name, rows=rows
        )
        return redirect("places:mapping:import_preview", place_slug=self.place.slug, pk=batch.pk)


class ImportPreviewView(MappingPage, PlacePermissionMixin, ServiceActionView, TemplateView):
    """What the file would do, its problems by line and column, and the choice to import."""

    permission = "import_mapping_data"
    template_name = "mapping/import_preview.html"
    # The preview (GET) and its import button (POST) share one address.
    http_method_names = TemplateView.http_method_names

    def get_batch(self):
        batch = get_object_or_404_in_place(
            ImportBatch.objects.for_place(self.place), pk=self.kwargs["pk"]
        )
        if batch.created_by_id != self.request.user.pk and not can(
            self.request.user, self.place, "manage_all_services"
        ):
            raise PermissionDenied
        return batch

    def get_context_data(self, **kwargs):
        batch = self.get_batch()
        done = progress.read(batch.pk) if batch.status in IN_PROGRESS else None
        kwargs.update(
            batch=batch,
            errors=batch.errors[:500],
            more_errors=max(0, len(batch.errors) - 500),
            in_progress=batch.status in IN_PROGRESS,
            done=done[0] if done else 0,
            total=done[1] if done else len(batch.rows),
        )
        return super().get_context_data(**kwargs)

    def act(self):
        batch = self.get_batch()
        only_valid = self.request.POST.get("rows") == "valid"
        change = (
            services.import_queue
            if len(batch.rows) > imports.LONG_IMPORT_ROWS
            else services.import_commit
        )
        batch = change(
            place=self.place, actor=self.request.user, batch=batch, only_valid=only_valid
        )
        if batch.status in (ImportStatus.QUEUED, ImportStatus.RUNNING):
            messages.success(
                self.request, _("The file is being imported: this page shows how far.")
            )
        elif batch.status == ImportStatus.IMPORTED:
            messages.success(
                self.request,
                _("Imported: %(created)d added, %(updated)d updated, %(skipped)d left out.")
                % {
                    "created": batch.created_count,
                    "updated": batch.updated_count,
                    "skipped": batch.skipped_count,
                },
            )
        else:
            messages.error(self.request, _("Nothing was imported: the file has problems."))
        return redirect(self.preview_url())

    def preview_url(self):
        return reverse(
            "places:mapping:import_preview",
            kwargs={"place_slug": self.place.slug, "pk": self.kwargs["pk"]},
        )

    def refused_url(self):
        return self.preview_url()


class ExportView(PlacePermissionMixin, View):
    """Download services, needs or assets as CSV or XLSX (formulas escaped), in the import columns:
    everything for coordinators (from the file a task builds: mapping/export_files.py), an
    organisation's own rows for its people (built in the request)."""

    permission = "import_mapping_data"

    def get(self, request, *args, **kwargs):
        kind = request.GET.get("kind", ImportKind.SERVICES)
        if kind not in ImportKind.values:
            raise Http404
        file_format = request.GET.get("format", "csv")
        if file_format not in export_files.CONTENT_TYPES:
            raise Http404
        if can(request.user, self.place, "manage_all_services"):
            return serve_export(request, self.place, export_files.key(kind, file_format))
        write = imports.export_xlsx if file_format == "xlsx" else imports.export_csv
        response = HttpResponse(
            write(self.place, request.user, kind),
            content_type=export_files.CONTENT_TYPES[file_format],
        )
        filename = export_files.filename(self.place, kind, file_format)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        return response
