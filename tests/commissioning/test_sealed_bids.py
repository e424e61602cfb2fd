"""Sealed bids: until the submission deadline no one but the bidding organisation's own people sees
a bid (the commissioning team sees a count), on pages, the API, the audit trail, the admin,
webhooks and the open data; at the deadline the bids open together and the public timeline records
it once. Late bids are refused on every path, and "bids close soon" reaches only those who still
have to bid, once."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from commissioning import digest, selectors, services
from commissioning.models import BidOpening, Stage, Submission
from commissioning.tasks import open_sealed_bids
from coordination.accounts.models import Membership, Role
from coordination.audit.models import AuditEntry
from coordination.errors import RuleViolation, full_clean
from coordination.notifications.dispatch import dispatch_due_reminders
from coordination.notifications.models import OutboxEmail
from coordination.places.tenancy import place_scope
from coordination.webhooks.models import WebhookDelivery, WebhookSubscription
from tests.support.commissioning import (
    deadline_passes,
    leader_of,
    officer_of,
    opened,
    tender,
)
from tests.support.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET = "Our secret delivery method"


def page(place, tail=""):
    return f"/{place.slug}/commissioning/{tail}"


def api_base(place):
    return f"/api/v1/places/{place.slug}/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def sealed(bucks, council, officer, charity):
    """An open tender with one bid in, from the charity, and a rival organisation's leader."""
    leader, organisation = charity
    t = opened(bucks, officer, tender(bucks, officer, council))
    bid = services.submission_submit(
        place=bucks,
        actor=leader,
        tender=t,
        lead=organisation,
        summary=SECRET,
        price=Decimal("123456.00"),
    )
    rival, _rival_org = leader_of(bucks, name="Rita Rival")
    return t, bid, rival


def _shows_the_bid(text, bid):
    return SECRET in text or bid.lead.name in text or "123,456.00" in text or "123456" in text


def test_the_pages_show_the_team_a_count_until_the_deadline_and_the_bids_after(
    client, bucks, officer, charity, sealed, admin_of
):
    t, bid, rival = sealed
    leader, organisation = charity
    coordinator = admin_of(bucks)
    for person in (officer, coordinator, rival):
        client.force_login(person)
        detail = client.get(t.get_absolute_url()).content.decode()
        assert not _shows_the_bid(detail, bid)
        assert client.get(page(bucks, f"bids/{bid.pk}/")).status_code == 404
    client.force_login(officer)
    detail = client.get(t.get_absolute_url()).content.decode()
    assert "1 bid received, sealed until" in detail
    listing = client.get(page(bucks, f"{t.pk}/submissions/")).content.decode()
    assert "1 bid received, sealed until" in listing and not _shows_the_bid(listing, bid)
    assert client.get(page(bucks, f"bids/{bid.pk}/scores/")).status_code == 404
    assert organisation.name not in client.get(page(bucks, f"{t.pk}/award/")).content.decode()
    # The bidder sees and manages its own bid throughout.
    client.force_login(leader)
    assert SECRET in client.get(page(bucks, f"bids/{bid.pk}/")).content.decode()

    deadline_passes(t)
    client.force_login(officer)
    assert SECRET in client.get(page(bucks, f"bids/{bid.pk}/")).content.decode()
    listing = client.get(page(bucks, f"{t.pk}/submissions/")).content.decode()
    assert organisation.name in listing and "sealed until" not in listing
    client.force_login(rival)
    assert client.get(page(bucks, f"bids/{bid.pk}/")).status_code == 404
    # Bids have closed: the bidder is no longer offered to bid or withdraw.
    client.force_login(leader)
    detail = client.get(t.get_absolute_url()).content.decode()
    assert "Submit a bid" not in detail and f"bids/{bid.pk}/withdraw/" not in detail


def test_the_api_shows_no_sealed_bid_to_the_team_or_others(api, bucks, officer, charity, sealed):
    t, bid, rival = sealed
    leader, _organisation = charity
    for person in (officer, rival, None):
        api.force_authenticate(person)
        listing = api.get(api_base(bucks) + "submissions/", {"tender": t.pk})
        assert listing.status_code == 200 and listing.json()["results"] == []
        assert api.get(api_base(bucks) + f"submissions/{bid.pk}/").status_code == 404
    api.force_authenticate(leader)
    [own] = api.get(api_base(bucks) + "submissions/").json()["results"]
    assert own["summary"] == SECRET
    deadline_passes(t)
    api.force_authenticate(officer)
    [shown] = api.get(api_base(bucks) + "submissions/", {"tender": t.pk}).json()["results"]
    assert shown["summary"] == SECRET and shown["price"] == "123456.00"
    api.force_authenticate(rival)
    assert api.get(api_base(bucks) + f"submissions/{bid.pk}/").status_code == 404


def test_the_audit_trail_keeps_who_bid_sealed_until_the_bids_open(
    client, bucks, charity, sealed, admin_of
):
    t, bid, _rival = sealed
    leader, organisation = charity
    entry = AuditEntry.objects.for_place(bucks).get(action="commissioning.submission.submit")
    # The entry is whole (who, for which organisation), and nobody reads it before the opening.
    assert entry.actor == leader and entry.changes["lead"] == organisation.name
    admin = admin_of(bucks)
    client.force_login(admin)
    trail = client.get(f"/{bucks.slug}/audit/").content.decode()
    assert "commissioning.submission.submit" not in trail
    assert organisation.name not in trail and leader.name not in trail
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    listing = client.get("/admin/audit/auditentry/").content.decode()
    assert organisation.name not in listing and leader.email not in listing
    assert SECRET not in listing
    assert client.get(f"/admin/audit/auditentry/{entry.pk}/change/").status_code == 302
    # At the deadline the bids open, and the trail shows who bid.
    deadline_passes(t)
    services.bids_open(place=bucks, tender=t)
    client.force_login(admin)
    trail = client.get(f"/{bucks.slug}/audit/").content.decode()
    assert "commissioning.submission.submit" in trail and leader.name in trail
    client.force_login(staff)
    assert client.get(f"/admin/audit/auditentry/{entry.pk}/change/").status_code == 200


def test_webhooks_never_carry_a_bid_and_announce_the_opening(bucks, council, officer, charity):
    leader, organisation = charity
    t = opened(bucks, officer, tender(bucks, officer, council))
    # Even a subscription stored with a submission's action hears nothing of a bid.
    subscription = WebhookSubscription.objects.create(
        place=bucks,
        name="Partner",
        url="https://partner.example.org/hooks",
        events=["commissioning.tender.open_bids", "commissioning.submission.submit"],
        secret="s" * 32,
        created_by=officer,
    )
    services.submission_submit(
        place=bucks, actor=leader, tender=t, lead=organisation, summary=SECRET, price=Decimal("9")
    )
    assert not WebhookDelivery.objects.for_place(bucks).exists()
    deadline_passes(t)
    open_sealed_bids(place_id=bucks.pk)
    [delivery] = WebhookDelivery.objects.for_place(bucks).filter(subscription=subscription)
    assert delivery.event == "commissioning.tender.open_bids"
    assert delivery.payload["object"] == {"type": "commissioning.tender", "id": str(t.pk)}
    assert organisation.name not in str(delivery.payload) and SECRET not in str(delivery.payload)


def test_ocds_counts_tenderers_only_after_opening(client, bucks, officer, sealed):
    t, bid, _rival = sealed
    body = client.get(page(bucks, "ocds.json")).content.decode()
    assert "numberOfTenderers" not in body and not _shows_the_bid(body, bid)
    csv = client.get(page(bucks, "tenders.csv")).content.decode()
    assert not _shows_the_bid(csv, bid)
    services.tender_change_stage(
        place=bucks,
        actor=officer,
        tender=t,
        to_stage=Stage.EVALUATION,
        rationale="Closed",
        now=t.submission_deadline + timedelta(minutes=1),
    )
    assert '"numberOfTenderers": 1' in client.get(page(bucks, "ocds.json")).content.decode()


def test_the_opening_is_recorded_once_and_shown_on_the_public_timeline(
    client, bucks, charity, sealed
):
    t, _bid, _rival = sealed
    assert selectors.bids_are_sealed(t)
    assert APIClient().get(api_base(bucks) + f"tenders/{t.pk}/").json()["bids_opened"] is None
    open_sealed_bids(place_id=bucks.pk)
    assert not BidOpening.objects.for_place(bucks).exists()  # not before the deadline
    deadline_passes(t, ago=timedelta(minutes=3))
    assert not selectors.bids_are_sealed(t)
    assert open_sealed_bids(place_id=bucks.pk) == {"opened": 1}
    assert open_sealed_bids(place_id=bucks.pk) == {"opened": 0}
    later = (timezone.now() + timedelta(hours=1)).isoformat()
    assert open_sealed_bids(now=later, place_id=bucks.pk) == {"opened": 0}
    [opening] = BidOpening.objects.for_place(bucks).filter(tender=t)
    assert opening.opened_at == t.submission_deadline and opening.bids_received == 1
    assert (
        AuditEntry.objects.for_place(bucks).filter(action="commissioning.tender.open_bids").count()
        == 1
    )
    for address in (t.get_absolute_url(), page(bucks, f"{t.pk}/timeline/")):
        text = client.get(address).content.decode()  # anonymous: the timeline is public
        assert "Bids opened" in text and "1 bid was received" in text
    # The API says the same: partners told by the webhook read when and how many.
    api = APIClient()
    shown = api.get(api_base(bucks) + f"tenders/{t.pk}/").json()["bids_opened"]
    assert shown["bids_received"] == 1
    assert (
        shown["opened_at"]
        == api.get(api_base(bucks) + f"tenders/{t.pk}/").json()["submission_deadline"]
    )
    [listed] = [
        row for row in api.get(api_base(bucks) + "tenders/").json()["results"] if row["id"] == t.pk
    ]
    assert listed["bids_opened"] == shown
    with pytest.raises(IntegrityError), transaction.atomic():
        BidOpening.objects.create(
            place=bucks,
            tender=t,
            opened_at=t.submission_deadline,
            bids_received=1,
            recorded_at=timezone.now(),
        )


def test_a_late_bid_is_refused_by_the_model_the_service_and_the_api(
    api, bucks, council, officer, charity
):
    leader, organisation = charity
    t = opened(bucks, officer, tender(bucks, officer, council))
    late = Submission(
        place=bucks,
        tender=t,
        lead=organisation,
        summary="Late",
        price=Decimal("1"),
        submitted_at=t.submission_deadline,
    )
    with pytest.raises(RuleViolation) as exc:
        full_clean(late)
    assert "late bid is refused" in str(exc.value.message_dict["tender"])
    with pytest.raises(RuleViolation) as exc:
        services.submission_submit(
            place=bucks,
            actor=leader,
            tender=t,
            lead=organisation,
            summary="Late",
            price=Decimal("1"),
            now=t.submission_deadline,
        )
    assert "a late bid cannot be accepted" in str(exc.value.message_dict["tender"])
    deadline_passes(t)
    api.force_authenticate(leader)
    response = api.post(
        api_base(bucks) + "submissions/",
        {"tender": t.pk, "lead": organisation.pk, "summary": "Late", "price": "1.00"},
        format="json",
    )
    assert response.status_code == 400
    assert "a late bid cannot be accepted" in response.json()["error"]["fields"]["tender"][0]
    assert not Submission.objects.for_place(bucks).exists()


def test_a_tender_opens_for_bids_only_with_a_deadline_in_the_future(api, bucks, council, officer):
    t = tender(bucks, officer, council, clarification_deadline=None)
    api.force_authenticate(officer)
    past = (timezone.now() - timedelta(hours=1)).isoformat()
    response = api.patch(
        api_base(bucks) + f"tenders/{t.pk}/",
        {"submission_deadline": past, "co_design_opens_at": None, "co_design_closes_at": None},
        format="json",
    )
    assert response.status_code == 200, response.json()
    response = api.post(
        api_base(bucks) + f"tenders/{t.pk}/stage/",
        {"to_stage": "open", "rationale": "Open"},
        format="json",
    )
    assert response.status_code == 400
    assert "in the future" in response.json()["error"]["fields"]["submission_deadline"][0]
    t.refresh_from_db()
    assert t.stage == Stage.PIPELINE


def test_bids_close_soon_reaches_only_those_still_to_bid_each_person_once(
    bucks, council, officer, charity
):
    leader, bidder = charity
    t = opened(bucks, officer, tender(bucks, officer, council, clarification_deadline=None))
    # Someone acting for two invited organisations that have not bid, and one for the bidder.
    both = OrganisationFactory(places=[bucks]), OrganisationFactory(places=[bucks])
    person = UserFactory(name="Two Hats")
    for organisation, role in zip(both, (Role.CHARITY_LEADER, Role.PARTNER), strict=True):
        Membership.objects.create(place=bucks, user=person, role=role, organisation=organisation)
    services.invitations_send(place=bucks, actor=officer, tender=t, organisations=[bidder, *both])
    services.interest_register(place=bucks, actor=leader, tender=t, organisation=bidder)
    services.submission_submit(
        place=bucks, actor=leader, tender=t, lead=bidder, summary="In", price=Decimal("1")
    )
    # Twelve hours before the deadline both the 7-day and the 1-day windows once matched.
    now = t.submission_deadline - timedelta(hours=12)
    with place_scope(bucks):
        dispatch_due_reminders(now=now, place_ids=[bucks.pk])
        dispatch_due_reminders(now=now, place_ids=[bucks.pk])
        dispatch_due_reminders(now=now + timedelta(minutes=5), place_ids=[bucks.pk])
    sent = OutboxEmail.objects.for_place(bucks).filter(
        kind=f"reminder:{digest.SUBMISSION_DEADLINE}"
    )
    assert [email.to_email for email in sent] == [person.email]


def test_an_officer_bidding_for_a_charity_sees_only_that_bid_while_sealed(
    bucks, council, officer, charity
):
    leader, organisation = charity
    t = opened(bucks, officer, tender(bucks, officer, council))
    both = officer_of(bucks, council, name="Both Hats")
    own_org = OrganisationFactory(places=[bucks])
    Membership.objects.create(
        place=bucks, user=both, role=Role.CHARITY_LEADER, organisation=own_org
    )
    other = services.submission_submit(
        place=bucks, actor=leader, tender=t, lead=organisation, summary="A", price=Decimal("1")
    )
    own = services.submission_submit(
        place=bucks, actor=both, tender=t, lead=own_org, summary="B", price=Decimal("2")
    )
    assert list(selectors.submissions_visible_to(both, bucks, t)) == [own]
    assert list(selectors.submissions_visible_to(both, bucks)) == [own]
    assert selectors.bids_received(t) == 2
    deadline_passes(t)
    assert set(selectors.submissions_visible_to(both, bucks, t)) == {own, other}


@pytest.mark.django_db(transaction=True)
def test_two_workers_opening_at_once_record_one_opening(bucks, council, officer, charity):
    import threading

    from django.db import connection

    leader, organisation = charity
    t = opened(bucks, officer, tender(bucks, officer, council))
    services.submission_submit(
        place=bucks, actor=leader, tender=t, lead=organisation, summary="S", price=Decimal("1")
    )
    deadline_passes(t)
    start = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            start.wait(timeout=10)
            results.append(open_sealed_bids(place_id=bucks.pk))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors
    assert sorted(result["opened"] for result in results) == [0, 1]
    [opening] = BidOpening.objects.for_place(bucks).all()
    assert opening.bids_received == 1
    audit = AuditEntry.objects.for_place(bucks).filter(action="commissioning.tender.open_bids")
    assert audit.count() == 1
