"""Every page type at 320 CSS pixels wide (WCAG 1.4.10 reflow), with axe-core, and keyboard focus
that shows.

The pages come from the URLconf (tests/support/pages.py), not a list: every route a browser may
GET, with the objects of the isolation world's place A (Buckinghamshire, tests/support/isolation.py),
asked for as a person holding every role there (a place admin among them) and, for the pages
only visitors see (signing in, signing up), as a visitor. A new page is swept without editing this
file; one the sweep cannot reach fails it, until its objects are built or it is excluded in
``EXCLUDED`` with the reason (a download, a redirect, a page that needs a one-time key).
"""

from urllib.parse import urlsplit

import pytest
from django.test import Client

from coordination.places.models import Place
from tests.support.isolation import build_world
from tests.support.pages import (
    EXCLUDED,
    EXCLUDED_PREFIXES,
    candidate_routes,
    find_address,
    page_routes,
)

pytestmark = pytest.mark.django_db(transaction=True)

NARROW = {"width": 320, "height": 640}
TABS = 4

# What keyboard focus looks like: GOV.UK Frontend draws it as an outline or a box shadow (links:
# a yellow background with a black underline drawn as a shadow).
FOCUS_CHECK = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
    && style.outlineColor !== 'rgba(0, 0, 0, 0)';
  return {
    what: el.outerHTML.slice(0, 120),
    shown: outline || style.boxShadow !== 'none',
    inside: rect.width > 0 && rect.left >= -1 && rect.right <= window.innerWidth + 1,
  };
}"""


def _focus_problems(page):
    problems = []
    page.locator("body").focus()
    for _ in range(TABS):
        page.keyboard.press("Tab")
        found = page.evaluate(FOCUS_CHECK)
        if found is None:
            break
        if not found["shown"]:
            problems.append(f"no visible focus on {found['what']}")
        if not found["inside"]:
            problems.append(f"focused but off screen at 320 px: {found['what']}")
    return problems


def test_every_page_route_is_swept_or_excluded_with_a_reason():
    """A guard on the sweep: what it leaves out is listed with a reason, and still exists."""
    names = {r.name for r in candidate_routes()}
    stale = sorted(set(EXCLUDED) - names)
    assert not stale, f"excluded routes that no longer exist: {stale}"
    assert all(reason.strip() for reason in [*EXCLUDED.values(), *EXCLUDED_PREFIXES.values()])
    swept = {r.text for r in page_routes()}
    assert "<slug:place_slug>/members/" in swept
    assert "<slug:place_slug>/organisations/<int:pk>/" in swept
    assert "accounts/login/" in swept
    assert "api/docs/" in swept


def _signed_in_client(person):
    client = Client()
    client.force_login(person)
    return client


def test_every_page_reflows_at_320_px(page, live_server, reflow_check, settings):
    settings.MFA_REQUIRED_FOR_ADMINS = False  # signed in without the browser's two-factor step
    world = build_world()
    bucks = Place.objects.get(slug="buckinghamshire")
    person = world["a_person"]
    clients = {"admin": _signed_in_client(person), "visitor": Client()}

    visits, unreachable = {"admin": [], "visitor": []}, []
    for route in page_routes():
        url, who = find_address(route, bucks, world["a"], clients)
        if url is None:
            unreachable.append(f"{route.name or route.text}: {who}")
        else:
            visits[who].append(url)
    assert not unreachable, (
        "pages the sweep cannot reach: build their objects in tests/support/isolation.py or "
        "exclude them in tests/support/pages.py with the reason:\n" + "\n".join(unreachable)
    )

    cookie = clients["admin"].cookies[settings.SESSION_COOKIE_NAME].value
    failures = []
    page.set_viewport_size(NARROW)
    for who in ("admin", "visitor"):
        page.context.clear_cookies()
        if who == "admin":
            page.context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
            )
        for url in visits[who]:
            page.goto(live_server.url + url)
            if urlsplit(page.url).path != urlsplit(url).path:
                # Sent elsewhere (to accept new terms, to sign in): the page itself went unchecked.
                failures.append(f"{who} {url}: sent to {page.url} instead")
                continue
            try:
                reflow_check(page)
            except (AssertionError, pytest.fail.Exception) as exc:
                failures.append(f"{who} {url}: {exc}")
                continue
            failures.extend(f"{who} {url}: {p}" for p in _focus_problems(page))
    swept = len(visits["admin"]) + len(visits["visitor"])
    assert not failures, f"{len(failures)} of {swept} pages fail at 320 px:\n" + "\n".join(failures)
