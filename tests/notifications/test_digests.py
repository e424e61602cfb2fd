"""Digests: each place on its own clock, exactly once per person and local date, never empty."""

from datetime import UTC, datetime, timedelta

import pytest

from coordination.accounts.models import Membership, Role
from coordination.notifications import dispatch
from coordination.notifications.models import (
    DIGEST_KIND,
    DigestFrequency,
    NotificationPreference,
    OutboxEmail,
)
from coordination.notifications.registry import (
    DigestItem,
    DigestSection,
    register_section,
    unregister,
)
from coordination.notifications.services import notify
from coordination.places.tenancy import place_scope
from tests.support.notifications import london

pytestmark = pytest.mark.django_db


def digests(place=None):
    rows = OutboxEmail.objects.for_place(place) if place else OutboxEmail.objects.all()
    return list(rows.filter(kind=DIGEST_KIND).order_by("created_at", "pk"))


def all_digests():
    from django_scopes import scopes_disabled

    with scopes_disabled():
        return list(OutboxEmail.objects.filter(kind=DIGEST_KIND).order_by("created_at", "pk"))


def news_for(place, user, when, title="A new thing happened"):
    """Something unread in the person's in-app list: the digest's "Your notifications" section."""
    return notify(place=place, user=user, kind="test.news", title=title, now=when)


def set_schedule(place, weekday, hour):
    place.digest_weekday, place.digest_hour = weekday, hour
    place.save(update_fields=["digest_weekday", "digest_hour"])


def ticks(start, end, step=timedelta(minutes=15)):
    """Every beat tick from start to end (aware datetimes), as a worker would see them in UTC."""
    when = start.astimezone(UTC)
    while when <= end.astimezone(UTC):
        yield when
        when += step


def test_a_digest_is_sent_at_the_place_hour_with_both_parts_and_unsubscribe(bucks, make_member):
    set_schedule(bucks, weekday=0, hour=8)  # Monday 8am
    person = make_member(bucks, Role.RESIDENT, name="Rosa Resident")
    news_for(bucks, person, london(2026, 11, 26, 10), title="Your bid was read")

    assert dispatch.dispatch_digests(now=london(2026, 11, 30, 7, 59)).queued == 0
    result = dispatch.dispatch_digests(now=london(2026, 11, 30, 8, 0))

    assert result.queued == 1
    (row,) = digests(bucks)
    assert row.recipient == person and row.to_email == person.email
    assert row.dedupe_key == f"digest:{bucks.pk}:{person.pk}:2026-11-30"
    assert "Buckinghamshire" in row.subject
    assert "Your bid was read" in row.text_body and "Your bid was read" in row.html_body
    assert bucks.primary_colour in row.html_body
    assert row.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = row.headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith(
        "https://inplace.example/buckinghamshire/notifications/unsubscribe/?t="
    )
    assert unsubscribe in row.text_body
    assert row.headers["Message-ID"].endswith("@inplace.example>")
    with place_scope(bucks):
        assert NotificationPreference.objects.get(user=person).last_digest_at == london(
            2026, 11, 30, 8
        )


def test_dispatching_twice_queues_each_digest_once(bucks, make_member):
    set_schedule(bucks, weekday=0, hour=8)
    people = [make_member(bucks, Role.RESIDENT) for _ in range(3)]
    for person in people:
        news_for(bucks, person, london(2026, 11, 27, 9))

    first = dispatch.dispatch_digests(now=london(2026, 11, 30, 8, 0))
    second = dispatch.dispatch_digests(now=london(2026, 11, 30, 8, 0))
    third = dispatch.dispatch_digests(now=london(2026, 11, 30, 9, 0))  # the next hourly tick

    assert first.queued == 3
    assert second.queued == third.queued == 0
    assert len(digests(bucks)) == 3


def test_the_unique_key_decides_even_when_the_first_pass_misses_it(bucks, make_member):
    """Two workers both read "not sent yet"; the dedupe key's insert decides which one queues it."""
    set_schedule(bucks, weekday=0, hour=8)
    person = make_member(bucks, Role.RESIDENT)
    news_for(bucks, person, london(2026, 11, 27, 9))
    now = london(2026, 11, 30, 8)
    with place_scope(bucks):
        roles = frozenset({Role.RESIDENT})
        preference = NotificationPreference(place=bucks, user=person)
        key = dispatch.digest_key(bucks, person, now.date())
        todo = [(key, person, roles, preference)]
        windows = {key: dispatch.digest_window(preference, now)}
        prefetched = dispatch.prefetch_sections(bucks, windows[key][0], now)
        first, second = dispatch.DispatchResult(), dispatch.DispatchResult()
        dispatch._decide_digests(bucks, todo, windows, prefetched, now, first)
        dispatch._decide_digests(bucks, todo, windows, prefetched, now, second)
    assert (first.queued, second.queued, second.already) == (1, 0, 1)
    assert len(digests(bucks)) == 1


def test_an_empty_digest_is_not_sent(bucks, make_member):
    set_schedule(bucks, weekday=0, hour=8)
    quiet = make_member(bucks, Role.RESIDENT)
    busy = make_member(bucks, Role.RESIDENT)
    news_for(bucks, busy, london(2026, 11, 28, 12))
    news_for(bucks, quiet, london(2026, 11, 20, 12))  # before the week this digest covers

    result = dispatch.dispatch_digests(now=london(2026, 11, 30, 8))

    assert [row.recipient for row in digests(bucks)] == [busy]
    assert result.empty == 1
    with place_scope(bucks):
        assert not NotificationPreference.objects.filter(user=quiet).exists()


def test_a_section_with_nothing_new_is_left_out(bucks, make_member, admin_of):
    set_schedule(bucks, weekday=0, hour=8)
    admin = admin_of(bucks)
    Membership.objects.for_place(bucks).filter(user=admin).update(created_at=london(2026, 10, 1))
    news_for(bucks, admin, london(2026, 11, 28, 12), title="Board papers are out")

    dispatch.dispatch_digests(now=london(2026, 11, 30, 8))

    (row,) = digests(bucks)
    assert "Your notifications" in row.text_body
    assert "New members and organisations" not in row.text_body


def test_new_members_are_news_for_admins_and_officers_only(bucks, make_member, admin_of):
    set_schedule(bucks, weekday=0, hour=8)
    admin = admin_of(bucks, name="Ada Admin")
    officer = make_member(bucks, Role.COUNCIL_OFFICER, name="Olu Officer")
    resident = make_member(bucks, Role.RESIDENT, name="Rhys Resident")
    Membership.objects.for_place(bucks).update(created_at=london(2026, 10, 1))
    newcomer = make_member(bucks, Role.CHARITY_LEADER, name="Nia Newcomer")
    Membership.objects.for_place(bucks).filter(user=newcomer).update(
        created_at=london(2026, 11, 27, 15)
    )

    dispatch.dispatch_digests(now=london(2026, 11, 30, 8))

    by_person = {row.recipient: row for row in digests(bucks)}
    assert set(by_person) == {admin, officer}
    assert resident not in by_person
    for row in by_person.values():
        assert "New members and organisations in Buckinghamshire" in row.text_body
        assert "Nia Newcomer joined as charity leader" in row.text_body
        assert "https://inplace.example/buckinghamshire/members/" in row.text_body


def test_the_next_digest_starts_where_the_last_one_ended(bucks, make_member):
    set_schedule(bucks, weekday=0, hour=8)
    person = make_member(bucks, Role.RESIDENT)
    news_for(bucks, person, london(2026, 11, 28, 12), title="First week news")
    dispatch.dispatch_digests(now=london(2026, 11, 30, 8))
    news_for(bucks, person, london(2026, 12, 3, 12), title="Second week news")

    dispatch.dispatch_digests(now=london(2026, 12, 7, 8))

    first, second = digests(bucks)
    assert "First week news" in first.text_body
    assert "Second week news" in second.text_body and "First week news" not in second.text_body


def test_daily_digests_go_every_day_and_weekly_only_on_the_day(bucks, make_member):
    set_schedule(bucks, weekday=0, hour=8)
    daily = make_member(bucks, Role.RESIDENT)
    weekly = make_member(bucks, Role.RESIDENT)
    NotificationPreference.objects.for_place(bucks).create(
        place=bucks, user=daily, digest=DigestFrequency.DAILY
    )
    for day in range(24, 31):
        news_for(bucks, daily, london(2026, 11, day, 12))
        news_for(bucks, weekly, london(2026, 11, day, 12))

    for day in range(25, 31):
        dispatch.dispatch_digests(now=london(2026, 11, day, 8, 5))

    assert len([r for r in digests(bucks) if r.recipient == daily]) == 6
    assert len([r for r in digests(bucks) if r.recipient == weekly]) == 1


def test_no_digest_for_someone_who_turned_it_off(bucks, make_member):
    set_schedule(bucks, weekday=0, hour=8)
    person = make_member(bucks, Role.RESIDENT)
    NotificationPreference.objects.for_place(bucks).create(
        place=bucks, user=person, digest=DigestFrequency.OFF
    )
    news_for(bucks, person, london(2026, 11, 28, 12))

    assert dispatch.dispatch_digests(now=london(2026, 11, 30, 8)).queued == 0


def test_coventrys_digest_hour_does_not_send_suttons(coventry, sutton, make_member):
    set_schedule(coventry, weekday=1, hour=9)  # Tuesday 9am
    set_schedule(sutton, weekday=3, hour=7)  # Thursday 7am
    in_coventry = make_member(coventry, Role.RESIDENT)
    in_sutton = make_member(sutton, Role.RESIDENT)
    news_for(coventry, in_coventry, london(2026, 11, 28, 12))
    news_for(sutton, in_sutton, london(2026, 11, 28, 12))

    dispatch.dispatch_digests(now=london(2026, 12, 1, 9))  # Tuesday 9am

    assert [r.recipient for r in all_digests()] == [in_coventry]
    dispatch.dispatch_digests(now=london(2026, 12, 3, 7))  # Thursday 7am
    assert [r.recipient for r in all_digests()] == [in_coventry, in_sutton]
    assert all_digests()[1].place == sutton


def test_each_place_keeps_its_own_time_zone(coventry, make_member):
    coventry.timezone = "America/New_York"
    coventry.save(update_fields=["timezone"])
    set_schedule(coventry, weekday=1, hour=9)
    person = make_member(coventry, Role.RESIDENT)
    news_for(coventry, person, london(2026, 11, 28, 12))

    assert dispatch.dispatch_digests(now=london(2026, 12, 1, 9)).queued == 0  # 4am in New York
    assert dispatch.dispatch_digests(now=london(2026, 12, 1, 14)).queued == 1  # 9am in New York


@pytest.mark.parametrize(
    ("hour", "first_due_utc"),
    [
        # At 01:00 GMT the clocks go to 02:00 BST: 01:xx never happens in London that day, so the
        # digest for hour 1 goes at the first tick past it.
        (1, datetime(2027, 3, 28, 1, 0, tzinfo=UTC)),
        (2, datetime(2027, 3, 28, 1, 0, tzinfo=UTC)),  # 02:00 BST is 01:00 UTC
        (8, datetime(2027, 3, 28, 7, 0, tzinfo=UTC)),  # 08:00 BST
    ],
)
def test_spring_forward_sends_exactly_one_digest(bucks, make_member, hour, first_due_utc):
    """Last Sunday of March 2027: London skips 01:00-02:00. One digest, at the right local hour."""
    set_schedule(bucks, weekday=6, hour=hour)
    person = make_member(bucks, Role.RESIDENT)
    news_for(bucks, person, london(2027, 3, 25, 12))

    for now in ticks(london(2027, 3, 27, 20), london(2027, 3, 29, 3)):
        dispatch.dispatch_digests(now=now)

    (row,) = digests(bucks)
    assert row.created_at == first_due_utc
    assert row.dedupe_key.endswith(":2027-03-28")


@pytest.mark.parametrize(
    ("hour", "first_due_utc"),
    [
        (1, datetime(2026, 10, 25, 0, 0, tzinfo=UTC)),  # the first 01:00 (BST); the second is GMT
        (2, datetime(2026, 10, 25, 2, 0, tzinfo=UTC)),  # 02:00 GMT
        (8, datetime(2026, 10, 25, 8, 0, tzinfo=UTC)),  # 08:00 GMT
    ],
)
def test_fall_back_sends_exactly_one_digest(bucks, make_member, hour, first_due_utc):
    """Last Sunday of October 2026: London repeats 01:00-02:00. Still one digest, at the first."""
    set_schedule(bucks, weekday=6, hour=hour)
    person = make_member(bucks, Role.RESIDENT)
    news_for(bucks, person, london(2026, 10, 22, 12))

    for now in ticks(london(2026, 10, 24, 20), london(2026, 10, 26, 3)):
        dispatch.dispatch_digests(now=now)

    (row,) = digests(bucks)
    assert row.created_at == first_due_utc
    assert row.dedupe_key.endswith(":2026-10-25")


def test_a_member_who_left_gets_no_digest(bucks, make_member, admin_of):
    set_schedule(bucks, weekday=0, hour=8)
    admin = admin_of(bucks)
    leaver = make_member(bucks, Role.RESIDENT)
    news_for(bucks, leaver, london(2026, 11, 28, 12))
    from coordination.accounts.services import membership_end

    with place_scope(bucks):
        membership_end(place=bucks, actor=admin, membership=Membership.objects.get(user=leaver))

    dispatch.dispatch_digests(now=london(2026, 11, 30, 8))

    assert all(row.recipient != leaver for row in digests(bucks))


class WorkerKilled(BaseException):
    """A worker killed mid-batch: not an Exception, so nothing on the way catches it."""


def test_a_run_killed_mid_batch_leaves_nothing_half_done(bucks, make_member, settings):
    settings.NOTIFICATIONS_DIGEST_CHUNK = 2
    set_schedule(bucks, weekday=0, hour=8)
    people = [make_member(bucks, Role.RESIDENT) for _ in range(5)]
    for person in people:
        news_for(bucks, person, london(2026, 11, 28, 12))
    doomed = people[3]

    def items(place, user, since, until):
        if user == doomed and not getattr(items, "survived", False):
            raise WorkerKilled
        return []

    register_section(DigestSection(key="test_killer", title="Killer", items=items))
    try:
        with pytest.raises(WorkerKilled):
            dispatch.dispatch_digests(now=london(2026, 11, 30, 8))
        # The first chunk (two people) committed; the chunk with the doomed person did not.
        assert len(digests(bucks)) == 2
        items.survived = True
        dispatch.dispatch_digests(now=london(2026, 11, 30, 8, 15))
    finally:
        unregister(section="test_killer")

    assert sorted(row.recipient_id for row in digests(bucks)) == sorted(p.pk for p in people)


def test_a_broken_section_skips_only_that_person(bucks, make_member):
    set_schedule(bucks, weekday=0, hour=8)
    fine, unlucky = make_member(bucks, Role.RESIDENT), make_member(bucks, Role.RESIDENT)
    for person in (fine, unlucky):
        news_for(bucks, person, london(2026, 11, 28, 12))

    def items(place, user, since, until):
        if user == unlucky:
            raise ValueError("a bug in some app")
        return [DigestItem(title="Fine news")]

    register_section(DigestSection(key="test_broken", title="Sometimes broken", items=items))
    try:
        result = dispatch.dispatch_digests(now=london(2026, 11, 30, 8))
    finally:
        unregister(section="test_broken")
    assert result.failed == 1
    assert [row.recipient for row in digests(bucks)] == [fine]


def test_digest_queries_do_not_grow_with_members(bucks, make_member):
    """Composing is prefetched per place: the number of queries per digest stays flat."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    set_schedule(bucks, weekday=0, hour=8)

    def run(count, monday):
        people = [make_member(bucks, Role.RESIDENT) for _ in range(count)]
        for person in people:
            news_for(bucks, person, monday - timedelta(days=2))
        with CaptureQueriesContext(connection) as queries:
            queued = dispatch.dispatch_digests(now=monday, place_ids=[bucks.pk]).queued
        return len(queries), queued

    small_queries, small = run(3, london(2026, 11, 30, 8))
    large_queries, large = run(30, london(2026, 12, 7, 8))  # the first three have nothing new

    assert (small, large) == (3, 30)
    per_small = small_queries / small
    per_large = large_queries / large
    assert per_large <= per_small + 0.5, (small_queries, large_queries)


@pytest.mark.django_db(transaction=True)
def test_two_workers_dispatching_at_once_queue_each_digest_once(bucks, make_member, settings):
    import threading

    from django.db import connection

    settings.NOTIFICATIONS_DIGEST_CHUNK = 3
    set_schedule(bucks, weekday=0, hour=8)
    people = [make_member(bucks, Role.RESIDENT) for _ in range(12)]
    for person in people:
        news_for(bucks, person, london(2026, 11, 28, 12))
    start = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            start.wait(timeout=10)
            results.append(dispatch.dispatch_digests(now=london(2026, 11, 30, 8)))
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
    assert sum(result.queued for result in results) == len(people)
    assert sorted(row.recipient_id for row in digests(bucks)) == sorted(p.pk for p in people)
