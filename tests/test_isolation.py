"""THE isolation test: no route shows or changes place A's objects when asked through place B.

It walks every URL pattern (browser and API), serializer and form, and needs no editing when
routes are added:

* ``test_objects_of_another_place_are_404``: for every route that takes an object identifier (any
  kwarg but ``place_slug``) and every HTTP method it handles, it asks for place A's
  (Buckinghamshire's) identifiers that fit the kwarg's converter through place B (Sutton), as a
  person holding every role in B with a browser session and, on the API, with their token and
  with B's read and write partner keys. It expects a 404 whose body names none of A's objects (a
  key or token may get a 401/403 only where an identifier naming nothing gets the same), a 404 for
  B's partner keys at A's own addresses, and A's rows unchanged after every write. Afterwards, as a
  person holding every role in A, it checks that one of those identifiers is answered through A
  (a 2xx, or a redirect or validation error where an unknown identifier is a 404; never a 403):
  a route the test cannot really exercise fails it.
* ``test_ids_of_another_place_in_a_body_are_refused`` and
  ``test_forms_refuse_ids_of_another_place``: every writable related field of every API body, and
  every choice field of every form, given A's identifier, answers with an error on that field, and
  nothing changes.
* ``test_place_pages_show_nothing_of_another_place``: every route taking only ``place_slug`` (lists,
  forms, home pages, API lists) answers in B without A's names, emails or tokens: to a visitor (or
  sends them to sign in) and, followed through any redirect, to B's people and partners, with two-
  factor authentication required of admins as in production (the walk's people have set it up).

New apps add a builder of their objects to ``PLACE_A_BUILDERS`` in tests/support/isolation.py
(run for each place with n=1: one of each kind; B's are renamed afterwards). A route taking several
ids may narrow each kwarg to a model in ``KWARG_MODELS``.
Identifiers and identifying text are collected from every PlaceScoped model and every model
linked to places, so nothing else to list.
"""

import importlib
import inspect
import itertools
import re
import uuid
from types import SimpleNamespace

import pytest
from django import forms
from django.apps import apps
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.template import TemplateDoesNotExist
from django.test import Client, override_settings
from django.urls import resolve, reverse
from django.urls.converters import IntConverter, SlugConverter, UUIDConverter
from django.urls.exceptions import Resolver404
from rest_framework import relations, serializers
from rest_framework.permissions import SAFE_METHODS
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.throttling import SimpleRateThrottle

from boards.models import CommunityStructure, Meeting
from coordination.notifications.api import PersonNotPartnerKey
from coordination.organisations.selectors import organisations_in_place
from coordination.places.models import Place
from coordination.places.tenancy import place_scope, scopes_disabled
from coordination.search import highlight
from coordination.search.models import SearchEntry
from funding.models import Bid, BoardFund, BudgetRound, FundApplication
from tests.support.isolation import FAST_HASHER, build_world
from tests.support.routes import METHOD_ORDER, PLACE_KWARG, PLACE_PAGES, ROUTES, client_for

# Routes outside any place that take an identifier, and why they need no place check.
GLOBAL_ROUTE_PREFIXES = {
    "admin/": "the Django admin is for superusers across places and filters explicitly",
    "accounts/": "allauth: a person's own account, email confirmation and password-reset keys",
}

# Routes under a place whose identifier names a global object on purpose (route text -> reason).
GLOBAL_OBJECT_ROUTES = {}

# Fields of a body that name a global object on purpose: (model label, field) -> reason.
GLOBAL_BODY_FIELDS = {
    ("funding.programme", "places"): "a programme runs in other places its funder works in: "
    "funding.services refuses a place the funder does not work in, with an error on places",
}

# For a route with several identifiers: kwarg name -> model label whose identifiers to try.
KWARG_MODELS = {}
MAX_COMBINATIONS = 5000


def _is_global(route):
    return any(route.text.startswith(prefix) for prefix in GLOBAL_ROUTE_PREFIXES)


OBJECT_ROUTES = [r for r in ROUTES if r.object_kwargs and not _is_global(r)]


def candidates_for(converter, values):
    """The values a kwarg with this converter can take, as Python values for the URL."""
    out = set()
    for value in values:
        if isinstance(converter, IntConverter):
            if isinstance(value, int):
                out.add(value)
        elif isinstance(converter, UUIDConverter):
            try:
                out.add(uuid.UUID(str(value)))
            except ValueError:
                pass
        elif isinstance(value, str) or not isinstance(converter, SlugConverter):
            text = str(value)
            regex = getattr(converter, "regex", "[^/]+")
            if re.fullmatch(regex, text):
                out.add(converter.to_python(text) if converter else text)
    return sorted(out, key=str)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Both places with one object of each kind; a person with every role in each place, with
    an authenticator; B's token and partner keys.

    Built once for the module inside a transaction that is rolled back at its end; each test runs
    in a savepoint within it (as Django's setUpTestData does), so the walk does not rebuild it for
    each of its hundreds of routes.
    """
    if connection.vendor != "postgresql":
        pytest.skip("the walk moves id sequences and digests rows the PostgreSQL way")
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=[FAST_HASHER]):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def fingerprint(world, which="fingerprint"):
    """Place A's (or B's) rows as they are now, table by table."""
    sql, params = world[which]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


def changed_tables(before, after):
    return sorted(label for label in before if before[label] != after.get(label))


@pytest.fixture(autouse=True)
def _no_throttling(monkeypatch):
    # Hundreds of requests from one person: the throttle is not what is being tested.
    monkeypatch.setattr(SimpleRateThrottle, "allow_request", lambda self, request, view: True)


@pytest.fixture(autouse=True)
def _admins_need_mfa(settings):
    # As in production: the walk's people have an authenticator, so the pages really render.
    settings.MFA_REQUIRED_FOR_ADMINS = True


def model_label_of(route, kwarg):
    """The model a route's one identifier names, when its view says (a viewset's or a view's
    ``model``, or its ``queryset``'s)."""
    if kwarg in KWARG_MODELS:
        return KWARG_MODELS[kwarg]
    if route.object_kwargs != [kwarg]:
        return None  # several identifiers: which is the view's own model is not known
    cls = getattr(route.callback, "cls", None) or getattr(route.callback, "view_class", None)
    model = getattr(cls, "model", None)
    if model is None:
        queryset = getattr(cls, "queryset", None)
        model = getattr(queryset, "model", None)
    return model._meta.label_lower if model is not None else None


def pool_for(route, kwarg, world):
    """Place A's identifiers to try for one kwarg, none of them meaning anything in place B.

    With the route's model known: that model's identifiers, less B's of that model. Otherwise a
    few of every identifying field of every kind, less every identifier B has (any of them could be
    what it looks up).
    """
    converter = route.converters[kwarg]
    a, b = world["a"], world["b"]
    label = model_label_of(route, kwarg)
    if label is not None:
        taken = b.values.get(label, set()) | {str(v) for v in b.values.get(label, set())}
        pool = [v for v in candidates_for(converter, a.values.get(label, set())) if v not in taken]
        if pool:
            return pool
    taken = world["b_values"] | {str(v) for v in world["b_values"]}
    pool = []
    for values in a.by_field.values():  # a few from every field of every kind: pks, slugs, tokens
        fitting = [v for v in candidates_for(converter, values) if v not in taken]
        pool.extend(v for v in fitting[:3] if v not in pool)
    return pool


SESSION = "session"
API_CREDENTIALS = ["token", "partner read key", "partner write key"]


def attackers(route, world):
    """(name, client) for every way place B's people and partners ask: a browser session, and
    for the API a person's token and B's partner keys."""
    yield SESSION, client_for(route, world["b_person"])
    if route.is_api:
        for name in API_CREDENTIALS:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=world["credentials"][name])
            yield name, client


def send(client, route, method, url, data=None):
    if route.is_api:
        return getattr(client, method.lower())(url, data or {}, format="json")
    if method in ("GET", "DELETE"):
        return getattr(client, method.lower())(url)
    if method == "POST":
        return client.post(url, data or {})
    return getattr(client, method.lower())(
        url, "", content_type="application/x-www-form-urlencoded"
    )


def leaks(response, url, text):
    body = response.content.decode(errors="replace")
    body = body.replace(url, "")  # a page may echo the address asked for
    return sorted(t for t in text if t in body)


NOWHERE = {IntConverter: 2_000_000_000, UUIDConverter: uuid.UUID(int=0)}


def nowhere_url(route, values, place):
    """The same address with identifiers that name nothing anywhere (None if it cannot be)."""
    nowhere = {
        kwarg: NOWHERE.get(type(route.converters[kwarg]), "zz-nothing-here-zz") for kwarg in values
    }
    url = route.url({PLACE_KWARG: place.slug, **nowhere})
    try:
        match = resolve(url)
    except Resolver404:
        return None
    return url if match.func is route.callback else None


def _route_id(route):
    return route.text


def _reached(response, client, route, method, values, place):
    """Whether the route found the object: it answered it (2xx), or it answered something else
    than a refusal (a form's redirect, a body's validation error) where an identifier that names
    nothing gets a 404. A 403 is never reaching: it may come before the object is looked for."""
    status = response.status_code
    if 200 <= status < 300:
        return True
    if status >= 500 or status in (401, 403, 404, 405):
        return False
    if response.get("Location", "").startswith("/accounts/"):
        return False  # sent to sign in or to set up two-factor authentication
    other = nowhere_url(route, values, place)
    return other is not None and send(client, route, method, other).status_code == 404


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=_route_id)
def test_objects_of_another_place_are_404(route, world, bucks, sutton):
    if route.text in GLOBAL_OBJECT_ROUTES:
        pytest.fail(f"{route.text} is listed as global but takes a place: test it on its own terms")
    assert PLACE_KWARG in route.converters, (
        f"{route.text} takes an object identifier outside any place: put it under /<place_slug>/ "
        "or list its prefix in GLOBAL_ROUTE_PREFIXES with the reason"
    )
    a = world["a"]
    per_kwarg = {}
    for kwarg in route.object_kwargs:
        per_kwarg[kwarg] = pool_for(route, kwarg, world)
        assert per_kwarg[kwarg], f"{route.text}: no identifier of place A fits <{kwarg}>"
    combinations = [
        dict(zip(per_kwarg, values, strict=True))
        for values in itertools.product(*per_kwarg.values())
    ]
    assert len(combinations) <= MAX_COMBINATIONS, (
        f"{route.text}: {len(combinations)} combinations; narrow its kwargs in KWARG_MODELS"
    )
    methods = route.methods()
    methods = methods if methods is not None else METHOD_ORDER
    assert methods, f"{route.text}: the view handles no method the test knows"
    exercised = []
    for values in combinations:
        url = route.url({PLACE_KWARG: sutton.slug, **values})
        assert url is not None, (
            f"{route.text}: cannot build its address (regex route without a name?)"
        )
        try:
            match = resolve(url)
        except Resolver404:
            continue
        if match.func is not route.callback:
            continue  # the value made the address another route's (e.g. "new" for a slug)
        exercised.append(values)
    assert exercised, f"{route.text}: no identifier of place A makes an address for this route"

    # Through A first, as someone A lets do anything (each request undone): which of those
    # identifiers the route answers, so that B is asked for an object the route really serves,
    # and the 404s below come from the place scope, not from an identifier the route never uses.
    served, seen = _served(route, client_for(route, world["a_person"]), methods, exercised, bucks)
    if served is None:
        pytest.fail(
            f"{route.text}: none of place A's identifiers is answered through {bucks} "
            f"({'; '.join(seen[:5])}), so the test cannot exercise this route. Add the objects "
            "it serves to PLACE_A_BUILDERS."
        )

    # Through B, as someone B lets do anything, with each of B's credentials: that object is
    # simply not there, and nothing of A's changes. (The identifiers the route does not serve are
    # asked once each too, in a session.)
    changes = any(m not in SAFE_METHODS for m in methods)
    before = fingerprint(world) if changes else None
    failures = []
    for how, attacker in attackers(route, world):
        url = route.url({PLACE_KWARG: sutton.slug, **served})
        for method in methods:
            failure = _attack(route, attacker, how, method, url, served, sutton, a.text)
            if failure:
                failures.append(failure)
        if how == SESSION:
            for values in exercised:
                if values != served:
                    url = route.url({PLACE_KWARG: sutton.slug, **values})
                    failure = _attack(route, attacker, how, methods[0], url, values, sutton, a.text)
                    if failure:
                        failures.append(failure)
        if how.startswith("partner"):
            # A partner key works in its own place only: A's address is not there for it.
            url = route.url({PLACE_KWARG: bucks.slug, **served})
            for method in methods:
                status = send(attacker, route, method, url).status_code
                if status != 404:
                    failures.append(f"{how} {method} {url}: {status}, not 404")
    if changes:
        changed = changed_tables(before, fingerprint(world))
        if changed:
            failures.append(f"place A's rows changed in {changed}")
    assert not failures, f"{route.text} reaches place A's objects through {sutton}:\n" + "\n".join(
        failures[:20]
    )


def _served(route, owner, methods, exercised, place):
    """(the first identifiers the route answers in place, as its owner; what it said to others).

    Each request is undone (a savepoint rolled back), so a withdrawal or a deletion here leaves
    the object for B to be refused."""
    seen = []
    for values in exercised:
        url = route.url({PLACE_KWARG: place.slug, **values})
        for method in methods:
            with transaction.atomic():
                try:
                    response = send(owner, route, method, url)
                    reached = _reached(response, owner, route, method, values, place)
                except TemplateDoesNotExist:
                    reached = True  # the view found the object and went on to render it
                    response = None
                transaction.set_rollback(True)
            if reached:
                return values, seen
            seen.append(f"{method} {url}: {response.status_code}")
    return None, seen


def _attack(route, attacker, how, method, url, values, place, text):
    """What is wrong with B's answer to one request for A's object, or None."""
    try:
        response = send(attacker, route, method, url)
    except Exception as exc:  # noqa: BLE001 - any crash is a failure to report
        return f"{how} {method} {url}: raised {exc!r} instead of a 404"
    leaked = leaks(response, url, text)
    if leaked:
        return f"{how} {method} {url}: the response shows place A's {leaked[:3]}"
    status = response.status_code
    if status == 404 or (route.methods() is None and status == 405):
        return None
    if how != SESSION and status in (401, 403):
        # A credential may be refused the whole route (a read-only key writing, a route for
        # people only): fine if it is refused the same for an object that exists nowhere, so the
        # refusal says nothing about A's object.
        other = nowhere_url(route, values, place)
        if other is not None and send(attacker, route, method, other).status_code == status:
            return None
        return f"{how} {method} {url}: {status} where an unknown id gets another answer"
    return f"{how} {method} {url}: {status}, not 404"


def _signed_in_page(response):
    return response.status_code == 302 and response["Location"].startswith(
        reverse(django_settings.LOGIN_URL)
    )


@pytest.mark.parametrize("route", PLACE_PAGES, ids=_route_id)
def test_place_pages_show_nothing_of_another_place(route, world, sutton):
    methods = route.methods()
    url = route.url({PLACE_KWARG: sutton.slug})
    assert url is not None, f"{route.text}: cannot build its address"
    text = world["a"].text
    failures = []

    # A visitor sees the page, or is sent to sign in (the API: 401/403), and nothing of A's.
    response = (APIClient() if route.is_api else Client()).get(url)
    refused = _signed_in_page(response) or (route.is_api and response.status_code in (401, 403))
    if not (200 <= response.status_code < 300 or refused):
        failures.append(f"anonymous: {response.status_code} {response.get('Location', '')}")
    failures += [
        f"anonymous: shows place A's {leaked[:5]}"
        for leaked in [leaks(response, url, text)]
        if leaked
    ]

    # B's people (and partners) see the page itself, followed through any redirect, rendered.
    # A person's own (My work, notifications) refuses partner keys: they act for a system.
    people_only = PersonNotPartnerKey in getattr(
        getattr(route.callback, "cls", None), "permission_classes", ()
    )
    for how, client in attackers(route, world):
        response = client.get(url, follow=True)
        chain = [location for location, _status in response.redirect_chain]
        if any(location.startswith("/accounts/") for location in chain):
            failures.append(f"{how}: sent to {chain[-1]} instead of the page")
        elif people_only and how.startswith("partner") and response.status_code == 403:
            continue
        elif not (response.status_code < 300 or (methods is None and response.status_code == 405)):
            failures.append(f"{how}: {response.status_code} after {chain}")
        leaked = leaks(response, url, text)
        if leaked:
            failures.append(f"{how}: shows place A's {leaked[:5]}")
    assert not failures, f"GET {url} in {sutton}:\n" + "\n".join(failures)


# Search


def _search_words(bucks, sutton):
    """A dozen words of A's searchable records that nothing searchable of B's contains, in any
    case or (crudely) stemmed: a search for them in B must find nothing."""
    with scopes_disabled():
        b_text = " ".join(
            f"{title} {body}"
            for title, body in SearchEntry.objects.filter(place=sutton).values_list("title", "body")
        ).lower()
        a_text = " ".join(
            f"{title} {body}"
            for title, body in SearchEntry.objects.filter(place=bucks).values_list("title", "body")
        )
    words = {
        word.lower()
        for word in re.findall(r"[A-Za-z]{5,}", a_text)
        if word.lower() not in b_text and highlight.terms(word)[0] not in b_text
    }
    return sorted(words)[:: max(1, len(words) // 12)][:12]


def test_searching_another_place_finds_nothing_of_it(world, bucks, sutton):
    """B's people and partners search B, on the page and in the API, for words found only in A's
    records: nothing, and nothing of A's on the page; the same words in A find A's records."""
    words = _search_words(bucks, sutton)
    assert "quokka" in words, words
    text = world["a"].text
    page = SimpleNamespace(is_api=False)
    api = SimpleNamespace(is_api=True)
    failures = []
    for word in words:
        for route, url in (
            (page, f"/{sutton.slug}/search/"),
            (api, f"/api/v1/places/{sutton.slug}/search/"),
        ):
            for how, client in [
                ("visitor", APIClient() if route.is_api else Client()),
                *attackers(route, world),
            ]:
                response = client.get(url, {"q": word})
                if response.status_code != 200:
                    failures.append(f"{how} {url}?q={word}: {response.status_code}")
                    continue
                if route.is_api and response.json()["count"]:
                    failures.append(f"{how} {url}?q={word}: {response.json()['results'][:2]}")
                if not route.is_api and "search-results" in response.content.decode():
                    failures.append(f"{how} {url}?q={word}: shows results")
                leaked = leaks(response, url, text)
                if leaked:
                    failures.append(f"{how} {url}?q={word}: shows place A's {leaked[:5]}")
    assert not failures, "\n".join(failures[:20])
    a_client = client_for(page, world["a_person"])
    for word in words:
        found = a_client.get(f"/{bucks.slug}/search/", {"q": word}).content.decode()
        assert "search-results" in found, word


# Pickers


def test_picking_in_another_place_offers_nothing_of_it(world, bucks, sutton):
    """B's person, holding every role there, types the names of A's organisations and people into
    B's pickers: none is offered. A's person typing the same in A is offered each."""
    from coordination.accounts.models import User
    from coordination.organisations.models import Organisation

    with scopes_disabled():
        b_names = {
            "organisations": set(
                Organisation.objects.filter(places=sutton).values_list("name", flat=True)
            ),
            "people": set(
                User.objects.filter(memberships__place=sutton).values_list("name", flat=True)
            ),
        }
        a_names = {
            "organisations": Organisation.objects.filter(places=bucks).values_list(
                "name", flat=True
            ),
            "people": User.objects.filter(memberships__place=bucks).values_list("name", flat=True),
        }
        typed = {
            source: sorted({name for name in names if name and name not in b_names[source]})[:8]
            for source, names in a_names.items()
        }
    b_client = client_for(SimpleNamespace(is_api=False), world["b_person"])
    a_client = client_for(SimpleNamespace(is_api=False), world["a_person"])
    for source, names in typed.items():
        assert names, source
        for name in names:
            offered = b_client.get(f"/{sutton.slug}/pick/{source}/", {"q": name}).json()
            leaked = {r["label"] for r in offered["results"]} & set(names)
            assert not leaked, (source, name, leaked)
            found = a_client.get(f"/{bucks.slug}/pick/{source}/", {"q": name}).json()
            assert name in [r["label"] for r in found["results"]], (source, name)


# Identifiers in request bodies


def _serializer_for(route, method):
    """The serializer the API route reads its body with for method, or None.

    A viewset's create and update read its own serializer (for a change, built for an existing
    object: fields fixed once made are read only then); its other actions read the one they
    declare for the schema (drf-spectacular's ``get_request_serializer``)."""
    cls = route.callback.cls
    actions = getattr(route.callback, "actions", None) or {}
    view = cls(**(getattr(route.callback, "initkwargs", None) or {}))
    view.action_map = actions
    view.action = actions.get(method.lower())
    view.args, view.kwargs, view.format_kwarg = (), {}, None
    view.request = view.initialize_request(getattr(APIRequestFactory(), method.lower())("/"))
    if view.action in ("create", "update", "partial_update"):
        serializer_class = view.get_serializer_class()
        instance = None if view.action == "create" else serializer_class.Meta.model()
        return serializer_class(instance=instance, context={})
    view.swagger_fake_view = True  # as when the schema is made: no place, no object
    schema = view.schema() if isinstance(view.schema, type) else view.schema
    schema.view, schema.method, schema.path = view, method, "/" + route.text
    serializer = schema.get_request_serializer()
    if isinstance(serializer, type):
        serializer = serializer(context={})
    return serializer if isinstance(serializer, serializers.BaseSerializer) else None


def related_fields(serializer):
    """(field name, model, lookup field, many) for each writable link to another object."""
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    for name, field_ in serializer.fields.items():
        if field_.read_only or (model and (model._meta.label_lower, name) in GLOBAL_BODY_FIELDS):
            continue
        many = isinstance(field_, relations.ManyRelatedField)
        child = field_.child_relation if many else field_
        if isinstance(child, relations.RelatedField) and child.queryset is not None:
            yield name, child.queryset.model, getattr(child, "slug_field", "pk"), many


def _body_routes():
    """(route, method) for every API route that writes, and whose body links to other objects."""
    found = []
    for route in ROUTES:
        if not route.is_api or PLACE_KWARG not in route.converters:
            continue
        for method in route.methods() or []:
            if method in ("POST", "PUT", "PATCH"):
                serializer = _serializer_for(route, method)
                if serializer is not None and any(related_fields(serializer)):
                    found.append(pytest.param(route, method, id=f"{method} {route.text}"))
    return found


def _a_value(world, model, lookup):
    """One of place A's identifiers of model, by lookup field, that means nothing in B."""
    label = model._meta.label_lower
    if model is Place:
        return "buckinghamshire" if lookup == "slug" else None
    taken = world["b"].by_field.get((label, lookup), set())
    values = sorted(world["a"].by_field.get((label, lookup), set()) - taken, key=str)
    return values[0] if values else None


@pytest.mark.parametrize(("route", "method"), _body_routes())
def test_ids_of_another_place_in_a_body_are_refused(route, method, world, sutton):
    """Through B, a body naming A's objects (an organisation, board, meeting, area, theme,
    person, ...) is refused with an error on each of those fields, and nothing changes."""
    serializer = _serializer_for(route, method)
    body, named = {}, []
    for name, model, lookup, many in related_fields(serializer):
        value = _a_value(world, model, lookup)
        if value is not None:
            body[name] = [value] if many else value
            named.append(name)
    if not named:
        pytest.skip("place A has nothing of the kinds this body links to")
    values = {}
    for kwarg in route.object_kwargs:  # a change to one of B's own objects
        label = model_label_of(route, kwarg)
        own = sorted(world["b"].by_field.get((label, "pk"), set())) if label else []
        if not own:
            pytest.skip(f"place B has no object for <{kwarg}> to change")
        values[kwarg] = own[0]
    url = route.url({PLACE_KWARG: sutton.slug, **values})
    client = client_for(route, world["b_person"])  # (signing in changes B's person: before this)
    before = fingerprint(world), fingerprint(world, "b_fingerprint")
    response = send(client, route, method, url, body)
    assert response.status_code == 400, f"{method} {url} {body}: {response.status_code}"
    fields = response.json()["error"].get("fields") or {}
    missing = [name for name in named if name not in fields]
    assert not missing, f"{method} {url} {body}: no error on {missing}, only {fields}"
    after = fingerprint(world), fingerprint(world, "b_fingerprint")
    assert changed_tables(before[0], after[0]) == changed_tables(before[1], after[1]) == []


def _project_forms():
    """Every form class of the project's apps that links to other objects by a choice field."""
    for config in apps.get_app_configs():
        if config.name.split(".")[0] in PROJECT_PACKAGES:
            try:
                importlib.import_module(f"{config.name}.forms")
            except ModuleNotFoundError:
                pass

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    found = {}
    for form in subclasses(forms.BaseForm):
        if form.__module__.split(".")[0] not in PROJECT_PACKAGES:
            continue
        if any(isinstance(f, forms.ModelChoiceField) for f in form.base_fields.values()):
            found[f"{form.__module__}.{form.__qualname__}"] = form
    return [pytest.param(form, id=name) for name, form in sorted(found.items())]


PROJECT_PACKAGES = {"coordination", "boards", "funding", "commissioning", "mapping"}


def _form_arguments(world, place):
    """What the views give forms, by argument name, as B's views would make it."""

    def first(model):
        return lambda: model.objects.for_place(place).order_by("pk").first()

    organisations = lambda: organisations_in_place(place)  # noqa: E731
    return {
        "place": lambda: place,
        "user": lambda: world["b_person"],
        "organisations": organisations,
        "councils": organisations,
        "leads": organisations,
        "partners": organisations,
        "meeting": first(Meeting),
        "bid": first(Bid),
        "fund": first(BoardFund),
        "application": first(FundApplication),
        "budget_round": first(BudgetRound),
        "structure": first(CommunityStructure),
        "can_manage": lambda: True,
        "long_form": lambda: True,
    }


@pytest.mark.parametrize("form_class", _project_forms())
def test_forms_refuse_ids_of_another_place(form_class, world, sutton):
    """A form of place B given A's objects' ids refuses each with an error on its field."""
    given = _form_arguments(world, sutton)
    parameters, needed = {}, set()
    for cls in form_class.__mro__:  # a subclass may pass its arguments on with **kwargs
        if "__init__" in vars(cls):
            for name, p in inspect.signature(cls.__init__).parameters.items():
                parameters[name] = p
                if p.kind is p.KEYWORD_ONLY and p.default is p.empty and name not in given:
                    needed.add(name)
    if needed:
        pytest.skip(f"its choices come from {sorted(needed)}: add how to make them in B")
    kwargs = {name: value() for name, value in given.items() if name in parameters}
    data, named = {}, []
    owner = getattr(getattr(form_class, "_meta", None), "model", None)  # a model form's model
    with place_scope(sutton):
        form = form_class(**kwargs)
        for name, field_ in form.fields.items():
            if not isinstance(field_, forms.ModelChoiceField) or field_.disabled:
                continue
            if owner and (owner._meta.label_lower, name) in GLOBAL_BODY_FIELDS:
                continue
            model = field_.queryset.model
            value = _a_value(world, model, field_.to_field_name or "pk")
            if value is not None:
                many = isinstance(field_, forms.ModelMultipleChoiceField)
                data[name] = [value] if many else value
                named.append(name)
        if not named:
            pytest.skip("place A has nothing of the kinds this form links to")
        form = form_class(data=data, **kwargs)
        form.is_valid()
        missing = [name for name in named if name not in form.errors]
    assert not missing, f"{form_class.__name__} {data}: no error on {missing}: {form.errors}"


def test_the_walk_finds_the_routes_it_must():
    """A guard on the walker itself: these routes exist, so it must have found them."""
    object_routes = {r.text for r in OBJECT_ROUTES}
    assert "<slug:place_slug>/organisations/<int:pk>/" in object_routes
    assert "<slug:place_slug>/invitations/accept/<str:token>/" in object_routes
    assert "api/v1/places/<slug:place_slug>/memberships/<int:pk>/" in object_routes
    assert "api/v1/places/<slug:place_slug>/invitations/<int:pk>/withdraw/" in object_routes
    pages = {r.text for r in PLACE_PAGES}
    assert "<slug:place_slug>/members/" in pages
    assert "api/v1/places/<slug:place_slug>/organisations/" in pages
    assert "api/v1/places/<slug:place_slug>/" in pages
