"""Beat schedules declared in code and synced to django-celery-beat's tables, idempotently."""

from io import StringIO

import pytest
from django.core.management import call_command
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from coordination.celery import app
from coordination.notifications import tasks
from coordination.notifications.schedules import NAME_PREFIX, SCHEDULES, sync_schedules

pytestmark = pytest.mark.django_db


def ours():
    return {task.name: task for task in PeriodicTask.objects.filter(name__startswith=NAME_PREFIX)}


def test_migrate_created_the_schedules():
    found = ours()
    assert set(found) == {s.name for s in SCHEDULES}
    deliver = found[NAME_PREFIX + "deliver outbox"]
    assert deliver.task == "coordination.notifications.tasks.deliver_outbox"
    assert (deliver.interval.every, deliver.interval.period) == (1, IntervalSchedule.MINUTES)
    reminders = found[NAME_PREFIX + "dispatch due reminders"]
    assert (reminders.interval.every, reminders.interval.period) == (5, IntervalSchedule.MINUTES)
    digests = found[NAME_PREFIX + "dispatch digests"]
    assert digests.interval is None
    assert (digests.crontab.minute, digests.crontab.hour) == ("0", "*")
    assert all(task.enabled and task.expire_seconds for task in found.values())


def test_syncing_again_changes_nothing():
    before = {name: task.date_changed for name, task in ours().items()}
    assert set(sync_schedules().values()) == {"unchanged"}
    assert {name: task.date_changed for name, task in ours().items()} == before


def test_syncing_puts_back_what_was_changed_and_disables_what_is_gone():
    deliver = ours()[NAME_PREFIX + "deliver outbox"]
    deliver.interval = IntervalSchedule.objects.create(every=30, period=IntervalSchedule.MINUTES)
    deliver.enabled = False
    deliver.save()
    PeriodicTask.objects.create(
        name=NAME_PREFIX + "retired job",
        task="coordination.notifications.tasks.gone",
        interval=deliver.interval,
    )

    report = sync_schedules()

    assert report[NAME_PREFIX + "deliver outbox"] == "updated"
    assert report[NAME_PREFIX + "retired job"] == "disabled"
    deliver = ours()[NAME_PREFIX + "deliver outbox"]
    assert deliver.enabled and deliver.interval.every == 1
    assert not ours()[NAME_PREFIX + "retired job"].enabled


def test_the_command_reports_each_schedule():
    out = StringIO()
    call_command("sync_schedules", stdout=out)
    for schedule in SCHEDULES:
        assert schedule.name in out.getvalue()


def test_every_scheduled_task_is_a_registered_celery_task():
    assert tasks.deliver_outbox.name in app.tasks
    # What a worker does at start-up: import every installed app's tasks module.
    app.loader.import_default_modules()
    for schedule in SCHEDULES:
        assert schedule.task in app.tasks


def test_tasks_take_an_iso_now_with_its_offset(bucks):
    assert tasks.dispatch_digests(now="2026-11-30T08:00:00+00:00") == {
        "queued": 0,
        "already": 0,
        "empty": 0,
        "skipped": 0,
        "failed": 0,
        "places": ["buckinghamshire", "coventry", "sutton"],
    }
    assert tasks.deliver_outbox(place_id=bucks.pk) == {}
    with pytest.raises(ValueError, match="offset"):
        tasks.dispatch_due_reminders(now="2026-11-30T08:00:00")
