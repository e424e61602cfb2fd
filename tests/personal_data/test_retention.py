"""The nightly retention run: rows of each age, each period applied, twice the same as once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coordination.accounts.models import Role, User
from coordination.notifications.models import Notification, OutboxEmail, OutboxStatus
from coordination.notifications.schedules import SCHEDULES
from coordination.personal_data.models import DataRequest, Kind
from coordination.personal_data.retention import DORMANT_WARNING_KIND, apply_retention
from coordination.places.tenancy import scopes_disabled

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def test_read_notifications_and_finished_emails_past_their_period_go(
    settings, bucks, sutton, make_member
):
    settings.RETENTION_NOTIFICATION_DAYS = 30
    settings.RETENTION_OUTBOX_DAYS = 10
    person = make_member(bucks, Role.RESIDENT)
    for place in (bucks, sutton):
        for title, created, read in (
            ("old read", days_ago(31), days_ago(30)),
            ("old unread", days_ago(31), None),
            ("new read", days_ago(5), days_ago(4)),
        ):
            Notification.objects.create(
                place=place, user=person, kind="news", title=title, created_at=created, read_at=read
            )
        for key, status, created in (
            ("old-sent", OutboxStatus.SENT, days_ago(11)),
            ("old-failed", OutboxStatus.FAILED, days_ago(11)),
            ("old-pending", OutboxStatus.PENDING, days_ago(11)),
            ("old-maybe", OutboxStatus.MAYBE_SENT, days_ago(11)),
            ("new-sent", OutboxStatus.SENT, days_ago(9)),
        ):
            OutboxEmail.objects.create(
                place=place,
                to_email="someone@example.org",
                kind="test",
                dedupe_key=f"{place.slug}:{key}",
                subject=key,
                text_body="Hello",
                status=status,
                created_at=created,
                sent_at=created if status == OutboxStatus.SENT else None,
            )
    report = apply_retention()
    assert report["notifications_deleted"] == 2 and report["emails_deleted"] == 4
    for place in (bucks, sutton):
        titles = set(Notification.objects.for_place(place).values_list("title", flat=True))
        assert titles == {"old unread", "new read"}
        subjects = set(OutboxEmail.objects.for_place(place).values_list("subject", flat=True))
        assert subjects == {"old-pending", "old-maybe", "new-sent"}
    again = apply_retention()
    assert again["notifications_deleted"] == 0 and again["emails_deleted"] == 0


def test_dormant_accounts_are_warned_once_then_closed(settings, bucks, make_member, admin_of):
    settings.RETENTION_DORMANT_ACCOUNT_DAYS = 100
    settings.RETENTION_DORMANT_WARNING_DAYS = 10
    active = make_member(bucks, Role.RESIDENT)
    User.objects.filter(pk=active.pk).update(last_login=days_ago(50))
    nearly = make_member(bucks, Role.RESIDENT, email="nearly@example.org")
    User.objects.filter(pk=nearly.pk).update(last_login=days_ago(95))
    long_gone = make_member(bucks, Role.RESIDENT)
    User.objects.filter(pk=long_gone.pk).update(last_login=days_ago(200))
    staff = make_member(bucks, Role.RESIDENT, is_staff=True)
    User.objects.filter(pk=staff.pk).update(last_login=days_ago(200))
    lone_admin = admin_of(bucks)
    User.objects.filter(pk=lone_admin.pk).update(last_login=days_ago(200))

    first = apply_retention()
    assert first["dormant_warned"] == 3  # nearly, long gone and the lone admin
    assert first["dormant_closed"] == 0  # nobody closes without a warning in good time
    warnings = OutboxEmail.objects.for_place(bucks).filter(kind=DORMANT_WARNING_KIND)
    assert set(warnings.values_list("to_email", flat=True)) == {
        "nearly@example.org",
        long_gone.email,
        lone_admin.email,
    }
    assert "sign in" in warnings.get(to_email="nearly@example.org").text_body
    assert apply_retention()["dormant_warned"] == 0  # once

    # The warning period passes.
    User.objects.filter(dormant_warned_at__isnull=False).update(dormant_warned_at=days_ago(11))
    report = apply_retention()
    assert report["dormant_closed"] == 1
    assert User.objects.get(pk=long_gone.pk).is_closed
    assert not User.objects.get(pk=nearly.pk).is_closed  # not dormant long enough yet
    assert not User.objects.get(pk=lone_admin.pk).is_closed  # the place needs its admin
    assert not User.objects.get(pk=staff.pk).is_closed
    assert not User.objects.get(pk=active.pk).is_closed
    closure = DataRequest.objects.get(user=long_gone, kind=Kind.CLOSURE)
    assert closure.reason == "dormant"
    assert apply_retention()["dormant_closed"] == 0
    # Signing in spends the warning: a later spell of disuse is warned of again.
    User.objects.filter(pk=nearly.pk).update(
        last_login=days_ago(95), dormant_warned_at=days_ago(96)
    )
    assert apply_retention()["dormant_warned"] == 1


def test_request_log_rows_past_their_period_go(settings, bucks, make_member):
    settings.RETENTION_REQUEST_LOG_DAYS = 365
    person = make_member(bucks, Role.RESIDENT)
    old = DataRequest.objects.create(
        user=person, user_reference="person old", kind=Kind.CLOSURE, requested_at=days_ago(366)
    )
    kept = DataRequest.objects.create(
        user=person, user_reference="person new", kind=Kind.CLOSURE, requested_at=days_ago(364)
    )
    assert apply_retention()["requests_deleted"] == 1
    assert not DataRequest.objects.filter(pk=old.pk).exists()
    assert DataRequest.objects.filter(pk=kept.pk).exists()


def test_the_run_is_scheduled_nightly():
    (schedule,) = [s for s in SCHEDULES if s.task.endswith("personal_data.tasks.apply_retention")]
    assert schedule.crontab_hour == "2" and schedule.crontab_minute == "30"


def test_an_export_stuck_in_the_queue_is_built_by_the_run(bucks, make_member):
    person = make_member(bucks, Role.RESIDENT)
    request = DataRequest.objects.create(
        user=person, user_reference="p", kind=Kind.EXPORT, requested_at=days_ago(1)
    )
    with scopes_disabled():
        assert apply_retention()["exports_built"] == 1
    request.refresh_from_db()
    assert request.is_downloadable
