"""What every commissioning service shares: who may act, the same-place check, the tender as it is
now (locked when a change depends on it), the person behind an actor, and telling the people of a
tender's organisations of its news (``commissioning.news``)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.accounts.selectors import people_acting_for
from coordination.errors import RuleViolation
from coordination.notifications.services import tell_each

from ..models import CoDesignMember, Interest, Submission, Tender, TenderInvitation
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


def told_organisation_ids(tender):
    """Everyone an amendment reaches: bidders (any state), invited, interested, co-design."""
    ids = follower_organisation_ids(tender)
    submissions = Submission.objects.for_place(tender.place_id).filter(tender=tender)
    ids |= set(submissions.values_list("lead_id", flat=True))
    ids |= {
        pk
        for pk in submissions.values_list("partners", flat=True)
        if pk is not None  # a bid with no partners
    }
    return ids


def people_of_organisations(place, organisation_ids):
    """The people acting for any of these organisations here, each once."""
    people = {}
    for found in people_acting_for(place, organisation_ids).values():
        people.update((user.pk, user) for user in found)
    return list(people.values())


def tell_organisations(tender, organisation_ids, *, actor=None, kind, key, title, body="", url=""):
    """Tell the people of these organisations of news about a tender, each once (``tell``: in the
    app, and by email as each prefers), never the person who made the change."""
    people = people_of_organisations(tender.place, organisation_ids)
    return tell_each(
        tender.place,
        people,
        skip=person(actor),
        kind=kind,
        key=key,
        title=title,
        body=body,
        url=url or tender.get_absolute_url(),
    )
