"""Reads of notifications, preferences and the outbox, always for one place."""

from django.db.models import Count

from coordination.accounts.models import Membership, Role

from .models import DigestFrequency, Notification, NotificationPreference, OutboxEmail, OutboxStatus


def notifications_for(place, user):
    return Notification.objects.for_place(place).filter(user=user)


def unread_count(place, user):
    return Notification.objects.for_place(place).filter(user=user, read_at__isnull=True).count()


def get_notification_for(place, user, pk):
    return notifications_for(place, user).filter(pk=pk).first()


def preference_for(place, user):
    """The person's preference here, or an unsaved one holding the defaults."""
    found = NotificationPreference.objects.for_place(place).filter(user=user).first()
    return found or NotificationPreference(place=place, user=user, digest=DigestFrequency.WEEKLY)


def outbox_counts(place):
    counts = dict.fromkeys(OutboxStatus.values, 0)
    for row in (
        OutboxEmail.objects.for_place(place).values("status").annotate(n=Count("id")).order_by()
    ):
        counts[row["status"]] = row["n"]
    return counts


def outbox_rows(place, *, status=None):
    rows = (
        OutboxEmail.objects.for_place(place)
        .select_related("recipient")
        .defer("text_body", "html_body")
    )
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-created_at", "-id")


def get_outbox_row(place, pk):
    return OutboxEmail.objects.for_place(place).filter(pk=pk).first()


def members_with_roles(place):
    """{user: frozenset of roles} for everyone who belongs to the place now (one query)."""
    people = {}
    roles = {}
    memberships = (
        Membership.objects.for_place(place).select_related("user").filter(user__is_active=True)
    )
    for membership in memberships.order_by("user_id"):
        people[membership.user_id] = membership.user
        roles.setdefault(membership.user_id, set()).add(Role(membership.role))
    return {people[uid]: frozenset(r) for uid, r in roles.items()}


def member_ids(place, user_ids=None):
    members = Membership.objects.for_place(place)
    if user_ids is not None:
        members = members.filter(user_id__in=user_ids)
    return set(members.values_list("user_id", flat=True))


def place_admins(place):
    return [
        m.user
        for m in Membership.objects.for_place(place)
        .filter(role=Role.PLACE_ADMIN, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    ]
