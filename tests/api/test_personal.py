"""A person's own My work, notifications and preferences in the API: only ever their own, never
through a partner key, with field errors for what is wrong."""

import pytest
from django.utils import timezone

from coordination.accounts.models import Role
from coordination.api.services import partner_key_create
from coordination.notifications.models import Notification
from coordination.notifications.registry import NewsKind, register_news, unregister
from coordination.notifications.services import notify
from coordination.work.registry import WorkItem, WorkSection, register_work, unregister_work

pytestmark = pytest.mark.django_db

BASE = "/api/v1/places/buckinghamshire"
KIND = "api_test_news"


@pytest.fixture(autouse=True)
def registered():
    def items(place, user, roles, now):
        return [
            WorkItem(
                title=f"Report for {user.name}",
                url="/x/",
                due=timezone.localdate(now) - timezone.timedelta(days=1),
            )
        ]

    register_work(WorkSection(key="api_test_work", title="Reports", items=items, empty="None."))
    register_news(NewsKind(kind=KIND, label="A test decision"))
    yield
    unregister_work("api_test_work")
    unregister(news=KIND)


@pytest.fixture
def person(bucks, make_member):
    return make_member(bucks, Role.CHARITY_LEADER, name="Chi")


def test_my_work_is_the_callers_own(api_as, person):
    data = api_as(person).get(f"{BASE}/my-work/").json()
    assert data["items"] == 1 and data["overdue"] == 1
    section = next(s for s in data["sections"] if s["key"] == "api_test_work")
    assert section["items"][0]["title"] == "Report for Chi"
    assert section["items"][0]["overdue"] is True


def test_notifications_list_only_mine_and_mark_read(api_as, bucks, coventry, person, make_member):
    mine = notify(place=bucks, user=person, kind="t", title="Mine")
    notify(place=bucks, user=person, kind="t", title="Also mine")
    other = notify(place=bucks, user=make_member(bucks, Role.RESIDENT), kind="t", title="Theirs")
    notify(place=coventry, user=person, kind="t", title="Mine in Coventry")
    api = api_as(person)
    titles = [n["title"] for n in api.get(f"{BASE}/notifications/").json()["results"]]
    assert sorted(titles) == ["Also mine", "Mine"]
    assert api.get(f"{BASE}/notifications/{other.pk}/").status_code == 404
    assert api.post(f"{BASE}/notifications/{other.pk}/read/").status_code == 404
    response = api.post(f"{BASE}/notifications/{mine.pk}/read/")
    assert response.status_code == 200 and response.json()["is_read"] is True
    assert api.post(f"{BASE}/notifications/read-all/").json() == {"marked_read": 1}
    assert not Notification.objects.for_place(bucks).filter(user=person, read_at=None).exists()
    assert Notification.objects.for_place(bucks).get(pk=other.pk).read_at is None


def test_preferences_read_and_change_with_field_errors(api_as, person):
    api = api_as(person)
    data = api.get(f"{BASE}/notification-preferences/").json()
    assert data["digest"] == "weekly" and data["news"][KIND] == "now"
    changed = api.put(
        f"{BASE}/notification-preferences/",
        {
            "digest": "daily",
            "reminders": {"invitation_not_accepted": "digest"},
            "news": {KIND: "digest"},
        },
        format="json",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["news"][KIND] == "digest" and changed.json()["digest"] == "daily"
    assert changed.json()["reminders"]["invitation_not_accepted"] == "digest"
    bad = api.put(
        f"{BASE}/notification-preferences/",
        {"digest": "hourly", "reminders": {"no_such": "now"}, "news": {"nope": "now"}},
        format="json",
    )
    assert bad.status_code == 400
    body = str(bad.json())
    assert "digest" in body and "There is no reminder called no_such." in body
    assert "There is no news called nope." in body


def test_a_partner_key_cannot_read_its_makers_own(api, bucks, admin_of):
    admin = admin_of(bucks)
    notify(place=bucks, user=admin, kind="t", title="The admin's own")
    _row, key = partner_key_create(place=bucks, actor=admin, name="CRM", scopes=["read"])
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    for path in ("my-work/", "notifications/", "notification-preferences/"):
        assert api.get(f"{BASE}/{path}").status_code == 403, path


def test_signed_out_is_401_and_another_places_member_is_403(api, api_as, coventry, make_member):
    assert api.get(f"{BASE}/my-work/").status_code == 401
    outsider = make_member(coventry, Role.CHARITY_LEADER)
    assert api_as(outsider).get(f"{BASE}/notifications/").status_code == 403
