"""The tenancy guard fails closed, and the place scope only ever returns one place's rows."""

import pytest
from django_scopes import ScopeError, scope

from coordination.accounts.models import Membership
from coordination.audit.models import AuditEntry
from coordination.places.models import Area
from tests.support.factories import AreaFactory


@pytest.mark.parametrize("model", [Area, Membership, AuditEntry])
def test_a_query_that_forgot_its_place_fails(db, model):
    with pytest.raises(ScopeError):
        list(model.objects.all())
    with pytest.raises(ScopeError):
        model.objects.filter(pk=1).first()
    with pytest.raises(ScopeError):
        model.objects.count()


def test_for_place_returns_only_that_place(bucks, coventry):
    mine = AreaFactory(place=bucks, name="Marlow")
    AreaFactory(place=coventry, name="Earlsdon")
    assert list(Area.objects.for_place(bucks)) == [mine]


def test_active_scope_filters_to_its_place(bucks, coventry):
    AreaFactory(place=bucks, name="Marlow")
    theirs = AreaFactory(place=coventry, name="Earlsdon")
    with scope(place=coventry):
        assert list(Area.objects.all()) == [theirs]
        assert Area.objects.filter(name="Marlow").first() is None


def test_same_slug_allowed_in_two_places_but_not_twice_in_one(bucks, coventry):
    from django.db import IntegrityError, transaction

    AreaFactory(place=bucks, name="Central", slug="central")
    AreaFactory(place=coventry, name="Central", slug="central")
    with pytest.raises(IntegrityError), transaction.atomic():
        AreaFactory(place=bucks, name="Central again", slug="central")


def test_unknown_place_is_a_404_page(client, db):
    response = client.get("/nowhere/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_inactive_place_is_a_404(client, sutton):
    sutton.is_active = False
    sutton.save()
    assert client.get("/sutton/").status_code == 404


def test_tests_cannot_reach_the_network():
    import socket

    with pytest.raises(OSError, match="may not reach the network"), socket.socket() as sock:
        sock.connect(("192.0.2.1", 80))
