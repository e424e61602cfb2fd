"""THE isolation test: no route shows or changes place A's objects when asked through place B.

It walks every URL pattern (browser and API) and needs no editing when routes are added:

* ``test_objects_of_another_place_are_404``: for every route that takes an object identifier (any
  kwarg but ``place_slug``) and every HTTP method it handles, it asks for each of place A's
  (Buckinghamshire's) identifiers that fit the kwarg's converter through place B (Sutton), as a
  person holding every role in B, and expects a 404 whose body names none of A's objects. Values
  that also identify something in B are skipped, so a coincidental equal id in another table cannot
  fail it. Afterwards, as a person holding every role in A, it checks at least one of those
  identifiers reaches an object through A: a route the test cannot really exercise fails it.
* ``test_place_pages_show_nothing_of_another_place``: every route taking only ``place_slug`` (lists,
  forms, home pages, API lists) answers in B without A's names, emails or tokens.

New apps add their objects to place A in ``PLACE_A_BUILDERS`` (and, for routes taking several
ids, may narrow each kwarg to a model in ``KWARG_MODELS``). Identifiers and identifying text are
collected from every PlaceScoped model and every model linked to places, so nothing else to list.
"""

import itertools
import re
import uuid
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.db import models, transaction
from django.template import TemplateDoesNotExist
from django.test import Client, override_settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import IntConverter, SlugConverter, UUIDConverter
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern, RoutePattern
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from coordination.accounts import services as account_services
from coordination.accounts.models import Membership, Role, User
from coordination.api.services import partner_key_create
from coordination.organisations import services as organisation_services
from coordination.places.models import Area, AreaKind, Place
from coordination.places.services import area_create
from coordination.places.tenancy import PlaceScoped, place_scope

from .boards.isolation import build_boards
from .commissioning.isolation import build_commissioning
from .factories import OrganisationFactory, UserFactory
from .funding.isolation import build_board_funds, build_funding
from .mapping.isolation import build_mapping
from .notifications.isolation import build_notifications
from .webhooks.isolation import build_webhooks

PLACE_KWARG = "place_slug"
NOT_OBJECT_KWARGS = {PLACE_KWARG, "format"}

# Routes outside any place that take an identifier, and why they need no place check.
GLOBAL_ROUTE_PREFIXES = {
    "admin/": "the Django admin is for superusers across places and filters explicitly",
    "accounts/": "allauth: a person's own account, email confirmation and password-reset keys",
}

# Routes under a place whose identifier names a global object on purpose (route text -> reason).
GLOBAL_OBJECT_ROUTES = {}

# For a route with several identifiers: kwarg name -> model label whose identifiers to try.
KWARG_MODELS = {}
MAX_COMBINATIONS = 5000

METHOD_ORDER = ["GET", "POST", "PUT", "PATCH", "DELETE"]
IDENTIFIER_FIELD_NAMES = {"slug", "token", "key", "reference", "code", "gss_code", "org_id"}
IDENTIFYING_TEXT_FIELD_NAMES = {"name", "title", "email", "token", "key", "slug", "target_repr"}
MIN_TEXT_LENGTH = 6


# The URLconf as routes


@dataclass
class Route:
    text: str  # the whole route, e.g. "<slug:place_slug>/organisations/<int:pk>/"
    name: str | None  # namespaced, for reverse() when the route has regex parts
    callback: object
    patterns: list  # the pattern of each level, outermost first
    converters: dict = field(default_factory=dict)  # kwarg -> converter (None for a regex group)

    @property
    def kwargs(self):
        return list(self.converters)

    @property
    def object_kwargs(self):
        return [k for k in self.converters if k not in NOT_OBJECT_KWARGS]

    @property
    def is_api(self):
        cls = getattr(self.callback, "cls", None)
        return isinstance(cls, type) and issubclass(cls, APIView)

    def methods(self):
        """The HTTP methods the view has a handler for (None: a function view, so unknown)."""
        actions = getattr(self.callback, "actions", None)
        if actions:  # a DRF viewset route: its action map
            return [m.upper() for m in METHOD_ORDER if m.lower() in actions]
        cls = getattr(self.callback, "view_class", None) or getattr(self.callback, "cls", None)
        if cls is None:
            return None
        return [
            m
            for m in METHOD_ORDER
            if m.lower() in cls.http_method_names and hasattr(cls, m.lower())
        ]

    def url(self, values):
        """The address of this route for the given kwargs, or None if it cannot be built."""
        parts = []
        for pattern in self.patterns:
            if isinstance(pattern, RoutePattern):
                parts.append(_fill_route(str(pattern), pattern.converters, values))
            elif isinstance(pattern, RegexPattern) and not pattern.regex.groupindex:
                parts.append(_regex_literal(pattern.regex.pattern))
            else:  # a regex with groups: only its name can build the address
                try:
                    return reverse(self.name, kwargs=values) if self.name else None
                except NoReverseMatch:
                    return None
        return "/" + "".join(parts)


_ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _fill_route(route, converters, values):
    return _ROUTE_PARAMETER.sub(lambda m: converters[m["name"]].to_url(values[m["name"]]), route)


def _regex_literal(regex):
    return regex.removeprefix("^").removesuffix("$").removesuffix("\\Z").replace("\\", "")


def all_routes():
    def walk(patterns, prefix_text, prefix_patterns, namespace, converters):
        for pattern in patterns:
            text = prefix_text + str(pattern.pattern)
            chain = [*prefix_patterns, pattern.pattern]
            found = dict(converters)
            found.update(getattr(pattern.pattern, "converters", {}) or {})
            if isinstance(pattern.pattern, RegexPattern):
                found.update(dict.fromkeys(pattern.pattern.regex.groupindex))
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, text, chain, inner, found)
            elif isinstance(pattern, URLPattern):
                name = pattern.name and (
                    f"{namespace}:{pattern.name}" if namespace else pattern.name
                )
                yield Route(
                    text=text,
                    name=name,
                    callback=pattern.callback,
                    patterns=chain,
                    converters=found,
                )

    return list(walk(get_resolver().url_patterns, "", [], None, {}))


def _is_global(route):
    return any(route.text.startswith(prefix) for prefix in GLOBAL_ROUTE_PREFIXES)


ROUTES = all_routes()
OBJECT_ROUTES = [r for r in ROUTES if r.object_kwargs and not _is_global(r)]
# Pages to read: routes taking only the place, with a GET handler (or a function view: unknown).
PLACE_PAGES = [
    r for r in ROUTES if r.kwargs == [PLACE_KWARG] and (r.methods() is None or "GET" in r.methods())
]


# Place A's objects, and what identifies anything


def build_areas(place, actor, n):
    parent = area_create(place=place, actor=actor, name="Quokka Vale", kind=AreaKind.LOCALITY)
    kinds = [AreaKind.WARD, AreaKind.COMMUNITY_BOARD_AREA, AreaKind.NEIGHBOURHOOD]
    for i in range(max(n, len(kinds))):  # one of each kind at least: other builders need them
        area_create(
            place=place,
            actor=actor,
            name=f"Quokka Ward {i}",
            kind=kinds[i % len(kinds)],
            gss_code=f"E0590{i:04d}",
            parent=parent,
        )


def build_organisations(place, actor, n):
    areas = list(Area.objects.for_place(place).order_by("pk"))
    for i in range(n):
        organisation_services.organisation_create(
            place=place,
            actor=actor,
            name=f"Quokka Trust {i}",
            kind="registered_charity",
            email=f"trust{i}@quokka-only.example",
            description=f"Quokka Trust {i} helps quokkas.",
            areas=areas[i % len(areas) :][:2],
        )


def build_members(place, actor, n):
    organisations = list(place.organisations.all())
    roles = [Role.CHARITY_LEADER, Role.COUNCIL_OFFICER, Role.FUNDER, Role.PARTNER, Role.RESIDENT]
    for i in range(n):
        person = UserFactory(
            name=f"Quentin Quokka {i}", email=f"member{i}@{place.slug}.quokka-only.example"
        )
        role = roles[i % len(roles)]
        Membership.objects.create(
            place=place,
            user=person,
            role=role,
            organisation=None if role == Role.RESIDENT else organisations[i % len(organisations)],
        )
    joiner = UserFactory(
        name="Quinn Quokka Joiner", email=f"joiner@{place.slug}.quokka-only.example"
    )
    account_services.resident_join(place=place, user=joiner)


def build_partner_keys(place, actor, n):
    for i in range(n):
        partner_key_create(
            place=place, actor=actor, name=f"Quokka partner key {i}", scopes=["read"]
        )


def build_invitations(place, actor, n):
    organisations = list(place.organisations.all())
    invitations = [
        account_services.invitation_create(
            place=place,
            actor=actor,
            email=f"invitee{i}@{place.slug}.quokka-only.example",
            role=Role.CHARITY_LEADER,
            organisation=organisations[i % len(organisations)],
        )
        for i in range(n)
    ]
    account_services.invitation_revoke(place=place, actor=actor, invitation=invitations[0])


# Each builder(place, actor, n) adds n or more objects of its kind to place A (audited through
# services where one exists). Apps with place-owned objects add theirs here.
PLACE_A_BUILDERS = [
    build_areas,
    build_organisations,
    build_members,
    build_invitations,
    build_notifications,
    build_partner_keys,
    build_webhooks,
    build_boards,
    build_mapping,
    build_funding,
    build_board_funds,
    build_commissioning,
]


def place_owned_rows(place, other):
    """(model label, row) for every object that is place's and not also other's."""
    for model in apps.get_models():
        if issubclass(model, PlaceScoped):
            for row in model.objects.for_place(place):
                yield model._meta.label_lower, row
        for m2m in model._meta.many_to_many:
            if m2m.related_model is Place:
                rows = model.objects.filter(**{m2m.name: place}).exclude(**{m2m.name: other})
                for row in rows:
                    yield model._meta.label_lower, row
    members = Membership.objects.for_place(place).values("user")
    others = Membership.objects.for_place(other).values("user")
    for person in User.objects.filter(pk__in=members).exclude(pk__in=others):
        yield User._meta.label_lower, person


@dataclass
class Identifiers:
    values: dict = field(default_factory=dict)  # model label -> set of ints and strings
    # (model label, field name) -> the same values by the field they come from
    by_field: dict = field(default_factory=dict)
    text: set = field(default_factory=set)  # names, emails, tokens that must never show elsewhere

    def all_values(self):
        return set().union(*self.values.values()) if self.values else set()


def identifiers_of(place, other):
    found = Identifiers()
    for label, row in place_owned_rows(place, other):
        values = found.values.setdefault(label, set())
        values.add(row.pk)
        found.by_field.setdefault((label, "pk"), set()).add(row.pk)
        for f in row._meta.concrete_fields:
            value = getattr(row, f.attname)
            if value in (None, ""):
                continue
            if isinstance(f, (models.SlugField, models.UUIDField)) or (
                isinstance(f, models.CharField)
                and not f.choices
                and (f.unique or f.name in IDENTIFIER_FIELD_NAMES)
            ):
                values.add(str(value))
                found.by_field.setdefault((label, f.name), set()).add(str(value))
            if isinstance(f, models.EmailField) or (
                isinstance(f, (models.CharField, models.TextField))
                and f.name in IDENTIFYING_TEXT_FIELD_NAMES
            ):
                if len(str(value)) >= MIN_TEXT_LENGTH:
                    found.text.add(str(value))
    return found


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
    """Place A (Buckinghamshire) full of objects; a person with every role in each place.

    Built once for the module inside a transaction that is rolled back at its end; each test runs
    in a savepoint within it (as Django's setUpTestData does), so the walk does not rebuild it for
    each of its hundreds of routes.
    """
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=[FAST_HASHER]):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


def _build_world():
    bucks = Place.objects.get(slug="buckinghamshire")
    sutton = Place.objects.get(slug="sutton")

    def everyone(place, label):
        person = UserFactory(name=f"{label} Everyrole", email=f"everyrole@{place.slug}.example")
        organisation = OrganisationFactory(name=f"{label} Everyrole Org", places=[place])
        for role in Role:
            Membership.objects.create(
                place=place,
                user=person,
                role=role,
                organisation=None if role in {Role.RESIDENT, Role.PLACE_ADMIN} else organisation,
            )
        return person

    b_person = everyone(sutton, "Sutton")
    b = identifiers_of(sutton, bucks)
    a_person = everyone(bucks, "Buckinghamshire")
    # More of each kind than B has identifiers, so every kind keeps ids that mean nothing in B.
    n = len(b.all_values()) + 1
    with place_scope(bucks):  # as a request to A would be: the services' related managers need it
        for build in PLACE_A_BUILDERS:
            build(bucks, a_person, n)
    a = identifiers_of(bucks, sutton)
    a.text -= b.text
    b_values = b.all_values() | {sutton.pk, sutton.slug}
    return {"a": a, "b": b, "b_values": b_values, "a_person": a_person, "b_person": b_person}


@pytest.fixture(autouse=True)
def _no_throttling(monkeypatch):
    # Hundreds of requests from one person: the throttle is not what is being tested.
    monkeypatch.setattr(SimpleRateThrottle, "allow_request", lambda self, request, view: True)


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


def client_for(route, person):
    client = APIClient() if route.is_api else Client()
    client.force_login(person)
    return client


def send(client, route, method, url):
    if route.is_api:
        return getattr(client, method.lower())(url, {}, format="json")
    if method in ("GET", "DELETE"):
        return getattr(client, method.lower())(url)
    if method == "POST":
        return client.post(url, {})
    return getattr(client, method.lower())(
        url, "", content_type="application/x-www-form-urlencoded"
    )


def leaks(response, url, text):
    body = response.content.decode(errors="replace")
    body = body.replace(url, "")  # a page may echo the address asked for
    return sorted(t for t in text if t in body)


def _route_id(route):
    return route.text


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
    function_view = methods is None
    methods = methods if methods is not None else METHOD_ORDER
    assert methods, f"{route.text}: the view handles no method the test knows"

    # Through B, as someone B lets do anything: every one of A's objects is simply not there.
    attacker = client_for(route, world["b_person"])
    failures = []
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
        for method in methods:
            try:
                response = send(attacker, route, method, url)
            except Exception as exc:  # noqa: BLE001 - any crash is a failure to report
                failures.append(f"{method} {url}: raised {exc!r} instead of a 404")
                continue
            if function_view and response.status_code == 405:
                continue
            if response.status_code != 404:
                failures.append(f"{method} {url}: {response.status_code}, not 404")
            leaked = leaks(response, url, a.text)
            if leaked:
                failures.append(f"{method} {url}: the response shows place A's {leaked[:3]}")
    assert not failures, f"{route.text} reaches place A's objects through {sutton}:\n" + "\n".join(
        failures[:20]
    )
    assert exercised, f"{route.text}: no identifier of place A makes an address for this route"

    # Through A, as someone A lets do anything: at least one of those identifiers is found, so the
    # 404s above came from the place scope and not from an identifier this route never uses.
    owner = client_for(route, world["a_person"])
    for values in exercised:
        url = route.url({PLACE_KWARG: bucks.slug, **values})
        try:
            response = send(owner, route, methods[0], url)
        except TemplateDoesNotExist:
            return  # the view found the object and went on to render it
        if response.status_code not in (404, 405):
            return
    pytest.fail(
        f"{route.text}: none of place A's identifiers reaches an object through {bucks} either, "
        "so the test cannot exercise this route. Add the objects it serves to PLACE_A_BUILDERS."
    )


@pytest.mark.parametrize("route", PLACE_PAGES, ids=_route_id)
def test_place_pages_show_nothing_of_another_place(route, world, sutton):
    methods = route.methods()
    url = route.url({PLACE_KWARG: sutton.slug})
    assert url is not None, f"{route.text}: cannot build its address"
    response = client_for(route, world["b_person"]).get(url)
    assert response.status_code < 400 or (methods is None and response.status_code == 405), (
        f"GET {url}: {response.status_code}"
    )
    leaked = leaks(response, url, world["a"].text)
    assert not leaked, f"GET {url} in {sutton} shows place A's {leaked[:5]}"


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
