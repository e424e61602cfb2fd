"""Answer a visitor's GET of a place's public page from the cache, and keep what may be kept.

Sits just after PlaceMiddleware (``request.place`` is known when its ``process_view`` runs) and
before CsrfViewMiddleware, MessageMiddleware and the sign-in middleware, so a response they add a
cookie to (a CSRF token used by a form, a message kept for the next page, a session changed) is
seen with that cookie here and is not kept. The rules are in docs/caching.md.
"""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, get_max_age, patch_cache_control, patch_vary_headers

from coordination.api.errors import is_api_path
from coordination.ops.outage_errors import CACHE_ERRORS

from .versions import PREFIX, versions

HIT_HEADER = "X-Public-Cache"
# Request headers that say who is asking: a request carrying one is never answered from the cache.
# (API tokens and partner keys both come in the Authorization header.)
CREDENTIAL_HEADERS = ("HTTP_AUTHORIZATION",)
# What a cached response may vary on: the key holds the Accept header; Cookie only tells shared
# caches that a signed-in person gets another page; the other two are added per response outside.
VARY_ALLOWED = {"cookie", "accept", "accept-encoding", "origin"}
REFUSING_DIRECTIVES = {"private", "no-store", "no-cache"}
# Headers added again by the middleware outside this one for every response (the CSP header holds
# the response's own nonce): never stored.
NOT_KEPT = {"content-security-policy", "content-length", "set-cookie", HIT_HEADER.lower()}


def _seconds():
    return settings.PUBLIC_PAGE_CACHE_SECONDS


def _is_visitor(request):
    if any(request.META.get(header) for header in CREDENTIAL_HEADERS):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _messages_pending(request):
    return len(messages.get_messages(request)) > 0


def _key(request, place_version, every_version):
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    material = "\n".join(
        [
            request.build_absolute_uri(request.path),
            query,
            request.META.get("HTTP_ACCEPT", ""),
            # htmx asks for a fragment of a page with this header.
            request.META.get("HTTP_HX_REQUEST", ""),
        ]
    )
    digest = hashlib.sha256(material.encode()).hexdigest()
    # Each web process keeps the places it read for PLACE_CACHE_SECONDS: a process still holding
    # a place from before its last change keys its pages apart from those of the changed place.
    place_saved = int(request.place.updated_at.timestamp() * 1000)
    return f"{PREFIX}:{request.place.pk}:{place_saved}:{place_version}:{every_version}:{digest}"


def _throttle_allows(request):
    """An API answer from the cache still counts against the visitor's rate limit."""
    from coordination.api.throttling import AnonRateThrottle

    return AnonRateThrottle().allow_request(request, None)


def _used_csp_nonce(request):
    """The response's CSP nonce if the page used one (django-csp's lazy nonce is false until
    read)."""
    nonce = getattr(request, "csp_nonce", None)
    return str(nonce) if nonce else None


def _refuses(response):
    directives = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
        if part.strip()
    }
    return bool(directives & REFUSING_DIRECTIVES)


def _varies_only_on_allowed(response):
    varies = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    return varies <= VARY_ALLOWED


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.public_page_cache_key = None
        response = self.get_response(request)
        return self._after(request, response)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not (
            _seconds() > 0
            and request.method in ("GET", "HEAD")
            and getattr(request, "place", None) is not None
            and _is_visitor(request)
            and not _messages_pending(request)
        ):
            return None
        try:
            key = _key(request, *versions(request.place.pk))
            entry = cache.get(key)
        except CACHE_ERRORS:
            return None
        request.public_page_cache_key = key
        if entry is None:
            return None
        if is_api_path(request.path_info) and not _throttle_allows(request):
            return None  # the view answers 429 as before
        request.public_page_cache_hit = True
        return self._from_entry(request, entry)

    def _from_entry(self, request, entry):
        content = entry["content"]
        if entry["nonce"]:
            # The page's inline scripts and styles get this response's own nonce, which the CSP
            # middleware then puts in the header: a nonce is never reused between responses.
            content = content.replace(entry["nonce"].encode(), str(request.csp_nonce).encode())
        response = HttpResponse(content, status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response[HIT_HEADER] = "hit"
        self._visitor_headers(response)
        return response

    def _visitor_headers(self, response):
        patch_vary_headers(response, ("Cookie",))
        max_age = get_max_age(response)
        browser = settings.PUBLIC_PAGE_BROWSER_SECONDS
        patch_cache_control(
            response, public=True, max_age=browser if max_age is None else min(max_age, browser)
        )

    def _after(self, request, response):
        key = request.public_page_cache_key
        if getattr(request, "public_page_cache_hit", False):
            return response
        if key is None:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and "Cache-Control" not in response:
                # A signed-in person's page is theirs alone: no shared cache may keep it.
                patch_cache_control(response, private=True)
            return response
        if self._keepable(request, response):
            entry = {
                "status": response.status_code,
                "headers": [
                    (name, value)
                    for name, value in response.items()
                    if name.lower() not in NOT_KEPT
                ],
                "content": response.content,
                "nonce": _used_csp_nonce(request),
            }
            try:
                cache.set(key, entry, _seconds())
            except CACHE_ERRORS:
                return response
            response[HIT_HEADER] = "miss"
            self._visitor_headers(response)
        return response

    def _keepable(self, request, response):
        return (
            request.method == "GET"
            and response.status_code == 200
            and not response.streaming
            # A view that sets its own ETag (an export's built file) answers If-None-Match and
            # says how long its answer keeps itself: nothing to add, and nothing to keep.
            and not response.has_header("ETag")
            and not response.cookies
            and not _refuses(response)
            and _varies_only_on_allowed(response)
            and _is_visitor(request)
            and not request.session.modified
            and not _messages_pending(request)
            and b"csrfmiddlewaretoken" not in response.content
        )
