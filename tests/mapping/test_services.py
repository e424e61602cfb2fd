"""Services that change the map: rules enforced, every change audited, nothing crosses places."""

import pytest

from coordination.accounts.models import Role
from coordination.audit.models import AuditEntry
from coordination.errors import RuleViolation
from coordination.vocabularies import selectors as vocabularies
from coordination.vocabularies.models import Theme
from mapping import selectors, services
from mapping.models import AssetKind
from tests.support.factories import OrganisationFactory


def test_service_create_links_vocabulary_and_is_audited(sutton, area, theme, community, admin_of):
    admin = admin_of(sutton)
    organisation = OrganisationFactory(places=[sutton])
    service = services.service_create(
        place=sutton,
        actor=admin,
        organisation=organisation,
        name="St Helier pantry",
        themes=[theme("food")],
        communities=[community("Carers")],
        areas=[area(sutton, "St Helier East")],
        postcode="sm5 1aa",
    )
    assert service.postcode == "SM5 1AA"
    assert service.last_verified is not None
    entry = AuditEntry.objects.for_place(sutton).get(action="mapping.service.create")
    assert entry.actor == admin and entry.changes["themes"] == ["Food"]


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"postcode": "NOT A CODE"}, "postcode"),
        ({"in_person": False}, "in_person"),
        ({"latitude": 51.4}, "longitude"),
        ({"whole_place": False}, "areas"),
        ({"is_specialist": True, "whole_place": True}, "communities"),
    ],
)
def test_service_rules_are_field_errors(sutton, theme, fields, field):
    organisation = OrganisationFactory(places=[sutton])
    with pytest.raises(RuleViolation) as caught:
        services.service_create(
            place=sutton,
            actor=None,
            organisation=organisation,
            name="Pantry",
            themes=[theme("food")],
            **fields,
        )
    assert field in caught.value.message_dict


def test_service_cannot_use_another_places_area_theme_or_organisation(sutton, bucks, area, theme):
    local_theme = services.theme_add(place=bucks, actor=None, name="Chalk streams")
    with pytest.raises(RuleViolation) as caught:
        services.service_create(
            place=sutton,
            actor=None,
            organisation=OrganisationFactory(places=[sutton]),
            name="Pantry",
            themes=[local_theme],
            areas=[area(bucks, "Marlow")],
        )
    assert {"themes", "areas"} <= set(caught.value.message_dict)
    with pytest.raises(RuleViolation) as caught:
        services.service_create(
            place=sutton,
            actor=None,
            organisation=OrganisationFactory(places=[bucks]),
            name="Pantry",
            themes=[theme("food")],
            whole_place=True,
        )
    assert "organisation" in caught.value.message_dict


def test_service_update_audits_what_changed(sutton, area, theme, make_service):
    service = make_service(sutton, "Pantry", areas=[area(sutton, "Cheam")])
    services.service_update(
        place=sutton,
        actor=None,
        service=service,
        name="Cheam pantry",
        themes=[theme("food"), theme("money-and-debt")],
    )
    entry = AuditEntry.objects.for_place(sutton).get(action="mapping.service.update")
    assert entry.changes["name"] == ["Pantry", "Cheam pantry"]
    assert entry.changes["themes"] == [["Food"], ["Food", "Money and debt"]]


def test_place_vocabulary_additions_stay_in_their_place(sutton, bucks, community):
    services.theme_add(place=sutton, actor=None, name="Estate regeneration")
    added = services.community_add(place=sutton, actor=None, name="Roma communities")
    assert Theme.objects.for_place(sutton).filter(slug="estate-regeneration").exists()
    assert not Theme.objects.for_place(bucks).filter(slug="estate-regeneration").exists()
    assert added in vocabularies.communities_for_place(sutton)
    assert added not in vocabularies.communities_for_place(bucks)
    assert community("Carers") in vocabularies.communities_for_place(bucks)
    with pytest.raises(RuleViolation):
        services.theme_add(place=sutton, actor=None, name="Food")


def test_charity_leader_may_edit_only_their_organisations_services(
    sutton, make_member, make_service, admin_of
):
    charity = OrganisationFactory(places=[sutton])
    leader = make_member(sutton, Role.CHARITY_LEADER, organisation=charity)
    own = make_service(sutton, "Ours", organisation=charity)
    other = make_service(sutton, "Theirs")
    assert selectors.can_edit_service(leader, sutton, own)
    assert not selectors.can_edit_service(leader, sutton, other)
    assert list(selectors.service_organisation_choices(leader, sutton)) == [charity]
    assert selectors.can_edit_service(admin_of(sutton), sutton, other)
    resident = make_member(sutton, Role.RESIDENT)
    assert not selectors.can_edit_service(resident, sutton, own)


def test_need_needs_a_rating_or_an_indicator_with_its_source(sutton, area, theme):
    with pytest.raises(RuleViolation) as caught:
        services.need_create(
            place=sutton, actor=None, area=area(sutton, "Cheam"), theme=theme("food"), summary="x"
        )
    assert "severity" in caught.value.message_dict
    with pytest.raises(RuleViolation) as caught:
        services.need_create(
            place=sutton,
            actor=None,
            area=area(sutton, "Cheam"),
            theme=theme("food"),
            summary="x",
            indicator_value=3,
        )
    assert "indicator_source" in caught.value.message_dict


def test_asset_contact_stays_out_of_the_audit_without_consent(sutton, area):
    asset = services.asset_create(
        place=sutton,
        actor=None,
        kind=AssetKind.PEOPLE,
        name="Retired electrician",
        area=area(sutton, "St Helier West"),
        contact_email="sparks@example.org",
    )
    entry = AuditEntry.objects.for_place(sutton).get(action="mapping.asset.create")
    assert "sparks@example.org" not in str(entry.changes)
    assert not selectors.can_see_asset_contact(_anonymous(), sutton, asset)


def test_impact_is_one_figure_per_quarter(sutton, make_service):
    service = make_service(sutton, "Pantry")
    services.impact_record(
        place=sutton, actor=None, service=service, year=2025, quarter=1, people_reached=40
    )
    services.impact_record(
        place=sutton, actor=None, service=service, year=2025, quarter=1, people_reached=45
    )
    (impact,) = selectors.impacts_for_service(sutton, service)
    assert impact.people_reached == 45


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()
