"""A funder's feedback on a declined bid as a draft: only the funder's people read it and may change
it; release tells the applicant once; released feedback is not changed. On the services, the
pages, the API, notifications and the digest."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from coordination.audit.models import AuditEntry
from coordination.errors import RuleViolation
from coordination.notifications.models import Notification
from funding import services
from funding.digest import funding_items, prefetch_funding
from funding.models import Feedback

pytestmark = pytest.mark.django_db

SECRET = "Your outcomes were vague; name three."
RELEASED = (
    "This feedback was released to the applicant, so it is not changed: it stays as they read it. "
    "Write to the applicant to correct or add to it."
)


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def drafted(make_bid, decline, funder):
    bid = make_bid(submit=True)
    decline(bid, release=False)
    services.feedback_update(
        place=bid.place, actor=funder, bid=bid, to_strengthen=SECRET, reasons=["budget"]
    )
    return bid


def page_for(user, bid):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def bid_url(bid, name="bid_detail"):
    return reverse(f"places:funding:{name}", kwargs={"place_slug": bid.place.slug, "pk": bid.pk})


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def api_url(bid):
    return f"/api/v1/places/{bid.place.slug}/funding/bids/{bid.pk}/"


def feedback_notes(bid, user):
    return list(
        Notification.objects.for_place(bid.place)
        .filter(user=user, title__startswith="Feedback on")
        .values_list("title", flat=True)
    )


# Services


def test_the_funder_changes_a_draft_and_the_audit_names_only_the_parts(drafted, funder):
    feedback = Feedback.objects.for_place(drafted.place).get(bid=drafted)
    assert feedback.released_at is None
    assert (feedback.to_strengthen, feedback.reasons) == (SECRET, ["budget"])
    entry = AuditEntry.objects.for_place(drafted.place).get(action="funding.feedback.update")
    assert entry.changes == {"changed": ["reasons", "to_strengthen"]}
    assert SECRET not in str(entry.changes)


def test_only_the_programme_s_funder_changes_the_draft(drafted, people):
    for who in ("applicant leader", "other funder", "place admin"):
        with pytest.raises(RuleViolation):
            services.feedback_update(
                place=drafted.place, actor=people[who], bid=drafted, strengths="Mine"
            )
    feedback = Feedback.objects.for_place(drafted.place).get(bid=drafted)
    assert feedback.strengths == "A clear plan, well costed."


def test_a_draft_needs_what_any_feedback_needs(drafted, funder):
    with pytest.raises(RuleViolation) as exc:
        services.feedback_update(place=drafted.place, actor=funder, bid=drafted, strengths="")
    assert "strengths" in exc.value.message_dict


def test_release_tells_the_applicant_once_and_then_nothing_changes(drafted, funder, leader):
    services.feedback_release(place=drafted.place, actor=funder, bid=drafted)
    with pytest.raises(RuleViolation, match="released already"):
        services.feedback_release(place=drafted.place, actor=funder, bid=drafted)
    assert feedback_notes(drafted, leader) == ["Feedback on “Hot meals for Castlefield”"]
    with pytest.raises(RuleViolation) as exc:
        services.feedback_update(place=drafted.place, actor=funder, bid=drafted, strengths="Oh")
    assert exc.value.messages == [RELEASED]
    # The model keeps it so on any other path.
    feedback = Feedback.objects.for_place(drafted.place).get(bid=drafted)
    feedback.to_strengthen = "Rewritten after release"
    with pytest.raises(Exception) as exc:
        feedback.full_clean(exclude=["bid"])
    assert RELEASED in str(exc.value)
    # The applicant's rating still goes in.
    services.feedback_rate(place=drafted.place, actor=leader, bid=drafted, helped=True)


def test_a_draft_reaches_nobody_but_the_funder_in_notifications_and_the_digest(
    drafted, people, leader
):
    notes = Notification.objects.for_place(drafted.place)
    assert not notes.filter(body__contains=SECRET).exists()
    assert not notes.filter(title__contains=SECRET).exists()
    assert feedback_notes(drafted, leader) == []
    now = timezone.now()
    prefetched = prefetch_funding(drafted.place, now - timedelta(days=1), now)
    items = funding_items(drafted.place, leader, now - timedelta(days=1), now, prefetched)
    assert not any("Feedback on" in str(item.title) for item in items)


# Pages


def test_the_funder_changes_the_draft_on_its_page_and_releases_it(drafted, funder, leader):
    client = page_for(funder, drafted)
    page = client.get(bid_url(drafted)).content.decode()
    assert "A draft: not released to the applicant yet." in page
    assert SECRET in page and "Change the draft feedback" in page
    form = client.get(bid_url(drafted, "feedback_edit")).content.decode()
    assert SECRET in form
    response = client.post(
        bid_url(drafted, "feedback_edit"),
        {
            "reasons": ["budget", "capacity"],
            "strengths": "Strong local links.",
            "to_strengthen": "Name three outcomes.",
            "free_text": "",
        },
    )
    assert response.status_code == 302
    feedback = Feedback.objects.for_place(drafted.place).get(bid=drafted)
    assert (feedback.reasons, feedback.strengths) == (["budget", "capacity"], "Strong local links.")
    assert feedback.released_at is None
    client.post(bid_url(drafted, "feedback_release"))
    page = client.get(bid_url(drafted)).content.decode()
    assert "Change the draft feedback" not in page
    refused = client.get(bid_url(drafted, "feedback_edit")).content.decode()
    assert RELEASED in refused and "Save the draft" not in refused
    after = client.post(
        bid_url(drafted, "feedback_edit"),
        {"reasons": ["budget"], "strengths": "Changed", "to_strengthen": "Changed"},
    )
    assert after.status_code == 200 and RELEASED in after.content.decode()
    feedback.refresh_from_db()
    assert feedback.strengths == "Strong local links."
    applicant_page = page_for(leader, drafted).get(bid_url(drafted)).content.decode()
    assert "Strong local links." in applicant_page


@pytest.mark.parametrize("who", ["applicant leader", "applicant partner"])
def test_the_applicant_sees_nothing_of_a_draft(drafted, people, who):
    page = page_for(people[who], drafted).get(bid_url(drafted)).content.decode()
    assert SECRET not in page and "A draft" not in page
    assert "The funder has promised feedback by" in page


@pytest.mark.parametrize("who", ["applicant leader", "other funder", "place admin", "resident"])
def test_nobody_but_the_funder_reaches_the_draft_s_form(drafted, people, who):
    response = page_for(people[who], drafted).get(bid_url(drafted, "feedback_edit"))
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


# API


def test_the_api_changes_a_draft_and_refuses_a_released_one(drafted, funder, leader, people):
    changed = api(funder).patch(
        api_url(drafted) + "feedback/", {"free_text": "Call us."}, format="json"
    )
    assert changed.status_code == 200
    assert changed.json()["feedback"]["free_text"] == "Call us."
    assert changed.json()["feedback"]["to_strengthen"] == SECRET
    bad = api(funder).patch(api_url(drafted) + "feedback/", {"reasons": ["nope"]}, format="json")
    assert bad.status_code == 400 and "reasons" in bad.json()["error"]["fields"]
    for who in ("applicant leader", "applicant partner"):
        body = api(people[who]).get(api_url(drafted))
        assert body.status_code == 200
        assert body.json()["feedback"] is None
        assert SECRET not in body.content.decode()
        listed = api(people[who]).get(f"/api/v1/places/{drafted.place.slug}/funding/bids/")
        assert SECRET not in listed.content.decode()
    assert api(leader).patch(
        api_url(drafted) + "feedback/", {"free_text": "x"}, format="json"
    ).status_code in (403, 404)
    api(funder).post(api_url(drafted) + "release-feedback/")
    assert api(leader).get(api_url(drafted)).json()["feedback"]["free_text"] == "Call us."
    refused = api(funder).patch(
        api_url(drafted) + "feedback/", {"free_text": "Later"}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["error"]["message"] == RELEASED
