"""Accounts' part of the notifications: the invitation reminder, the new-members digest section."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.notifications.registry import DigestItem, Due
from coordination.organisations.models import Organisation

from .models import Invitation, Membership, Role

INVITATION_KIND = "invitation_not_accepted"
MAX_ITEMS = 15


def _member_ids(place):
    return set(Membership.objects.for_place(place).values_list("user_id", flat=True))


def _place_admins(place):
    memberships = (
        Membership.objects.for_place(place)
        .filter(role=Role.PLACE_ADMIN)
        .select_related("user")
        .order_by("user_id")
    )
    return [m.user for m in memberships]


def invitations_not_accepted(place, now, lead_time):
    """Invitations still open ``lead_time`` after they were sent: tell the inviter, or admins."""
    invitations = list(
        Invitation.objects.for_place(place)
        .filter(
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
            created_at__lte=now - lead_time,
        )
        .select_related("invited_by")
        .order_by("created_at", "pk")
    )
    if not invitations:
        return []
    members = _member_ids(place)
    admins = None
    members_url = (
        reverse("places:member_list", kwargs={"place_slug": place.slug}) + "#pending-invitations"
    )
    dues = []
    for invitation in invitations:
        if invitation.invited_by_id in members:
            recipients = [invitation.invited_by]
        else:
            admins = _place_admins(place) if admins is None else admins
            recipients = admins
        sent = timezone.localtime(invitation.created_at, place.tz)
        expires = timezone.localtime(invitation.expires_at, place.tz)
        subject = _("%(email)s has not accepted the invitation to %(place)s yet") % {
            "email": invitation.email,
            "place": place.name,
        }
        text = _(
            "%(email)s was invited to join %(place)s as a %(role)s on %(sent)s and has not "
            "accepted yet. "
            "The invitation expires on %(expires)s. You could remind them, or withdraw it and send "
            "a new one if the address was wrong."
        ) % {
            "email": invitation.email,
            "place": place.name,
            "role": invitation.get_role_display().lower(),
            "sent": sent.strftime("%-d %B %Y"),
            "expires": expires.strftime("%-d %B %Y"),
        }
        for recipient in recipients:
            dues.append(
                Due(
                    recipient=recipient,
                    object_key=f"invitation:{invitation.pk}",
                    subject=subject,
                    text=text,
                    url=members_url,
                )
            )
    return dues


def prefetch_joiners(place, since, until):
    """Every joiner's item, built once per place: (when, who joined or None, item), oldest first."""
    members_url = reverse("places:member_list", kwargs={"place_slug": place.slug})
    roles = dict(Role.choices)
    news = []
    memberships = (
        Membership.objects.for_place(place)
        .filter(created_at__gt=since, created_at__lte=until)
        .select_related("user", "organisation")
        .order_by("created_at", "pk")
    )
    for membership in memberships:
        values = {"person": membership.user, "role": str(roles[membership.role]).lower()}
        if membership.organisation:
            values["organisation"] = membership.organisation.name
            title = _("%(person)s joined as %(role)s for %(organisation)s") % values
        else:
            title = _("%(person)s joined as %(role)s") % values
        item = DigestItem(title=title, when=membership.created_at, url=members_url)
        news.append((membership.created_at, membership.user_id, item))
    organisations = Organisation.objects.filter(
        places=place, created_at__gt=since, created_at__lte=until
    ).order_by("created_at", "pk")
    for organisation in organisations:
        title = _("%(organisation)s (%(kind)s) was added") % {
            "organisation": organisation.name,
            "kind": organisation.get_kind_display().lower(),
        }
        url = reverse(
            "places:organisation_detail", kwargs={"place_slug": place.slug, "pk": organisation.pk}
        )
        news.append(
            (
                organisation.created_at,
                None,
                DigestItem(title=title, when=organisation.created_at, url=url),
            )
        )
    news.sort(key=lambda entry: entry[0])
    return {"news": news, "more_url": members_url}


def joiner_items(place, user, since, until, prefetched):
    items, more = [], 0
    for when, who, item in prefetched["news"]:
        if not since < when <= until or who == user.pk:
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


def for_coordinators(place, user, roles):
    return Role.PLACE_ADMIN in roles or Role.COUNCIL_OFFICER in roles
