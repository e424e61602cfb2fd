"""Mapping's reminder and digest section, through the notifications core's real dispatch."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coordination.accounts.models import Role
from coordination.notifications import dispatch
from coordination.notifications.models import REMINDER_KIND_PREFIX, OutboxEmail
from coordination.places.tenancy import place_scope
from mapping import services
from mapping.digest import VERIFY_KIND
from mapping.models import Service
from tests.support.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def reminders(place):
    return list(
        OutboxEmail.objects.for_place(place)
        .filter(kind=REMINDER_KIND_PREFIX + VERIFY_KIND)
        .order_by("pk")
    )


def test_verify_listing_reminder_after_six_months_once_per_check(
    sutton, make_member, make_service, admin_of
):
    admin_of(sutton)
    charity = OrganisationFactory(places=[sutton])
    leader = make_member(sutton, Role.CHARITY_LEADER, organisation=charity)
    service = make_service(sutton, "Pantry", organisation=charity)
    checked = timezone.localdate() - timedelta(days=170)
    Service.objects.for_place(sutton).filter(pk=service.pk).update(last_verified=checked)

    assert dispatch.dispatch_due_reminders(place_ids=[sutton.pk]).queued == 0
    later = timezone.now() + timedelta(days=13)
    assert dispatch.dispatch_due_reminders(now=later, place_ids=[sutton.pk]).queued == 1
    assert dispatch.dispatch_due_reminders(now=later, place_ids=[sutton.pk]).queued == 0
    (row,) = reminders(sutton)
    assert row.recipient == leader
    assert "Please check the listing of Pantry" in row.subject

    # Verifying starts the six months again: no more reminders until then.
    with place_scope(sutton):
        services.service_verify(place=sutton, actor=leader, service=service)
    assert dispatch.dispatch_due_reminders(now=later, place_ids=[sutton.pk]).queued == 0


def test_listing_with_nobody_acting_for_it_reminds_the_admins(sutton, make_service, admin_of):
    admin = admin_of(sutton)
    service = make_service(sutton, "Orphan pantry")
    Service.objects.for_place(sutton).filter(pk=service.pk).update(
        last_verified=timezone.localdate() - timedelta(days=200)
    )
    assert dispatch.dispatch_due_reminders(place_ids=[sutton.pk]).queued == 1
    assert reminders(sutton)[0].recipient == admin


def test_digest_lists_new_needs_and_gaps_in_the_readers_areas_and_themes(
    sutton, area, theme, make_member, make_service, admin_of
):
    cheam, belmont = area(sutton, "Cheam"), area(sutton, "Belmont")
    charity = OrganisationFactory(places=[sutton])
    charity.areas.add(cheam)
    leader = make_member(sutton, Role.CHARITY_LEADER, organisation=charity)
    admin = admin_of(sutton)
    resident = make_member(sutton, Role.RESIDENT)
    with place_scope(sutton):
        services.need_create(
            place=sutton,
            actor=None,
            area=cheam,
            theme=theme("food"),
            summary="Empty cupboards",
            severity=3,
        )
        services.need_create(
            place=sutton,
            actor=None,
            area=belmont,
            theme=theme("housing"),
            summary="Damp flats",
            severity=1,
        )
    now = timezone.now() + timedelta(minutes=1)

    email, _since, _until = dispatch.preview_digest(sutton, leader, now=now)
    section = next(s for s in email.sections if s["key"] == "mapping_needs_and_gaps")
    titles = [i.title for i in section["items"]]
    assert any("Empty cupboards" in t for t in titles)
    assert any("New gap: high need for Food in Cheam" in t for t in titles)
    assert not any("Damp flats" in t for t in titles)  # not the charity's area or theme

    email, _since, _until = dispatch.preview_digest(sutton, admin, now=now)
    section = next(s for s in email.sections if s["key"] == "mapping_needs_and_gaps")
    assert any("Damp flats" in i.title for i in section["items"])

    email, _since, _until = dispatch.preview_digest(sutton, resident, now=now)
    assert email is None or all(s["key"] != "mapping_needs_and_gaps" for s in email.sections)
