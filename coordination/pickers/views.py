"""The suggestions a picker shows as someone types: ``GET /<place>/pick/<source>/?q=``.

JSON, for the page's own script: ``{"results": [{"id": 1, "label": "...", "hint": "..."}]}``, at
most ten, names that start with the text first. Only someone the source allows in this place gets
an answer (403 otherwise, and sign-in first for a visitor); nothing is cached on the way.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from .matching import LIMIT
from .registry import source as source_named


@require_GET
def pick(request, place_slug, source):
    found = source_named(source)
    if found is None:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not found.may_use(request.user, request.place):
        raise PermissionDenied
    rows = found.matching(request.place, request.GET.get("q", ""))[:LIMIT]
    results = [
        {"id": row.pk, "label": found.label(row), "hint": found.hint(row) if found.hint else ""}
        for row in rows
    ]
    response = JsonResponse({"results": results})
    response["Cache-Control"] = "private, no-store"
    return response
