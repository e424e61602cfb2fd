"""The published figures from a known set of bids, and the 360Giving export against the schema."""

import csv
import io
import json
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordination.accounts.models import Role
from coordination.organisations.models import OrganisationKind
from funding import services
from funding.models import FundingType
from funding.selectors import compute_figures
from tests.support.factories import OrganisationFactory
from tests.support.funding import make_area
from tests.support.threesixtygiving import validator

pytestmark = pytest.mark.django_db


@pytest.fixture
def known_set(
    bucks, coventry, funder, funder_org, make_programme, make_bid, make_member, leader, charity_org
):
    """Three awards (two core, two to local embedded organisations), three declines (two with
    feedback after 10 and 20 days, one overdue), one withdrawn, one still live."""
    ward = make_area(bucks, "Castlefield", gss_code="E05002345")
    local_org = OrganisationFactory(
        name="Castlefield Pantry",
        kind=OrganisationKind.CIO,
        org_id="GB-CHC-1190001",
        places=[bucks],
    )
    local_org.areas.add(ward)
    national = OrganisationFactory(name="National Meals", places=[bucks, coventry])
    local_leader = make_member(bucks, Role.CHARITY_LEADER, organisation=local_org)
    national_leader = make_member(bucks, Role.CHARITY_LEADER, organisation=national)
    second_funder_org = OrganisationFactory(
        name="Vale Trust", kind=OrganisationKind.FUNDER, places=[bucks], org_id="GB-CHC-1190002"
    )
    second_funder = make_member(bucks, Role.FUNDER, organisation=second_funder_org)
    core = make_programme(actor=funder, funder=funder_org, title="Core fund")
    project = make_programme(
        actor=second_funder,
        funder=second_funder_org,
        title="Project fund",
        funding_type=FundingType.PROJECT,
        deadline=None,
    )
    t0 = timezone.now() - timedelta(days=90)

    def bid(programme, actor, applicant, title, **kw):
        return make_bid(
            programme_=programme, actor=actor, applicant=applicant, title=title, submit=True, **kw
        )

    def award(b, months, by=funder):
        services.bid_award(
            place=bucks,
            actor=by,
            bid=b,
            amount=Decimal("10000.50"),
            start=date(2026, 1, 1),
            months=months,
            awarded_in_past=True,
        )

    award(bid(core, local_leader, local_org, "Local core", areas=[ward]), 36)
    award(bid(core, national_leader, national, "National core"), 12)
    for title, days in (("Decline ten", 10), ("Decline twenty", 20), ("Decline late", None)):
        b = bid(core, leader, charity_org, title)
        services.bid_decline(
            place=bucks,
            actor=funder,
            bid=b,
            reasons=["budget"],
            strengths="s",
            to_strengthen="t",
            release=False,
            now=t0,
        )
        if days is not None:
            services.feedback_release(
                place=bucks, actor=funder, bid=b, now=t0 + timedelta(days=days)
            )
    award(bid(project, local_leader, local_org, "Local project"), 24, by=second_funder)
    withdrawn = bid(project, leader, charity_org, "Withdrawn one")
    services.bid_withdraw(place=bucks, actor=leader, bid=withdrawn)
    bid(project, leader, charity_org, "Still live")
    return {"core": core, "project": project, "funder": funder_org, "second": second_funder_org}


def test_the_figures_for_the_place(known_set, bucks):
    figures = compute_figures(bucks)
    assert figures.awards == 3
    assert figures.awarded_total == Decimal("30001.50")
    assert figures.core_share == pytest.approx(2 / 3)
    assert figures.median_months == 24
    assert figures.local_share == pytest.approx(2 / 3)
    assert figures.declined == 3
    assert figures.feedback_rate == pytest.approx(2 / 3)
    assert figures.median_feedback_days == 15
    assert figures.feedback_overdue == 1
    rates = {p.title: (submitted, rate) for p, submitted, _a, _d, rate in figures.programmes}
    assert rates == {
        "Core fund": (5, pytest.approx(0.4)),
        "Project fund": (3, 1.0),
        "Core Strength Fund": (0, None),  # the fixtures' default programme: no bids
    }


def test_the_figures_per_funder(known_set, bucks):
    first = compute_figures(bucks, funder=known_set["funder"])
    assert (first.awards, first.core_share, first.median_months) == (2, 1.0, 24)
    second = compute_figures(bucks, funder=known_set["second"])
    assert (second.awards, second.core_share, second.feedback_rate) == (1, 0.0, None)


def test_the_figures_page_shows_them(known_set, bucks, client):
    page = client.get(reverse("places:funding:figures", kwargs={"place_slug": bucks.slug}))
    text = page.content.decode()
    assert "67% of awards" in text
    assert "15 days" in text
    assert "1 overdue" in text
    assert "Decline ten" not in text and "Still live" not in text and "Withdrawn one" not in text


def test_the_360giving_package_is_valid_and_holds_only_awards(known_set, bucks, client):
    response = client.get(reverse("places:funding:grants_json", kwargs={"place_slug": bucks.slug}))
    data = json.loads(response.content)
    errors = list(validator().iter_errors(data))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    titles = {g["title"] for g in data["grants"]}
    assert titles == {"Local core", "National core", "Local project"}
    local = next(g for g in data["grants"] if g["title"] == "Local core")
    assert local["id"].startswith("360G-")
    assert local["amountAwarded"] == 10000.5
    assert local["currency"] == "GBP"
    assert local["recipientOrganization"] == [
        {"id": "GB-CHC-1190001", "name": "Castlefield Pantry", "charityNumber": "1190001"}
    ]
    assert local["fundingOrganization"][0]["name"] == "Chiltern Community Foundation"
    assert local["beneficiaryLocation"] == [
        {"name": "Castlefield", "geoCode": "E05002345", "geoCodeType": "WD"}
    ]
    assert local["plannedDates"] == [
        {"startDate": "2026-01-01", "endDate": "2028-12-31", "duration": 36}
    ]
    assert local["grantProgramme"][0]["title"] == "Core fund"
    assert local["fromOpenCall"] == "Yes"


def test_the_360giving_export_per_funder_and_as_csv(known_set, bucks, client):
    base = reverse("places:funding:grants_json", kwargs={"place_slug": bucks.slug})
    data = client.get(f"{base}?funder={known_set['second'].pk}").json()
    assert [g["title"] for g in data["grants"]] == ["Local project"]
    assert not list(validator().iter_errors(data))
    other = OrganisationFactory(kind=OrganisationKind.FUNDER)  # works in no place here
    assert client.get(f"{base}?funder={other.pk}").status_code == 404
    csv_url = reverse("places:funding:grants_csv", kwargs={"place_slug": bucks.slug})
    rows = list(csv.DictReader(io.StringIO(client.get(csv_url).content.decode())))
    assert {r["Title"] for r in rows} == {"Local core", "National core", "Local project"}
    assert all(r["Identifier"].startswith("360G-") for r in rows)
    assert {r["Currency"] for r in rows} == {"GBP"}


def chart_data(page, element_id):
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', page)
    assert match, f"no chart data {element_id}"
    return json.loads(match.group(1))


def test_the_figures_page_draws_charts_with_a_table_beside_each(known_set, bucks, client):
    page = client.get(reverse("places:funding:figures", kwargs={"place_slug": bucks.slug}))
    text = page.content.decode()
    shares = chart_data(text, "funding-shares-data")
    assert shares["labels"] == [
        "All funders in Buckinghamshire",
        "Chiltern Community Foundation",
        "Vale Trust",
    ]
    assert [d["data"] for d in shares["datasets"]] == [[67, 100, 0], [67, 50, 100], [67, 67, None]]
    assert chart_data(text, "funding-length-data")["datasets"][0]["data"] == [24, 24, 24]
    assert chart_data(text, "funding-feedback-days-data")["datasets"][0]["data"] == [15, 15, None]
    success = chart_data(text, "funding-success-data")
    assert (success["labels"], success["datasets"][0]["data"]) == (
        ["Core fund", "Project fund"],
        [40, 100],
    )
    # Every chart names its data and has its table; the script that draws them is loaded.
    for data_id, table_id in (
        ("funding-shares-data", "shares-table"),
        ("funding-length-data", "timing-table"),
        ("funding-feedback-days-data", "timing-table"),
        ("funding-success-data", "success-rates"),
    ):
        assert f'data-inplace-chart="{data_id}" role="img" aria-label=' in text
        assert f'id="{table_id}"' in text
    assert "build/chart.umd.min.js" in text and "js/charts.js" in text


def test_each_funder_has_its_own_figures_page(known_set, bucks, coventry, client):
    second = known_set["second"]
    page = client.get(
        reverse("places:funding:funder_figures", kwargs={"place_slug": bucks.slug, "pk": second.pk})
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Local project" in text and "Local core" not in text  # its grants only
    assert "Decline ten" not in text and "Still live" not in text
    shares = chart_data(text, "funding-shares-data")
    assert shares["labels"] == ["Vale Trust", "All funders in Buckinghamshire"]
    assert [d["data"][0] for d in shares["datasets"]] == [0, 100, None]
    assert f"?funder={second.pk}" in text
    # A funder that does not work here, and an organisation that is not a funder: not found.
    for pk in (
        OrganisationFactory(kind=OrganisationKind.FUNDER, places=[coventry]).pk,
        OrganisationFactory(places=[bucks]).pk,
    ):
        url = reverse("places:funding:funder_figures", kwargs={"place_slug": bucks.slug, "pk": pk})
        assert client.get(url).status_code == 404


def test_a_place_with_no_grants_gives_a_clear_empty_result(bucks, sutton, client, known_set):
    json_url = reverse("places:funding:grants_json", kwargs={"place_slug": sutton.slug})
    empty = client.get(json_url)
    assert empty.status_code == 204 and empty.content == b""
    assert "at least one grant" in empty["X-InPlace-Note"]
    csv_url = reverse("places:funding:grants_csv", kwargs={"place_slug": sutton.slug})
    rows = list(csv.reader(io.StringIO(client.get(csv_url).content.decode())))
    assert len(rows) == 1 and rows[0][0] == "Identifier"
    page = client.get(reverse("places:funding:figures", kwargs={"place_slug": sutton.slug}))
    assert "no 360Giving data to publish" in page.content.decode()
    # A funder here with no awards yet: the same for its own export.
    idle = OrganisationFactory(kind=OrganisationKind.FUNDER, places=[bucks])
    base = reverse("places:funding:grants_json", kwargs={"place_slug": bucks.slug})
    assert client.get(f"{base}?funder={idle.pk}").status_code == 204


def test_the_figures_cost_the_same_queries_for_one_funder_or_many(
    bucks,
    client,
    make_member,
    make_programme,
    make_bid,
    decline,
    award,
    funder,
    funder_org,
    settings,
):
    """The figures page and the API figures count every funder's figures from one read of the
    place's bids, programmes and applicants: a county with seventy funders once ran 358 queries.
    (tests/test_query_budgets.py grows the rows of one funder, never the number of funders.)"""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # the queries counted are the pages' own
    page = reverse("places:funding:figures", kwargs={"place_slug": bucks.slug})
    api = f"/api/v1/places/{bucks.slug}/funding/grants/figures/"

    def add_funder(i):
        organisation = OrganisationFactory(
            name=f"Budget Trust {i}", kind=OrganisationKind.FUNDER, places=[bucks]
        )
        person = make_member(bucks, Role.FUNDER, organisation=organisation)
        programme = make_programme(actor=person, funder=organisation, title=f"Budget fund {i}")
        award_bid = make_bid(title=f"Awarded {i}", programme_=programme, submit=True)
        services.bid_award(
            place=bucks,
            actor=person,
            bid=award_bid,
            amount=Decimal("9000"),
            start=date(2026, 4, 1),
            months=12,
            awarded_in_past=True,
        )
        decline(make_bid(title=f"Declined {i}", programme_=programme, submit=True), actor=person)

    def queries():
        counts = []
        for url in (page, api):
            client.get(url)  # warm
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    award(make_bid(submit=True))
    one = queries()
    for i in range(4):
        add_funder(i)
    assert queries() == one
