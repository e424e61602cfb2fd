"""Partner API keys: made once by a place admin, stored hashed, limited to their place and scopes."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from coordination.accounts.models import Role
from coordination.accounts.services import resident_join
from coordination.api.keys import hash_key
from coordination.api.models import PartnerKey
from coordination.api.services import partner_key_create, partner_key_revoke
from coordination.audit.models import AuditEntry
from coordination.errors import RuleViolation
from coordination.organisations.models import Organisation
from tests.support.api_errors import error_of
from tests.support.factories import OrganisationFactory


def orgs_url(place):
    return f"/api/v1/places/{place.slug}/organisations/"


@pytest.fixture
def admin(bucks, admin_of):
    return admin_of(bucks, email="admin@bucks.example")


def make_key(place, admin, *scopes, rate=""):
    _row, key = partner_key_create(
        place=place,
        actor=admin,
        name=f"CRM {len(scopes)}{rate}",
        scopes=["read", *scopes],
        rate=rate,
    )
    return key


def bearer(api, key):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return api


def test_the_key_is_shown_once_and_only_its_hash_is_kept(bucks, admin):
    row, key = partner_key_create(place=bucks, actor=admin, name="Council CRM", scopes=["read"])

    assert key.startswith(f"ipk_{row.prefix}_") and len(key) > 50
    stored = PartnerKey.objects.for_place(bucks).get(pk=row.pk)
    assert stored.key_hash == hash_key(key)
    assert key not in str(stored.__dict__)
    entry = AuditEntry.objects.for_place(bucks).get(action="api.partner_key.create")
    assert entry.actor == admin and entry.changes["scopes"] == ["read"]
    assert key not in str(entry.changes)


def test_a_read_key_reads_its_place_and_records_its_use(api, bucks, admin):
    OrganisationFactory(name="Chiltern Foodbank", places=[bucks])
    key = make_key(bucks, admin)

    response = bearer(api, key).get(orgs_url(bucks))

    assert response.status_code == 200
    assert [o["name"] for o in response.json()["results"]] == ["Chiltern Foodbank"]
    assert PartnerKey.objects.for_place(bucks).get().last_used_at is not None


def test_a_key_gets_404_for_another_places_objects(api, bucks, sutton, admin, admin_of):
    admin_of(sutton, email=admin.email.replace("@", "+sutton@"))
    sutton_only = OrganisationFactory(name="Sutton Carers Centre", places=[sutton])
    key = make_key(bucks, admin)

    listing = bearer(api, key).get(orgs_url(sutton))
    detail = api.get(f"{orgs_url(sutton)}{sutton_only.pk}/")

    assert listing.status_code == 404 and detail.status_code == 404
    assert "Sutton Carers Centre" not in detail.content.decode()
    assert error_of(detail)["code"] == "not_found"


def test_writing_needs_the_apps_write_scope(api, bucks, admin):
    body = {"name": "Aylesbury Men's Shed", "kind": "cio"}

    refused = bearer(api, make_key(bucks, admin)).post(orgs_url(bucks), body, format="json")

    assert refused.status_code == 403
    assert "write:organisations" in error_of(refused)["message"]
    assert not Organisation.objects.filter(name="Aylesbury Men's Shed").exists()

    allowed = bearer(api, make_key(bucks, admin, "write:organisations")).post(
        orgs_url(bucks), body, format="json"
    )
    assert allowed.status_code == 201, allowed.content
    assert Organisation.objects.get(name="Aylesbury Men's Shed").places.get() == bucks


def test_a_key_can_do_no_more_than_its_creator(api, bucks, make_member):
    officer = make_member(bucks, Role.CHARITY_LEADER)
    key = make_key(bucks, officer, "write:organisations")

    response = bearer(api, key).post(orgs_url(bucks), {"name": "X", "kind": "cio"}, format="json")

    assert response.status_code == 403  # a charity leader may not add organisations


@pytest.mark.parametrize(
    "header",
    [
        "Bearer ipk_000000000000_not-a-real-key",
        "Bearer not-even-the-format",
        "Bearer",
        "Bearer two words",
    ],
)
def test_a_wrong_or_malformed_key_is_401(api, bucks, header):
    api.credentials(HTTP_AUTHORIZATION=header)
    response = api.get(orgs_url(bucks))
    assert response.status_code == 401
    assert error_of(response)["status"] == 401


def test_a_revoked_key_stops_working(api, bucks, admin):
    row, key = partner_key_create(place=bucks, actor=admin, name="Old CRM", scopes=["read"])
    assert bearer(api, key).get(orgs_url(bucks)).status_code == 200

    partner_key_revoke(place=bucks, actor=admin, key=row)

    assert api.get(orgs_url(bucks)).status_code == 401
    with pytest.raises(RuleViolation):
        partner_key_revoke(place=bucks, actor=admin, key=row)


def test_a_key_tampered_after_its_prefix_is_401(api, bucks, admin):
    key = make_key(bucks, admin)
    assert (
        bearer(api, key[:-1] + ("A" if key[-1] != "A" else "B")).get(orgs_url(bucks)).status_code
        == 401
    )


def test_each_key_has_its_own_rate_limit(api, bucks, admin, settings):
    cache.clear()
    slow = make_key(bucks, admin, rate="2/min")
    fast = make_key(bucks, admin, rate="100/min")
    statuses = [bearer(api, slow).get(orgs_url(bucks)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert error_of(bearer(api, slow).get(orgs_url(bucks)))["retry_after"] > 0
    assert bearer(api, fast).get(orgs_url(bucks)).status_code == 200  # not the slow key's budget


def test_bad_key_requests_get_field_errors(bucks, admin):
    with pytest.raises(RuleViolation) as excinfo:
        partner_key_create(place=bucks, actor=admin, name="CRM", scopes=["write:nothing"])
    assert "scopes" in excinfo.value.message_dict
    partner_key_create(place=bucks, actor=admin, name="CRM", scopes=["read"])
    with pytest.raises(RuleViolation) as excinfo:
        partner_key_create(place=bucks, actor=admin, name="CRM", scopes=["read"])
    assert "in use already" in excinfo.value.message_dict["name"][0]


# The admin's pages


def keys_url(place, name="api_keys", **kwargs):
    return reverse(f"places:{name}", kwargs={"place_slug": place.slug, **kwargs})


def test_an_admin_makes_a_key_sees_it_once_then_revokes_it(client, bucks, admin):
    client.force_login(admin)
    form = client.post(
        keys_url(bucks, "api_key_create"),
        {"name": "Grants system", "scopes": ["write:organisations"], "rate": "600/min"},
    )
    assert form.status_code == 200 and form["Cache-Control"] == "no-store"
    row = PartnerKey.objects.for_place(bucks).get(name="Grants system")
    page = form.content.decode()
    assert "It is shown only this once" in page
    shown = page.split('id="new-key" type="text" value="', 1)[1].split('"', 1)[0]
    assert hash_key(shown) == row.key_hash
    assert row.scopes == ["read", "write:organisations"] and row.rate == "600/min"

    listing = client.get(keys_url(bucks)).content.decode()
    assert "Grants system" in listing and f"ipk_{row.prefix}" in listing
    assert shown not in listing

    client.post(keys_url(bucks, "api_key_revoke", pk=row.pk))
    row.refresh_from_db()
    assert row.revoked_at is not None
    assert "Revoked" in client.get(keys_url(bucks)).content.decode()


def test_the_key_form_keeps_input_and_explains_errors(client, bucks, admin):
    client.force_login(admin)
    response = client.post(keys_url(bucks, "api_key_create"), {"name": "", "rate": "lots"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a number of requests, a slash and sec, min, hour or day" in page
    assert 'value="lots"' in page
    assert not PartnerKey.objects.for_place(bucks).exists()


@pytest.mark.parametrize("role", [r for r in Role if r != Role.PLACE_ADMIN])
def test_only_place_admins_manage_keys(client, bucks, make_member, role):
    client.force_login(make_member(bucks, role))
    assert client.get(keys_url(bucks)).status_code == 403
    assert client.post(keys_url(bucks, "api_key_create"), {"name": "x"}).status_code == 403


def test_a_key_cannot_read_its_makers_own_account(api, bucks, admin, coventry):
    # The maker holds roles in two places; the key acts for a partner system in one.
    resident_join(place=coventry, user=admin)
    key = make_key(bucks, admin)

    me = bearer(api, key).get("/api/v1/me/")
    assert me.status_code == 403
    assert "coventry" not in me.content.decode().lower()
    assert error_of(me)["message"] == (
        "A partner API key works only with its own place's resources, under "
        "/api/v1/places/buckinghamshire/: it cannot act as the person who made it."
    )
    # What is public stays open to it, and its own place's resources work as before.
    assert bearer(api, key).get("/api/v1/").status_code == 200
    assert bearer(api, key).get("/api/v1/places/").status_code == 200
    assert bearer(api, key).get(orgs_url(bucks)).status_code == 200


def test_a_key_may_fetch_the_public_schema(api, bucks, admin):
    assert bearer(api, make_key(bucks, admin)).get("/api/schema/").status_code == 200
