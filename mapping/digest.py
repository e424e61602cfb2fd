"""Mapping's part of the notifications: "verify your service listing" after six months, and the
digest section of new needs evidence and new gaps in the reader's themes and areas."""

from collections import defaultdict
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.accounts.models import Membership, Role
from coordination.accounts.permissions import RULES
from coordination.notifications.registry import DigestItem, Due
from coordination.organisations.models import Organisation

from . import analysis
from .models import Need, Service
from .selectors import ORGANISATION_ROLES, services_due_verification

VERIFY_KIND = "service_listing_not_verified"
VERIFY_AFTER = timedelta(days=182)
MAX_ITEMS = 15


def listings_to_verify(place, now):
    """Services not checked for six months: tell the people who act for the organisation running
    it (admins when nobody does). Once per service and last-checked date: verifying starts anew."""
    today = timezone.localtime(now, place.tz).date()
    due_services = list(services_due_verification(place, today - VERIFY_AFTER))
    if not due_services:
        return []
    people = defaultdict(list)
    admins = []
    for membership in (
        Membership.objects.for_place(place)
        .filter(role__in=[*ORGANISATION_ROLES, Role.PLACE_ADMIN])
        .select_related("user")
        .order_by("user_id")
    ):
        if membership.role == Role.PLACE_ADMIN:
            admins.append(membership.user)
        elif membership.organisation_id:
            people[membership.organisation_id].append(membership.user)
    dues = []
    for service in due_services:
        recipients = {u.pk: u for u in people.get(service.organisation_id) or admins}
        checked = service.last_verified
        subject = _("Please check the listing of %(service)s") % {"service": service.name}
        if checked:
            text = _(
                "%(service)s (%(organisation)s) was last checked on %(date)s. Please confirm its "
                "details are still right, or change them, so people are not sent to help that "
                "has moved or stopped."
            ) % {
                "service": service.name,
                "organisation": service.organisation.name,
                "date": checked.strftime("%-d %B %Y"),
            }
        else:
            text = _(
                "%(service)s (%(organisation)s) has never been checked. Please confirm its "
                "details are right."
            ) % {"service": service.name, "organisation": service.organisation.name}
        for recipient in recipients.values():
            dues.append(
                Due(
                    recipient=recipient,
                    object_key=f"service:{service.pk}",
                    occasion=f"checked:{checked.isoformat() if checked else 'never'}",
                    subject=subject,
                    text=text,
                    url=reverse(
                        "places:mapping:service_detail",
                        kwargs={"place_slug": place.slug, "pk": service.pk},
                    ),
                )
            )
    return dues


def _interests(place):
    """Per person: the area and theme ids of the organisations they act for here (None: all)."""
    org_by_user = defaultdict(set)
    for user_id, org_id in (
        Membership.objects.for_place(place)
        .filter(role__in=ORGANISATION_ROLES, organisation__isnull=False)
        .values_list("user_id", "organisation_id")
    ):
        org_by_user[user_id].add(org_id)
    org_areas = defaultdict(set)
    for org_id, area_id in Organisation.areas.through.objects.filter(area__place=place).values_list(
        "organisation_id", "area_id"
    ):
        org_areas[org_id].add(area_id)
    org_themes = defaultdict(set)
    for org_id, theme_id in (
        Service.objects.for_place(place).values_list("organisation_id", "themes").distinct()
    ):
        if theme_id:
            org_themes[org_id].add(theme_id)
    interests = {}
    for user_id, orgs in org_by_user.items():
        areas = set().union(*(org_areas[o] for o in orgs))
        themes = set().union(*(org_themes[o] for o in orgs))
        interests[user_id] = (areas, themes)
    return interests


def prefetch_needs_and_gaps(place, since, until):
    needs_url = reverse("places:mapping:need_list", kwargs={"place_slug": place.slug})
    gaps_url = reverse("places:mapping:gaps", kwargs={"place_slug": place.slug})
    news = []  # (when, area id, theme id, item)
    needs = list(
        Need.objects.for_place(place)
        .filter(created_at__gt=since, created_at__lte=until)
        .select_related("area", "theme")
        .order_by("created_at", "pk")
    )
    for need in needs:
        title = _("New evidence of need: %(summary)s (%(theme)s, %(area)s)") % {
            "summary": need.summary,
            "theme": need.theme.name,
            "area": need.area.name,
        }
        news.append(
            (
                need.created_at,
                need.area_id,
                need.theme_id,
                DigestItem(title, url=needs_url, when=need.created_at),
            )
        )
    if needs:
        # A gap is new when evidence that makes it one arrived in the window.
        fresh = {(n.area_id, n.theme_id): n.created_at for n in needs}
        for cell in analysis.gaps(place):
            when = fresh.get((cell.area.pk, cell.theme.pk))
            if when is None:
                continue
            title = _(
                "New gap: high need for %(theme)s in %(area)s, %(count)d active service(s)"
            ) % {
                "theme": cell.theme.name,
                "area": cell.area.name,
                "count": cell.services,
            }
            news.append(
                (when, cell.area.pk, cell.theme.pk, DigestItem(title, url=gaps_url, when=when))
            )
    news.sort(key=lambda entry: entry[0])
    return {"news": news, "interests": _interests(place) if news else {}, "more_url": needs_url}


def needs_and_gaps_items(place, user, since, until, prefetched):
    interest = prefetched["interests"].get(user.pk)
    items, more = [], 0
    for when, area_id, theme_id, item in prefetched["news"]:
        if not since < when <= until:
            continue
        if interest is not None:
            areas, themes = interest
            # Someone acting for an organisation hears about its areas or its themes.
            if area_id not in areas and theme_id not in themes:
                continue
        if len(items) < MAX_ITEMS:
            items.append(item)
        else:
            more += 1
    if more:
        items.append(
            DigestItem(title=_("and %(count)d more") % {"count": more}, url=prefetched["more_url"])
        )
    return items


def sees_needs(place, user, roles):
    return bool(roles & RULES["view_needs"])
