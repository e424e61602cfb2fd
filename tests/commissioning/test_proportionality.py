"""Funding proportional to demand: the value for each unit of demand is compared contract by
contract; a fall beyond the place's threshold is flagged, per tender and per service area, on the
pages and in the API. Demand doubling while the value rose 1% is flagged; a small rise is not."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from commissioning import selectors, services
from commissioning.models import CommissioningPolicy
from coordination.accounts.models import Role
from coordination.errors import RuleViolation
from coordination.vocabularies.models import Theme
from tests.support.commissioning import tender

pytestmark = pytest.mark.django_db


def contracts(place, officer, t, rows):
    for year, demand, value in rows:
        services.demand_period_add(
            place=place,
            actor=officer,
            tender=t,
            label=f"{year} contract",
            starts_on=date(year, 4, 1),
            indicator="referrals a quarter",
            demand=Decimal(demand),
            value=Decimal(value),
        )
    return selectors.proportionality(t)


def test_demand_doubling_with_value_up_one_per_cent_is_flagged(bucks, council, officer):
    found = contracts(
        bucks, officer, tender(bucks, officer, council), [(2020, 100, 100000), (2023, 200, 101000)]
    )
    assert found.flagged
    assert (found.demand_change, found.value_change) == (100.0, 1.0)
    assert found.unit_value_change == -49.5 and found.threshold == 10


def test_value_keeping_pace_is_not_flagged(bucks, council, officer):
    found = contracts(
        bucks, officer, tender(bucks, officer, council), [(2020, 100, 100000), (2023, 105, 100000)]
    )
    assert not found.flagged and found.unit_value_change == -4.8


def test_a_slow_slide_over_several_contracts_is_flagged_against_the_first(bucks, council, officer):
    found = contracts(
        bucks,
        officer,
        tender(bucks, officer, council),
        [(2017, 100, 100000), (2020, 108, 100000), (2023, 116, 100000)],
    )
    assert found.unit_value_change == -6.9  # against the one before: within 10%
    assert found.unit_value_change_overall == -13.8  # against the first: beyond it
    assert found.flagged


def test_one_contract_or_none_counted_flags_nothing(bucks, council, officer):
    assert not contracts(
        bucks, officer, tender(bucks, officer, council), [(2020, 100, 1000)]
    ).flagged
    found = contracts(
        bucks, officer, tender(bucks, officer, council), [(2020, 0, 1000), (2023, 0, 900)]
    )
    assert not found.flagged and found.unit_value_change is None


def test_the_place_sets_the_threshold(bucks, council, officer, make_member):
    t = tender(bucks, officer, council)
    rows = [(2020, 100, 100000), (2023, 105, 100000)]
    assert not contracts(bucks, officer, t, rows).flagged
    admin = make_member(bucks, Role.PLACE_ADMIN)
    services.commissioning_policy_update(place=bucks, actor=admin, unit_value_fall_percent=3)
    assert selectors.proportionality(t).flagged
    with pytest.raises(RuleViolation):
        services.commissioning_policy_update(place=bucks, actor=officer, unit_value_fall_percent=5)
    with pytest.raises(RuleViolation) as refused:
        services.commissioning_policy_update(place=bucks, actor=admin, unit_value_fall_percent=0)
    assert "unit_value_fall_percent" in refused.value.error_dict
    assert CommissioningPolicy.objects.for_place(bucks).get().unit_value_fall_percent == 3


def test_per_service_area_on_the_figures_page_and_per_tender_in_the_api(
    client, bucks, council, officer
):
    health = Theme.objects.get(slug="mental-health", place__isnull=True)
    food = Theme.objects.get(slug="food", place__isnull=True)
    squeezed = tender(bucks, officer, council, title="Social prescribing")
    squeezed.themes.set([health])
    contracts(bucks, officer, squeezed, [(2020, 100, 100000), (2023, 200, 101000)])
    kept = tender(bucks, officer, council, title="Community meals")
    kept.themes.set([health, food])
    contracts(bucks, officer, kept, [(2020, 100, 100000), (2023, 100, 110000)])

    by_area = {r.theme: r for r in selectors.proportionality_by_service_area(bucks)}
    assert (by_area["Mental health"].tenders, by_area["Mental health"].flagged) == (2, 1)
    assert by_area["Mental health"].median_unit_value_change == pytest.approx(-19.8, abs=0.1)
    assert (by_area["Food"].tenders, by_area["Food"].flagged) == (1, 0)

    page = client.get(
        reverse("places:commissioning:figures", kwargs={"place_slug": bucks.slug})
    ).content.decode()
    assert 'id="proportionality-by-area"' in page and "Mental health" in page

    api = APIClient()
    body = api.get(f"/api/v1/places/{bucks.slug}/tenders/{squeezed.pk}/").json()
    assert body["proportionality"]["flagged"] is True
    assert body["proportionality"]["unit_value_change"] == -49.5
    assert body["proportionality"]["threshold"] == 10


def test_the_threshold_page_is_for_place_admins(client, bucks, coventry, officer, make_member):
    url = reverse("places:commissioning:proportionality_policy", kwargs={"place_slug": bucks.slug})
    client.force_login(officer)
    assert client.get(url).status_code == 403
    client.force_login(make_member(coventry, Role.PLACE_ADMIN))
    assert client.get(url).status_code == 403
    client.force_login(make_member(bucks, Role.PLACE_ADMIN))
    response = client.post(url, {"unit_value_fall_percent": "15"}, follow=True)
    assert "fall by more than 15%" in response.content.decode()
    refused = client.post(url, {"unit_value_fall_percent": "abc"})
    assert refused.status_code == 200 and "govuk-error-summary" in refused.content.decode()
