"""Changes to webhook subscriptions (place admins, audited).

Announcing audited changes to the subscriptions is ``announcements.announce``, which the audit
trail calls for every entry it writes.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.audit.names import current_name
from coordination.audit.services import audit_record
from coordination.errors import RuleViolation

from .models import WebhookSubscription
from .registry import is_known, known_events
from .signing import new_secret
from .urls_safety import problem_with


def _check(place, name, url, events, exclude_pk=None):
    errors = {}
    if not name.strip():
        errors["name"] = _("Enter a name.")
    elif (
        WebhookSubscription.objects.for_place(place)
        .filter(name=name.strip())
        .exclude(pk=exclude_pk)
        .exists()
    ):
        errors["name"] = _("A webhook called %(name)s exists already.") % {"name": name}
    try:
        # The model field's own checks (a URL, its length, only characters an address may hold).
        WebhookSubscription._meta.get_field("url").clean(url, None)
    except ValidationError as exc:
        errors["url"] = exc.messages[0]
    else:
        problem = problem_with(url)
        if problem:
            errors["url"] = problem
    unknown = [e for e in events if not is_known(e)]
    if not events:
        errors["events"] = _("Choose at least one event.")
    elif unknown:
        errors["events"] = _("There is no event called %(event)s.") % {"event": unknown[0]}
    if errors:
        raise RuleViolation(errors)


@transaction.atomic
def subscription_create(*, place, actor, name, url, events):
    """Returns the subscription; its secret is shown to the admin once, on the next page.

    Events named in the earlier scheme (coordination/audit/names.py) are stored by today's names."""
    events = [current_name(e) for e in events]
    _check(place, name, url, events)
    subscription = WebhookSubscription.objects.create(
        place=place,
        name=name.strip(),
        url=url,
        events=sorted(set(events)),
        secret=new_secret(),
        created_by=actor,
    )
    audit_record(
        place=place,
        actor=actor,
        action="webhooks.subscription.create",
        target=subscription,
        changes={"url": url, "events": subscription.events},
    )
    return subscription


@transaction.atomic
def subscription_pause(*, place, actor, subscription, reason=""):
    if subscription.paused_at is not None:
        raise RuleViolation(_("This webhook is paused already."))
    subscription.paused_at = timezone.now()
    subscription.pause_reason = reason or _("Paused by %(person)s.") % {"person": actor}
    subscription.save(update_fields=["paused_at", "pause_reason"])
    audit_record(
        place=place, actor=actor, action="webhooks.subscription.pause", target=subscription
    )
    return subscription


@transaction.atomic
def subscription_resume(*, place, actor, subscription):
    if subscription.paused_at is None:
        raise RuleViolation(_("This webhook is not paused."))
    problem = problem_with(subscription.url)
    if problem:
        raise RuleViolation(problem)
    subscription.paused_at = None
    subscription.pause_reason = ""
    subscription.consecutive_failures = 0
    subscription.save(update_fields=["paused_at", "pause_reason", "consecutive_failures"])
    audit_record(
        place=place, actor=actor, action="webhooks.subscription.resume", target=subscription
    )
    return subscription


@transaction.atomic
def subscription_delete(*, place, actor, subscription):
    audit_record(
        place=place,
        actor=actor,
        action="webhooks.subscription.delete",
        target=subscription,
        changes={"url": subscription.url},
    )
    subscription.delete()


def event_choices():
    return list(known_events().items())
