"""Changes to notifications, the outbox and preferences.

``outbox_enqueue`` is the one way an email is queued: it inserts the row with its unique dedupe key
in a savepoint of the caller's transaction, so the decision to notify and the row commit together,
and a second decision to send the same thing is a no-op.
"""

import hashlib
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination import text_limits
from coordination.audit.services import audit_record
from coordination.errors import RuleViolation

from .conf import notification_setting
from .emails import (
    absolute_url,
    from_address,
    list_headers,
    message_id_for,
    place_links,
    render_pair,
    unsubscribe_url,
)
from .models import (
    DIGEST_KIND,
    Delivery,
    DigestFrequency,
    Notification,
    NotificationPreference,
    OutboxEmail,
    OutboxStatus,
)
from .registry import get_news_kind, get_reminder_rule
from .selectors import member_ids, preference_for

NEWS_SCOPE_PREFIX = "news:"

logger = logging.getLogger(__name__)

DEDUPE_KEY_LENGTH = OutboxEmail._meta.get_field("dedupe_key").max_length


def dedupe_key(*parts):
    """A dedupe key from its parts; a long one keeps its start and ends with a hash of the whole."""
    key = ":".join(str(p) for p in parts)
    if len(key) <= DEDUPE_KEY_LENGTH:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()
    return f"{key[: DEDUPE_KEY_LENGTH - len(digest) - 1]}#{digest}"


def deliver_soon(place):
    """Once this transaction commits, ask a worker to send the place's new rows (beat also does)."""
    if not notification_setting("DELIVER_ON_COMMIT"):
        return

    def trigger():
        from .tasks import deliver_outbox

        try:
            deliver_outbox.delay(place_id=place.pk)
        except Exception:  # the broker is down: the every-minute beat tick delivers instead
            logger.warning("Could not queue outbox delivery for %s", place, exc_info=True)

    transaction.on_commit(trigger)


def outbox_enqueue(
    *,
    place,
    key,
    to_email,
    kind,
    subject,
    text_body,
    html_body="",
    recipient=None,
    headers=None,
    now=None,
    deliver=True,
):
    """Queue one email, once. Returns the new row, or None if this key was queued before.

    Call it inside the transaction that decides to send; the insert runs in a savepoint, so a
    duplicate key (the same decision taken already, perhaps by another worker right now) rolls back
    only this insert.
    """
    now = now or timezone.now()
    headers = {"Message-ID": message_id_for(key), **(headers or {})}
    row = OutboxEmail(
        place=place,
        recipient=recipient,
        to_email=to_email,
        kind=kind,
        dedupe_key=key,
        subject=subject[:255],
        text_body=text_body,
        html_body=html_body,
        headers=headers,
        status=OutboxStatus.PENDING,
        next_attempt_at=now,
        created_at=now,
    )
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        return None
    if deliver:
        deliver_soon(place)
    return row


def notify(
    *, place, user, kind, title, body="", url="", emailed=False, now=None, key="", in_digest=True
):
    """An in-app notification for one person (apps call this; reminders do it for themselves).

    With a ``key``, the same news is kept once for this person: a second call with the same key
    returns None and changes nothing (the insert runs in a savepoint of the caller's transaction).
    """
    row = Notification(
        place=place,
        user=user,
        kind=kind,
        title=title[:200],
        body=body[: text_limits.TEXT],
        url=url[:500],
        emailed=emailed,
        in_digest=in_digest,
        dedupe_key=dedupe_key(key) if key else "",
        created_at=now or timezone.now(),
    )
    if not key:
        row.save(force_insert=True)
        return row
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        return None
    return row


def news_scope(kind):
    """The unsubscribe scope that turns one kind of news off."""
    return NEWS_SCOPE_PREFIX + kind


def tell(*, place, user, kind, key, title, body="", url="", now=None):
    """Tell one person of a change to their own situation, once per ``key``.

    It always appears on their notifications page; by email at once, in their digest, or neither,
    as their preference for this kind of news says (``registry.NewsKind``). The email goes through
    the outbox in this transaction, so it is sent exactly once or not at all. Someone who is not a
    member of the place (any more), or whose account is closed, is told nothing. Returns the
    notification, or None when nothing was told (told before, or not a member).
    """
    news = get_news_kind(kind)
    if news is None:
        raise ValueError(f"No news kind {kind!r} is registered")
    if user is None or not user.is_active or not member_ids(place, [user.pk]):
        return None
    now = now or timezone.now()
    delivery = preference_for(place, user).delivery_for(kind, news.default)
    with transaction.atomic():
        row = notify(
            place=place,
            user=user,
            kind=kind,
            title=title,
            body=body,
            url=url,
            emailed=delivery == Delivery.NOW,
            in_digest=delivery == Delivery.DIGEST,
            now=now,
            key=f"news:{kind}:{key}",
        )
        if row is None or delivery != Delivery.NOW:
            return row
        links = place_links(place)
        unsubscribe = unsubscribe_url(
            place=place, user=user, scope=news_scope(kind), base=links["unsubscribe"]
        )
        context = {
            "place": place,
            "person": user,
            "subject": row.title,
            "text": row.body,
            "url": absolute_url(row.url),
            "news": news,
            "unsubscribe_url": unsubscribe,
            "preferences_url": links["preferences"],
        }
        text, html = render_pair("notifications/email/news", context)
        outbox_enqueue(
            place=place,
            key=dedupe_key("news", place.pk, kind, key, user.pk),
            recipient=user,
            to_email=user.email,
            kind=news_scope(kind),
            subject=row.title,
            text_body=text,
            html_body=html,
            headers={"From": from_address(place), **list_headers(unsubscribe)},
            now=now,
        )
    return row


def tell_each(place, people, *, skip=None, **news):
    """``tell`` each person once (in user id order), never the one who made the change (``skip``).
    Returns the notifications made."""
    unique = {p.pk: p for p in people if p is not None and (skip is None or p.pk != skip.pk)}
    told = []
    for _pk, person in sorted(unique.items()):
        row = tell(place=place, user=person, **news)
        if row is not None:
            told.append(row)
    return told


def notification_mark_read(*, place, user, notification):
    # Read-marks are a person's own view of their list, not a change to the place: no audit entry.
    if notification.user_id != user.pk:
        raise RuleViolation(_("That notification is someone else's."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.for_place(place).filter(
            pk=notification.pk, read_at__isnull=True
        ).update(read_at=notification.read_at)
    return notification


def notification_mark_all_read(*, place, user):
    return (
        Notification.objects.for_place(place)
        .filter(user=user, read_at__isnull=True)
        .update(read_at=timezone.now())
    )


def _preference_for_update(place, user):
    preference, _created = (
        NotificationPreference.objects.for_place(place)
        .select_for_update()
        .get_or_create(place=place, user=user)
    )
    return preference


def _check_choices(choices, known, field, message):
    for kind, value in choices.items():
        if known(kind) is None:
            raise RuleViolation({field: message % {"kind": kind}})
        if value not in Delivery.values:
            raise RuleViolation(
                {field: _("Choose at once, in my digest or off for %(kind)s.") % {"kind": kind}}
            )


@transaction.atomic
def preference_update(*, place, actor, digest, reminders=None, news=None):
    """Set the person's own digest frequency and how each reminder and each kind of news reaches
    them: ``reminders`` and ``news`` are {kind: Delivery} (at once, in the digest, off); kinds
    not named keep their setting (a kind turned off that no app registers now stays off)."""
    digest = DigestFrequency(digest)
    reminders = dict(reminders or {})
    _check_choices(
        reminders, get_reminder_rule, "reminders", _("There is no reminder called %(kind)s.")
    )
    news = dict(news or {})
    _check_choices(news, get_news_kind, "news", _("There is no news called %(kind)s."))
    try:
        with transaction.atomic():
            preference = _preference_for_update(place, actor)
    except IntegrityError:  # created by a concurrent request a moment ago
        preference = _preference_for_update(place, actor)

    before = {
        "digest": preference.digest,
        "reminders_off": list(preference.reminders_off),
        "news": dict(preference.news or {}),
    }
    off = set(preference.reminders_off)
    choices = dict(preference.news or {})
    for kind, value in news.items():
        # The default is not kept: a kind left at it follows the default if that changes.
        if value == get_news_kind(kind).default:
            choices.pop(kind, None)
        else:
            choices[kind] = value
    for kind, value in reminders.items():
        if value == Delivery.OFF:
            off.add(kind)
        else:
            off.discard(kind)
        if value == Delivery.DIGEST:
            choices[kind] = Delivery.DIGEST.value
        else:
            choices.pop(kind, None)
    preference.digest = digest
    preference.reminders_off = sorted(off)
    preference.news = choices
    preference.full_clean()
    preference.save()
    audit_record(
        place=place,
        actor=actor,
        action="notifications.preferences.update",
        target=preference,
        changes={
            "before": before,
            "after": {
                "digest": digest,
                "reminders_off": preference.reminders_off,
                "news": preference.news,
            },
        },
    )
    return preference


@transaction.atomic
def unsubscribe(*, place, user, scope):
    """Stop the digest, or one reminder kind, from a signed link. Twice changes nothing more."""
    try:
        with transaction.atomic():
            preference = _preference_for_update(place, user)
    except IntegrityError:
        preference = _preference_for_update(place, user)
    if scope == DIGEST_KIND:
        if preference.digest == DigestFrequency.OFF:
            return preference
        before = preference.digest
        preference.digest = DigestFrequency.OFF
        preference.save(update_fields=["digest", "updated_at"])
        changes = {"digest": [before, DigestFrequency.OFF]}
    elif scope.startswith(NEWS_SCOPE_PREFIX):
        kind = scope.removeprefix(NEWS_SCOPE_PREFIX)
        if (preference.news or {}).get(kind) == Delivery.OFF:
            return preference
        preference.news = {**(preference.news or {}), kind: Delivery.OFF.value}
        preference.save(update_fields=["news", "updated_at"])
        changes = {"news_off": kind}
    else:
        if scope in preference.reminders_off:
            return preference
        preference.reminders_off = sorted({*preference.reminders_off, scope})
        preference.save(update_fields=["reminders_off", "updated_at"])
        changes = {"reminder_off": scope}
    audit_record(
        place=place,
        actor=user,
        action="notifications.preferences.unsubscribe",
        target=preference,
        changes={**changes, "via": "signed link"},
    )
    return preference


@transaction.atomic
def outbox_retry(*, place, actor, email, confirm_may_have_been_delivered=False):
    """An admin sends a failed email again: pending now, its attempts and last error kept.

    An email that may have been delivered (its sender stopped mid-send) goes again only when the
    admin confirmed it, knowing the person may get it twice.
    """
    row = OutboxEmail.objects.for_place(place).select_for_update().filter(pk=email.pk).first()
    if row is None or not row.is_retryable:
        raise RuleViolation(_("Only a failed email can be sent again."))
    maybe_sent = row.may_have_been_delivered
    if maybe_sent and not confirm_may_have_been_delivered:
        raise RuleViolation(
            _(
                "This email may have been delivered already. Confirm that you want to send it "
                "again."
            ),
            code="confirmation_needed",
        )
    row.status = OutboxStatus.PENDING
    row.next_attempt_at = timezone.now()
    row.save(update_fields=["status", "next_attempt_at"])
    audit_record(
        place=place,
        actor=actor,
        action="notifications.email.retry",
        target=row,
        changes={
            "to": row.to_email,
            "attempts": row.attempts,
            "last_error": row.last_error[:200],
            "may_have_been_delivered": maybe_sent,
        },
    )
    deliver_soon(place)
    return row
