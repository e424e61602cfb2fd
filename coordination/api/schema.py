"""OpenAPI generation: the error shape on every operation, and the place in every place path."""

from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework import permissions

from coordination.places.selectors import no_place_message

from .errors import ErrorSerializer, error_body

PLACE_PARAMETER = OpenApiParameter(
    "place_slug",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description=(
        "The place's slug, as in GET /api/v1/places/ (e.g. coventry). An unknown place is a 404."
    ),
)

ERROR_DESCRIPTIONS = {
    "400": (
        "Not valid: `error.fields` lists the messages for each field "
        "(malformed JSON has no fields)."
    ),
    "401": (
        "Not signed in: send `Authorization: Token <key>` (from POST /api/v1/auth/token/) "
        "or a session cookie."
    ),
    "403": (
        "Signed in, but your roles in this place do not allow this; or `mfa_required`: your "
        "account (or, for a partner key, its maker's) must set up two-factor authentication "
        "in the browser first; or a partner key asked for something outside its own place's "
        "resources (it never acts as the person who made it)."
    ),
    "404": (
        "No such place, or no such object in this place (another place's object is the same 404)."
    ),
    "415": (
        "The body is not in a form this operation reads: send `Content-Type: application/json` "
        "(or a form or multipart body, where documented)."
    ),
    "429": "Too many requests: wait `error.retry_after` seconds (also in the Retry-After header).",
}


def requires_authentication(view):
    """Whether the view's permissions refuse an anonymous person for the current action."""
    for permission in view.get_permissions():
        if isinstance(permission, permissions.AllowAny):
            continue
        check = getattr(permission, "requires_authentication", None)
        if check is not None and not check(view):
            continue
        return True
    return False


def may_refuse_signed_in(view):
    """Whether a signed-in person can still be refused (403): anything beyond IsAuthenticated."""
    return requires_authentication(view) and any(
        not isinstance(p, (permissions.AllowAny, permissions.IsAuthenticated))
        for p in view.get_permissions()
    )


class AutoSchema(SpectacularAutoSchema):
    def get_tags(self):
        # /api/v1/places/{place_slug}/<resource>/...: tag by the resource, not "places".
        parts = [p for p in self.path.split("/") if p]
        if "{place_slug}" in parts and parts.index("{place_slug}") + 1 < len(parts):
            return [parts[parts.index("{place_slug}") + 1]]
        return super().get_tags()

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if "{place_slug}" in self.path and not any(
            isinstance(p, OpenApiParameter) and p.name == "place_slug" for p in parameters
        ):
            parameters.append(PLACE_PARAMETER)
        return parameters

    def get_auth(self):
        auths = super().get_auth()
        if not requires_authentication(self.view) and {} not in auths:
            auths.append({})  # anonymous use is allowed too
        return auths

    def _error_codes(self):
        codes = []
        writes = self.method in ("POST", "PUT", "PATCH")
        # A list refuses a bad cursor, page size or filter; any read refuses unknown parameters.
        filtered = self.method == "GET" and (
            self._is_list_view()
            or bool(getattr(self.view, "filter_backends", None))
            or any(
                getattr(p, "location", None) == OpenApiParameter.QUERY
                for p in self.get_override_parameters()
            )
        )
        if writes or filtered:
            codes.append("400")
        if requires_authentication(self.view):
            codes.append("401")
        # A signed-in caller may be refused for their roles, for the two-factor set-up they owe
        # (mfa_required), or, with a partner key, for acting as a person outside its place.
        if requires_authentication(self.view) or may_refuse_signed_in(self.view):
            codes.append("403")
        if "{" in self.path:
            codes.append("404")
        if writes:
            codes.append("415")  # DRF's answer to a body without a Content-Type it parses
        if self.view.get_throttles():
            codes.append("429")
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code not in responses:
                examples = self._not_found_examples() if code == "404" else []
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(
                        ErrorSerializer, description=ERROR_DESCRIPTIONS[code], examples=examples
                    ),
                    code,
                    direction=direction,
                )
        return responses

    def _model(self):
        """The model the view looks objects up in, by the first of its declarations found."""
        if getattr(self.view, "model", None) is not None:
            return self.view.model
        queryset = getattr(self.view, "queryset", None)
        if queryset is not None:
            return queryset.model
        serializer = self._get_serializer()
        return getattr(getattr(serializer, "Meta", None), "model", None)

    def _not_found_examples(self):
        """What a 404 from this operation says: no such place, or no such object in it."""
        examples = []
        if "{place_slug}" in self.path:
            examples.append(
                OpenApiExample(
                    "NoPlace",
                    summary=_("No such place"),
                    value=error_body(404, "not_found", no_place_message("atlantis")),
                )
            )
        model = self._model()
        looks_up = self.path.rstrip("/").rsplit("/", 1)[-1].startswith("{") or (
            self.path.count("{") > self.path.count("{place_slug}")
        )
        if looks_up and model is not None:
            # Django's get_object_or_404 wording, the same for another place's object.
            message = _("No %s matches the given query.") % model._meta.object_name
            examples.append(
                OpenApiExample(
                    "NotFound",
                    summary=_("Not in this place (or another place's)"),
                    value=error_body(404, "not_found", message),
                )
            )
        return examples
