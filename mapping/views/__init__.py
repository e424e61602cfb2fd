"""Mapping pages: the public service directory, services, needs, assets, gaps and overlaps."""

from pathlib import PurePosixPath

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from coordination.accounts.permissions import can
from coordination.csvfiles import csv_text
from coordination.errors import RuleViolation, add_to_form
from coordination.links import place_detail_address_maker
from coordination.places.mixins import PlaceMixin, PlacePermissionMixin, get_object_or_404_in_place
from coordination.places.selectors import areas_for_place
from coordination.uploads import NEED_EVIDENCE, serve_upload

from .. import analysis, conf, imports, progress, selectors, services
from ..filters import DELIVERY_CHOICES, ServiceFilter
from ..forms import (
    AssetForm,
    ImpactForm,
    ImportForm,
    NeedForm,
    ServiceForm,
    VocabularyAdditionForm,
)
from ..models import (
    Asset,
    AssetKind,
    CommunityAddition,
    ImportBatch,
    ImportKind,
    ImportStatus,
    Need,
    Service,
    ServiceStatus,
)


class MappingPage:
    """Context every mapping page needs: whether to offer the analysis pages in the sub-navigation."""

    def get_context_data(self, **kwargs):
        kwargs["can_view_analysis"] = can(self.request.user, self.place, "view_mapping_analysis")
        kwargs["can_import"] = can(self.request.user, self.place, "import_mapping_data")
        kwargs["can_manage_vocabulary"] = can(self.request.user, self.place, "manage_vocabulary")
        return super().get_context_data(**kwargs)


def _to_service_kwargs(data):
    data = dict(data)
    if data.get("whole_place"):
        data["areas"] = []
    return data


class ServiceListView(MappingPage, PlaceMixin, TemplateView):
    """The public directory: every service not closed, filtered by theme, area and community."""

    template_name = "mapping/service_list.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        filterset = ServiceFilter(
            self.request.GET,
            queryset=selectors.services_in_place(self.place, include_closed=False),
            request=self.request,
        )
        services_qs = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        page = Paginator(services_qs, self.paginate_by).get_page(self.request.GET.get("page"))
        kwargs.update(
            services=page.object_list,
            page_obj=page,
            paginator=page.paginator,
            filters=filterset.form.data,
            themes=selectors.themes_for_place(self.place),
            areas=areas_for_place(self.place),
            communities=selectors.communities_for_place(self.place),
            delivery_choices=DELIVERY_CHOICES,
            can_add=can(self.request.user, self.place, "add_services"),
            filtered=any(
                self.request.GET.get(k) for k in ("q", "theme", "area", "community", "delivery")
            ),
        )
        return super().get_context_data(**kwargs)


def _map_data(place, *, points=(), outlines=()):
    return {
        "tiles": conf.tile_url(),
        "attribution": conf.tile_attribution(),
        "points": list(points),
        "outlines": list(outlines),
    }


class ServiceMapView(MappingPage, PlaceMixin, TemplateView):
    """The services on a map (Leaflet), with the same services listed beside it."""

    template_name = "mapping/service_map.html"

    def get_context_data(self, **kwargs):
        url = place_detail_address_maker("places:mapping:service_detail", self.place)
        listed = [{**row, "url": url(row["pk"])} for row in selectors.services_for_map(self.place)]
        points = selectors.service_points(listed)
        kwargs.update(
            services=listed,
            mapped_count=len(points),
            map_data=_map_data(
                self.place, points=points, outlines=selectors.area_outlines(self.place)
            ),
        )
        return super().get_context_data(**kwargs)


class ServiceDetailView(PlaceMixin, DetailView):
    template_name = "mapping/service_detail.html"
    context_object_name = "service"

    def get_object(self, queryset=None):
        return get_object_or_404_in_place(
            selectors.services_in_place(self.place), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        service = self.object
        kwargs["can_edit"] = selectors.can_edit_service(self.request.user, self.place, service)
        kwargs["impacts"] = selectors.impacts_for_service(self.place, service)
        return super().get_context_data(**kwargs)


class ServiceFormMixin(PlacePermissionMixin):
    permission = "add_services"
    template_name = "mapping/service_form.html"
    form_class = ServiceForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "place": self.place,
            "organisations": selectors.service_organisation_choices(self.request.user, self.place),
        }


class ServiceCreateView(ServiceFormMixin, FormView):
    def form_valid(self, form):
        data = _to_service_kwargs(form.cleaned_data)
        try:
            service = services.service_create(place=self.place, actor=self.request.user, **data)
        except RuleViolation as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("%(name)s added to the directory.") % {"name": service.name}
        )
        return redirect(service.get_absolute_url())


class ServiceUpdateView(ServiceFormMixin, FormView):
    def get_service(self):
        service = get_object_or_404_in_place(
            selectors.services_in_place(self.place), pk=self.kwargs["pk"]
        )
        if not selectors.can_edit_service(self.request.user, self.place, service):
            raise PermissionDenied
        return service

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_service()}

    def get_context_data(self, **kwargs):
        kwargs["service"] = self.get_service()
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        service = self.get_service()
        data = _to_service_kwargs(form.cleaned_data)
        try:
            services.service_update(
                place=self.place, actor=self.request.user, service=service, **data
            )
        except RuleViolation as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s updated.") % {"name": service.name})
        return redirect(service.get_absolute_url())


class ServiceVerifyView(PlaceMixin, View):
    """The organisation confirms its listing is still right (answers the six-monthly reminder)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        service = get_object_or_404_in_place(
            selectors.services_in_place(self.place), pk=self.kwargs["pk"]
        )
        if not selectors.can_edit_service(request.user, self.place, service):
            raise PermissionDenied
        services.service_verify(place=self.place, actor=request.user, service=service)
        messages.success(request, _("Thank you: the listing is marked as checked today."))
        return redirect(service.get_absolute_url())


class RemoveView(PlaceMixin, TemplateView):
    """Ask "are you sure?" (GET), then remove (POST): for whoever may change the row."""

    template_name = "mapping/confirm_remove.html"

    def get_row(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        kwargs.update(self.describe(self.get_row()))
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        row = self.get_row()
        name, after = self.describe(row)["name"], self.after_url(row)
        self.remove(row)
        messages.success(request, _("%(name)s removed.") % {"name": name})
        return redirect(after)


class ServiceRemoveView(RemoveView):
    model = Service

    def get_row(self):
        service = get_object_or_404_in_place(
            selectors.services_in_place(self.place), pk=self.kwargs["pk"]
        )
        if not selectors.can_edit_service(self.request.user, self.place, service):
            raise PermissionDenied
        return service

    def describe(self, service):
        return {
            "name": service.name,
            "caption": service.organisation.name,
            "heading": _("Remove this service from the directory?"),
            "explanation": _(
                "The listing, and the people it reached each quarter, are removed for good. If "
                "the service has stopped or paused, change its status instead: the listing then "
                "stays on record and leaves the directory and the analysis."
            ),
            "back_url": service.get_absolute_url(),
            "button": _("Remove the service"),
        }

    def remove(self, service):
        services.service_remove(place=self.place, actor=self.request.user, service=service)

    def after_url(self, service):
        return reverse("places:mapping:service_list", kwargs={"place_slug": self.place.slug})


class ImpactRecordView(PlaceMixin, FormView):
    template_name = "mapping/impact_form.html"
    form_class = ImpactForm

    def get_service(self):
        service = get_object_or_404_in_place(
            selectors.services_in_place(self.place), pk=self.kwargs["pk"]
        )
        if not selectors.can_edit_service(self.request.user, self.place, service):
            raise PermissionDenied
        return service

    def get_context_data(self, **kwargs):
        kwargs["service"] = self.get_service()
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        service = self.get_service()
        try:
            services.impact_record(
                place=self.place, actor=self.request.user, service=service, **form.cleaned_data
            )
        except RuleViolation as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Reach recorded."))
        return redirect(service.get_absolute_url())


class NeedListView(MappingPage, PlacePermissionMixin, TemplateView):
    permission = "view_needs"
    template_name = "mapping/need_list.html"

    def get_context_data(self, **kwargs):
        page = Paginator(selectors.needs_in_place(self.place), 50).get_page(
            self.request.GET.get("page")
        )
        editable = selectors.need_editor(self.request.user, self.place)
        kwargs.update(
            needs=page.object_list,
            rows=[(need, editable(need)) for need in page.object_list],
            page_obj=page,
            paginator=page.paginator,
            can_submit=can(self.request.user, self.place, "submit_needs"),
        )
        return super().get_context_data(**kwargs)


class NeedCreateView(PlacePermissionMixin, FormView):
    permission = "submit_needs"
    template_name = "mapping/need_form.html"
    form_class = NeedForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "place": self.place}

    def form_valid(self, form):
        organisation = selectors.organisations_acted_for(self.request.user, self.place).first()
        try:
            services.need_create(
                place=self.place,
                actor=self.request.user,
                organisation=organisation,
                **form.cleaned_data,
            )
        except RuleViolation as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Thank you: the evidence of need is recorded."))
        return redirect("places:mapping:need_list", place_slug=self.place.slug)


def _need_data(form):
    data = dict(form.cleaned_data)
    if data.get("evidence_file") is False:  # "clear" ticked: no document any more
        data["evidence_file"] = ""
    elif data.get("evidence_file") is None:
        data.pop("evidence_file", None)
    return data


class NeedChangeMixin(PlacePermissionMixin):
    model = Need
    permission = "submit_needs"

    def get_need(self):
        need = get_object_or_404_in_place(
            selectors.needs_in_place(self.place), pk=self.kwargs["pk"]
        )
        if not selectors.can_edit_need(self.request.user, self.place, need):
            raise PermissionDenied
        return need


class NeedUpdateView(NeedChangeMixin, FormView):
    template_name = "mapping/need_form.html"
    form_class = NeedForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "place": self.place, "instance": self.get_need()}

    def get_context_data(self, **kwargs):
        kwargs["need"] = self.get_need()
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        need = self.get_need()
        try:
            services.need_update(
                place=self.place, actor=self.request.user, need=need, **_need_data(form)
            )
        except RuleViolation as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The evidence of need is updated."))
        return redirect("places:mapping:need_list", place_slug=self.place.slug)


class NeedRemoveView(NeedChangeMixin, RemoveView):
    def get_row(self):
        return self.get_need()

    def describe(self, need):
        return {
            "name": need.summary,
            "caption": f"{need.theme.name}, {need.area.name}",
            "heading": _("Withdraw this evidence of need?"),
            "explanation": _(
                "It is removed for good, with any document attached, and no longer counts in the "
                "gap analysis."
            ),
            "back_url": reverse("places:mapping:need_list", kwargs={"place_slug": self.place.slug}),
            "button": _("Withdraw the evidence"),
        }

    def remove(self, need):
        services.need_remove(place=self.place, actor=self.request.user, need=need)

    def after_url(self, need):
        return reverse("places:mapping:need_list", kwargs={"place_slug": self.place.slug})


class AssetListView(MappingPage, PlaceMixin, TemplateView):
    """Community assets, public; filter by area (St Helier) and kind. Contacts only with consent."""

    template_name = "mapping/asset_list.html"

    def get_context_data(self, **kwargs):
        assets = selectors.assets_in_place(self.place)
        area_slug = self.request.GET.get("area", "")
        kind = self.request.GET.get("kind", "")
        area = None
        if area_slug:
            area = areas_for_place(self.place).filter(slug=area_slug).first()
            if area is None:
                raise Http404
            # An area's assets include those of the areas inside it.
            assets = assets.filter(area__in=[area.pk, *area.children.values_list("pk", flat=True)])
        if kind in AssetKind.values:
            assets = assets.filter(kind=kind)
        user = self.request.user
        editable = selectors.asset_editor(user, self.place)
        # (asset, may see its contact, may change it): contacts with consent, or to its editors.
        rows = [(a, a.contact_consent or editable(a), editable(a)) for a in assets]
        points = selectors.asset_points(a for a, _show, _edit in rows)
        kwargs.update(
            rows=rows,
            any_editable=any(edit for _a, _show, edit in rows),
            map_data=_map_data(self.place, points=points) if points else None,
            area=area,
            areas=areas_for_place(self.place),
            kinds=AssetKind.choices,
            selected_kind=kind,
            can_add=can(user, self.place, "add_assets"),
        )
        return super().get_context_data(**kwargs)


class AssetCreateView(PlacePermissionMixin, FormView):
    permission = "add_assets"
    template_name = "mapping/asset_form.html"
    form_class = AssetForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "place": self.place}

    def form_valid(self, form):
        try:
            asset = services.asset_create(
                place=self.place, actor=self.request.user, **form.cleaned_data
            )
        except RuleViolation as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s added to the asset map.") % {"name": asset.name})
        return redirect(_asset_list_url(self.place, asset))


def _asset_list_url(place, asset):
    url = reverse("places:mapping:asset_list", kwargs={"place_slug": place.slug})
    return f"{url}?area={asset.area.slug}" if asset.area_id else url


class AssetChangeMixin(PlacePermissionMixin):
    model = Asset
    permission = "add_assets"

    def get_asset(self):
        asset = get_object_or_404_in_place(
            selectors.assets_in_place(self.place), pk=self.kwargs["pk"]
        )
        if not selectors.can_edit_asset(self.request.user, self.place, asset):
            raise PermissionDenied
        return asset


class AssetUpdateView(AssetChangeMixin, FormView):
    template_name = "mapping/asset_form.html"
    form_class = AssetForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "place": self.place, "instance": self.get_asset()}

    def get_context_data(self, **kwargs):
        kwargs["asset"] = self.get_asset()
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        asset = self.get_asset()
        try:
            services.asset_update(
                place=self.place, actor=self.request.user, asset=asset, **form.cleaned_data
            )
        except RuleViolation as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s updated.") % {"name": asset.name})
        return redirect(_asset_list_url(self.place, asset))


class AssetRemoveView(AssetChangeMixin, RemoveView):
    def get_row(self):
        return self.get_asset()

    def describe(self, asset):
        return {
            "name": asset.name,
            "caption": asset.get_kind_display(),
            "heading": _("Remove this community asset?"),
            "explanation": _("It is taken off the asset map and list for good."),
            "back_url": _asset_list_url(self.place, asset),
            "button": _("Remove the asset"),
        }

    def remove(self, asset):
        services.asset_remove(place=self.place, actor=self.request.user, asset=asset)

    def after_url(self, asset):
        return _asset_list_url(self.place, asset)


class GapsView(MappingPage, PlacePermissionMixin, TemplateView):
    permission = "view_mapping_analysis"
    template_name = "mapping/gaps.html"

    def get_context_data(self, **kwargs):
        coverage = analysis.coverage_matrix(self.place)
        gaps = coverage.gaps
        by_theme = analysis.gaps_by_theme(coverage)
        outlines = selectors.area_outlines(self.place, gap_area_ids=[c.area.pk for c in gaps])
        kwargs.update(
            coverage=coverage,
            gaps=gaps,
            rules=analysis.rules(),
            by_theme=by_theme,
            chart={
                "labels": [r["theme"] for r in by_theme],
                "datasets": [
                    {
                        "label": _("Areas with high need"),
                        "data": [r["high_need"] for r in by_theme],
                    },
                    {"label": _("Gaps"), "data": [r["gaps"] for r in by_theme]},
                ],
            },
            map_data=_map_data(self.place, outlines=outlines) if outlines else None,
        )
        return super().get_context_data(**kwargs)


class OverlapsView(MappingPage, PlacePermissionMixin, TemplateView):
    permission = "view_mapping_analysis"
    template_name = "mapping/overlaps.html"

    def get_context_data(self, **kwargs):
        found = analysis.overlaps(self.place)
        by_theme = analysis.overlaps_by_theme(found)
        kwargs.update(
            overlaps=found,
            rules=analysis.rules(),
            by_theme=by_theme,
            chart={
                "labels": [r["theme"] for r in by_theme],
                "datasets": [
                    {"label": _("Open to all, in overlaps"), "data": [r["open"] for r in by_theme]},
                    {
                        "label": _("Specialist, complementary"),
                        "data": [r["specialist"] for r in by_theme],
                    },
                ],
            },
        )
        return super().get_context_data(**kwargs)


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


class ImportPreviewView(MappingPage, PlacePermissionMixin, TemplateView):
    """What the file would do, its problems by line and column, and the choice to import."""

    permission = "import_mapping_data"
    template_name = "mapping/import_preview.html"

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

    def post(self, request, *args, **kwargs):
        batch = self.get_batch()
        only_valid = request.POST.get("rows") == "valid"
        try:
            if len(batch.rows) > imports.LONG_IMPORT_ROWS:
                batch = services.import_queue(
                    place=self.place, actor=request.user, batch=batch, only_valid=only_valid
                )
            else:
                batch = services.import_commit(
                    place=self.place, actor=request.user, batch=batch, only_valid=only_valid
                )
        except RuleViolation as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if batch.status in (ImportStatus.QUEUED, ImportStatus.RUNNING):
                messages.success(request, _("The file is being imported: this page shows how far."))
            elif batch.status == ImportStatus.IMPORTED:
                messages.success(
                    request,
                    _("Imported: %(created)d added, %(updated)d updated, %(skipped)d left out.")
                    % {
                        "created": batch.created_count,
                        "updated": batch.updated_count,
                        "skipped": batch.skipped_count,
                    },
                )
            else:
                messages.error(request, _("Nothing was imported: the file has problems."))
        return redirect("places:mapping:import_preview", place_slug=self.place.slug, pk=batch.pk)


class ExportView(PlacePermissionMixin, View):
    """Download services, needs or assets as CSV or XLSX (formulas escaped), in the import columns:
    everything for coordinators, an organisation's own rows for its people."""

    permission = "import_mapping_data"

    def get(self, request, *args, **kwargs):
        kind = request.GET.get("kind", ImportKind.SERVICES)
        if kind not in ImportKind.values:
            raise Http404
        file_format = request.GET.get("format", "csv")
        stamp = timezone.localdate().isoformat()
        if file_format == "xlsx":
            body = imports.export_xlsx(self.place, request.user, kind)
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        elif file_format == "csv":
            body = imports.export_csv(self.place, request.user, kind)
            content_type = "text/csv; charset=utf-8"
        else:
            raise Http404
        response = HttpResponse(body, content_type=content_type)
        filename = f"{self.place.slug}-{kind}-{stamp}.{file_format}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class VocabularyView(MappingPage, PlacePermissionMixin, FormView):
    """The shared themes and communities, and this place's own additions to them."""

    permission = "manage_vocabulary"
    template_name = "mapping/vocabulary.html"
    form_class = VocabularyAdditionForm

    def get_context_data(self, **kwargs):
        kwargs["themes"] = selectors.themes_for_place(self.place)
        kwargs["communities"] = selectors.communities_for_place(self.place)
        kwargs["added_communities"] = set(
            CommunityAddition.objects.for_place(self.place).values_list("community_id", flat=True)
        )
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        add = services.theme_add if form.cleaned_data["what"] == "theme" else services.community_add
        try:
            added = add(place=self.place, actor=self.request.user, name=form.cleaned_data["name"])
        except RuleViolation as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("%(name)s added for %(place)s.") % {"name": added, "place": self.place}
        )
        return redirect("places:mapping:vocabulary", place_slug=self.place.slug)


class NeedEvidenceView(PlacePermissionMixin, View):
    """The document attached to a need, to people who may read needs (media is never served raw)."""

    permission = "view_needs"
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        need = get_object_or_404_in_place(
            selectors.needs_in_place(self.place), pk=self.kwargs["pk"]
        )
        if not need.evidence_file:
            raise Http404
        name = need.evidence_file.name
        return serve_upload(
            need.evidence_file,
            filename=f"evidence-{need.pk}{PurePosixPath(name).suffix}",
            content_type=NEED_EVIDENCE.content_type_of(name),
        )


OPEN_SERVICE_COLUMNS = [
    "id",
    "name",
    "organization",
    "description",
    "themes",
    "communities served",
    "specialist",
    "areas",
    "in person",
    "online",
    "by phone",
    "address",
    "postcode",
    "latitude",
    "longitude",
    "eligibility",
    "email",
    "phone",
    "website",
    "status",
    "last verified",
]


def open_services_csv(request, place_slug):
    """The public directory as one table (open data): the services the directory shows, with the
    HSDS ids the Open Referral API uses; no contact person's name."""
    place = request.place
    services = selectors.services_in_place(place, include_closed=False)
    links = selectors.service_links(place, services)  # not a prefetch per service

    def names(service, relation):
        return "; ".join(links[relation].get(service.pk, ()))

    whole_place = _("Whole place")
    statuses = {value: str(label) for value, label in ServiceStatus.choices}  # translated once
    rows = (
        [
            str(s.uuid),
            s.name,
            s.organisation.name,
            s.description,
            names(s, "themes"),
            names(s, "communities"),
            "yes" if s.is_specialist else "no",
            whole_place if s.whole_place else names(s, "areas"),
            "yes" if s.in_person else "no",
            "yes" if s.online else "no",
            "yes" if s.by_phone else "no",
            s.address,
            s.postcode,
            s.latitude if s.latitude is not None else "",
            s.longitude if s.longitude is not None else "",
            s.eligibility,
            s.contact_email,
            s.contact_phone,
            s.website,
            statuses.get(s.status, s.status),
            s.last_verified.isoformat() if s.last_verified else "",
        ]
        for s in services.prefetch_related(None)
    )
    response = HttpResponse(
        csv_text(OPEN_SERVICE_COLUMNS, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{place.slug}-services.csv"'
    return response
