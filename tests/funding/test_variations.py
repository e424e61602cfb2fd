"""Grant variations: a grantee asks to change an awarded grant's purpose, period or budget, and
its funder approves or refuses. The rules (only an awarded grant, one open request, dates the
grant can keep, a refusal's reason, never deleted with the grant), who may do what, tenancy, the
pages, My work, the API, the news each side is told, the figures (no grants, one funder) and the
360Giving file."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.urls import reverse
from rest_framework.test import APIClient

from coordination.accounts.models import Role
from coordination.audit.models import AuditEntry
from coordination.errors import RuleViolation
from coordination.notifications.models import Notification
from coordination.places.tenancy import place_scope
from funding import giving360, services
from funding.measures import MEASURES
from funding.models import Bid, GrantVariation, VariationKind, VariationState
from funding.selectors import compute_figures, grants_for_360giving, place_and_funder_figures
from tests.support.factories import OrganisationFactory
from tests.support.threesixtygiving import validator

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def grant(make_bid, award):
    # 1 April 2026 for 24 months: ends 31 March 2028, money spent by then.
    return award(make_bid(submit=True))


def ask(
    grant, leader, kind=VariationKind.PERIOD, *, now=None, reason="The kitchen opens late.", **asked
):
    defaults = {
        VariationKind.PERIOD: {"new_end": date(2028, 9, 30), "new_spend_by": date(2028, 9, 30)},
        VariationKind.PURPOSE: {"new_purpose": "Meals at the school holiday club instead."},
        VariationKind.BUDGET: {"budget_change": "Move £2,000 from staff to food."},
    }[kind]
    return services.variation_request(
        place=grant.place,
        actor=leader,
        grant=grant,
        kind=kind,
        reason=reason,
        now=now,
        **(asked or defaults),
    )


def reread(row):
    return type(row).objects.for_place(row.place).get(pk=row.pk)


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


# Rules ---------------------------------------------------------------------------------------


def test_an_approved_change_of_period_moves_the_grants_dates(grant, leader, funder):
    variation = ask(grant, leader)
    assert variation.state == VariationState.REQUESTED
    services.variation_decide(place=grant.place, actor=funder, variation=variation, approve=True)
    grant, variation = reread(grant), reread(variation)
    assert (grant.award_end, grant.spend_by) == (date(2028, 9, 30), date(2028, 9, 30))
    assert variation.state == VariationState.APPROVED and variation.decided_by == funder
    assert (variation.previous_end, variation.previous_spend_by) == (
        date(2028, 3, 31),
        date(2028, 3, 31),
    )
    actions = set(
        AuditEntry.objects.for_place(grant.place)
        .filter(action__startswith="funding.variation.")
        .values_list("action", flat=True)
    )
    assert actions == {"funding.variation.request", "funding.variation.approve"}


def test_a_change_of_spend_by_alone_keeps_the_end(grant, leader, funder):
    variation = ask(grant, leader, new_spend_by=date(2028, 6, 30))
    services.variation_decide(place=grant.place, actor=funder, variation=variation, approve=True)
    grant = reread(grant)
    assert (grant.award_end, grant.spend_by) == (date(2028, 3, 31), date(2028, 6, 30))


def test_approving_purpose_or_budget_leaves_the_dates(grant, leader, funder):
    variation = ask(grant, leader, VariationKind.BUDGET)
    services.variation_decide(place=grant.place, actor=funder, variation=variation, approve=True)
    assert reread(grant).award_end == date(2028, 3, 31)
    assert reread(variation).previous_end is None


def test_period_dates_before_the_start_or_unchanged_are_refused_by_field(grant, leader):
    with pytest.raises(RuleViolation) as caught:
        ask(grant, leader, new_end=date(2026, 3, 1), new_spend_by=date(2026, 3, 1))
    assert {"new_end", "new_spend_by"} <= set(caught.value.message_dict)
    with pytest.raises(RuleViolation) as caught:
        ask(grant, leader, new_end=date(2028, 3, 31))
    assert "new_end" in caught.value.message_dict
    with pytest.raises(RuleViolation) as caught:
        ask(grant, leader, new_end=None, new_spend_by=None)
    assert "new_end" in caught.value.message_dict
    with pytest.raises(RuleViolation) as caught:
        ask(grant, leader, new_end=date(2099, 1, 1))
    assert "new_end" in caught.value.message_dict


def test_each_kind_needs_what_it_asks(grant, leader):
    with pytest.raises(RuleViolation) as caught:
        ask(grant, leader, VariationKind.PURPOSE, new_purpose="  ")
    assert "new_purpose" in caught.value.message_dict
    with pytest.raises(RuleViolation) as caught:
        ask(grant, leader, VariationKind.BUDGET, budget_change="")
    assert "budget_change" in caught.value.message_dict
    with pytest.raises(RuleViolation) as caught:
        ask(grant, leader, VariationKind.BUDGET, budget_change="x", reason="")
    # A request keeps only its own kind's answer.
    variation = ask(
        grant, leader, VariationKind.PURPOSE, new_purpose="Other meals", new_end=date(2028, 9, 1)
    )
    assert variation.new_end is None


def test_only_an_awarded_grant_can_be_varied(make_bid, leader, decline):
    live = make_bid(submit=True)
    with pytest.raises(RuleViolation):
        ask(live, leader)
    with pytest.raises(RuleViolation):
        ask(decline(make_bid(submit=True, title="Another")), leader)
    assert not GrantVariation.objects.for_place(live.place).exists()


def test_one_open_request_per_grant(grant, leader, funder):
    first = ask(grant, leader)
    with pytest.raises(RuleViolation) as caught:
        ask(grant, leader, VariationKind.BUDGET)
    assert "already has a request" in str(caught.value)
    # The database holds the rule too.
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantVariation.objects.for_place(grant.place).create(
            place=grant.place,
            grant=grant,
            kind=VariationKind.BUDGET,
            budget_change="x",
            reason="x",
            requested_at=first.requested_at,
        )
    services.variation_withdraw(place=grant.place, actor=leader, variation=first)
    ask(grant, leader, VariationKind.BUDGET)  # once withdrawn, another may be asked


def test_the_database_refuses_decided_fields_without_a_decision(grant, leader, funder):
    variation = ask(grant, leader)
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantVariation.objects.for_place(grant.place).filter(pk=variation.pk).update(
            decided_by=funder
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantVariation.objects.for_place(grant.place).filter(pk=variation.pk).update(
            state=VariationState.REFUSED, decided_at=variation.requested_at
        )  # a refusal with no reason
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantVariation.objects.for_place(grant.place).filter(pk=variation.pk).update(
            new_purpose="And a purpose too"
        )  # two kinds at once


def test_a_refusal_needs_the_funders_reason(grant, leader, funder):
    variation = ask(grant, leader)
    with pytest.raises(RuleViolation) as caught:
        services.variation_decide(
            place=grant.place, actor=funder, variation=variation, approve=False, reason=" "
        )
    assert "reason" in caught.value.message_dict
    services.variation_decide(
        place=grant.place, actor=funder, variation=variation, approve=False, reason="No budget."
    )
    variation = reread(variation)
    assert variation.state == VariationState.REFUSED and variation.decision_reason == "No budget."
    assert reread(grant).award_end == date(2028, 3, 31)


def test_a_decided_or_withdrawn_request_does_not_change_again(grant, leader, funder):
    variation = ask(grant, leader)
    services.variation_withdraw(place=grant.place, actor=leader, variation=variation)
    with pytest.raises(RuleViolation):
        services.variation_decide(
            place=grant.place, actor=funder, variation=variation, approve=True
        )
    other = ask(grant, leader, VariationKind.BUDGET)
    services.variation_decide(place=grant.place, actor=funder, variation=other, approve=True)
    with pytest.raises(RuleViolation):
        services.variation_withdraw(place=grant.place, actor=leader, variation=other)


def test_a_variation_is_never_deleted_with_its_grant(grant, leader):
    ask(grant, leader)
    with pytest.raises(ProtectedError), place_scope(grant.place):
        Bid.objects.for_place(grant.place).filter(pk=grant.pk).delete()


# Who may do what --------------------------------------------------------------------------------


def test_only_the_grantees_leader_asks_and_withdraws(grant, people, leader):
    for name in ("applicant partner", "programme funder", "other charity leader", "place admin"):
        with pytest.raises(RuleViolation):
            ask(grant, people[name])
    variation = ask(grant, leader)
    for name in ("applicant partner", "programme funder", "other charity leader"):
        with pytest.raises(RuleViolation):
            services.variation_withdraw(place=grant.place, actor=people[name], variation=variation)


def test_only_the_programmes_funder_decides(grant, people, leader):
    variation = ask(grant, leader)
    for name in ("applicant leader", "other funder", "place admin", "council officer"):
        with pytest.raises(RuleViolation):
            services.variation_decide(
                place=grant.place, actor=people[name], variation=variation, approve=True
            )
    assert reread(variation).state == VariationState.REQUESTED


def test_each_side_is_told_once(grant, leader, funder, make_member, funder_org):
    colleague = make_member(grant.place, Role.FUNDER, organisation=funder_org)
    variation = ask(grant, leader)
    told = Notification.objects.for_place(grant.place)
    assert set(told.filter(kind="funding_variation_requested").values_list("user", flat=True)) == {
        funder.pk,
        colleague.pk,
    }
    services.variation_decide(
        place=grant.place, actor=funder, variation=variation, approve=False, reason="Too late."
    )
    decided = told.filter(kind="funding_variation_decided")
    assert list(decided.values_list("user", flat=True)) == [leader.pk]
    assert "Too late." in decided.get().body


# Tenancy -------------------------------------------------------------------------------------


def test_another_places_grant_and_variation_are_not_found(grant, leader, sutton, make_member):
    variation = ask(grant, leader)
    stranger = make_member(sutton, Role.FUNDER)
    with pytest.raises(GrantVariation.DoesNotExist):
        GrantVariation.objects.for_place(sutton).get(pk=variation.pk)
    url = f"/api/v1/places/{sutton.slug}/funding/variations/{variation.pk}/"
    assert api(stranger).get(url).status_code == 404
    assert api(stranger).post(url + "withdraw/").status_code in (403, 404)
    answer = api(leader).post(
        f"/api/v1/places/{sutton.slug}/funding/variations/",
        {"grant": grant.pk, "kind": "budget", "budget_change": "x", "reason": "x"},
        format="json",
    )
    assert answer.status_code in (400, 403)


# Pages -----------------------------------------------------------------------------------------


def test_the_grantee_asks_on_the_grants_page_and_the_funder_decides(client, grant, leader, funder):
    place = grant.place
    client.force_login(leader)
    page = client.get(grant.get_absolute_url()).content.decode()
    assert "Variations" in page and "Request a change" in page
    url = reverse(
        "places:funding:variation_request", kwargs={"place_slug": place.slug, "pk": grant.pk}
    )
    empty = client.post(url, {})
    assert empty.status_code == 200 and "govuk-error-summary" in empty.content.decode()
    done = client.post(
        url,
        {
            "kind": "period",
            "new_end": "2028-12-31",
            "new_spend_by": "",
            "new_purpose": "",
            "budget_change": "",
            "reason": "The kitchen opens late.",
        },
    )
    assert done.status_code == 302
    variation = GrantVariation.objects.for_place(place).get()
    page = client.get(grant.get_absolute_url()).content.decode()
    assert "Withdraw the request" in page and "Request a change" not in page
    client.force_login(funder)
    decide = reverse(
        "places:funding:variation_decide", kwargs={"place_slug": place.slug, "pk": variation.pk}
    )
    assert client.get(decide).status_code == 200
    refused = client.post(decide, {"decision": "refuse", "reason": ""})
    assert refused.status_code == 200 and "Say why" in refused.content.decode()
    assert client.post(decide, {"decision": "approve", "reason": ""}).status_code == 302
    assert reread(grant).award_end == date(2028, 12, 31)
    decided = client.get(decide).content.decode()
    assert "nothing to decide" in decided
    # The grantee may not decide, the funder may not ask.
    client.force_login(leader)
    assert client.get(decide).status_code == 404
    client.force_login(funder)
    assert client.get(url).status_code == 404


def test_the_grantee_withdraws_from_the_grants_page(client, grant, leader):
    variation = ask(grant, leader)
    client.force_login(leader)
    url = reverse(
        "places:funding:variation_withdraw",
        kwargs={"place_slug": grant.place.slug, "pk": variation.pk},
    )
    assert client.post(url).status_code == 302
    assert reread(variation).state == VariationState.WITHDRAWN


def test_my_work_shows_the_funder_what_to_decide_and_the_grantee_its_requests(
    client, grant, leader, funder
):
    ask(grant, leader)
    url = reverse("places:my_work", kwargs={"place_slug": grant.place.slug})
    client.force_login(funder)
    page = client.get(url).content.decode()
    assert "Variations to decide" in page and "awaiting your decision" in page
    client.force_login(leader)
    page = client.get(url).content.decode()
    assert "awaiting the funder" in page


# API ------------------------------------------------------------------------------------------


def test_the_api_asks_withdraws_and_decides_by_the_same_rules(grant, leader, funder, people):
    base = f"/api/v1/places/{grant.place.slug}/funding/variations/"
    body = {"grant": grant.pk, "kind": "period", "new_end": "2028-10-31", "reason": "Late."}
    assert api(funder).post(base, body, format="json").status_code in (400, 403)
    made = api(leader).post(base, body, format="json")
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert made.json()["state"] == "requested"
    again = api(leader).post(base, {**body, "new_end": "2028-11-30"}, format="json")
    assert again.status_code == 400
    listed = api(funder).get(base, {"grant": grant.pk}).json()["results"]
    assert [v["id"] for v in listed] == [pk]
    assert api(people["other funder"]).get(f"{base}{pk}/").status_code == 404
    assert api(people["resident"]).get(base).json()["results"] == []
    refused = api(funder).post(f"{base}{pk}/decide/", {"approve": False}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()["error"]["fields"]
    approved = api(funder).post(f"{base}{pk}/decide/", {"approve": True}, format="json")
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    assert approved.json()["previous_end"] == "2028-03-31"
    assert reread(grant).award_end == date(2028, 10, 31)
    withdrawn = api(leader).post(f"{base}{pk}/withdraw/")
    assert withdrawn.status_code == 400


def test_the_api_refuses_bad_input_by_field(grant, leader):
    base = f"/api/v1/places/{grant.place.slug}/funding/variations/"
    for body in (
        {"grant": grant.pk, "kind": "nonsense", "reason": "x"},
        {"grant": grant.pk, "kind": "period", "new_end": "not a date", "reason": "x"},
        {"grant": 10**9, "kind": "budget", "budget_change": "x", "reason": "x"},
        {"grant": grant.pk, "kind": "budget", "budget_change": "x" * 6000, "reason": "x"},
        {"grant": grant.pk, "kind": "period", "reason": "x"},
    ):
        answer = api(leader).post(base, body, format="json")
        assert answer.status_code == 400, (body, answer.content)


# Figures --------------------------------------------------------------------------------------


def test_no_grants_gives_no_data_rather_than_zero(sutton, client):
    figures = compute_figures(sutton)
    assert figures.variations_requested == 0
    assert figures.variations_approved_share is None and figures.median_variation_days is None
    page = client.get(reverse("places:funding:figures", kwargs={"place_slug": sutton.slug}))
    assert "0%" not in page.content.decode()
    body = client.get(f"/api/v1/places/{sutton.slug}/funding/grants/figures/").json()
    assert body["place"]["variations_approved_share"] is None
    assert body["place"]["median_days_to_decide_variation"] is None


def _at(day):
    return datetime(2026, 6, day, 10, tzinfo=LONDON)


def test_the_figures_count_variations_per_funder_and_for_the_place(
    grant, leader, funder, make_bid, make_programme, make_member, award, client
):
    place = grant.place
    first = ask(grant, leader, now=_at(1))
    services.variation_decide(place=place, actor=funder, variation=first, approve=True, now=_at(5))
    second = ask(grant, leader, VariationKind.BUDGET, now=_at(6))
    services.variation_decide(
        place=place, actor=funder, variation=second, approve=False, reason="No.", now=_at(8)
    )
    ask(grant, leader, VariationKind.PURPOSE, now=_at(9))  # open: requested, not decided
    # A second funder whose one grant was never varied.
    vale = OrganisationFactory(name="Vale Trust", kind="funder", places=[place])
    vale_officer = make_member(place, Role.FUNDER, organisation=vale)
    other = make_programme(actor=vale_officer, funder=vale, title="Vale Fund")
    services.bid_award(
        place=place,
        actor=vale_officer,
        bid=make_bid(submit=True, programme_=other, title="Vale grant"),
        amount=18000,
        start=date(2026, 4, 1),
        awarded_in_past=True,
    )
    figures = compute_figures(place)
    assert (figures.variations_requested, figures.variations_approved) == (3, 1)
    assert figures.variations_decided == 2 and figures.variations_approved_share == 0.5
    assert figures.median_variation_days == 3  # 4 days and 2 days
    _place, per_funder = place_and_funder_figures(place)
    by_name = {f.name: figs for f, figs in per_funder}
    assert by_name["Vale Trust"].variations_approved_share is None
    assert by_name["Chiltern Community Foundation"].variations_requested == 3
    one = compute_figures(place, funder=vale)
    assert one.variations_requested == 0 and one.median_variation_days is None
    page = client.get(reverse("places:funding:figures", kwargs={"place_slug": place.slug}))
    assert "1 of 2 decided (50%)" in page.content.decode()
    body = client.get(f"/api/v1/places/{place.slug}/funding/grants/figures/").json()
    assert body["place"]["variations_approved_share"] == 50.0
    assert body["place"]["median_days_to_decide_variation"] == 3
    measures = {m.key: m for m in MEASURES}
    assert measures["funding.variations_approved_share"].value(place, {}) == 0.5
    assert measures["funding.variation_days"].value(place, {}) == 3


def test_360giving_gives_the_current_planned_dates(grant, leader, funder):
    variation = ask(grant, leader, new_end=date(2028, 12, 31), new_spend_by=date(2028, 12, 31))
    services.variation_decide(place=grant.place, actor=funder, variation=variation, approve=True)
    grants, areas_of = grants_for_360giving(grant.place)
    package = giving360.package(grant.place, grants, areas_of=areas_of)
    errors = list(validator().iter_errors(package))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    planned = package["grants"][0]["plannedDates"][0]
    assert planned["endDate"] == "2028-12-31" and planned["duration"] == 33


def test_the_demo_has_variations_in_several_states(bucks, coventry, sutton):
    from django.core.management import call_command

    call_command("seed_demo", stdout=open("/dev/null", "w"))
    for place in (bucks, coventry, sutton):
        states = set(GrantVariation.objects.for_place(place).values_list("state", flat=True))
        assert states == {"requested", "approved", "refused", "withdrawn"}
    assert compute_figures(sutton).variations_approved_share == 0.5
    count = GrantVariation.objects.for_place(sutton).count()
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert GrantVariation.objects.for_place(sutton).count() == count


def test_a_grant_ending_soon_can_be_extended_past_today(make_bid, award, leader, funder, bucks):
    start = date.today() - timedelta(days=30)
    grant = award(make_bid(submit=True), start=start, months=2, past=False)
    variation = ask(grant, leader, new_end=start + timedelta(days=200), new_spend_by=None)
    services.variation_decide(place=bucks, actor=funder, variation=variation, approve=True)
    assert reread(grant).award_end == start + timedelta(days=200)
