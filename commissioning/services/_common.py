"""What every commissioning service shares: who may act, the same-place check, the tender as it is
now (locked when a change depends on it), the person behind an actor, and telling a tender's
followers of its news."""

from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.accounts.selectors import people_acting_for
from coordination.errors import RuleViolation
from coordination.notifications.emails import from_address
from coordination.notifications.services import dedupe_key, notify, outbox_enqueue

from ..models import CoDesignMember, Interest, Tender, TenderInvitation
from ..permissions import can_act_for, can_run_tender

NOTIFICATION_KIND = "commissioning"


def sealed_key(tender):
    """The key under which a tender's bids' audit entries stay sealed until its bids open."""
    return f"commissioning.tender:{tender.pk}"


def local_time(value, place):
    """A moment as people in the place read it: "3 March 2026 at 17:00"."""
    return timezone.localtime(value, place.tz).strftime("%-d %B %Y at %H:%M")


def require_runner(actor, place, tender):
    if not can_run_tender(actor, place, tender):
        raise RuleViolation(_("Only the commissioning council's officers can do that."))


def require_acting(actor, place, organisation, field="organisation"):
    if not can_act_for(actor, place, organisation):
        raise RuleViolation({field: _("You can only act for an organisation you represent here.")})


def same_place(place, *objects):
    for obj in objects:
        if obj is not None and obj.place_id != place.pk:
            # Never say whose it is: to this place it does not exist.
            raise RuleViolation(_("That tender is not in %(place)s.") % {"place": place.name})


def fresh(place, tender_id):
    """The tender as it is now (a caller's copy may predate a stage change)."""
    return Tender.objects.for_place(place).get(pk=tender_id)


def lock(tender):
    return Tender.objects.for_place(tender.place_id).select_for_update().get(pk=tender.pk)


def person(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def follower_organisation_ids(tender):
    """Organisations that hear of a tender's news: interested, invited, in the co-design group."""
    place = tender.place_id
    ids = set(
        Interest.objects.for_place(place)
        .filter(tender=tender)
        .values_list("organisation_id", flat=True)
    )
    ids |= set(
        TenderInvitation.objects.for_place(place)
        .filter(tender=tender)
        .values_list("organisation_id", flat=True)
    )
    ids |= set(
        CoDesignMember.objects.for_place(place)
        .filter(tender=tender)
        .values_list("organisation_id", flat=True)
    )
    return ids


def tell_followers(tender, *, title, body=""):
    """Notify the people of every follower organisation, each person once, in user id order."""
    place = tender.place
    url = tender.get_absolute_url()
    people = {}
    for found in people_acting_for(place, follower_organisation_ids(tender)).values():
        people.update((user.pk, user) for user in found)
    for _pk, user in sorted(people.items()):
        notify(place=place, user=user, kind=NOTIFICATION_KIND, title=title, body=body, url=url)


def email_and_notify(place, user, *, kind, key, subject, text, url, body, html=""):
    """Tell one person of something that matters to a bid they may be preparing: an email
    (queued once per ``key`` through the outbox) and the same news in the app."""
    outbox_enqueue(
        place=place,
        key=dedupe_key(kind, *key, user.pk),
        to_email=user.email,
        kind=kind,
        subject=subject,
        text_body=text,
        html_body=html,
        recipient=user,
        headers={"From": from_address(place)},
    )
    notify(
        place=place,
        user=user,
        kind=NOTIFICATION_KIND,
        title=subject,
        body=body,
        url=url,
        emailed=True,
    )
