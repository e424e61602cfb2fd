"""News about a person's own work: told once per key, by email at once, in the digest or only in the
app, as each person chooses per kind; the choice on the preferences page and the one-click link."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from coordination.accounts.models import Membership, Role
from coordination.notifications import delivery
from coordination.notifications.digest import prefetch_unread, unread_items
from coordination.notifications.emails import unsubscribe_url
from coordination.notifications.models import Notification, OutboxEmail
from coordination.notifications.registry import NewsKind, register_news, unregister
from coordination.notifications.services import news_scope, preference_update, tell, tell_each

pytestmark = pytest.mark.django_db

KIND = "test_news_decided"


@pytest.fixture(autouse=True)
def news_kind():
    register_news(NewsKind(kind=KIND, label="A test decision about you", order=999))
    yield
    unregister(news=KIND)


@pytest.fixture
def person(bucks, make_member):
    return make_member(bucks, Role.CHARITY_LEADER, email="chi@example.org", name="Chi Leader")


def told(place, person, key="decision:1", **extra):
    return tell(
        place=place,
        user=person,
        kind=KIND,
        key=key,
        title="Your bid “Hot meals” was declined",
        body="The panel's feedback: the budget was unclear.",
        url="/buckinghamshire/funding/bids/1/",
        **extra,
    )


def emails(place):
    return OutboxEmail.objects.for_place(place).filter(kind=news_scope(KIND))


def test_told_at_once_by_default_one_email_and_one_notification_however_often(bucks, person):
    assert told(bucks, person) is not None
    assert told(bucks, person) is None  # the same event again: nothing more
    rows = Notification.objects.for_place(bucks).filter(user=person, kind=KIND)
    assert rows.count() == 1 and rows.get().emailed
    assert emails(bucks).count() == 1

    delivery.deliver_outbox()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["chi@example.org"]
    assert message.subject == "Your bid “Hot meals” was declined"
    assert "the budget was unclear" in message.body
    assert "https://inplace.example/buckinghamshire/funding/bids/1/" in message.body
    assert "Stop emails like this" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<https://inplace.example/")


def test_a_new_event_of_the_same_kind_is_told_again(bucks, person):
    told(bucks, person, key="decision:1")
    told(bucks, person, key="decision:2")
    assert emails(bucks).count() == 2


def test_in_the_digest_no_email_but_the_digest_gathers_it(bucks, person):
    preference_update(place=bucks, actor=person, digest="weekly", news={KIND: "digest"})
    row = told(bucks, person)
    assert not row.emailed and row.in_digest
    assert not emails(bucks).exists()
    now = timezone.now() + timedelta(seconds=1)
    since = now - timedelta(days=7)
    items = unread_items(bucks, person, since, now, prefetch_unread(bucks, since, now))
    assert [i.title for i in items] == ["Your bid “Hot meals” was declined"]


def test_off_only_on_the_notifications_page(bucks, person):
    preference_update(place=bucks, actor=person, digest="weekly", news={KIND: "off"})
    row = told(bucks, person)
    assert row is not None and not row.emailed and not row.in_digest
    assert not emails(bucks).exists()
    now = timezone.now() + timedelta(seconds=1)
    since = now - timedelta(days=7)
    assert unread_items(bucks, person, since, now, prefetch_unread(bucks, since, now)) == []


def test_someone_who_left_or_never_belonged_is_told_nothing(bucks, coventry, person, make_member):
    outsider = make_member(coventry, Role.CHARITY_LEADER)
    assert told(bucks, outsider) is None
    Membership.objects.for_place(bucks).filter(user=person).delete()
    assert told(bucks, person) is None
    assert not emails(bucks).exists()
    assert not Notification.objects.for_place(bucks).filter(kind=KIND).exists()


def test_tell_each_skips_the_actor_and_tells_each_person_once(bucks, person, make_member):
    other = make_member(bucks, Role.CHARITY_LEADER)
    told_rows = tell_each(
        bucks,
        [person, other, other, None],
        skip=other,
        kind=KIND,
        key="k",
        title="News",
        url="/",
    )
    assert [r.user_id for r in told_rows] == [person.pk]


def test_an_unknown_kind_is_a_programming_error(bucks, person):
    with pytest.raises(ValueError):
        tell(place=bucks, user=person, kind="no_such_news", key="k", title="t")


def test_the_preferences_page_offers_each_kind_and_saves_the_choice(client, bucks, person):
    client.force_login(person)
    page_url = reverse("places:notifications:preferences", kwargs={"place_slug": bucks.slug})
    page = client.get(page_url).content.decode()
    assert "A test decision about you" in page
    assert "Email at once" in page and "In my digest" in page
    response = client.post(page_url, {"digest": "weekly", f"news_{KIND}": "digest"}, follow=True)
    assert "Your notification preferences are saved." in response.content.decode()
    row = told(bucks, person)
    assert not row.emailed and row.in_digest


def test_a_bad_choice_is_a_field_error_not_a_failure(client, bucks, person):
    client.force_login(person)
    page_url = reverse("places:notifications:preferences", kwargs={"place_slug": bucks.slug})
    response = client.post(page_url, {"digest": "weekly", f"news_{KIND}": "shout"})
    assert response.status_code == 200
    assert "from the list" in response.content.decode()


def test_the_one_click_link_turns_that_kind_off(client, bucks, person):
    link = unsubscribe_url(place=bucks, user=person, scope=news_scope(KIND))
    page = client.get(link).content.decode()
    assert "A test decision about you" in page
    client.post(link)
    row = told(bucks, person)
    assert not row.emailed and not row.in_digest
