"""Funding's digest section: new programmes that match the reader's organisation, decisions on
its bids and feedback released to it."""

from django.urls import reverse
from django.utils.translation import gettext as _

from coordination.accounts.models import Membership, Role
from coordination.notifications.registry import DigestItem

from ..models import Bid, Feedback, Programme
from .common import MAX_ITEMS, day_text, matches, organisation_themes, organisations_with_areas_here


def prefetch_funding(place, since, until):
    """Everything the section may show for this window, read once per place and digest run."""
    slug = place.slug
    new_programmes = list(
        Programme.objects.filter(places=place, created_at__gt=since, created_at__lte=until)
        .select_related("funder")
        .prefetch_related("themes")
        .order_by("created_at", "pk")
    )
    decided = list(
        Bid.objects.for_place(place)
        .filter(decided_at__gt=since, decided_at__lte=until)
        .select_related("programme", "programme__funder")
        .order_by("decided_at", "pk")
    )
    released = list(
        Feedback.objects.for_place(place)
        .filter(released_at__gt=since, released_at__lte=until)
        .select_related("bid", "bid__programme", "bid__programme__funder")
        .order_by("released_at", "pk")
    )
    organisations = {}
    for user_id, organisation_id in (
        Membership.objects.for_place(place)
        .filter(organisation__isnull=False)
        .values_list("user_id", "organisation_id")
    ):
        organisations.setdefault(user_id, set()).add(organisation_id)
    return {
        "programmes": [
            (
                p.created_at,
                p.funder_id,
                {t.pk for t in p.themes.all()},
                DigestItem(
                    title=_("New programme: %(title)s from %(funder)s")
                    % {"title": p.title, "funder": p.funder.name},
                    text=_("Closes %(day)s") % {"day": day_text(p.deadline)}
                    if p.deadline
                    else _("Rolling: apply any time"),
                    url=reverse(
                        "places:funding:programme_detail", kwargs={"place_slug": slug, "pk": p.pk}
                    ),
                    when=p.created_at,
                ),
            )
            for p in new_programmes
        ],
        "decisions": [
            (
                b.decided_at,
                b.applicant_id,
                DigestItem(
                    title=(
                        _("%(title)s was awarded by %(funder)s")
                        if b.state == "awarded"
                        else _("%(title)s was not funded by %(funder)s")
                    )
                    % {"title": b.title, "funder": b.programme.funder.name},
                    url=b.get_absolute_url(),
                    when=b.decided_at,
                ),
            )
            for b in decided
        ],
        "feedback": [
            (
                f.released_at,
                f.bid.applicant_id,
                DigestItem(
                    title=_("Feedback on %(title)s from %(funder)s")
                    % {"title": f.bid.title, "funder": f.bid.programme.funder.name},
                    url=f.bid.get_absolute_url() + "#feedback",
                    when=f.released_at,
                ),
            )
            for f in released
        ],
        "organisations": organisations,
        "themes": organisation_themes(place),
        "local": organisations_with_areas_here(place),
    }


def funding_items(place, user, since, until, prefetched):
    mine = prefetched["organisations"].get(user.pk, set())
    items = []
    for when, funder_id, theme_ids, item in prefetched["programmes"]:
        if not since < when <= until or funder_id in mine:
            continue
        if any(matches(theme_ids, o, prefetched["themes"], prefetched["local"]) for o in mine):
            items.append(item)
    for key in ("decisions", "feedback"):
        for when, applicant_id, item in prefetched[key]:
            if since < when <= until and applicant_id in mine:
                items.append(item)
    items.sort(key=lambda i: i.when)
    if len(items) > MAX_ITEMS:
        more = len(items) - MAX_ITEMS
        items = items[:MAX_ITEMS] + [
            DigestItem(
                title=_("and %(count)d more") % {"count": more},
                url=reverse("places:funding:bid_list", kwargs={"place_slug": place.slug}),
            )
        ]
    return items


def for_organisations(place, user, roles):
    return any(role in roles for role in (Role.CHARITY_LEADER, Role.FUNDER, Role.PARTNER))
