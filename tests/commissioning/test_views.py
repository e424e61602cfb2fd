"""The pages: public without sign-in, forms that refuse with clear messages, privacy per role."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning import selectors, services
from commissioning.models import Stage, Tender, TenderInvitation
from coordination.notifications.models import Notification, OutboxEmail
from mapping import services as mapping_services
from tests.support.commissioning import (
    deadline_passes,
    food_theme,
    leader_of,
    locally_embedded,
    opened,
    tender,
    through_co_design,
)
from tests.support.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def url(place, tail=""):
    return f"/{place.slug}/commissioning/{tail}"


def test_anyone_sees_open_tenders_timelines_and_awards_without_signing_in(
    client, bucks, council, officer
):
    t = opened(bucks, officer, tender(bucks, officer, council, title="Warm spaces"))
    listing = client.get(url(bucks)).content.decode()
    assert "Warm spaces" in listing and "Open for bids" in listing
    page = client.get(url(bucks, f"{t.pk}/")).content.decode()
    assert "Open for bids" in page and "Co-design now" in page
    timeline = client.get(url(bucks, f"{t.pk}/timeline/")).content.decode()
    assert "Added to the commissioning pipeline." in timeline
    assert client.get(url(bucks, "figures/")).status_code == 200
    # After opening, co-design's outputs are public too.
    co_design = client.get(url(bucks, f"{t.pk}/co-design/")).content.decode()
    assert "You said cooking; we added it." in co_design


def test_the_officer_creates_a_tender_with_times_in_the_places_timezone(
    client, bucks, council, officer
):
    bucks.timezone = "America/New_York"
    bucks.save()
    client.force_login(officer)
    assert "In America/New_York time." in client.get(url(bucks, "new/")).content.decode()
    response = client.post(
        url(bucks, "new/"),
        {
            "commissioner": council.pk,
            "title": "Debt advice",
            "reference": "BC-2026-7",
            "description": "Advice on money and debt.",
            "estimated_value": "120000.00",
            "contract_months": "24",
            "procurement_method": "open",
            "themes": [food_theme().pk],
            "submission_deadline": "2031-03-02T17:00",
        },
    )
    t = Tender.objects.for_place(bucks).get(reference="BC-2026-7")
    assert response.status_code == 302 and response["Location"] == t.get_absolute_url()
    assert t.submission_deadline == datetime(2031, 3, 2, 22, 0, tzinfo=UTC)
    assert t.estimated_value == Decimal("120000.00")
    page = client.get(t.get_absolute_url()).content.decode()
    assert "2 March 2031, 17:00" in page


def test_a_charity_leader_cannot_create_a_tender(client, bucks, charity):
    leader, _organisation = charity
    client.force_login(leader)
    assert client.get(url(bucks, "new/")).status_code == 403


def test_an_out_of_order_stage_change_shows_why_on_the_form(client, bucks, council, officer):
    t = tender(bucks, officer, council)
    client.force_login(officer)
    page = client.get(url(bucks, f"{t.pk}/stage/")).content.decode()
    assert "Evaluation" not in page  # not offered from the pipeline
    response = client.post(url(bucks, f"{t.pk}/stage/"), {"to_stage": "open", "rationale": ""})
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    # Opening straight from the pipeline needs a rationale; give one and it opens.
    response = client.post(
        url(bucks, f"{t.pk}/stage/"), {"to_stage": "open", "rationale": "No co-design needed"}
    )
    assert response.status_code == 302
    t.refresh_from_db()
    assert t.stage == Stage.OPEN
    response = client.post(
        url(bucks, f"{t.pk}/stage/"), {"to_stage": "co_design", "rationale": "Back"}
    )
    assert "from the list" in response.content.decode()


def test_a_late_bid_is_refused_on_the_page(client, bucks, council, officer, charity):
    leader, organisation = charity
    t = opened(bucks, officer, tender(bucks, officer, council))
    Tender.objects.for_place(bucks).filter(pk=t.pk).update(
        submission_deadline=timezone.now() - timedelta(minutes=1)
    )
    client.force_login(leader)
    response = client.post(
        url(bucks, f"{t.pk}/submit/"),
        {"lead": organisation.pk, "summary": "Late", "price": "10"},
    )
    assert "a late bid cannot be accepted" in response.content.decode()


def test_a_bid_is_seen_only_by_its_bidder_and_the_commissioning_team(
    client, bucks, council, officer, charity
):
    leader, organisation = charity
    rival, _rival_org = leader_of(bucks)
    t = opened(bucks, officer, tender(bucks, officer, council))
    bid = services.submission_submit(
        place=bucks,
        actor=leader,
        tender=t,
        lead=organisation,
        summary="Our secret method",
        price=Decimal("5"),
    )
    bid_url = url(bucks, f"bids/{bid.pk}/")
    assert client.get(bid_url).status_code == 404  # anonymous
    client.force_login(rival)
    assert client.get(bid_url).status_code == 404
    assert client.get(url(bucks, f"{t.pk}/submissions/")).status_code == 403
    client.force_login(leader)
    assert "Our secret method" in client.get(bid_url).content.decode()
    # Sealed until the deadline: the officer sees a count, nothing of the bid.
    client.force_login(officer)
    assert client.get(bid_url).status_code == 404
    page = client.get(url(bucks, f"{t.pk}/submissions/")).content.decode()
    assert "1 bid received, sealed until" in page
    assert organisation.name not in page and "£5.00" not in page
    deadline_passes(t)
    assert "Our secret method" in client.get(bid_url).content.decode()
    assert organisation.name in client.get(url(bucks, f"{t.pk}/submissions/")).content.decode()


def test_comments_on_the_co_design_page_are_anonymised_for_other_bidders(
    client, bucks, council, officer, charity
):
    leader, organisation = charity
    t = opened(
        bucks, officer, tender(bucks, officer, council), leader=leader, organisation=organisation
    )
    page = client.get(url(bucks, f"{t.pk}/co-design/")).content.decode()
    assert "Add cooking skills." in page and "Participant 1" in page
    assert organisation.name not in page
    client.force_login(officer)
    assert organisation.name in client.get(url(bucks, f"{t.pk}/co-design/")).content.decode()


def test_co_design_drafts_are_private_until_the_tender_opens(
    client, bucks, council, officer, charity
):
    leader, organisation = charity
    t = tender(bucks, officer, council)
    services.tender_change_stage(
        place=bucks, actor=officer, tender=t, to_stage="co_design", rationale="Go"
    )
    services.section_add(place=bucks, actor=officer, tender=t, heading="Draft", body="Secret")
    outsider, _org = leader_of(bucks)
    client.force_login(outsider)
    assert client.get(url(bucks, f"{t.pk}/co-design/")).status_code == 403
    client.force_login(leader)
    client.post(url(bucks, f"{t.pk}/co-design/join/"), {"organisation": organisation.pk})
    assert "Secret" in client.get(url(bucks, f"{t.pk}/co-design/")).content.decode()


def test_invitations_suggest_mapped_organisations_and_reach_them_by_email_and_in_the_app(
    client, bucks, council, officer
):
    pantry_leader, pantry = leader_of(bucks, name="Pat Pantry")
    pantry.name = "Wycombe Pantry"
    pantry.save()
    locally_embedded(pantry, bucks)
    mapping_services.service_create(
        place=bucks,
        actor=None,
        organisation=pantry,
        name="Saturday pantry",
        themes=[food_theme()],
        whole_place=True,
    )
    unrelated = OrganisationFactory(name="Chess Club", places=[bucks])
    t = tender(bucks, officer, council)
    services.tender_change_stage(
        place=bucks, actor=officer, tender=t, to_stage="market_engagement", rationale="Engage"
    )
    client.force_login(officer)
    page = client.get(url(bucks, f"{t.pk}/invitations/")).content.decode()
    suggestions = page.split('id="suggestions"')[1].split("</ul>")[0]
    assert "Wycombe Pantry" in suggestions and "Saturday pantry" in suggestions
    assert "Chess Club" not in suggestions
    # The menu marks Tenders as where the officer is, not Members (whose pages invite people).
    menu = page.split('id="place-navigation"')[1].split("</ul>")[0]
    current = [item for item in menu.split("<li")[1:] if "aria-current" in item]
    assert len(current) == 1 and "Tenders" in current[0]
    response = client.post(
        url(bucks, f"{t.pk}/invitations/"), {"organisations": [pantry.pk, unrelated.pk]}
    )
    assert response.status_code == 302
    email = OutboxEmail.objects.for_place(bucks).get(to_email=pantry_leader.email)
    assert t.title in email.subject and t.get_absolute_url() in email.text_body
    assert Notification.objects.for_place(bucks).filter(user=pantry_leader).exists()
    # The invited charity looks at the tender (which records nothing), then says it has seen the
    # invitation: the public counts say so.
    client.force_login(pantry_leader)
    client.get(t.get_absolute_url())
    invitation = TenderInvitation.objects.for_place(bucks).get(organisation=pantry)
    assert invitation.viewed_at is None
    client.post(
        reverse(
            "places:commissioning:invitation_acknowledge",
            kwargs={"place_slug": bucks.slug, "pk": invitation.pk},
        )
    )
    invitation = TenderInvitation.objects.for_place(bucks).get(organisation=pantry)
    assert invitation.viewed_at is not None
    client.logout()
    counts = client.get(t.get_absolute_url()).content.decode().split('id="invitation-counts"')[1]
    assert 'Invited</dt><dd class="govuk-summary-list__value">2<' in counts
    assert 'Seen</dt><dd class="govuk-summary-list__value">1<' in counts


def test_the_proportionality_flag_is_on_the_tender_page(client, bucks, council, officer):
    t = tender(bucks, officer, council)
    for label, demand, value in [("First", 100, 500), ("Second", 180, 450)]:
        services.demand_period_add(
            place=bucks,
            actor=officer,
            tender=t,
            label=label,
            starts_on=timezone.localdate(),
            indicator="referrals a quarter",
            demand=Decimal(demand),
            value=Decimal(value),
        )
    page = client.get(t.get_absolute_url()).content.decode()
    assert "The money for each unit of demand fell by more than 10%" in page
    assert (
        "Since the last contract demand changed by 80.0% and the value by -10.0%, so the value "
        "for each unit changed by -50.0%." in page
    )


def test_the_figures_count_local_vcse_awards_and_co_design(
    client, bucks, council, officer, charity
):
    leader, organisation = charity
    t = opened(
        bucks, officer, tender(bucks, officer, council), leader=leader, organisation=organisation
    )
    page = client.get(url(bucks, "figures/")).content.decode()
    assert council.name in page and "100%" in page  # the one tender was co-designed
    assert "No awards yet." in page
    # Its co-design summary is public, with the "you said, we did".
    assert f"Co-design of {t.title}" in page
    assert "You said cooking; we added it." in page


def test_the_tender_list_costs_the_same_queries_for_one_tender_or_twenty(
    client, bucks, council, officer, django_assert_max_num_queries
):
    tender(bucks, officer, council)
    with django_assert_max_num_queries(12) as one:
        assert client.get(url(bucks)).status_code == 200
    for _i in range(19):
        tender(bucks, officer, council)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url(bucks)).status_code == 200


def test_the_team_changes_lots_and_criteria_on_the_page_until_the_tender_opens(
    client, bucks, council, officer, charity
):
    leader, _organisation = charity
    t = tender(bucks, officer, council)
    lot = services.lot_add(place=bucks, actor=officer, tender=t, title="North")
    criterion = services.criterion_add(
        place=bucks, actor=officer, tender=t, title="Quality", weight=60
    )
    services.criterion_add(place=bucks, actor=officer, tender=t, title="Price", weight=40)
    client.force_login(leader)
    assert client.get(url(bucks, f"lots/{lot.pk}/edit/")).status_code == 403
    client.force_login(officer)
    page = client.get(t.get_absolute_url()).content.decode()
    assert url(bucks, f"lots/{lot.pk}/edit/") in page
    assert url(bucks, f"criteria/{criterion.pk}/edit/") in page
    form = client.get(url(bucks, f"lots/{lot.pk}/edit/")).content.decode()
    assert 'value="North"' in form
    response = client.post(
        url(bucks, f"lots/{lot.pk}/edit/"), {"title": "North and west", "estimated_value": "-1"}
    )
    assert "Estimated value in pounds must be 0 or more" in response.content.decode()
    client.post(url(bucks, f"lots/{lot.pk}/edit/"), {"title": "North and west"})
    response = client.post(
        url(bucks, f"criteria/{criterion.pk}/edit/"), {"title": "Quality", "weight": "70"}
    )
    assert "the others make 40%" in response.content.decode()
    client.post(url(bucks, f"criteria/{criterion.pk}/edit/"), {"title": "Service", "weight": "60"})
    page = client.get(t.get_absolute_url()).content.decode()
    assert "North and west" in page and "Service" in page
    assert client.post(url(bucks, f"lots/{lot.pk}/remove/")).status_code == 302
    assert "North and west" not in client.get(t.get_absolute_url()).content.decode()

    opened(bucks, officer, t)
    page = client.get(t.get_absolute_url()).content.decode()
    assert url(bucks, f"criteria/{criterion.pk}/edit/") not in page
    response = client.post(url(bucks, f"criteria/{criterion.pk}/remove/"))
    assert "published before the tender opens" in response.content.decode()


def test_sessions_show_who_came_to_the_team_only_and_attendance_can_be_corrected(
    client, bucks, council, officer, charity
):
    leader, organisation = charity
    t = tender(bucks, officer, council)
    through_co_design(bucks, officer, t, leader=leader, organisation=organisation)
    session = services.session_record(
        place=bucks, actor=officer, tender=t, title="Workshop", held_at=timezone.now()
    )
    client.force_login(officer)
    held = timezone.localtime(session.held_at, bucks.tz).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url(bucks, f"sessions/{session.pk}/edit/"),
        {"title": "Workshop", "held_at": held, "attendees": [organisation.pk]},
    )
    assert response.status_code == 302
    page = client.get(url(bucks, f"{t.pk}/co-design/")).content.decode()
    assert "Who came" in page and organisation.name in page
    # The co-design group sees how many came, not who; nor who made each comment.
    client.force_login(leader)
    page = client.get(url(bucks, f"{t.pk}/co-design/")).content.decode()
    assert "Who came" not in page


def test_the_you_said_we_did_table_answers_every_comment_anonymously(
    client, bucks, council, officer, charity
):
    leader, organisation = charity
    t = opened(
        bucks, officer, tender(bucks, officer, council), leader=leader, organisation=organisation
    )
    page = client.get(url(bucks, f"{t.pk}/co-design/")).content.decode()
    table = page[page.index('id="you-said-we-did-table"') :]
    table = table[: table.index("</table>")]
    assert "Add cooking skills." in table and "Accepted" in table and "Participant 1" in table
    assert organisation.name not in page


def test_scores_on_the_page_are_saved_together_or_not_at_all(
    client, bucks, council, officer, charity
):
    leader, organisation = charity
    t = tender(bucks, officer, council)
    quality = services.criterion_add(place=bucks, actor=officer, tender=t, title="Q", weight=50)
    price = services.criterion_add(place=bucks, actor=officer, tender=t, title="P", weight=50)
    t = opened(bucks, officer, t)
    bid = services.submission_submit(
        place=bucks, actor=leader, tender=t, lead=organisation, summary="S", price=Decimal("1")
    )
    services.tender_change_stage(
        place=bucks,
        actor=officer,
        tender=t,
        to_stage=Stage.EVALUATION,
        rationale="Closed",
        now=t.submission_deadline + timedelta(minutes=1),
    )
    client.force_login(officer)
    response = client.post(
        url(bucks, f"bids/{bid.pk}/scores/"),
        {f"score_{quality.pk}": "7", f"score_{price.pk}": "12"},
    )
    assert "score out of 10 must be 10 or less" in response.content.decode()
    assert not selectors.scores_of(bid).exists()
    client.post(
        url(bucks, f"bids/{bid.pk}/scores/"), {f"score_{quality.pk}": "7", f"score_{price.pk}": "9"}
    )
    assert [s.score for s in selectors.scores_of(bid)] == [7, 9]


def test_a_bidder_withdraws_on_the_page_and_others_cannot(client, bucks, council, officer, charity):
    leader, organisation = charity
    t = opened(bucks, officer, tender(bucks, officer, council))
    bid = services.submission_submit(
        place=bucks, actor=leader, tender=t, lead=organisation, summary="S", price=Decimal("1")
    )
    client.force_login(officer)
    assert client.get(url(bucks, f"bids/{bid.pk}/withdraw/")).status_code == 404  # sealed
    client.force_login(leader)
    assert (
        url(bucks, f"bids/{bid.pk}/withdraw/") in client.get(t.get_absolute_url()).content.decode()
    )
    response = client.post(url(bucks, f"bids/{bid.pk}/withdraw/"))
    assert response.status_code == 302
    assert client.get(url(bucks, f"bids/{bid.pk}/")).status_code == 404


def test_each_part_of_the_tender_list_is_paged_on_its_own_keeping_the_others(
    client, bucks, council, officer
):
    for i in range(22):
        tender(bucks, officer, council, title=f"Pipeline tender {i:02}")
    opened(bucks, officer, tender(bucks, officer, council, title="Warm spaces"))

    page = client.get(url(bucks)).content.decode()
    assert "22 tenders, page 1 of 2" in page
    # Newest first: the first 20 of the pipeline, and the open tender in its own part.
    assert "Pipeline tender 21" in page and "Pipeline tender 02" in page
    assert "Pipeline tender 01" not in page and "Warm spaces" in page
    assert page.count('class="govuk-pagination"') == 1
    assert 'aria-label="Pages of Upcoming: in the pipeline, co-design or market engagement"' in page
    assert 'href="?upcoming=2"' in page

    second = client.get(url(bucks), {"upcoming": 2, "q": "kept"}).content.decode()
    assert "Pipeline tender 01" in second and "Pipeline tender 00" in second
    assert "Pipeline tender 02" not in second and "Warm spaces" in second
    assert 'href="?upcoming=1&amp;q=kept"' in second
