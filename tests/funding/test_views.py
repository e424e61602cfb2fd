"""Funding pages as each person sees them: the privacy matrix, forms with field errors, refusals."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from funding.models import Bid, BidState, Feedback
from tests.support.funding import today_in

pytestmark = pytest.mark.django_db


def url(name, place, **kwargs):
    return reverse(f"places:funding:{name}", kwargs={"place_slug": place.slug, **kwargs})


def signed_in(client, user):
    client.force_login(user)
    return client


SEES_SUBMITTED_BID = {"applicant leader", "applicant partner", "programme funder"}
SEES_DRAFT_BID = {"applicant leader", "applicant partner"}


@pytest.mark.parametrize(
    "who",
    [
        "applicant leader",
        "applicant partner",
        "programme funder",
        "other funder",
        "place admin",
        "council officer",
        "other charity leader",
        "resident",
        "anonymous",
    ],
)
def test_who_sees_a_bid(who, people, client, make_bid, decline, bucks):
    draft = make_bid(title="Draft meals plan")
    submitted = make_bid(title="Submitted meals plan", submit=True)
    declined = make_bid(title="Declined meals plan", submit=True)
    decline(declined)
    if people[who]:
        signed_in(client, people[who])
    for bid, seers in (
        (draft, SEES_DRAFT_BID),
        (submitted, SEES_SUBMITTED_BID),
        (declined, SEES_SUBMITTED_BID),
    ):
        response = client.get(url("bid_detail", bucks, pk=bid.pk))
        if who in seers:
            assert response.status_code == 200
            assert bid.title in response.content.decode()
        else:
            assert response.status_code == 404
    # Nobody sees a declined bid in public.
    figures = client.get(url("figures", bucks)).content.decode()
    assert "Declined meals plan" not in figures


def test_the_public_sees_awarded_grants_and_figures(client, make_bid, award, decline, bucks):
    awarded = make_bid(title="Awarded pantry", submit=True)
    award(awarded, amount=Decimal("12000"))
    declined = make_bid(title="Declined pantry", submit=True)
    decline(declined)
    page = client.get(url("figures", bucks)).content.decode()
    assert "Awarded pantry" in page
    assert "£12,000" in page
    assert "Declined pantry" not in page
    assert "50%" in page  # the programme's success rate


def test_programme_pages_are_public_and_flag_short_windows(
    client, make_programme, funder, funder_org, bucks
):
    today = today_in(bucks)
    make_programme(actor=funder, funder=funder_org, title="Roomy fund")
    rushed = make_programme(
        actor=funder,
        funder=funder_org,
        title="Rushed fund",
        opens_on=today - timedelta(days=1),
        deadline=today + timedelta(days=20),
    )
    listing = client.get(url("programme_list", bucks)).content.decode()
    assert "Roomy fund" in listing and "Rushed fund" in listing
    assert listing.count("Under 4 weeks to apply") == 1
    detail = client.get(url("programme_detail", bucks, pk=rushed.pk)).content.decode()
    assert "less than four weeks" in detail
    calendar = client.get(url("calendar", bucks)).content.decode()
    assert "Rushed fund" in calendar and "Roomy fund" in calendar


def test_a_funder_publishes_a_programme_through_the_form(client, funder, funder_org, bucks):
    signed_in(client, funder)
    today = today_in(bucks)
    data = {
        "funder": funder_org.pk,
        "title": "Neighbourhood core fund",
        "description": "Unrestricted funding.",
        "funding_type": "core",
        "amount_min": "1000",
        "amount_max": "500",
        "grant_length_months": "36",
        "opens_on": today.isoformat(),
        "deadline": (today + timedelta(days=60)).isoformat(),
        "decision_within_days": "45",
        "feedback_commitment_days": "21",
    }
    refused = client.post(url("programme_create", bucks), data)
    assert refused.status_code == 200
    assert "cannot be less than the smallest" in refused.content.decode()
    data["amount_max"] = "25000"
    response = client.post(url("programme_create", bucks), data)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Neighbourhood core fund" in page
    assert "within 21 days" in page


def test_only_its_own_funder_can_edit_a_programme(client, people, programme, bucks):
    signed_in(client, people["other funder"])
    assert client.get(url("programme_update", bucks, pk=programme.pk)).status_code == 404
    signed_in(client, people["programme funder"])
    assert client.get(url("programme_update", bucks, pk=programme.pk)).status_code == 200


def test_a_charity_leader_drafts_and_submits_a_bid(client, leader, charity_org, programme, bucks):
    signed_in(client, leader)
    data = {
        "applicant": charity_org.pk,
        "title": "Warm spaces",
        "summary": "Warm spaces in winter.",
        "amount_requested": "90000",
        "duration_months": "12",
        "share_summary": "on",
    }
    refused = client.post(url("bid_create", bucks, pk=programme.pk), data)
    assert "between £5,000 and £50,000" in refused.content.decode()
    assert not Bid.objects.for_place(bucks).exists()
    data["amount_requested"] = "9000"
    response = client.post(url("bid_create", bucks, pk=programme.pk), data)
    bid = Bid.objects.for_place(bucks).get()
    assert response["Location"] == url("bid_detail", bucks, pk=bid.pk)
    response = client.post(url("bid_submit", bucks, pk=bid.pk), follow=True)
    assert "Your bid is submitted" in response.content.decode()
    bid.refresh_from_db()
    assert bid.state == BidState.SUBMITTED


def test_the_funder_declines_with_feedback_and_the_applicant_reads_it(
    client, funder, leader, make_bid, bucks
):
    bid = make_bid(submit=True)
    signed_in(client, funder)
    empty = client.post(url("bid_decline", bucks, pk=bid.pk), {})
    assert empty.status_code == 200
    assert "There is a problem" in empty.content.decode()
    assert Bid.objects.for_place(bucks).get(pk=bid.pk).state == BidState.SUBMITTED
    client.post(
        url("bid_decline", bucks, pk=bid.pk),
        {
            "reasons": ["budget", "capacity"],
            "strengths": "Strong local links.",
            "to_strengthen": "A clearer budget.",
        },
    )
    feedback = Feedback.objects.for_place(bucks).get(bid=bid)
    assert feedback.released_at is None  # the box was left unticked
    signed_in(client, leader)
    page = client.get(url("bid_detail", bucks, pk=bid.pk)).content.decode()
    assert "Strong local links." not in page
    assert "The funder has promised feedback by" in page
    signed_in(client, funder)
    client.post(url("feedback_release", bucks, pk=bid.pk))
    signed_in(client, leader)
    page = client.get(url("bid_detail", bucks, pk=bid.pk)).content.decode()
    assert "Strong local links." in page and "The budget" in page
    assert "Did this feedback help?" in page
    client.post(url("feedback_helped", bucks, pk=bid.pk), {"helped": "yes", "comment": "Useful"})
    feedback.refresh_from_db()
    assert feedback.helped is True


def test_another_funder_cannot_decide(client, people, make_bid, bucks):
    bid = make_bid(submit=True)
    signed_in(client, people["other funder"])
    assert client.get(url("bid_award", bucks, pk=bid.pk)).status_code == 404
    assert client.post(url("bid_review", bucks, pk=bid.pk)).status_code == 404
    assert Bid.objects.for_place(bucks).get(pk=bid.pk).state == BidState.SUBMITTED


def test_award_form_refuses_an_amount_outside_the_range(client, funder, make_bid, bucks):
    bid = make_bid(submit=True)
    signed_in(client, funder)
    response = client.post(
        url("bid_award", bucks, pk=bid.pk),
        {"amount": "70000", "start": "2026-04-01", "months": "12", "spend_by": "2027-03-31"},
    )
    assert "Award between £5,000 and £50,000" in response.content.decode()
    assert Bid.objects.for_place(bucks).get(pk=bid.pk).state == BidState.SUBMITTED


def test_the_list_query_count_does_not_grow_with_programmes(
    client, make_programme, funder, funder_org, django_assert_max_num_queries, bucks
):
    make_programme(actor=funder, funder=funder_org, title="Fund 0")
    with django_assert_max_num_queries(12) as one:
        client.get(url("programme_list", bucks))
    for i in range(1, 20):
        make_programme(actor=funder, funder=funder_org, title=f"Fund {i}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url("programme_list", bucks))


def test_each_part_of_the_programme_list_is_paged_on_its_own(
    client, make_programme, funder, funder_org, bucks
):
    today = today_in(bucks)
    for i in range(27):
        make_programme(actor=funder, funder=funder_org, title=f"Open fund {i:02}")
    make_programme(
        actor=funder,
        funder=funder_org,
        title="Later fund",
        opens_on=today + timedelta(days=10),
        deadline=today + timedelta(days=90),
    )

    first = client.get(url("programme_list", bucks)).content.decode()
    assert "Open fund 00" in first and "Open fund 24" in first
    assert "Open fund 25" not in first and "Later fund" in first
    assert first.count('class="govuk-pagination"') == 1
    assert 'aria-label="Pages of Open for bids now"' in first
    assert 'href="?open=2#open"' in first

    second = client.get(url("programme_list", bucks), {"open": 2, "upcoming": 1}).content.decode()
    assert "Open fund 25" in second and "Open fund 26" in second
    assert "Open fund 24" not in second and "Later fund" in second
    assert 'href="?open=1&amp;upcoming=1#open"' in second
    # A page number that is not one shows a page, never an error.
    assert client.get(url("programme_list", bucks), {"open": "x"}).status_code == 200
