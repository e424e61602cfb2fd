"""Once a tender is open for bids, it changes only by a published amendment: on every path (services,
pages, API, admin), told to everyone taking part, on the public timeline and in the OCDS data."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import ProtectedError
from django_scopes import scopes_disabled
from rest_framework.test import APIClient

from commissioning import selectors, services
from commissioning.models import Stage, Tender, TenderAmendment
from coordination.accounts.models import Membership, Role
from coordination.audit.models import AuditEntry
from coordination.errors import RuleViolation
from coordination.notifications.models import Notification, OutboxEmail
from tests.support.commissioning import leader_of, opened, tender

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def open_tender(bucks, officer, council, **fields):
    t = tender(bucks, officer, council, **fields)
    services.criterion_add(place=bucks, actor=officer, tender=t, title="Quality", weight=60)
    services.criterion_add(place=bucks, actor=officer, tender=t, title="Price", weight=40)
    services.lot_add(place=bucks, actor=officer, tender=t, title="North", estimated_value=100)
    return opened(bucks, officer, t)


def errors_of(exc):
    return exc.value.message_dict


# Services


def test_once_open_the_details_and_deadlines_change_only_by_an_amendment(bucks, council, officer):
    t = open_tender(bucks, officer, council)
    for field, value in [
        ("description", "Something else"),
        ("estimated_value", Decimal("1")),
        ("contract_months", 6),
        ("submission_deadline", t.submission_deadline + timedelta(days=7)),
        ("decision_date", t.submission_deadline.date() + timedelta(days=60)),
    ]:
        with pytest.raises(RuleViolation) as exc:
            services.tender_update(place=bucks, actor=officer, tender=t, **{field: value})
        assert "publish an amendment" in errors_of(exc)[field][0]
    # The same values again, and what is not a term of the tender, still save directly.
    services.tender_update(
        place=bucks, actor=officer, tender=t, title="Renamed", description=t.description
    )
    t.refresh_from_db()
    assert t.title == "Renamed"
    lot = selectors.lots_of(t).get()
    with pytest.raises(RuleViolation, match="publish an amendment"):
        services.lot_update(place=bucks, actor=officer, lot=lot, title="South")
    criterion = selectors.criteria_of(t).first()
    with pytest.raises(RuleViolation, match="publish an amendment"):
        services.criterion_update(
            place=bucks, actor=officer, criterion=criterion, title="Quality", weight=50
        )


def test_an_amendment_changes_the_tender_records_each_change_and_tells_everyone_taking_part(
    bucks, council, officer
):
    t = open_tender(bucks, officer, council)
    bidder_leader, bidder = leader_of(bucks, name="Bea Bidder")
    partner_leader, partner = leader_of(bucks, name="Pia Partner")
    invited_leader, invited = leader_of(bucks, name="Ivo Invited")
    # One person for both the bidder and the invited organisation: told once.
    Membership.objects.create(
        place=bucks, user=bidder_leader, role=Role.PARTNER, organisation=invited
    )
    bystander, _org = leader_of(bucks, name="Ben Bystander")
    services.invitations_send(place=bucks, actor=officer, tender=t, organisations=[invited])
    services.submission_submit(
        place=bucks,
        actor=bidder_leader,
        tender=t,
        lead=bidder,
        partners=[partner],
        summary="We will.",
        price=Decimal("1000"),
    )
    Notification.objects.for_place(bucks).all().delete()
    later = t.submission_deadline + timedelta(days=7)
    lot = selectors.lots_of(t).get()
    criteria = list(selectors.criteria_of(t))

    amendment = services.amendment_publish(
        place=bucks,
        actor=officer,
        tender=t,
        rationale="More time, after questions about premises.",
        changes={"submission_deadline": later, "estimated_value": Decimal("300000")},
        lots={lot.pk: {"estimated_value": Decimal("150")}},
        criteria={criteria[0].pk: {"weight": 70}, criteria[1].pk: {"weight": 30}},
    )

    t.refresh_from_db()
    assert amendment.number == 1 and t.submission_deadline == later
    assert t.estimated_value == Decimal("300000")
    assert selectors.lots_of(t).get().estimated_value == Decimal("150")
    assert [c.weight for c in selectors.criteria_of(t)] == [70, 30]
    fields = [change["field"] for change in amendment.changes]
    assert fields == [
        "estimated_value",
        "submission_deadline",
        f"lots.{lot.pk}.estimated_value",
        f"criteria.{criteria[0].pk}.weight",
        f"criteria.{criteria[1].pk}.weight",
    ]
    assert amendment.changes[0]["old"] == "£250,000.00"
    assert amendment.changes[0]["new"] == "£300,000.00"
    entry = AuditEntry.objects.for_place(bucks).get(action="commissioning.tender.amended")
    assert entry.changes["rationale"] == "More time, after questions about premises."
    told = Notification.objects.for_place(bucks).filter(title__contains="amendment 1")
    assert sorted(n.user.name for n in told) == ["Bea Bidder", "Ivo Invited", "Pia Partner"]
    assert "More time" in told[0].body and "£300,000.00" in told[0].body
    assert not Notification.objects.for_place(bucks).filter(user=bystander).exists()
    # Each of them is emailed too, once, with the changes.
    emails = OutboxEmail.objects.for_place(bucks).filter(kind="news:commissioning_tender_amended")
    assert sorted(e.recipient.name for e in emails) == ["Bea Bidder", "Ivo Invited", "Pia Partner"]
    assert "More time" in emails[0].text_body and "£300,000.00" in emails[0].text_body

    second = services.amendment_publish(
        place=bucks,
        actor=officer,
        tender=t,
        rationale="Typo",
        changes={"description": "Food pantries, cooking clubs and community fridges."},
    )
    assert second.number == 2
    with pytest.raises(ProtectedError), scopes_disabled():
        Tender.objects.filter(pk=t.pk).delete()


def test_an_amendment_never_moves_a_deadline_earlier_nor_breaks_the_order_of_dates(
    bucks, council, officer
):
    t = open_tender(bucks, officer, council)
    publish = dict(place=bucks, actor=officer, tender=t, rationale="Change")
    with pytest.raises(RuleViolation) as exc:
        services.amendment_publish(
            **publish, changes={"submission_deadline": t.submission_deadline - timedelta(days=1)}
        )
    assert "may not move earlier" in errors_of(exc)["submission_deadline"][0]
    with pytest.raises(RuleViolation) as exc:
        services.amendment_publish(**publish, changes={"clarification_deadline": None})
    assert "cannot be taken away" in errors_of(exc)["clarification_deadline"][0]
    with pytest.raises(RuleViolation) as exc:
        services.amendment_publish(
            **publish,
            changes={"clarification_deadline": t.submission_deadline + timedelta(days=2)},
        )
    assert errors_of(exc) == {
        "submission_deadline": ["Bids must close after the deadline for questions."]
    }
    criterion = selectors.criteria_of(t).first()
    with pytest.raises(RuleViolation) as exc:
        services.amendment_publish(**publish, criteria={criterion.pk: {"weight": 10}})
    assert "add up to 50%" in errors_of(exc)["criteria"][0]
    with pytest.raises(RuleViolation) as exc:
        services.amendment_publish(**{**publish, "rationale": " "}, changes={"contract_months": 9})
    assert "rationale" in errors_of(exc)
    with pytest.raises(RuleViolation, match="Nothing would change"):
        services.amendment_publish(**publish, changes={"description": t.description})
    assert not TenderAmendment.objects.for_place(bucks).exists()


def test_amendments_are_for_open_tenders_and_in_evaluation_only_the_decision_date_moves(
    bucks, council, officer
):
    before = tender(bucks, officer, council)
    with pytest.raises(RuleViolation, match="change its details directly"):
        services.amendment_publish(
            place=bucks, actor=officer, tender=before, rationale="x", changes={"contract_months": 2}
        )
    t = open_tender(bucks, officer, council)
    later = t.submission_deadline + timedelta(minutes=1)
    services.tender_change_stage(
        place=bucks, actor=officer, tender=t, to_stage=Stage.EVALUATION, rationale="In", now=later
    )
    with pytest.raises(RuleViolation) as exc:
        services.amendment_publish(
            place=bucks, actor=officer, tender=t, rationale="x", changes={"contract_months": 2}
        )
    assert "only the decision date" in errors_of(exc)["contract_months"][0]
    decided = t.submission_deadline.date() + timedelta(days=30)
    services.amendment_publish(
        place=bucks,
        actor=officer,
        tender=t,
        rationale="The panel meets later.",
        changes={"decision_date": decided},
        now=later,
    )
    t.refresh_from_db()
    assert t.decision_date == decided


# Pages


def test_officers_publish_an_amendment_on_its_page_and_the_public_timeline_shows_it(
    client, bucks, council, officer
):
    t = open_tender(bucks, officer, council)
    client.force_login(officer)
    edit = client.get(f"/{bucks.slug}/commissioning/{t.pk}/edit/").content.decode()
    assert 'name="description"' not in edit and 'name="submission_deadline"' not in edit
    assert 'id="amendment-needed"' in edit and f"/{t.pk}/amend/" in edit
    page = client.get(f"/{bucks.slug}/commissioning/{t.pk}/amend/")
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    local = t.submission_deadline.astimezone(bucks.tz)

    data.update(rationale="More time for consortia.", submission_deadline="")
    data["submission_deadline"] = (local - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    refused = client.post(f"/{bucks.slug}/commissioning/{t.pk}/amend/", data)
    assert refused.status_code == 200
    assert "may not move earlier" in refused.context["form"].errors["submission_deadline"][0]

    data["submission_deadline"] = (local + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    done = client.post(f"/{bucks.slug}/commissioning/{t.pk}/amend/", data)
    assert done.status_code == 302
    client.logout()
    timeline = client.get(f"/{bucks.slug}/commissioning/{t.pk}/timeline/").content.decode()
    assert "Amendment 1 published" in timeline and "More time for consortia." in timeline
    assert "Bids close" in timeline and "Was " in timeline


# API


def test_the_api_refuses_direct_changes_once_open_and_publishes_amendments(bucks, council, officer):
    t = open_tender(bucks, officer, council)
    api = APIClient()
    api.force_authenticate(officer)
    address = f"/api/v1/places/{bucks.slug}/tenders/{t.pk}/"
    refused = api.patch(address, {"description": "Changed quietly"}, format="json")
    assert refused.status_code == 400
    assert "publish an amendment" in str(refused.json())
    assert "description" in str(refused.json())

    earlier = (t.submission_deadline - timedelta(days=1)).isoformat()
    cut = api.post(
        address + "amendments/",
        {"rationale": "Sooner", "changes": {"submission_deadline": earlier}},
        format="json",
    )
    assert cut.status_code == 400 and "submission_deadline" in str(cut.json())

    later = (t.submission_deadline + timedelta(days=3)).isoformat()
    published = api.post(
        address + "amendments/",
        {"rationale": "Later", "changes": {"submission_deadline": later}},
        format="json",
    )
    assert published.status_code == 201, published.json()
    assert published.json()["number"] == 1
    read = APIClient().get(address).json()
    assert [a["rationale"] for a in read["amendments"]] == ["Later"]
    assert read["amendments"][0]["changes"][0]["field"] == "submission_deadline"
    listed = APIClient().get(f"/api/v1/places/{bucks.slug}/tenders/").json()["results"]
    assert listed[0]["amendments"] == read["amendments"]
    leader, _org = leader_of(bucks)
    api.force_authenticate(leader)
    assert api.post(address + "amendments/", {"rationale": "x"}, format="json").status_code == 403


# Admin


def test_the_admin_keeps_the_terms_of_an_open_tender_read_only(client, bucks, council, officer):
    t = open_tender(bucks, officer, council)
    root = get_user_model().objects.create_superuser(email="root@example.org", password="x")
    client.force_login(root)
    page = client.get(f"/admin/commissioning/tender/{t.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="title"' in html
    assert 'name="description"' not in html and 'name="submission_deadline_0"' not in html
    assert client.get(f"/admin/commissioning/tender/{t.pk}/delete/").status_code == 403
    amendment = client.get("/admin/commissioning/tenderamendment/add/")
    assert amendment.status_code == 403
