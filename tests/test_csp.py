"""The Content Security Policy: on every page, a fresh nonce each time, no 'unsafe-inline', and every
<script> and <style> the pages render carries that response's nonce (no inline handlers or styles).

The browser's side (nothing is refused while the maps, charts, htmx and API docs work) is
tests/browser/test_csp_browser.py.
"""

from decimal import Decimal
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from boards.models import Board
from coordination.accounts.models import User
from coordination.places.models import Place
from mapping.models import Asset, AssetKind

FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"
# Whitenoise looks for collectstatic's output, which these tests do not need.
pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")


def policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def nonce_of(response):
    sources = [s for s in policy(response)["script-src"] if s.startswith("'nonce-")]
    assert len(sources) == 1, response["Content-Security-Policy"]
    return sources[0][len("'nonce-") : -1]


class _Elements(HTMLParser):
    """Every <script> and <style> with its attributes; every inline handler or style attribute."""

    def __init__(self):
        super().__init__()
        self.inline = []  # (tag, attrs) of <script> and <style>
        self.refused = []  # attributes the policy refuses in markup

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self.inline.append((tag, attrs))
        for name, value in attrs.items():
            if name == "style" or name.startswith("on"):
                self.refused.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action") and (value or "").lower().startswith(
                "javascript:"
            ):
                self.refused.append(f"<{tag} {name}={value!r}>")


def assert_page_keeps_to_the_policy(response):
    assert response.status_code in (200, 400, 403, 404, 500), response.status_code
    assert response["Content-Type"].startswith("text/html")
    directives = policy(response)
    nonce = nonce_of(response)
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in directives[directive]
        assert "'unsafe-eval'" not in directives[directive]
        assert f"'nonce-{nonce}'" in directives[directive]
    parser = _Elements()
    parser.feed(response.content.decode())
    assert parser.inline, "expected at least the js-enabled <script> of base.html"
    for tag, attrs in parser.inline:
        if tag == "script" and attrs.get("src"):
            continue  # a file from this site: 'self'
        if tag == "script" and attrs.get("type") == "application/json":
            continue  # json_script data, never run
        assert attrs.get("nonce") == nonce, f"<{tag} {attrs}> lacks this response's nonce"
    assert not parser.refused, parser.refused
    return parser


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data in all three places, built once for the module and rolled back at its end."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=[FAST_HASHER]):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", stdout=StringIO())
            bucks = Place.objects.get(slug="buckinghamshire")
            # An asset with coordinates puts the asset map (Leaflet) on the page.
            Asset.objects.create(
                place=bucks,
                kind=AssetKind.values[0],
                name="Market square",
                latitude=Decimal("51.81"),
                longitude=Decimal("-0.81"),
            )
            yield bucks
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def admin_client(demo, db):
    client = Client()
    client.force_login(User.objects.get(email="admin@buckinghamshire.demo.inplace.example"))
    return client


def test_the_policy_is_the_one_the_issue_asks_for(demo, db):
    response = Client().get("/")
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"][0] == "'self'"
    assert directives["style-src"][0] == "'self'"
    assert directives["img-src"] == ["'self'", "data:"]  # no tile server is set
    assert directives["connect-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]


def test_each_response_has_a_fresh_nonce(demo, db):
    client = Client()
    nonces = {nonce_of(client.get("/")) for _ in range(3)}
    assert len(nonces) == 3
    page = client.get("/")
    assert f'nonce="{nonce_of(page)}"' in page.content.decode()


def test_the_place_colour_comes_from_a_stylesheet_not_an_inline_style(demo, db):
    demo.primary_colour = "#00703c"
    demo.save(update_fields=["primary_colour"])
    page = Client().get(f"/{demo.slug}/").content.decode()
    stylesheet = f"/{demo.slug}/colour.css?v="
    assert stylesheet in page
    response = Client().get(f"/{demo.slug}/colour.css")
    assert response["Content-Type"].startswith("text/css")
    assert "--inplace-place-colour: #00703c;" in response.content.decode()


def test_the_map_tile_server_is_the_only_other_image_source():
    from coordination.settings import _tile_origin

    assert _tile_origin("") == []
    assert _tile_origin("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == [
        "https://tile.openstreetmap.org"
    ]
    assert _tile_origin("https://{s}.tiles.example.org/v1/{z}/{x}/{y}.png") == [
        "https://*.tiles.example.org"
    ]


def _urls(place):
    board = Board.objects.for_place(place).order_by("pk").first()
    return {
        "home": "/",
        "place home": reverse("places:home", kwargs={"place_slug": place.slug}),
        "board": reverse(
            "places:boards:board_detail", kwargs={"place_slug": place.slug, "pk": board.pk}
        ),
        "funding figures": reverse("places:funding:figures", kwargs={"place_slug": place.slug}),
        "asset map": reverse("places:mapping:asset_list", kwargs={"place_slug": place.slug}),
        "service map": reverse("places:mapping:service_map", kwargs={"place_slug": place.slug}),
        "gaps": reverse("places:mapping:gaps", kwargs={"place_slug": place.slug}),
        "overlaps": reverse("places:mapping:overlaps", kwargs={"place_slug": place.slug}),
        "organisations": reverse("places:organisation_list", kwargs={"place_slug": place.slug}),
        "digest preview": reverse(
            "places:notifications:preview", kwargs={"place_slug": place.slug}
        ),
        "sign in": reverse("account_login"),
        "not found": f"/{place.slug}/no-such-page/",
    }


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "place home",
        "board",
        "funding figures",
        "asset map",
        "service map",
        "gaps",
        "overlaps",
        "organisations",
        "digest preview",
        "sign in",
        "not found",
    ],
)
def test_every_script_and_style_on_the_pages_carries_the_nonce(admin_client, demo, name):
    client = Client() if name == "sign in" else admin_client
    response = client.get(_urls(demo)[name])
    parser = assert_page_keeps_to_the_policy(response)
    if name in ("funding figures", "gaps", "overlaps"):
        assert any("chart" in (a.get("src") or "") for _t, a in parser.inline)
    if name == "asset map":
        assert Asset.objects.for_place(demo).filter(latitude__isnull=False).exists()
        assert "data-inplace-map" in response.content.decode()


def test_a_form_with_errors_keeps_to_the_policy(admin_client, demo):
    url = reverse("places:mapping:asset_create", kwargs={"place_slug": demo.slug})
    response = admin_client.post(url, {"name": ""})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert_page_keeps_to_the_policy(response)


def test_the_api_docs_keep_to_the_policy(demo, db):
    response = Client().get(reverse("api-docs"))
    parser = assert_page_keeps_to_the_policy(response)
    # Swagger UI's start-up script is a file of its own (the split view), never inline.
    assert all(a.get("src") for t, a in parser.inline if t == "script")
    script = Client().get(reverse("api-docs") + "?script=")
    assert script["Content-Type"].startswith("application/javascript")


def test_the_digest_preview_frame_has_a_policy_of_its_own(admin_client, demo):
    member = User.objects.get(email="resident@buckinghamshire.demo.inplace.example")
    args = {"place_slug": demo.slug}
    page = admin_client.get(
        reverse("places:notifications:preview", kwargs=args) + f"?member={member.pk}"
    )
    assert_page_keeps_to_the_policy(page)
    frame = admin_client.get(
        reverse("places:notifications:preview_html", kwargs=args) + f"?member={member.pk}"
    )
    assert frame.status_code == 200
    directives = policy(frame)
    # Email markup needs style attributes; nothing in this document can run, load or send.
    assert directives["default-src"] == ["'none'"]
    assert directives["style-src"] == ["'unsafe-inline'"]
    assert "sandbox" in directives and "script-src" not in directives
    assert directives["frame-ancestors"] == ["'self'"]
    assert frame["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.urls("tests.support.urls_failing")
def test_the_server_error_page_styles_itself_with_the_nonce(db):
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert_page_keeps_to_the_policy(response)
