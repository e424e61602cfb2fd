"""The site's URLconf as routes, for the tests that walk every route: the isolation walk, the
query budgets, the API's representation check (and bench/load.py)."""

import re
from dataclasses import dataclass, field

from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern
from rest_framework.test import APIClient
from rest_framework.views import APIView

PLACE_KWARG = "place_slug"
NOT_OBJECT_KWARGS = {PLACE_KWARG, "format"}

METHOD_ORDER = ["GET", "POST", "PUT", "PATCH", "DELETE"]


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


ROUTES = all_routes()
# Pages to read: routes taking only the place, with a GET handler (or a function view: unknown).
PLACE_PAGES = [
    r for r in ROUTES if r.kwargs == [PLACE_KWARG] and (r.methods() is None or "GET" in r.methods())
]


def client_for(route, person):
    client = APIClient() if route.is_api else Client()
    client.force_login(person)
    return client


def place_pages_to_get():
    """The routes taking only the place that answer a GET (or may: a function view)."""
    return [r for r in PLACE_PAGES if r.methods() is None or "GET" in r.methods()]
