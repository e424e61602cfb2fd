"""Funders catch real duplication: one organisation asking two funders for a similar purpose
(similar words in title and summary) over overlapping periods is flagged; a shared theme alone is
not; and funders that consent check all their bids with each other, showing others only titles."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from coordination.accounts.models import Role
from coordination.audit.models import AuditEntry
from coordination.errors import RuleViolation
from coordination.organisations.models import OrganisationKind
from funding import services
from funding.models import DuplicateCheckConsent
from funding.selectors import coordination, purpose_similarity, purpose_words
from tests.support.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

MEALS = "Daily hot meals for families in Castlefield, cooked by volunteers at the hub."


@pytest.fixture
def vale(bucks, make_member, make_programme):
    organisation = OrganisationFactory(
        name="Vale Trust", kind=OrganisationKind.FUNDER, places=[bucks]
    )
    person = make_member(bucks, Role.FUNDER, organisation=organisation)
    programme = make_programme(actor=person, funder=organisation, title="Vale fund")
    return {"org": organisation, "person": person, "programme": programme}


def flags(place):
    return [(f.kind, {b.title for b in f.bids}) for f in coordination(place)["flags"]]


def test_the_same_purpose_to_two_funders_is_flagged(bucks, make_bid, vale):
    make_bid(title="Hot meals for families", summary=MEALS, submit=True)
    make_bid(
        title="Hot meals for families", summary=MEALS, programme_=vale["programme"], submit=True
    )
    [flag] = coordination(bucks)["flags"]
    assert flag.kind == "same_purpose" and flag.similarity == 1.0
    assert flag.themes == ["Food"]


def test_a_reworded_bid_for_the_same_thing_is_flagged_too(bucks, make_bid, vale):
    make_bid(title="Hot meals for families", summary=MEALS, submit=True)
    make_bid(
        title="Hot meal for a family",
        summary="Hot meals every day for families in Castlefield, cooked by our volunteers.",
        programme_=vale["programme"],
        submit=True,
    )
    assert flags(bucks) == [("same_purpose", {"Hot meals for families", "Hot meal for a family"})]


def test_a_shared_theme_alone_is_not_duplication(bucks, make_bid, vale):
    make_bid(title="Hot meals for families", summary=MEALS, submit=True)
    make_bid(
        title="Cookery lessons for teenagers",
        summary="Weekly cookery classes at the youth club, with a nutritionist.",
        programme_=vale["programme"],
        submit=True,
    )
    assert flags(bucks) == []


def test_periods_that_do_not_overlap_are_not_flagged(bucks, make_bid, vale, funder):
    now = make_bid(title="Hot meals for families", summary=MEALS, submit=True)
    later = make_bid(
        title="Hot meals for families", summary=MEALS, programme_=vale["programme"], submit=True
    )
    services.bid_award(
        place=bucks,
        actor=vale["person"],
        bid=later,
        amount=Decimal("9000"),
        start=date(2035, 1, 1),
        months=12,
        spend_by=date(2035, 12, 31),
        awarded_in_past=True,
    )
    assert now.duration_months == 24  # from today: ends long before 2035
    assert flags(bucks) == []


def test_without_the_applicants_sharing_only_consenting_funders_check(
    bucks, make_bid, vale, funder, funder_org, client
):
    make_bid(title="Hot meals for families", summary=MEALS, submit=True, share_summary=False)
    make_bid(
        title="Hot meals for families",
        summary=MEALS,
        programme_=vale["programme"],
        submit=True,
        share_summary=False,
    )
    assert flags(bucks) == []
    services.duplicate_check_consent(place=bucks, actor=funder, funder=funder_org)
    assert flags(bucks) == []  # one funder alone shares nothing
    services.duplicate_check_consent(place=bucks, actor=vale["person"], funder=vale["org"])
    assert flags(bucks) == [("same_purpose", {"Hot meals for families"})]

    # The other funder sees the title, never the summary or the pipeline's amounts.
    client.force_login(vale["person"])
    page = client.get(
        reverse("places:funding:coordination", kwargs={"place_slug": bucks.slug})
    ).content.decode()
    assert "Same purpose, two funders" in page and "Hot meals for families" in page
    assert MEALS not in page
    api = APIClient()
    api.force_authenticate(vale["person"])
    body = api.get(f"/api/v1/places/{bucks.slug}/funding/shared-bids/overlaps/").json()
    assert [(f["kind"], f["similarity"]) for f in body["flags"]] == [("same_purpose", 100.0)]


def test_only_a_funders_own_people_consent_for_it(bucks, funder_org, vale, leader):
    with pytest.raises(RuleViolation):
        services.duplicate_check_consent(place=bucks, actor=vale["person"], funder=funder_org)
    with pytest.raises(RuleViolation):
        services.duplicate_check_consent(place=bucks, actor=leader, funder=vale["org"])
    assert not DuplicateCheckConsent.objects.for_place(bucks).exists()


def test_the_consent_button_gives_and_withdraws_with_an_audit_entry(bucks, client, vale):
    client.force_login(vale["person"])
    url = reverse("places:funding:duplicate_check_consent", kwargs={"place_slug": bucks.slug})
    page = client.post(url, {"funder": vale["org"].pk, "give": "yes"}, follow=True)
    assert "Vale Trust checks all its bids here" in page.content.decode()
    assert DuplicateCheckConsent.objects.for_place(bucks).filter(funder=vale["org"]).exists()
    client.post(url, {"funder": vale["org"].pk, "give": "no"})
    assert not DuplicateCheckConsent.objects.for_place(bucks).exists()
    actions = set(AuditEntry.objects.for_place(bucks).values_list("action", flat=True))
    assert {"funding.duplicate_check.consent", "funding.duplicate_check.withdraw"} <= actions
    # Another funder's organisation is not this person's to consent for: 404, nothing changes.
    other = OrganisationFactory(name="Other Trust", kind=OrganisationKind.FUNDER, places=[bucks])
    assert client.post(url, {"funder": other.pk, "give": "yes"}).status_code == 404
    assert client.post(url, {"funder": "x", "give": "yes"}).status_code == 404


def test_purpose_words_leave_out_the_small_and_common():
    class Bid:
        title, summary = "Hot meals for the families", "Meals, and more meals!"

    assert purpose_words(Bid) == {"hot", "meal", "family"}
    assert purpose_similarity(set(), {"meal"}) == 0.0


def test_the_other_funders_hear_who_joins_or_leaves_the_checks(
    bucks, vale, funder, leader, make_member
):
    from coordination.notifications.models import Notification

    colleague = make_member(bucks, Role.FUNDER, organisation=vale["org"])
    services.duplicate_check_consent(place=bucks, actor=vale["person"], funder=vale["org"])
    services.duplicate_check_consent(
        place=bucks, actor=vale["person"], funder=vale["org"], give=False
    )
    told = Notification.objects.for_place(bucks).filter(kind="funding_duplicate_checks_changed")
    assert sorted(told.filter(user=funder).values_list("title", flat=True)) == [
        "Vale Trust no longer checks bids for duplicates with other funders",
        "Vale Trust now checks bids for duplicates with other funders",
    ]
    # Not the one who consented, nor their own funder's people, nor charities.
    assert not told.filter(user__in=[vale["person"], colleague, leader]).exists()
