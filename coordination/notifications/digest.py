"""The notifications core's own reminder and digest section, registered like any app's.

- "email_bounced": a receiving server refused an email for good; the place admins hear once per
  bounce.
- "your_notifications": unread in-app notifications that did not go out by email on their own.
"""

from collections import defaultdict
from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import REMINDER_KIND_PREFIX, Notification, OutboxEmail
from .registry import DigestItem, Due
from .selectors import place_admins

BOUNCE_KIND = "email_bounced"
# A bounce older than this when first seen (the dispatcher was down) is not news any more.
BOUNCE_NEWS_WINDOW = timedelta(days=14)
MAX_ITEMS = 10


def _outbox_failed_url(place):
    path = reverse("places:notifications:outbox", kwargs={"place_slug": place.slug})
    return f"{path}?status=failed"


def bounces_due(place, now):
    bounced = list(
        OutboxEmail.objects.for_place(place)
        .filter(bounced_at__gt=now - BOUNCE_NEWS_WINDOW, bounced_at__lte=now)
        # A bounced bounce notice would only tell the admins about themselves, again and again.
        .exclude(kind=REMINDER_KIND_PREFIX + BOUNCE_KIND)
        .select_related("recipient")
        .order_by("bounced_at", "pk")
    )
    if not bounced:
        return []
    admins = place_admins(place)
    dues = []
    for row in bounced:
        who = str(row.recipient) if row.recipient else row.to_email
        subject = _("An email to %(who)s could not be delivered") % {"who": who}
        text = _(
            'The receiving server refused "%(subject)s" to %(address)s for good (%(error)s). '
            "Their address may be wrong or closed: check it with them."
        ) % {"subject": row.subject, "address": row.to_email, "error": row.last_error[:200]}
        for admin in admins:
            dues.append(
                Due(
                    recipient=admin,
                    object_key=f"outbox:{row.pk}",
                    occasion="bounced",
                    subject=subject,
                    text=text,
                    url=_outbox_failed_url(place),
                )
            )
    return dues


def prefetch_unread(place, since, until):
    rows = (
        Notification.objects.for_place(place)
        .filter(
            read_at__isnull=True,
            emailed=False,
            in_digest=True,
            created_at__gt=since,
            created_at__lte=until,
        )
        .order_by("created_at", "id")
        .values_list("user_id", "title", "body", "url", "created_at")
    )
    by_user = defaultdict(list)
    for user_id, title, body, url, created_at in rows:
        by_user[user_id].append(DigestItem(title=title, text=body, url=url, when=created_at))
    return by_user


def unread_items(place, user, since, until, prefetched):
    items = [item for item in prefetched.get(user.pk, ()) if since < item.when <= until]
    if len(items) > MAX_ITEMS:
        more = len(items) - MAX_ITEMS
        items = items[:MAX_ITEMS] + [
            DigestItem(
                title=_("and %(count)d more") % {"count": more},
                url=reverse("places:notifications:list", kwargs={"place_slug": place.slug}),
            )
        ]
    return items
