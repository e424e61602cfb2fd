"""Commissioning's part of the notifications: deadline reminders and the tenders digest section.

Reminders go to the people of organisations that follow a tender (registered interest, were
invited, or are in its co-design group), each person once per tender ("bids close soon" only to
organisations that have not bid yet), and "evaluation overdue" to the commissioning council's
officers. The digest tells each reader of new tenders in their themes and areas and of stage
changes on tenders they follow; coordinators hear of every one.
"""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.accounts.models import Membership, Role
from coordination.accounts.selectors import people_acting_for
from coordination.notifications.registry import DigestItem, Due
from coordination.places.models import Area
from mapping.selectors import services_in_place

from .models import (
    CoDesignMember,
    Interest,
    Stage,
    Submission,
    Tender,
    TenderInvitation,
    TenderStageChange,
)
from .permissions import ACTING_ROLES
from .services import local_time

CO_DESIGN_CLOSING = "tender_co_design_closing"
CLARIFICATION_DEADLINE = "tender_clarification_deadline"
SUBMISSION_DEADLINE = "tender_submission_deadline"
EVALUATION_OVERDUE = "tender_evaluation_overdue"
SUBMISSION_LEAD_TIMES = (timedelta(days=7), timedelta(days=1))
MAX_ITEMS = 15


def _followers(place, tender_ids, *, co_design_only=False):
    """tender id -> organisation ids following it."""
    follows = defaultdict(set)
    models = (CoDesignMember,) if co_design_only else (CoDesignMember, Interest, TenderInvitation)
    for model in models:
        rows = model.objects.for_place(place).filter(tender_id__in=tender_ids)
        for tender_id, organisation_id in rows.values_list("tender_id", "organisation_id"):
            follows[tender_id].add(organisation_id)
    return follows


def _bidders(place, tender_ids):
    """tender id -> organisation ids with a bid in (as its lead or a partner)."""
    bid = defaultdict(set)
    rows = Submission.objects.for_place(place).filter(tender_id__in=tender_ids)
    for tender_id, lead_id in rows.values_list("tender_id", "lead_id"):
        bid[tender_id].add(lead_id)
    partners = Submission.partners.through.objects.filter(
        submission__place=place, submission__tender_id__in=tender_ids
    )
    for tender_id, organisation_id in partners.values_list(
        "submission__tender_id", "organisation_id"
    ):
        bid[tender_id].add(organisation_id)
    return bid


def _due_for_followers(place, tenders, *, kind_text, co_design_only=False, still_to_bid=False):
    """Each person of the organisations following each tender, once per tender, however many of
    their organisations follow it. ``still_to_bid``: only organisations without a bid in."""
    tenders = list(tenders)
    if not tenders:
        return []
    follows = _followers(place, [t.pk for t in tenders], co_design_only=co_design_only)
    if still_to_bid:
        bid = _bidders(place, [t.pk for t in tenders])
        follows = {pk: ids - bid.get(pk, set()) for pk, ids in follows.items()}
    organisation_ids = set().union(*follows.values()) if follows else set()
    people = people_acting_for(place, organisation_ids, roles=ACTING_ROLES)
    dues = []
    for tender in tenders:
        subject, text = kind_text(tender)
        seen = set()
        for organisation_id in sorted(follows.get(tender.pk, ())):
            for user in people.get(organisation_id, []):
                if user.pk in seen:
                    continue
                seen.add(user.pk)
                dues.append(
                    Due(
                        recipient=user,
                        object_key=f"tender:{tender.pk}",
                        subject=subject,
                        text=text,
                        url=tender.get_absolute_url(),
                    )
                )
    return dues


def co_design_closing(place, now, lead_time):
    tenders = Tender.objects.for_place(place).filter(
        stage=Stage.CO_DESIGN, co_design_closes_at__gt=now, co_design_closes_at__lte=now + lead_time
    )

    def text(tender):
        when = local_time(tender.co_design_closes_at, place)
        return (
            _("Co-design on %(ref)s closes on %(when)s") % {"ref": tender.reference, "when": when},
            _("Comments on “%(title)s” close on %(when)s. Say now what the contract should do.")
            % {"title": tender.title, "when": when},
        )

    return _due_for_followers(place, tenders, kind_text=text, co_design_only=True)


def clarification_deadline(place, now, lead_time):
    tenders = Tender.objects.for_place(place).filter(
        stage__in=(Stage.MARKET_ENGAGEMENT, Stage.OPEN),
        clarification_deadline__gt=now,
        clarification_deadline__lte=now + lead_time,
    )

    def text(tender):
        when = local_time(tender.clarification_deadline, place)
        return (
            _("Questions on %(ref)s close on %(when)s") % {"ref": tender.reference, "when": when},
            _("Ask about “%(title)s” by %(when)s; every answer is published to all bidders.")
            % {"title": tender.title, "when": when},
        )

    return _due_for_followers(place, tenders, kind_text=text)


def submission_deadline(place, now, lead_time):
    """ "Bids close soon", to the people of following organisations that have not bid yet. The
    lead times' windows do not overlap (7 days: deadline in (now + 1 day, now + 7 days]; 1 day:
    in (now, now + 1 day]), so one run never tells a person twice about one tender."""
    shorter = [t for t in SUBMISSION_LEAD_TIMES if t < lead_time]
    tenders = Tender.objects.for_place(place).filter(
        stage=Stage.OPEN,
        submission_deadline__gt=now + max(shorter) if shorter else now,
        submission_deadline__lte=now + lead_time,
    )

    def text(tender):
        when = local_time(tender.submission_deadline, place)
        return (
            _("Bids for %(ref)s close on %(when)s") % {"ref": tender.reference, "when": when},
            _("Bids for “%(title)s” close on %(when)s. A late bid cannot be accepted.")
            % {"title": tender.title, "when": when},
        )

    return _due_for_followers(place, tenders, kind_text=text, still_to_bid=True)


def evaluation_overdue(place, now):
    today = timezone.localtime(now, place.tz).date()
    tenders = list(
        Tender.objects.for_place(place)
        .filter(stage=Stage.EVALUATION, decision_date__lt=today)
        .select_related("commissioner")
        .order_by("pk")
    )
    if not tenders:
        return []
    officers = people_acting_for(
        place, {t.commissioner_id for t in tenders}, roles=(Role.COUNCIL_OFFICER,)
    )
    dues = []
    for tender in tenders:
        for user in officers.get(tender.commissioner_id, []):
            dues.append(
                Due(
                    recipient=user,
                    object_key=f"tender:{tender.pk}",
                    occasion=f"overdue:{tender.decision_date.isoformat()}",
                    subject=_("The decision on %(ref)s is overdue") % {"ref": tender.reference},
                    text=_(
                        "“%(title)s” was due a decision on %(date)s and is still in evaluation. "
                        "Bidders are waiting: publish the award, or move the decision date."
                    )
                    % {"title": tender.title, "date": tender.decision_date.strftime("%-d %B %Y")},
                    url=tender.get_absolute_url(),
                )
            )
    return dues


# The digest section


def prefetch_tenders(place, since, until):
    new = list(
        Tender.objects.for_place(place)
        .filter(created_at__gt=since, created_at__lte=until)
        .select_related("commissioner")
        .prefetch_related("themes", Prefetch("areas", queryset=Area.objects.for_place(place)))
        .order_by("created_at", "pk")
    )
    changes = list(
        TenderStageChange.objects.for_place(place)
        .filter(changed_at__gt=since, changed_at__lte=until)
        .exclude(from_stage="")
        .select_related("tender")
        .order_by("changed_at", "pk")
    )
    follows = _followers(place, {c.tender_id for c in changes})
    acting = defaultdict(set)
    memberships = Membership.objects.for_place(place).filter(
        role__in=ACTING_ROLES, organisation__isnull=False
    )
    for user_id, organisation_id in memberships.values_list("user_id", "organisation_id"):
        acting[user_id].add(organisation_id)
    # What each organisation works on, from its mapped services (through mapping's selector).
    themes, areas = defaultdict(set), defaultdict(set)
    for service in services_in_place(place, include_closed=False):
        themes[service.organisation_id] |= {t.pk for t in service.themes.all()}
        areas[service.organisation_id] |= {a.pk for a in service.areas.all()}
    return {
        "new": new,
        "changes": changes,
        "follows": follows,
        "acting": acting,
        "themes": themes,
        "areas": areas,
    }


def _matches(tender, theme_ids, area_ids):
    tender_themes = {t.pk for t in tender.themes.all()}
    tender_areas = {a.pk for a in tender.areas.all()}
    themed = not tender_themes or bool(tender_themes & theme_ids)
    placed = not tender_areas or not area_ids or bool(tender_areas & area_ids)
    return themed and placed


def tender_items(place, user, since, until, prefetched):
    organisations = prefetched["acting"].get(user.pk, set())
    coordinator = not organisations  # staff and residents: every tender
    theme_ids = (
        set().union(*(prefetched["themes"][o] for o in organisations)) if organisations else set()
    )
    area_ids = (
        set().union(*(prefetched["areas"][o] for o in organisations)) if organisations else set()
    )
    items = []
    for tender in prefetched["new"]:
        if not since < tender.created_at <= until:
            continue
        if coordinator or _matches(tender, theme_ids, area_ids):
            items.append(
                DigestItem(
                    title=_("New tender: %(title)s (%(council)s)")
                    % {"title": tender.title, "council": tender.commissioner.name},
                    text=tender.description[:200],
                    url=tender.get_absolute_url(),
                    when=tender.created_at,
                )
            )
    for change in prefetched["changes"]:
        if not since < change.changed_at <= until:
            continue
        followed = organisations & prefetched["follows"].get(change.tender_id, set())
        if coordinator or followed:
            items.append(
                DigestItem(
                    title=_("%(title)s moved to %(stage)s")
                    % {
                        "title": change.tender.title,
                        "stage": change.get_to_stage_display().lower(),
                    },
                    text=change.rationale[:200],
                    url=change.tender.get_absolute_url(),
                    when=change.changed_at,
                )
            )
    items.sort(key=lambda item: item.when)
    return items[:MAX_ITEMS]


def not_only_a_resident(place, user, roles):
    return Role.RESIDENT not in roles or len(roles) > 1
