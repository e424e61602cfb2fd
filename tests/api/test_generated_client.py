"""A partner's client generated from the OpenAPI document syncs a place over real HTTP.

openapi-python-client writes a Python package from the schema the live server serves; the test
imports it and does what a council's directory would: a full sync through cursor pages, a write,
then an incremental sync with updated_since that returns only what changed. If the schema and the
API disagree (a field's type, a missing parameter, a response shape), the generated code fails.
"""

import datetime
import importlib
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.utils import timezone

from coordination.accounts.models import Membership, Role
from coordination.api.services import partner_key_create
from coordination.places.models import Place
from coordination.vocabularies.models import Theme
from mapping import services as mapping_services
from mapping.models import Service
from tests.support.factories import OrganisationFactory, UserFactory

GENERATOR = Path(sys.executable).parent / "openapi-python-client"
PACKAGE = "inplace_partner_client"


@pytest.fixture(scope="module")
def client_package(tmp_path_factory):
    return tmp_path_factory.mktemp("generated")


def _generate(schema_text, folder):
    schema_file = folder / "schema.json"
    schema_file.write_text(schema_text)
    result = subprocess.run(  # noqa: S603 - our own tool, our own arguments
        [
            str(GENERATOR),
            "generate",
            "--path",
            str(schema_file),
            "--meta",
            "none",
            "--output-path",
            str(folder / PACKAGE),
            "--overwrite",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert (folder / PACKAGE / "client.py").exists(), result.stdout + result.stderr
    sys.path.insert(0, str(folder))
    try:
        return importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))


def _cursor(next_url):
    return parse_qs(urlparse(next_url).query)["cursor"][0] if next_url else None


@pytest.mark.django_db(transaction=True)
def test_a_generated_client_syncs_services_fully_then_incrementally(live_server, client_package):
    sutton_services = []
    sutton = Place.objects.get(slug="sutton")
    coventry = Place.objects.get(slug="coventry")
    admin = UserFactory(name="Sutton Admin")
    Membership.objects.create(place=sutton, user=admin, role=Role.PLACE_ADMIN)
    food = Theme.objects.get(slug="food", place__isnull=True)
    pantry_org = OrganisationFactory(name="Sutton Pantry Network", places=[sutton])
    for index in range(7):
        sutton_services.append(
            mapping_services.service_create(
                place=sutton,
                actor=admin,
                organisation=pantry_org,
                name=f"Pantry {index}",
                themes=[food],
                whole_place=True,
            )
        )
    _, key = partner_key_create(
        place=sutton, actor=admin, name="Directory", scopes=["read", "write:mapping"]
    )
    coventry_admin = UserFactory(name="Coventry Admin")
    Membership.objects.create(place=coventry, user=coventry_admin, role=Role.PLACE_ADMIN)
    _, coventry_key = partner_key_create(
        place=coventry, actor=coventry_admin, name="Other", scopes=["read"]
    )

    schema = requests.get(f"{live_server.url}/api/schema/?format=json", timeout=30)
    assert schema.status_code == 200
    generated = _generate(schema.text, client_package)
    services_list = importlib.import_module(f"{PACKAGE}.api.services.places_services_list")
    services_update = importlib.import_module(
        f"{PACKAGE}.api.services.places_services_partial_update"
    )
    services_retrieve = importlib.import_module(f"{PACKAGE}.api.services.places_services_retrieve")
    models = importlib.import_module(f"{PACKAGE}.models")
    api = generated.AuthenticatedClient(base_url=live_server.url, token=key)

    # Full sync, three rows a page, following the cursor.
    seen, cursor, pages = {}, None, 0
    while True:
        kwargs = {"page_size": 3, "ordering": "name"}
        if cursor:
            kwargs["cursor"] = cursor
        page = services_list.sync(place_slug="sutton", client=api, **kwargs)
        assert isinstance(page, models.PaginatedServiceList), page
        pages += 1
        for service in page.results:
            assert service.id not in seen
            seen[service.id] = service
        cursor = _cursor(page.next_)
        if cursor is None:
            break
    assert pages == 3
    assert sorted(seen) == sorted(s.pk for s in sutton_services)
    assert [seen[s.pk].name for s in sutton_services] == [f"Pantry {i}" for i in range(7)]
    newest = max(s.updated_at for s in seen.values())

    # A change, made through the generated client (write:mapping).
    changed = sutton_services[4]
    body = models.PatchedServiceRequest.from_dict({"description": "Open Saturdays too"})
    updated = services_update.sync(place_slug="sutton", id=changed.pk, client=api, body=body)
    assert updated.description == "Open Saturdays too"

    # Incremental sync: only what changed since the newest row already held.
    since = newest + datetime.timedelta(microseconds=1)
    page = services_list.sync(place_slug="sutton", client=api, updated_since=since)
    assert [s.id for s in page.results] == [changed.pk]
    assert Service.objects.for_place(sutton).get(pk=changed.pk).updated_at > timezone.now() - (
        datetime.timedelta(minutes=5)
    )

    # The same client with Coventry's key cannot reach Sutton's service, even by its id.
    other = generated.AuthenticatedClient(base_url=live_server.url, token=coventry_key)
    response = services_retrieve.sync_detailed(place_slug="sutton", id=changed.pk, client=other)
    assert response.status_code == 404
    response = services_retrieve.sync_detailed(place_slug="coventry", id=changed.pk, client=other)
    assert response.status_code == 404
