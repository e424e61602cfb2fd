"""API: an organisation's kept documents, for its own people in this place (anyone else gets the
404 an organisation that does not exist would give). Read and added through the organisation."""

from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from coordination.api.serializers import ModelSerializer, Serializer

from . import services
from .models import DocumentKind, OrganisationDocument
from .selectors import documents_of, is_member


class OrganisationDocumentSerializer(ModelSerializer):
    name = serializers.CharField(source="original_name", read_only=True, max_length=200)
    current = serializers.BooleanField(source="is_current", read_only=True)
    download = serializers.SerializerMethodField(
        help_text="The file, for the organisation's people (signed-in browser session)."
    )

    class Meta:
        model = OrganisationDocument
        fields = [
            "id",
            "kind",
            "title",
            "name",
            "content_type",
            "size",
            "dated_on",
            "valid_until",
            "uploaded_at",
            "superseded_at",
            "current",
            "download",
        ]
        read_only_fields = fields

    def get_download(self, document) -> str:
        path = reverse(
            "places:organisation_document_download",
            kwargs={"place_slug": self.context["place"].slug, "pk": document.pk},
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class OrganisationDocumentUploadSerializer(Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    title = serializers.CharField(max_length=200)
    file = serializers.FileField(allow_empty_file=True, help_text="PDF, Word, Excel and so on.")
    dated_on = serializers.DateField(required=False, allow_null=True)
    valid_until = serializers.DateField(required=False, allow_null=True)


class DocumentsActionMixin:
    """``GET/POST organisations/<id>/documents/`` on the organisations' viewset."""

    def _member_organisation(self):
        organisation = self.get_object()
        if not is_member(self.request.user, self.place, organisation):
            raise Http404
        return organisation

    def _documents(self, organisation):
        return Response(
            OrganisationDocumentSerializer(
                documents_of(organisation), many=True, context=self.get_serializer_context()
            ).data
        )

    @extend_schema(
        methods=["GET"], request=None, responses=OrganisationDocumentSerializer(many=True)
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": OrganisationDocumentUploadSerializer},
        responses=OrganisationDocumentSerializer(many=True),
    )
    def documents(self, request, *args, **kwargs):
        """The organisation's kept documents, current and earlier versions (its own people only).
        POST keeps a new one (multipart): it supersedes the current one of its kind, and every
        bid after fills the programme's document of that kind with it."""
        organisation = self._member_organisation()
        if request.method == "POST":
            payload = OrganisationDocumentUploadSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            services.document_add(
                place=self.place,
                actor=request.user,
                organisation=organisation,
                **payload.validated_data,
            )
        return self._documents(organisation)
