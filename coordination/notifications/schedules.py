"""InPlace's periodic tasks (notifications, webhooks, the worker heartbeat, the opening of sealed
bids), declared here and synced to django-celery-beat's tables.

``sync_schedules()`` runs after every migrate (apps.py) and as ``manage.py sync_schedules``; it
creates or corrects the PeriodicTask rows named here and disables ones of ours that are no longer
declared. Running it again changes nothing. Per-place digest times are not beat rows: they live on
the place, and the hourly ``dispatch_digests`` reads them (see dispatch.py).
"""

import json
from dataclasses import dataclass

NAME_PREFIX = "inplace: "


@dataclass(frozen=True)
class Schedule:
    name: str
    task: str
    every_minutes: int | None = None
    crontab_minute: str | None = None  # every hour at this minute (UTC)
    crontab_hour: str = "*"  # or only at this hour (UTC)
    expire_seconds: int | None = (
        None  # a tick still queued after this is dropped: the next one comes
    )
    description: str = ""


SCHEDULES = (
    Schedule(
        name=NAME_PREFIX + "dispatch due reminders",
        task="coordination.notifications.tasks.dispatch_due_reminders",
        every_minutes=5,
        expire_seconds=4 * 60,
        description="Queue reminders that are due (each once per person, object and occasion).",
    ),
    Schedule(
        name=NAME_PREFIX + "dispatch digests",
        task="coordination.notifications.tasks.dispatch_digests",
        crontab_minute="0",
        expire_seconds=50 * 60,
        description="Queue the digests of places whose local digest time has come.",
    ),
    Schedule(
        name=NAME_PREFIX + "worker heartbeat",
        task="coordination.ops.tasks.heartbeat",
        every_minutes=1,
        expire_seconds=50,
        description="A worker records that it is alive; /readyz reads it.",
    ),
    Schedule(
        name=NAME_PREFIX + "deliver webhooks",
        task="coordination.webhooks.tasks.deliver_webhooks",
        every_minutes=1,
        expire_seconds=50,
        description="Send waiting webhook deliveries to partner systems, retrying with back-off.",
    ),
    Schedule(
        name=NAME_PREFIX + "refresh mapping analyses",
        task="mapping.tasks.refresh_analyses",
        crontab_minute="20",
        expire_seconds=50 * 60,
        description="Compute again every place's stored gap and overlap analysis (a safety net).",
    ),
    Schedule(
        name=NAME_PREFIX + "open sealed bids",
        task="commissioning.tasks.open_sealed_bids",
        every_minutes=1,
        expire_seconds=50,
        description="Record, once per tender, that its sealed bids opened at the deadline.",
    ),
    Schedule(
        name=NAME_PREFIX + "refresh funding figures",
        task="funding.tasks.refresh_due_figures",
        every_minutes=15,
        expire_seconds=14 * 60,
        description="Queue a refresh of each place's stored funding figures a day or hours old.",
    ),
    Schedule(
        name=NAME_PREFIX + "deliver outbox",
        task="coordination.notifications.tasks.deliver_outbox",
        every_minutes=1,
        expire_seconds=50,
        description="Send pending outbox emails, retrying failed ones with back-off.",
    ),
    Schedule(
        name=NAME_PREFIX + "apply retention periods",
        task="coordination.personal_data.tasks.apply_retention",
        crontab_minute="30",
        crontab_hour="2",
        expire_seconds=12 * 60 * 60,
        description="Delete what is past its retention period and close long-dormant accounts.",
    ),
    Schedule(
        name=NAME_PREFIX + "rebuild all exports",
        task="coordination.exports.tasks.rebuild_all_exports",
        crontab_minute="10",
        crontab_hour="3",
        expire_seconds=12 * 60 * 60,
        description="Rebuild every open data file, in case a change reached none of the signals.",
    ),
)


def _schedule_row(schedule, using):
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule

    if schedule.every_minutes is not None:
        interval, _created = IntervalSchedule.objects.using(using).get_or_create(
            every=schedule.every_minutes, period=IntervalSchedule.MINUTES
        )
        return {"interval": interval, "crontab": None}
    crontab = (
        CrontabSchedule.objects.using(using)
        .filter(
            minute=schedule.crontab_minute,
            hour=schedule.crontab_hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="UTC",
        )
        .first()
    )
    if crontab is None:
        crontab = CrontabSchedule.objects.using(using).create(
            minute=schedule.crontab_minute,
            hour=schedule.crontab_hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="UTC",
        )
    return {"interval": None, "crontab": crontab}


def sync_schedules(using="default"):
    """Make beat's table match SCHEDULES: {name: created|updated|unchanged|disabled}."""
    from django_celery_beat.models import PeriodicTask

    report = {}
    for schedule in SCHEDULES:
        wanted = {
            "task": schedule.task,
            **_schedule_row(schedule, using),
            "args": "[]",
            "kwargs": "{}",
            "expire_seconds": schedule.expire_seconds,
            "enabled": True,
            "one_off": False,
            "description": schedule.description,
        }
        task = PeriodicTask.objects.using(using).filter(name=schedule.name).first()
        if task is None:
            PeriodicTask(name=schedule.name, **wanted).save(using=using)
            report[schedule.name] = "created"
            continue
        changed = [
            key for key, value in wanted.items() if _current(task, key) != _comparable(value)
        ]
        if changed:
            for key in changed:
                setattr(task, key, wanted[key])
            # save() (not update()) so django-celery-beat's signal tells a running beat to reload.
            task.save(using=using)
            report[schedule.name] = "updated"
        else:
            report[schedule.name] = "unchanged"
    declared = {s.name for s in SCHEDULES}
    for task in PeriodicTask.objects.using(using).filter(
        name__startswith=NAME_PREFIX, enabled=True
    ):
        if task.name not in declared:
            task.enabled = False
            task.save(using=using)
            report[task.name] = "disabled"
    return report


def _current(task, key):
    if key in ("interval", "crontab"):
        return getattr(task, f"{key}_id")
    if key in ("args", "kwargs"):
        return json.loads(getattr(task, key) or ("[]" if key == "args" else "{}"))
    return getattr(task, key)


def _comparable(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, str) and value[:1] in ("[", "{"):
        return json.loads(value)
    return value
