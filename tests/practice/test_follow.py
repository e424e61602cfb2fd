"""Following a note from a place of one's own: what others see, who is told, and tenancy."""

import pytest
from django.test import Client

from coordination.accounts.models import Membership, Role
from coordination.errors import RuleViolation
from coordination.notifications.models import Notification
from coordination.places.tenancy import place_scope, scopes_disabled
from coordination.practice import services
from coordination.practice.models import PracticeFollow
from coordination.practice.news import NOTE_CHANGED, NOTE_FOLLOWED
from tests.support.practice import figure, note


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def sutton_note(sutton, people):
    with place_scope(sutton):
        return note(sutton, people["sutton_officer"], title="Asset maps on St Helier")


def news(place, user, kind):
    with place_scope(place):
        return list(Notification.objects.for_place(place).filter(user=user, kind=kind))


def test_a_coventry_officer_follows_from_coventry_and_sutton_sees_the_place_not_the_person(
    sutton, coventry, people, sutton_note
):
    client = signed_in(people["coventry_officer"])
    page = f"/{sutton.slug}/practice/{sutton_note.slug}/"
    assert "Follow this note" in client.get(page).content.decode()
    form = client.get(page + "follow/")
    assert form.status_code == 200 and "Coventry" in form.content.decode()
    response = client.post(
        page + "follow/", {"place": coventry.slug, "how": "Foleshill is mapping its assets."}
    )
    assert response.status_code == 302
    with place_scope(coventry):
        row = PracticeFollow.objects.for_place(coventry).get()
    assert (row.note_id, row.user_id) == (sutton_note.pk, people["coventry_officer"].pk)

    body = Client().get(page).content.decode()
    assert "Places trying this" in body and "Coventry" in body
    assert "Foleshill is mapping its assets." in body and "1 person" in body
    assert "Cole Coventry" not in body and "cole@coventry.example" not in body
    # The writers of Sutton hear that Coventry is trying it; the follower is told nothing.
    told = news(sutton, people["sutton_officer"], NOTE_FOLLOWED)
    assert len(told) == 1 and "Coventry" in told[0].title
    assert news(sutton, people["sutton_leader"], NOTE_FOLLOWED) == []
    mine = signed_in(people["coventry_officer"]).get(page).content.decode()
    assert "You are trying this in Coventry" in mine and "Stop following" in mine


def test_followers_hear_of_updates_and_figures_in_their_own_place(
    sutton, coventry, people, sutton_note
):
    services.follow(place=coventry, actor=people["coventry_officer"], note=sutton_note)
    with place_scope(sutton):
        services.note_update(
            place=sutton,
            actor=people["sutton_officer"],
            note=sutton_note,
            summary="Residents mapped 63 assets.",
        )
        services.figure_add(
            place=sutton, actor=people["sutton_officer"], note=sutton_note, **figure()
        )
        # A save that changes nothing tells nobody.
        services.note_update(place=sutton, actor=people["sutton_officer"], note=sutton_note)
    told = news(coventry, people["coventry_officer"], NOTE_CHANGED)
    assert sorted(n.title for n in told) == [
        "Sutton added figures to “Asset maps on St Helier”",
        "Sutton updated “Asset maps on St Helier”",
    ]
    assert all(n.url == f"/{sutton.slug}/practice/{sutton_note.slug}/" for n in told)
    assert news(sutton, people["coventry_officer"], NOTE_CHANGED) == []


def test_a_follower_stops_following(sutton, coventry, people, sutton_note):
    services.follow(place=coventry, actor=people["coventry_officer"], note=sutton_note)
    client = signed_in(people["coventry_officer"])
    page = f"/{sutton.slug}/practice/{sutton_note.slug}/"
    assert client.post(page + "unfollow/", {"place": coventry.slug}).status_code == 302
    with scopes_disabled():
        assert not PracticeFollow.objects.exists()
    with place_scope(sutton):
        services.note_update(
            place=sutton, actor=people["sutton_officer"], note=sutton_note, title="Asset maps"
        )
    assert news(coventry, people["coventry_officer"], NOTE_CHANGED) == []
    # Stopping again is a message, not an error page.
    assert client.post(page + "unfollow/", {"place": coventry.slug}).status_code == 302


def test_the_rules_of_following(sutton, coventry, people, sutton_note, make_member):
    officer = people["coventry_officer"]
    services.follow(place=coventry, actor=officer, note=sutton_note)
    with pytest.raises(RuleViolation, match="already follow"):
        services.follow(place=coventry, actor=officer, note=sutton_note)
    with pytest.raises(RuleViolation, match="own place"):
        services.follow(place=sutton, actor=people["sutton_officer"], note=sutton_note)
    with pytest.raises(RuleViolation, match="member of"):
        services.follow(place=sutton, actor=officer, note=sutton_note)
    with place_scope(sutton):
        draft = note(sutton, people["sutton_officer"], title="Not yet", publish=False)
    with pytest.raises(RuleViolation, match="published"):
        services.follow(place=coventry, actor=officer, note=draft)
    # A person in two places may follow from each.
    both = make_member(coventry, Role.RESIDENT)
    bucks_place = type(coventry).objects.get(slug="buckinghamshire")
    Membership.objects.create(place=bucks_place, user=both, role=Role.RESIDENT)
    services.follow(place=coventry, actor=both, note=sutton_note)
    services.follow(place=bucks_place, actor=both, note=sutton_note)
    with scopes_disabled():
        assert PracticeFollow.objects.filter(note=sutton_note).count() == 3


def test_the_follow_form_offers_only_the_persons_own_places(sutton, people, sutton_note):
    client = signed_in(people["coventry_officer"])
    page = f"/{sutton.slug}/practice/{sutton_note.slug}/follow/"
    response = client.post(page, {"place": "buckinghamshire"})
    assert response.status_code == 200 and "govuk-error-message" in response.content.decode()
    response = client.post(page, {"place": sutton.slug})
    assert response.status_code == 200 and "govuk-error-message" in response.content.decode()
    with scopes_disabled():
        assert not PracticeFollow.objects.exists()
    assert Client().get(page).status_code == 302  # sent to sign in


def test_a_place_export_leaves_follows_out_with_a_reason():
    from coordination.places.transfer import EXCLUDED

    assert "practice.PracticeFollow" in EXCLUDED
