"""Fixtures for the funding tests: a funder with a programme, a charity with its leader, bids."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from coordination.accounts.models import Role
from coordination.organisations.models import OrganisationKind
from coordination.vocabularies.models import Theme
from funding import services
from funding.models import FundingType
from tests.support.factories import OrganisationFactory
from tests.support.funding import today_in


@pytest.fixture
def funder_org(bucks):
    return OrganisationFactory(
        name="Chiltern Community Foundation", kind=OrganisationKind.FUNDER, places=[bucks]
    )


@pytest.fixture
def funder(bucks, make_member, funder_org):
    return make_member(bucks, Role.FUNDER, organisation=funder_org, name="Fran Funder")


@pytest.fixture
def charity_org(bucks):
    return OrganisationFactory(
        name="Wycombe Food Hub", kind=OrganisationKind.REGISTERED_CHARITY, places=[bucks]
    )


@pytest.fixture
def leader(bucks, make_member, charity_org):
    return make_member(bucks, Role.CHARITY_LEADER, organisation=charity_org, name="Lee Leader")


@pytest.fixture
def people(bucks, make_member, charity_org, funder_org, leader, funder):
    other_funder_org = OrganisationFactory(
        name="Vale Trust", kind=OrganisationKind.FUNDER, places=[bucks]
    )
    return {
        "applicant leader": leader,
        "applicant partner": make_member(bucks, Role.PARTNER, organisation=charity_org),
        "programme funder": funder,
        "other funder": make_member(bucks, Role.FUNDER, organisation=other_funder_org),
        "place admin": make_member(bucks, Role.PLACE_ADMIN),
        "council officer": make_member(bucks, Role.COUNCIL_OFFICER),
        "other charity leader": make_member(bucks, Role.CHARITY_LEADER),
        "resident": make_member(bucks, Role.RESIDENT),
        "anonymous": None,
    }


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def make_programme(bucks):
    def make(place=None, actor=None, funder=None, **fields):
        place = place or bucks
        today = today_in(place)
        values = {
            "title": "Core Strength Fund",
            "description": "Three years of unrestricted funding.",
            "funding_type": FundingType.CORE,
            "amount_min": Decimal("5000"),
            "amount_max": Decimal("50000"),
            "grant_length_months": 36,
            "opens_on": today - timedelta(days=40),
            "deadline": today + timedelta(days=30),
            "feedback_commitment_days": 30,
        }
        values.update(fields)
        return services.programme_create(place=place, actor=actor, funder=funder, **values)

    return make


@pytest.fixture
def programme(bucks, funder, funder_org, make_programme):
    return make_programme(actor=funder, funder=funder_org)


@pytest.fixture
def make_bid(bucks, leader, charity_org, programme):
    def make(*, submit=False, actor=None, applicant=None, programme_=None, place=None, **fields):
        values = {
            "title": "Hot meals for Castlefield",
            "summary": "Daily hot meals for families in Castlefield.",
            "amount_requested": Decimal("20000"),
            "duration_months": 24,
            "share_summary": True,
            "themes": [Theme.objects.get(slug="food", place__isnull=True)],
        }
        values.update(fields)
        place = place or bucks
        bid = services.bid_create(
            place=place,
            actor=actor or leader,
            programme=programme_ or programme,
            applicant=applicant or charity_org,
            **values,
        )
        if submit:
            bid = services.bid_submit(place=place, actor=actor or leader, bid=bid)
        return bid

    return make


@pytest.fixture
def decline(bucks, funder):
    def run(bid, *, release=True, now=None, actor=None):
        return services.bid_decline(
            place=bid.place,
            actor=actor or funder,
            bid=bid,
            reasons=["over_subscribed", "evidence_of_need"],
            strengths="A clear plan, well costed.",
            to_strengthen="Show how many families asked for meals last year.",
            release=release,
            now=now,
        )

    return run


@pytest.fixture
def award(bucks, funder):
    # The grants start on fixed days of 2026, so they are recorded as awarded in the past.
    def run(
        bid, *, amount=Decimal("18000"), start=date(2026, 4, 1), months=24, now=None, past=True
    ):
        return services.bid_award(
            place=bid.place,
            actor=funder,
            bid=bid,
            amount=amount,
            start=start,
            months=months,
            awarded_in_past=past,
            now=now,
        )

    return run
