"""The nightly retention run: each period in settings (RETENTION_*) applied, every run the same.

Running it twice, or after a missed night, does what one run would: each step works out from the
database what is past its period now.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.accounts.models import User
from coordination.errors import RuleViolation
from coordination.notifications.models import Notification, OutboxEmail, OutboxStatus
from coordination.places.models import Place
from coordination.places.tenancy import place_scope

from .emails import email_person
from .models import DataRequest, Kind, Status
from .services import account_close, closure_problems, export_build, export_expire

logger = logging.getLogger(__name__)

FINISHED_EMAILS = (OutboxStatus.SENT, OutboxStatus.FAILED, OutboxStatus.CANCELLED)
DORMANT_WARNING_KIND = "account_dormant"


def expire_exports(now):
    expired = 0
    for request in DataRequest.objects.filter(kind=Kind.EXPORT, expires_at__lte=now).exclude(
        status=Status.EXPIRED
    ):
        with transaction.atomic():
            export_expire(request)
        expired += 1
    return expired


def build_waiting_exports(now):
    """Downloads still queued an hour after they were asked for (the broker was down)."""
    waiting = DataRequest.objects.filter(
        kind=Kind.EXPORT, status=Status.QUEUED, requested_at__lte=now - timedelta(hours=1)
    ).values_list("pk", flat=True)
    for request_id in list(waiting):
        export_build(request_id=request_id)
    return len(waiting)


def drop_read_notifications(now):
    cutoff = now - timedelta(days=settings.RETENTION_NOTIFICATION_DAYS)
    dropped = 0
    for place in Place.objects.all():
        with place_scope(place):
            dropped += Notification.objects.filter(
                read_at__isnull=False, created_at__lt=cutoff
            ).delete()[0]
    return dropped


def drop_finished_emails(now):
    cutoff = now - timedelta(days=settings.RETENTION_OUTBOX_DAYS)
    dropped = 0
    for place in Place.objects.all():
        dropped += (
            OutboxEmail.objects.for_place(place)
            .filter(status__in=FINISHED_EMAILS, created_at__lt=cutoff)
            .filter(Q(sent_at__isnull=True) | Q(sent_at__lt=cutoff))
            .delete()[0]
        )
    return dropped


def _dormant(cutoff):
    """Open accounts of people (not InPlace's administrators) unused since ``cutoff``."""
    return User.objects.filter(
        Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff),
        closed_at__isnull=True,
        is_staff=False,
        is_superuser=False,
    )


def warn_dormant(now):
    """Warn, once, each account that will close for want of use within the warning period."""
    days = settings.RETENTION_DORMANT_ACCOUNT_DAYS - settings.RETENTION_DORMANT_WARNING_DAYS
    warned = 0
    # A warning given before the person last signed in is spent: they may be warned again.
    not_warned = Q(dormant_warned_at__isnull=True) | Q(dormant_warned_at__lt=F("last_login"))
    for user in _dormant(now - timedelta(days=days)).filter(not_warned):
        with transaction.atomic():
            _queue_warning(user, now)
            User.objects.filter(pk=user.pk).update(dormant_warned_at=now)
        warned += 1
    return warned


def _queue_warning(user, now):
    from coordination.notifications.emails import absolute_url

    closes_on = timezone.localdate(now) + timedelta(days=settings.RETENTION_DORMANT_WARNING_DAYS)
    email_person(
        user=user,
        kind=DORMANT_WARNING_KIND,
        key=f"account-dormant:{user.pk}:{now.date().isoformat()}",
        subject=_("Your InPlace account will close unless you sign in"),
        template="personal_data/email/dormant.txt",
        context={"closes_on": closes_on, "sign_in_url": absolute_url("/accounts/login/")},
    )


def close_dormant(now):
    """Close accounts dormant past the period, once warned; the last admin of a place stays."""
    cutoff = now - timedelta(days=settings.RETENTION_DORMANT_ACCOUNT_DAYS)
    warned_by = now - timedelta(days=settings.RETENTION_DORMANT_WARNING_DAYS)
    closed = 0
    warned = Q(dormant_warned_at__lte=warned_by) & (
        Q(last_login__isnull=True) | Q(dormant_warned_at__gte=F("last_login"))
    )
    for user in _dormant(cutoff).filter(warned):
        if closure_problems(user):
            continue
        try:
            account_close(user=user, reason="dormant")
        except RuleViolation:
            continue
        closed += 1
    return closed


def drop_old_requests(now):
    cutoff = now - timedelta(days=settings.RETENTION_REQUEST_LOG_DAYS)
    return DataRequest.objects.filter(requested_at__lt=cutoff).delete()[0]


def apply_retention(now=None):
    """Every step, in order; returns what each did."""
    now = now or timezone.now()
    report = {
        "exports_built": build_waiting_exports(now),
        "exports_expired": expire_exports(now),
        "notifications_deleted": drop_read_notifications(now),
        "emails_deleted": drop_finished_emails(now),
        "dormant_warned": warn_dormant(now),
        "dormant_closed": close_dormant(now),
        "requests_deleted": drop_old_requests(now),
    }
    logger.info("Retention applied: %s", report)
    return report
