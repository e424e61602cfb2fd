"""A lookup compiled once gives what the ORM's own filter gives, and only for that one read; so do a
lookup of many values and a whole first page of a list."""

import pytest
from django.db import connection
from django.db.models import Prefetch, Q
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from coordination.compiled import CompiledIn, CompiledLookup, CompiledObject, CompiledRows
from coordination.organisations.models import Organisation
from coordination.organisations.selectors import organisations_in_place
from coordination.places.tenancy import place_scope
from mapping.api import ServiceViewSet
from mapping.models import Service
from tests.factories import OrganisationFactory


def _state(obj):
    """An object's fields, annotations and what select_related and prefetches read."""
    values = {k: v for k, v in vars(obj).items() if not k.startswith("_")}
    values["cached"] = {name: _state(o) for name, o in obj._state.fields_cache.items() if o}
    values["prefetched"] = {
        name: [o.pk for o in rows]
        for name, rows in getattr(obj, "_prefetched_objects_cache", {}).items()
    }
    return values


def _counting_compiles(monkeypatch):
    compiled = []
    original = SQLCompiler.as_sql
    monkeypatch.setattr(
        SQLCompiler, "as_sql", lambda self, *a, **kw: compiled.append(1) or original(self, *a, **kw)
    )
    return compiled


@pytest.fixture
def services(bucks, sutton):
    organisation = OrganisationFactory(places=[bucks])
    return [
        Service.objects.create(place=bucks, organisation=organisation, name=f"Service {i}")
        for i in range(3)
    ] + [
        Service.objects.create(
            place=sutton, organisation=OrganisationFactory(places=[sutton]), name="Sutton's"
        )
    ]


def test_the_rows_are_the_orms_own(bucks, services):
    # The services API's own queryset: select_related, slug lists as annotations, prefetches.
    queryset = ServiceViewSet().get_place_queryset(bucks)
    lookup = CompiledLookup(queryset, "pk")
    for service in services:
        compiled = list(lookup.filter(service.pk))
        plain = list(queryset.filter(pk=service.pk))
        assert [_state(o) for o in compiled] == [_state(o) for o in plain]
    assert len(list(lookup.filter(services[0].pk))) == 1
    assert list(lookup.filter(services[-1].pk)) == []  # Sutton's, not in Buckinghamshire
    assert list(lookup.filter(str(services[1].pk))) == [services[1]]  # "12" as the URL gives it


def test_the_sql_is_compiled_once(bucks, services, monkeypatch):
    lookup = CompiledLookup(organisations_in_place(bucks).prefetch_related(None), "pk")
    list(lookup.filter(services[0].organisation_id))
    compiled = _counting_compiles(monkeypatch)
    with CaptureQueriesContext(connection) as queries:
        found = list(lookup.filter(services[0].organisation_id))
    assert [o.pk for o in found] == [services[0].organisation_id]
    assert len(queries) == 1 and compiled == []
    assert str(services[0].organisation_id) in queries[0]["sql"]


def test_what_is_built_from_the_rows_compiles_itself(bucks, services):
    organisation = services[0].organisation
    other = OrganisationFactory(places=[bucks], name="Another")
    lookup = CompiledLookup(organisations_in_place(bucks), "pk")
    one = lookup.filter(organisation.pk)
    assert one.count() == 1 and one.exists()
    assert list(one.filter(name="Another")) == []
    assert list(one.values_list("pk", flat=True)) == [organisation.pk]
    assert set(Organisation.objects.filter(pk=other.pk) | one) == {organisation, other}
    assert set(one | Organisation.objects.filter(pk=other.pk)) == {organisation, other}
    assert list(one.filter(Q(pk=other.pk))) == []


def test_lookups_it_cannot_compile_once_still_answer(bucks, services):
    service = services[0]
    # .none() compiles to no SQL at all
    nothing = CompiledLookup(Service.objects.for_place(bucks).none(), "pk")
    assert list(nothing.filter(service.pk)) == []
    by_name = CompiledLookup(Service.objects.for_place(bucks), "name")
    assert list(by_name.filter("Service 1")) == [services[1]]
    with pytest.raises(Exception):  # noqa: B017, PT011 (Django's ValidationError, as filter())
        CompiledLookup(Service.objects.for_place(bucks), "pk").filter("not-a-number")


def _organisations_with_services(place):
    return (
        organisations_in_place(place)
        .prefetch_related(None)
        .prefetch_related(
            Prefetch(
                "services",
                queryset=Service.objects.for_place(place).order_by("-name"),
                to_attr="service_rows",
            ),
            "places",  # not a list of one relation's rows: prefetched as Django does
        )
    )


def test_one_object_with_its_prefetches_is_the_orms_own(bucks, services, django_assert_num_queries):
    organisation = services[0].organisation
    queryset = _organisations_with_services(bucks)
    compiled = CompiledObject(queryset)
    compiled.get(organisation.pk)  # compiles
    with django_assert_num_queries(3):  # the row, its services, its places
        got = compiled.get(organisation.pk)
    plain = queryset.get(pk=organisation.pk)
    assert _state(got) == _state(plain)
    assert [s.pk for s in got.service_rows] == [s.pk for s in plain.service_rows]
    assert [s.name for s in got.service_rows] == ["Service 2", "Service 1", "Service 0"]
    assert list(got.places.all()) == list(plain.places.all())
    with django_assert_num_queries(0):  # each service knows its organisation, as Django sets it
        assert all(s.organisation is got for s in got.service_rows)
    assert compiled.get(services[-1].organisation_id) is None  # Sutton's organisation


@pytest.mark.parametrize("resource", ["services", "tenders"])
def test_an_api_detail_read_again_compiles_nothing(resource, bucks, services, monkeypatch):
    # The token, the row and (for a tender) its timeline, lots, criteria and demand periods all
    # run SQL compiled by the first read.
    from commissioning.models import Tender
    from tests.factories import UserFactory, api_token

    with place_scope(bucks):
        tender = Tender.objects.create(
            place=bucks,
            commissioner=services[0].organisation,
            title="Day services",
            estimated_value=50000,
            contract_months=24,
        )
    pk = {"services": services[0].pk, "tenders": tender.pk}[resource]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(UserFactory())}")
    url = f"/api/v1/places/{bucks.slug}/{resource}/{pk}/"
    first = client.get(url)
    assert first.status_code == 200, first.content
    compiled = _counting_compiles(monkeypatch)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert again.content == first.content
    assert compiled == [] and len(queries) >= 2


def test_a_lookup_of_many_values_is_the_orms_own(bucks, services, monkeypatch):
    queryset = Service.objects.for_place(bucks).select_related("organisation").order_by("-name")
    lookup = CompiledIn(queryset, "pk")
    ids = [s.pk for s in services]  # the last is Sutton's: not in Buckinghamshire's queryset
    for values in (ids, ids[:1], ids[1:3], [str(ids[0]), ids[2], ids[2]], [ids[-1]]):
        compiled = list(lookup.filter(values))
        plain = list(queryset.filter(pk__in=values))
        assert [_state(o) for o in compiled] == [_state(o) for o in plain]
    assert [s.name for s in lookup.filter(ids)] == ["Service 2", "Service 1", "Service 0"]
    assert list(lookup.filter([])) == []
    by_organisation = CompiledIn(queryset, "organisation")
    organisation = services[0].organisation_id
    assert len(by_organisation.filter([organisation])) == 3
    compiled = _counting_compiles(monkeypatch)
    with CaptureQueriesContext(connection) as queries:
        assert [s.pk for s in lookup.filter(ids[:2])] == [ids[1], ids[0]]
        assert [s.pk for s in lookup.filter(ids)] == [ids[2], ids[1], ids[0]]
    assert compiled == [] and len(queries) == 2
    if connection.vendor == "postgresql":  # one statement whatever the number of values
        for query in queries:
            assert '"mapping_service"."id" = ANY(ARRAY[' in query["sql"]
            assert " IN (" not in query["sql"]
    # What is built from the rows compiles itself again, the values still in it.
    assert lookup.filter(ids[:2]).count() == 2
    assert list(lookup.filter(ids).filter(name="Service 1")) == [services[1]]


def test_a_first_page_is_read_anew_each_time_with_its_sql_compiled_once(
    bucks, services, monkeypatch
):
    queryset = ServiceViewSet().get_place_queryset(bucks).order_by("name", "pk")[:2]
    page = CompiledRows(queryset)
    first = page.rows()
    assert [_state(o) for o in first] == [_state(o) for o in queryset.all()]
    assert [s.name for s in first] == ["Service 0", "Service 1"]
    compiled = _counting_compiles(monkeypatch)
    # The rows are asked for on every read: a new service is on the next page read.
    newest = Service.objects.create(place=bucks, organisation=services[0].organisation, name="A")
    with CaptureQueriesContext(connection) as queries:
        again = page.rows()
    assert [s.pk for s in again] == [newest.pk, services[0].pk]
    assert compiled == [] and len(queries) == 1


def test_a_first_page_with_list_prefetches_is_the_orms_own(bucks, services, monkeypatch):
    with_services = _organisations_with_services(bucks).order_by("name", "pk")
    OrganisationFactory(places=[bucks], name="Has no services")
    page = CompiledRows(with_services)
    page.rows()
    compiled = _counting_compiles(monkeypatch)
    with CaptureQueriesContext(connection) as queries:
        got = page.rows()
    assert len(queries) == 3  # the rows, every organisation's services, their places
    assert len(compiled) == 1  # the places prefetch, which Django runs as it always does
    plain = list(with_services.all())
    assert [_state(o) for o in got] == [_state(o) for o in plain]
    assert [[s.pk for s in o.service_rows] for o in got] == [
        [s.pk for s in o.service_rows] for o in plain
    ]
    assert [len(o.service_rows) for o in got] == [0, 3]  # alphabetical: "Has no services" first
    assert all(s.organisation is got[1] for s in got[1].service_rows)


@pytest.mark.parametrize("resource", ["services", "tenders"])
def test_an_api_list_read_again_compiles_nothing_and_shows_what_is_new(
    resource, bucks, sutton, services, monkeypatch
):
    from commissioning.models import Lot, Tender

    def tender(place, title):
        with place_scope(place):
            made = Tender.objects.create(
                place=place,
                commissioner=Service.objects.filter(place=place).first().organisation,
                title=title,
                reference=title,
                estimated_value=50000,
                contract_months=24,
            )
            Lot.objects.create(place=place, tender=made, title=f"{title}: lot 1")
        return made

    tender(bucks, "Day services")
    tender(sutton, "Sutton's tender")
    client = APIClient()
    url = f"/api/v1/places/{bucks.slug}/{resource}/"
    first = client.get(url)
    assert first.status_code == 200, first.content
    compiled = _counting_compiles(monkeypatch)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert again.content == first.content
    assert compiled == [] and len(queries) >= 1
    # Rows added since are in the next answer; another place's never.
    if resource == "services":
        Service.objects.create(place=bucks, organisation=services[0].organisation, name="Newest")
    else:
        tender(bucks, "Newest")
    names = [row.get("name") or row.get("title") for row in client.get(url).json()["results"]]
    assert "Newest" in names
    assert "Sutton's" not in names and "Sutton's tender" not in names
    sutton_names = [
        row.get("name") or row.get("title")
        for row in client.get(f"/api/v1/places/{sutton.slug}/{resource}/").json()["results"]
    ]
    assert sutton_names == (["Sutton's"] if resource == "services" else ["Sutton's tender"])
    if resource == "tenders":
        lots = {
            row["title"]: [lot["title"] for lot in row["lots"]] for row in again.json()["results"]
        }
        assert lots == {"Day services": ["Day services: lot 1"]}


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_postgresql_runs_a_compiled_lookup_as_a_prepared_statement(bucks, sutton, settings):
    from django.db import transaction
    from django.db.models import Value
    from django.db.models.functions import Concat

    organisation = OrganisationFactory(places=[bucks], name="Food 100% local")
    queryset = organisations_in_place(bucks).prefetch_related(None)
    # A literal % in the SQL itself ('%%' to the driver) and a parameter in the SELECT list.
    odd = queryset.extra(select={"share": "'100%%'"}).annotate(label=Concat(Value("org: "), "name"))
    for candidate in (queryset, odd):
        lookup = CompiledLookup(candidate, "pk")
        with CaptureQueriesContext(connection) as queries:
            first = list(lookup.filter(organisation.pk))
            again = list(lookup.filter(organisation.pk))
        assert [_state(o) for o in first] == [
            _state(o) for o in candidate.filter(pk=organisation.pk)
        ]
        assert [_state(o) for o in again] == [_state(o) for o in first]
        assert len(queries) == 2  # PREPARE is the driver's, not a query of the request's
        assert queries[0]["sql"].startswith("SELECT")  # prepared from the second run on
        assert queries[1]["sql"].startswith("EXECUTE inplace_")
    assert first[0].share == "100%" and first[0].label == "org: Food 100% local"

    lookup = CompiledLookup(queryset, "pk")
    connection.close()  # a new connection has none of the old one's statements: prepared again
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert list(lookup.filter(organisation.pk)) == [organisation]
    assert [q["sql"][:7] for q in queries] == ["SELECT ", "EXECUTE", "EXECUTE"]

    # A parameter PostgreSQL cannot type ("$1 IS NULL"): it will not prepare it; it runs as is.
    untyped = CompiledLookup(queryset.extra(select={"x": "%s IS NULL"}, select_params=("y",)), "pk")
    with CaptureQueriesContext(connection) as queries:
        assert [o.x for o in untyped.filter(organisation.pk)] == [False]
        assert [o.x for o in untyped.filter(organisation.pk)] == [False]
    assert [q["sql"][:6] for q in queries] == ["SELECT", "SELECT"]

    settings.PREPARED_STATEMENTS = False  # behind a transaction-mode pooler
    with CaptureQueriesContext(connection) as queries:
        assert list(CompiledLookup(queryset, "name").filter(organisation.name)) == [organisation]
    assert queries[0]["sql"].startswith("SELECT")
    settings.PREPARED_STATEMENTS = True

    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        # Inside a transaction a refused PREPARE would spoil what follows: the SQL runs as it is.
        assert list(lookup.filter(organisation.pk)) == [organisation]
    assert queries[0]["sql"].startswith("SELECT")


def test_what_is_kept_per_place_is_bounded_least_recently_used_first():
    from coordination.api.mixins import LeastRecentlyUsed

    built = []
    kept = LeastRecentlyUsed(2)

    def get(key):
        return kept.get(key, lambda: built.append(key) or key.upper())

    assert [get("a"), get("b"), get("a"), get("c")] == ["A", "B", "A", "C"]
    assert built == ["a", "b", "c"] and len(kept) == 2
    assert get("a") == "A" and built == ["a", "b", "c"]  # "b" was the least recently used
    assert get("b") == "B" and built == ["a", "b", "c", "b"]
