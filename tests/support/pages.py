"""Every browser page of the site, found from the URLconf, with an address that really answers:
for the page sweeps (tests/browser/test_reflow_sweep.py).

``page_routes()`` is every route a browser may GET for a page (not the API, not the Django
admin), less ``EXCLUDED`` (downloads, redirects, pages that need a one-time key). For a route
taking object ids, ``find_address`` tries the ids of the isolation world's place A
(tests/support/isolation.py) until the route answers a page with one of them.
"""

import re
import uuid

from django.urls import resolve
from django.urls.converters import IntConverter, SlugConverter, UUIDConverter
from django.urls.exceptions import Resolver404

from tests.support.routes import PLACE_KWARG, ROUTES

# Routes that are no page to look at (route name -> why). A new route that is a page needs no
# entry: the sweep finds it, and fails if it cannot reach it.
EXCLUDED = {
    "healthz": "a health check for the load balancer, not a page",
    "readyz": "a readiness check for the load balancer, not a page",
    "metrics": "Prometheus's text for a scraper",
    "api-not-found": "the API's JSON 404 for unknown API addresses",
    "places:colour_css": "the place's colour as a stylesheet",
    "places:pick": "a picker's suggestions as JSON; test_pickers_journey checks the forms that "
    "use them with axe and at 320 px",
    "places:mapping:open_services_csv": "a CSV download",
    "places:mapping:service_geojson": "map points for scripts (GeoJSON), not a page",
    "places:mapping:asset_geojson": "map points for scripts (GeoJSON), not a page",
    "places:mapping:export": "a CSV download",
    "places:boards:person_calendar": "an iCalendar feed",
    "places:boards:board_calendar": "an iCalendar feed",
    "places:boards:paper_download": "a paper's file, downloaded",
    "places:funding:attachment_download": "an attachment's file, downloaded",
    "places:funding:bid_document_download": "a document a bid was sent with, downloaded",
    "places:organisation_document_download": "an organisation's kept document, downloaded",
    "account_data_download": "a person's own zip of their data, downloaded",
    "account_terms": "a redirect unless the terms changed since the person accepted them; "
    "test_statements_journey checks it with axe and at 320 px when they have",
    "places:funding:grants_json": "the 360Giving JSON download",
    "places:funding:grants_csv": "the 360Giving CSV download",
    "places:commissioning:ocds": "the OCDS JSON download",
    "places:commissioning:ocds_csv": "a CSV download",
    "places:notifications:open": "opens a notification: a redirect to what it is about",
    "places:notifications:my_digest_html": "the digest email's HTML, shown in a frame of "
    "my_digest (which the sweep walks)",
    "places:notifications:preview_html": "the digest email's HTML, shown in a frame of preview "
    "(which the sweep walks)",
    "places:notifications:unsubscribe": "needs a signed link from an email",
    "places:mapping:need_evidence": "a need's evidence file, downloaded",
    "mfa_download_recovery_codes": "a text file download",
    "mfa_activate_totp": "for people without an authenticator, which the sweep's person has "
    "(tests/browser/test_accessibility_sweep.py checks the page)",
    "account_confirm_email": "needs an email confirmation key",
    "account_reset_password_from_key": "needs a password reset key",
    "account_confirm_login_code": "only in the middle of signing in by code (redirects)",
    "account_confirm_reauthentication_code": "only in the middle of reauthenticating (redirects)",
    "account_request_reauthentication_code": "only in the middle of reauthenticating (redirects)",
    "mfa_authenticate": "only in the middle of signing in with two factors (redirects)",
    "mfa_reauthenticate": "only in the middle of reauthenticating (redirects)",
    "account_reauthenticate": "only when a change asks to reauthenticate (redirects)",
    "account_set_password": "for accounts without a password: redirects those with one",
    "account_email_verification_sent": "only after signing up (redirects)",
    "account_reset_password_from_key_done": "only after resetting a password",
    "mfa_deactivate_totp": "needs reauthentication first (redirects)",
    "mfa_generate_recovery_codes": "needs reauthentication first (redirects)",
    "mfa_view_recovery_codes": "needs reauthentication first (redirects)",
}
EXCLUDED_PREFIXES = {
    "admin/": "Django's own admin, for superusers: not the service's pages",
}
# Pages under /api/ that are for people to read in a browser.
API_PAGES = {"api-docs"}

MAX_TRIES = 60


def _is_excluded(route):
    return route.name in EXCLUDED or any(route.text.startswith(p) for p in EXCLUDED_PREFIXES)


def candidate_routes():
    """Every route a browser may GET, before exclusions."""
    found = []
    for route in ROUTES:
        if route.is_api and route.name not in API_PAGES:
            continue
        methods = route.methods()
        if methods is not None and "GET" not in methods:
            continue
        found.append(route)
    return found


def page_routes():
    return [r for r in candidate_routes() if not _is_excluded(r)]


def _fits(converter, value):
    if isinstance(converter, IntConverter):
        return isinstance(value, int)
    if isinstance(converter, UUIDConverter):
        try:
            uuid.UUID(str(value))
        except ValueError:
            return False
        return True
    if isinstance(converter, SlugConverter) and not isinstance(value, str):
        return False
    return bool(re.fullmatch(getattr(converter, "regex", "[^/]+"), str(value)))


def _model_label(route):
    cls = getattr(route.callback, "view_class", None) or getattr(route.callback, "cls", None)
    model = getattr(cls, "model", None) or getattr(getattr(cls, "queryset", None), "model", None)
    return model._meta.label_lower if model is not None else None


def _values_for(route, kwarg, identifiers):
    """Place A's identifiers that fit kwarg: the view's own model's first, then every other."""
    converter = route.converters[kwarg]
    label = _model_label(route) if route.object_kwargs == [kwarg] else None
    ordered = sorted(identifiers.values.get(label, set()), key=str) if label else []
    for values in identifiers.by_field.values():
        ordered.extend(sorted(values, key=str))
    seen, fitting = set(), []
    for value in ordered:
        key = (type(value), value)
        if key not in seen and _fits(converter, value):
            seen.add(key)
            fitting.append(converter.to_python(str(value)) if converter else value)
    return fitting


def addresses(route, place, identifiers):
    """Addresses of the route in place to try, its object ids taken from identifiers."""
    if not route.object_kwargs:
        url = route.url({PLACE_KWARG: place.slug} if PLACE_KWARG in route.converters else {})
        return [url] if url else []
    if len(route.object_kwargs) > 1:
        return []  # no page takes two ids yet: the sweep says so if one does
    (kwarg,) = route.object_kwargs
    found = []
    for value in _values_for(route, kwarg, identifiers)[:MAX_TRIES]:
        url = route.url({PLACE_KWARG: place.slug, kwarg: value})
        try:
            if url and resolve(url).func is route.callback:
                found.append(url)
        except Resolver404:
            continue
    return found


def is_page(response):
    return response.status_code == 200 and response.get("Content-Type", "").startswith("text/html")


def find_address(route, place, identifiers, clients):
    """(url, who) of the first address the route answers with a page, asked by each client in
    turn ({who: Django test client}); or (None, what each said)."""
    said = []
    for url in addresses(route, place, identifiers):
        for who, client in clients.items():
            response = client.get(url)
            if is_page(response):
                return url, who
            said.append(f"{who} {url}: {response.status_code}")
    return None, said[:6]
