"""Deciding what to send: due reminders, and each place's digests on its own day, hour and zone.

Both are safe to run twice and on two workers at once. Every decision is an outbox row whose unique
dedupe key is inserted in the same transaction as the rest of the decision (the in-app notification,
the person's last-digest time); a key that exists already means "decided before", and is skipped.

Digests are DST-safe because they never ask "is it digest_hour now?" but "has the place's local time
reached digest_hour on a due day, and is there no digest for this person and local date yet?". In
spring the skipped hour still reaches digest_hour; in autumn the repeated hour finds the date's key.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from coordination.places.selectors import places_to_work_through
from coordination.places.tenancy import place_scope

from . import selectors
from .conf import notification_setting
from .emails import (
    absolute_url,
    from_address,
    list_headers,
    place_links,
    render_pair,
    unsubscribe_url,
)
from .models import (
    DIGEST_KIND,
    REMINDER_KIND_PREFIX,
    Delivery,
    DigestFrequency,
    Notification,
    NotificationPreference,
    OutboxEmail,
)
from .registry import digest_sections, occasion_for, reminder_rules
from .services import dedupe_key, deliver_soon, notify, outbox_enqueue

logger = logging.getLogger(__name__)

PERIODS = {DigestFrequency.DAILY: timedelta(days=1), DigestFrequency.WEEKLY: timedelta(days=7)}


@dataclass
class DispatchResult:
    queued: int = 0
    already: int = 0  # decided before (the dedupe key existed)
    empty: int = 0  # digests with nothing new: not sent
    skipped: int = 0  # not a member any more, or turned off
    failed: int = 0  # a section or rule raised for this person: logged, tried again next run
    places: list = field(default_factory=list)

    def __iadd__(self, other):
        for name in ("queued", "already", "empty", "skipped", "failed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.places += other.places
        return self

    def as_dict(self):
        return {
            "queued": self.queued,
            "already": self.already,
            "empty": self.empty,
            "skipped": self.skipped,
            "failed": self.failed,
            "places": self.places,
        }


def _preferences(place):
    return {p.user_id: p for p in NotificationPreference.objects.for_place(place)}


# Reminders


def dispatch_due_reminders(*, now=None, place_ids=None):
    """Queue every reminder that is due now, once per person, rule, object and occasion."""
    now = now or timezone.now()
    result = DispatchResult()
    for place in places_to_work_through(place_ids):
        with place_scope(place):
            result += _dispatch_place_reminders(place, now)
    return result


def _due_reminders(place, rule, now):
    for lead_time in rule.lead_times or (None,):
        found = (
            rule.find_due(place, now) if lead_time is None else rule.find_due(place, now, lead_time)
        )
        default_occasion = occasion_for(lead_time) if lead_time is not None else "once"
        for due in found:
            yield due, due.occasion or default_occasion


def _dispatch_place_reminders(place, now):
    result = DispatchResult(places=[place.slug])
    members = selectors.member_ids(place)
    preferences = _preferences(place)
    for rule in reminder_rules():
        decisions = []
        for due, occasion in _due_reminders(place, rule, now):
            user = due.recipient
            preference = preferences.get(user.pk)
            if (
                user.pk not in members
                or not user.is_active
                or (preference and not preference.wants_reminder(rule.kind))
            ):
                result.skipped += 1
                continue
            key = dedupe_key("reminder", place.pk, rule.kind, due.object_key, occasion, user.pk)
            in_digest = bool(preference) and preference.reminder_delivery(rule.kind) == (
                Delivery.DIGEST
            )
            decisions.append((key, due, in_digest))
        if not decisions:
            continue
        keys = [key for key, _due, _digest in decisions]
        # Told before by email (the outbox) or kept for the digest (the notification): once.
        known = set(
            OutboxEmail.objects.for_place(place)
            .filter(dedupe_key__in=keys)
            .values_list("dedupe_key", flat=True)
        ) | set(
            Notification.objects.for_place(place)
            .filter(dedupe_key__in=keys)
            .values_list("dedupe_key", flat=True)
        )
        with transaction.atomic():
            for key, due, in_digest in decisions:
                if key in known:
                    result.already += 1
                    continue
                known.add(key)
                if in_digest:
                    told = notify(
                        place=place,
                        user=due.recipient,
                        kind=REMINDER_KIND_PREFIX + rule.kind,
                        title=due.subject,
                        body=due.text,
                        url=due.url,
                        now=now,
                        key=key,
                    )
                    if told is not None:
                        result.queued += 1
                    else:
                        result.already += 1
                elif _queue_reminder(place, rule, due, key, now):
                    result.queued += 1
                else:
                    result.already += 1
            if result.queued:
                deliver_soon(place)
    return result


def _queue_reminder(place, rule, due, key, now):
    user = due.recipient
    url = absolute_url(due.url)
    unsubscribe = unsubscribe_url(place=place, user=user, scope=rule.kind)
    context = {
        "place": place,
        "person": user,
        "subject": due.subject,
        "text": due.text,
        "url": url,
        "rule": rule,
        "unsubscribe_url": unsubscribe,
        "preferences_url": place_links(place)["preferences"],
    }
    text, html = render_pair("notifications/email/reminder", context)
    with transaction.atomic():
        row = outbox_enqueue(
            place=place,
            key=key,
            recipient=user,
            to_email=user.email,
            kind=REMINDER_KIND_PREFIX + rule.kind,
            subject=due.subject,
            text_body=text,
            html_body=html,
            headers={"From": from_address(place), **list_headers(unsubscribe)},
            now=now,
            deliver=False,
        )
        if row is None:
            return False
        Notification.objects.for_place(place).create(
            place=place,
            user=user,
            kind=REMINDER_KIND_PREFIX + rule.kind,
            title=due.subject[:200],
            body=due.text,
            url=due.url[:500],
            emailed=True,
            dedupe_key=key,
            created_at=now,
        )
    return True


# Digests


def digest_local_date(place, now):
    """The place-local date whose digest is due at ``now``, or None before digest_hour there."""
    local = timezone.localtime(now, place.tz)
    if local.hour < place.digest_hour:
        return None
    return local.date()


def digest_key(place, user, local_date):
    return dedupe_key("digest", place.pk, user.pk, local_date.isoformat())


def digest_window(preference, now):
    """(since, until) for a person's digest: since the last one, at most DIGEST_MAX_PERIODS back."""
    period = PERIODS[DigestFrequency(preference.digest)]
    earliest = now - period * notification_setting("DIGEST_MAX_PERIODS")
    since = preference.last_digest_at or now - period
    return max(since, earliest), now


def _default_preference(place, user):
    return NotificationPreference(place=place, user=user, digest=DigestFrequency.WEEKLY)


@dataclass
class ComposedEmail:
    subject: str
    text: str
    html: str
    headers: dict
    sections: list


def prefetch_sections(place, since, until):
    """Each section's data for the window (since, until]: loaded once per place, not per person."""
    return {
        section.key: section.prefetch(place, since, until)
        for section in digest_sections()
        if section.prefetch is not None
    }


def compose_digest(place, user, roles, since, until, prefetched, links=None):
    """The digest this person would get for (since, until], or None when no section has anything.

    ``links`` is place_links(place), for a caller composing many digests of one place.
    """
    sections = []
    for section in digest_sections():
        if not section.relevant(place, user, roles):
            continue
        if section.prefetch is not None:
            items = section.items(place, user, since, until, prefetched=prefetched[section.key])
        else:
            items = section.items(place, user, since, until)
        items = list(items or ())
        if items:
            sections.append({"key": section.key, "title": section.title_for(place), "items": items})
    if not sections:
        return None
    links = links or place_links(place)
    unsubscribe = unsubscribe_url(
        place=place, user=user, scope=DIGEST_KIND, base=links["unsubscribe"]
    )
    count = sum(len(s["items"]) for s in sections)
    subject = _digest_subject(place, until, count)
    context = {
        "place": place,
        "person": user,
        "sections": sections,
        "since": since,
        "until": until,
        "local_until": timezone.localtime(until, place.tz),
        "item_count": count,
        "subject": subject,
        "unsubscribe_url": unsubscribe,
        "preferences_url": links["preferences"],
        "place_url": links["place"],
    }
    text, html = render_pair("notifications/email/digest", context)
    headers = {"From": links.get("from") or from_address(place), **list_headers(unsubscribe)}
    return ComposedEmail(subject=subject, text=text, html=html, headers=headers, sections=sections)


def _digest_subject(place, until, count):
    from django.utils.translation import ngettext

    return ngettext(
        "What's new in %(place)s: %(count)d update",
        "What's new in %(place)s: %(count)d updates",
        count,
    ) % {"place": place.name, "count": count}


def dispatch_digests(*, now=None, place_ids=None, frequencies=None):
    """Queue each place's digests that are due at ``now`` (each place by its own clock), once."""
    now = now or timezone.now()
    result = DispatchResult()
    for place in places_to_work_through(place_ids):
        with place_scope(place):
            result += _dispatch_place_digests(place, now, frequencies)
    return result


def _frequencies_due(place, local_date):
    due = [DigestFrequency.DAILY]
    if local_date.weekday() == place.digest_weekday:
        due.append(DigestFrequency.WEEKLY)
    return due


def digest_recipients(place, now, frequencies):
    """[(user, roles, preference)] of members whose digest of one of these frequencies is due."""
    preferences = _preferences(place)
    out = []
    for user, roles in selectors.members_with_roles(place).items():
        preference = preferences.get(user.pk) or _default_preference(place, user)
        if preference.digest in frequencies:
            out.append((user, roles, preference))
    return out


def _dispatch_place_digests(place, now, frequencies=None):
    result = DispatchResult(places=[place.slug])
    local_date = digest_local_date(place, now)
    if local_date is None:
        return result
    due = _frequencies_due(place, local_date)
    if frequencies is not None:
        due = [f for f in due if f in frequencies]
    if not due:
        return result
    recipients = digest_recipients(place, now, due)
    # A cheap first pass; the unique key in the transaction below is what decides.
    known = set(
        OutboxEmail.objects.for_place(place)
        .filter(
            kind=DIGEST_KIND,
            dedupe_key__startswith=f"digest:{place.pk}:",
            dedupe_key__endswith=f":{local_date.isoformat()}",
        )
        .values_list("dedupe_key", flat=True)
    )
    todo = []
    for user, roles, preference in recipients:
        key = digest_key(place, user, local_date)
        if key in known:
            result.already += 1
        else:
            todo.append((key, user, roles, preference))
    if not todo:
        return result
    windows = {key: digest_window(preference, now) for key, _u, _r, preference in todo}
    prefetched = prefetch_sections(place, min(since for since, _until in windows.values()), now)
    links = {**place_links(place), "from": from_address(place)}
    chunk = notification_setting("DIGEST_CHUNK")
    for start in range(0, len(todo), chunk):
        _decide_digests(place, todo[start : start + chunk], windows, prefetched, now, result, links)
    return result


def _decide_digests(place, batch, windows, prefetched, now, result, links=None):
    composed = []
    for key, user, roles, preference in batch:
        since, until = windows[key]
        try:
            email = compose_digest(place, user, roles, since, until, prefetched, links)
        except Exception:  # one app's broken section must not stop everyone's digest
            logger.exception("Could not compose the %s digest for user %s", place, user.pk)
            result.failed += 1
            continue
        if email is None:
            result.empty += 1
        else:
            composed.append((key, user, preference, email))
    if not composed:
        return
    with transaction.atomic():
        sent_to = []
        for key, user, _preference, email in composed:
            row = outbox_enqueue(
                place=place,
                key=key,
                recipient=user,
                to_email=user.email,
                kind=DIGEST_KIND,
                subject=email.subject,
                text_body=email.text,
                html_body=email.html,
                headers=email.headers,
                now=now,
                deliver=False,
            )
            if row is None:
                result.already += 1
            else:
                result.queued += 1
                sent_to.append(user.pk)
        if not sent_to:
            return
        preferences = NotificationPreference.objects.for_place(place)
        existing = set(preferences.filter(user_id__in=sent_to).values_list("user_id", flat=True))
        preferences.filter(user_id__in=existing).update(last_digest_at=now)
        missing = [uid for uid in sent_to if uid not in existing]
        if missing:
            NotificationPreference.objects.for_place(place).bulk_create(
                [
                    NotificationPreference(place=place, user_id=uid, last_digest_at=now)
                    for uid in missing
                ],
                ignore_conflicts=True,
            )
        deliver_soon(place)


def preview_digest(place, user, now=None):
    """The digest this member would get if it were sent now: (ComposedEmail or None, since, until).

    Someone who turned the digest off is shown the weekly one they would get if they turned it on.
    """
    from coordination.accounts.permissions import roles_in

    now = now or timezone.now()
    preference = selectors.preference_for(place, user)
    if preference.digest == DigestFrequency.OFF:
        last = preference.last_digest_at
        preference = _default_preference(place, user)
        preference.last_digest_at = last
    since, until = digest_window(preference, now)
    prefetched = prefetch_sections(place, since, until)
    return (
        compose_digest(place, user, roles_in(user, place), since, until, prefetched),
        since,
        until,
    )
