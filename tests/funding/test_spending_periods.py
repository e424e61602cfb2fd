"""Spending periods: every grant says by when its money must be spent; the figures publish the
share of grants (by number and by value) whose money must be spent in under the place's
threshold, the median months to spend, and the trend by year, per funder and for the place, on
the page and in the API. Edge cases: no grants, one funder, a period straddling two years."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from coordination.accounts.models import Role
from coordination.errors import RuleViolation
from funding import services
from funding.models import Bid, FundingPolicy
from funding.selectors import compute_figures, place_and_funder_figures
from tests.support.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def award(bid, funder, *, start, spend_by, amount="10000", decided=None, months=None):
    return services.bid_award(
        place=bid.place,
        actor=funder,
        bid=bid,
        amount=Decimal(amount),
        start=start,
        months=months,
        spend_by=spend_by,
        awarded_in_past=True,
        now=decided,
    )


def reread(bid):
    return Bid.objects.for_place(bid.place).get(pk=bid.pk)


def test_the_spend_by_date_is_kept_and_shown_on_the_grant(client, bucks, funder, make_bid):
    bid = award(make_bid(submit=True), funder, start=date(2026, 3, 1), spend_by=date(2026, 8, 31))
    bid = reread(bid)
    assert bid.spend_by == date(2026, 8, 31)
    assert bid.spend_months == 6
    client.force_login(funder)
    page = client.get(bid.get_absolute_url()).content.decode()
    assert "31 August 2026" in page and "6 months to spend it" in page


def test_without_a_spend_by_date_the_money_is_spent_by_the_grants_end(bucks, funder, make_bid):
    bid = award(make_bid(submit=True), funder, start=date(2026, 1, 1), spend_by=None, months=12)
    assert reread(bid).spend_by == date(2026, 12, 31)


def test_a_spend_by_date_before_the_start_is_refused_by_field(bucks, funder, make_bid):
    bid = make_bid(submit=True)
    with pytest.raises(RuleViolation) as refused:
        award(bid, funder, start=date(2026, 3, 1), spend_by=date(2026, 2, 1))
    assert "spend_by" in refused.value.error_dict
    assert reread(bid).state == "submitted"


def test_the_database_refuses_a_grant_without_a_spend_by_date(bucks, funder, make_bid):
    bid = award(make_bid(submit=True), funder, start=date(2026, 1, 1), spend_by=date(2026, 6, 30))
    with pytest.raises(IntegrityError), transaction.atomic():
        Bid.objects.for_place(bucks).filter(pk=bid.pk).update(spend_by=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Bid.objects.for_place(bucks).filter(pk=bid.pk).update(spend_by=date(2025, 12, 1))


def test_the_award_form_asks_for_it_and_says_what_is_missing(client, bucks, funder, make_bid):
    bid = make_bid(submit=True)
    client.force_login(funder)
    url = reverse("places:funding:bid_award", kwargs={"place_slug": bucks.slug, "pk": bid.pk})
    assert 'name="spend_by_day"' in client.get(url).content.decode()
    page = client.post(url, {"amount": "12000", "months": "12", "start": "2026-11-01"})
    assert page.status_code == 200
    assert "The money must be spent by" in page.content.decode()
    assert 'href="#id_spend_by_day"' in page.content.decode()
    assert reread(bid).state == "submitted"


def test_the_api_needs_it_and_gives_it_back(bucks, funder, make_bid):
    bid = make_bid(submit=True)
    api = APIClient()
    api.force_authenticate(funder)
    url = f"/api/v1/places/{bucks.slug}/funding/bids/{bid.pk}/award/"
    missing = api.post(url, {"amount": "12000", "start": "2026-11-01"}, format="json")
    assert missing.status_code == 400
    assert "spend_by" in missing.json()["error"]["fields"]
    done = api.post(
        url, {"amount": "12000", "start": "2026-11-01", "spend_by": "2027-03-31"}, format="json"
    )
    assert done.status_code == 200, done.json()
    assert done.json()["spend_by"] == "2027-03-31"


@pytest.fixture
def two_funders(bucks, funder, funder_org, make_programme, make_member, make_bid):
    """Chiltern: a grant of £10,000 with 6 months to spend (straddling two years) decided in 2025,
    and one of £30,000 with 24 months decided in 2026. Vale: one of £5,000 with 3 months, 2026."""
    vale_org = OrganisationFactory(name="Vale Trust", kind="funder", places=[bucks])
    vale = make_member(bucks, Role.FUNDER, organisation=vale_org)
    vale_fund = make_programme(actor=vale, funder=vale_org, title="Vale fund", deadline=None)

    award(
        make_bid(submit=True, title="Winter warmth"),
        funder,
        start=date(2025, 10, 1),
        spend_by=date(2026, 3, 31),
        decided=datetime(2025, 9, 15, 10, tzinfo=LONDON),
    )
    award(
        make_bid(submit=True, title="Two years of meals"),
        funder,
        amount="30000",
        start=date(2026, 4, 1),
        spend_by=date(2028, 3, 31),
        decided=datetime(2026, 3, 20, 10, tzinfo=LONDON),
    )
    award(
        make_bid(submit=True, title="Quick kit", programme_=vale_fund),
        vale,
        amount="5000",
        start=date(2026, 1, 1),
        spend_by=date(2026, 3, 31),
        decided=datetime(2025, 12, 31, 23, 30, tzinfo=LONDON),
    )
    return {"chiltern": funder_org, "vale": vale_org}


def test_the_place_figures_count_short_spending_periods(two_funders, bucks):
    figures = compute_figures(bucks)
    assert figures.short_term_months == 12
    assert figures.short_share == pytest.approx(2 / 3)
    assert figures.short_value_share == pytest.approx(15000 / 45000)
    assert figures.median_spend_months == 6
    # By the year each was decided: the winter grant straddles 2025 and 2026 but counts once, in
    # 2025; a decision at 23:30 on New Year's Eve is 2025's in the place's time zone.
    assert [(y.year, y.awards, y.short) for y in figures.spending_by_year] == [
        (2025, 2, 2),
        (2026, 1, 0),
    ]


def test_one_funders_figures(two_funders, bucks):
    vale = compute_figures(bucks, funder=two_funders["vale"])
    assert (vale.short_share, vale.median_spend_months) == (1.0, 3)
    chiltern = compute_figures(bucks, funder=two_funders["chiltern"])
    assert chiltern.short_share == 0.5
    assert chiltern.short_value_share == pytest.approx(0.25)
    _place, per_funder = place_and_funder_figures(bucks)
    by_name = {f.name: figs for f, figs in per_funder}
    assert by_name["Vale Trust"].short_share == 1.0


def test_no_grants_gives_no_figures_rather_than_zero(bucks, sutton):
    figures = compute_figures(sutton)
    assert figures.short_share is None and figures.short_value_share is None
    assert figures.median_spend_months is None and figures.spending_by_year == []


def test_the_place_sets_its_threshold_and_the_figures_follow(two_funders, bucks, make_member):
    admin = make_member(bucks, Role.PLACE_ADMIN)
    services.funding_policy_update(place=bucks, actor=admin, short_term_months=6)
    assert compute_figures(bucks).short_share == pytest.approx(1 / 3)  # only the 3-month grant
    assert FundingPolicy.objects.for_place(bucks).get().short_term_months == 6


def test_only_a_place_admin_sets_it_and_only_sensible_numbers(bucks, funder, make_member):
    with pytest.raises(RuleViolation):
        services.funding_policy_update(place=bucks, actor=funder, short_term_months=6)
    admin = make_member(bucks, Role.PLACE_ADMIN)
    with pytest.raises(RuleViolation) as refused:
        services.funding_policy_update(place=bucks, actor=admin, short_term_months=0)
    assert "short_term_months" in refused.value.error_dict
    assert not FundingPolicy.objects.for_place(bucks).exists()


def test_the_policy_page_for_admins(client, bucks, coventry, funder, make_member):
    url = reverse("places:funding:funding_policy", kwargs={"place_slug": bucks.slug})
    client.force_login(funder)
    assert client.get(url).status_code == 403
    client.force_login(make_member(coventry, Role.PLACE_ADMIN))
    assert client.get(url).status_code == 403
    client.force_login(make_member(bucks, Role.PLACE_ADMIN))
    assert client.get(url).status_code == 200
    response = client.post(url, {"short_term_months": "9"}, follow=True)
    assert "To spend in under 9 months" in response.content.decode()
    refused = client.post(url, {"short_term_months": "100"})
    assert refused.status_code == 200 and "govuk-error-summary" in refused.content.decode()


def test_the_figures_page_and_api_publish_them(two_funders, bucks, client):
    page = client.get(
        reverse("places:funding:figures", kwargs={"place_slug": bucks.slug})
    ).content.decode()
    assert "Money to spend in under 12 months" in page
    assert "67% of awards (33% of the money)" in page
    assert 'id="spending-by-year"' in page
    body = client.get(f"/api/v1/places/{bucks.slug}/funding/grants/figures/").json()
    assert body["place"]["short_term_months"] == 12
    assert body["place"]["short_term_share"] == 66.7
    assert body["place"]["median_months_to_spend"] == 6
    assert body["place"]["spending_by_year"][0] == {
        "year": 2025,
        "awards": 2,
        "short_term": 2,
        "short_term_share": 100.0,
        "awarded_total": "15000.00",
        "short_term_total": "15000.00",
    }
    grants = client.get(f"/api/v1/places/{bucks.slug}/funding/grants/").json()["results"]
    assert {g["spend_by"] for g in grants} == {"2026-03-31", "2028-03-31"}


def test_the_360giving_data_keeps_the_grant_period(two_funders, bucks, client):
    package = client.get(
        reverse("places:funding:grants_json", kwargs={"place_slug": bucks.slug})
    ).json()
    planned = {g["title"]: g["plannedDates"][0] for g in package["grants"]}
    assert planned["Winter warmth"]["startDate"] == "2025-10-01"
