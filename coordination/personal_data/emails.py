"""Emails about a person's own account: the dormant-account warning and "your data is ready".

An account spans places, but every email goes through a place's outbox (sent once, retried,
bounces seen by that place's admins). These go through the person's home place: the one they
chose or opened last, else the first they belong to. A person in no place gets no email; the
data page still shows the download's status.
"""

from django.template.loader import render_to_string

from coordination.accounts.models import Membership
from coordination.places.tenancy import place_scope, scopes_disabled


def home_place(user):
    if user.last_place_id:
        return user.last_place
    with scopes_disabled():
        membership = Membership.objects.filter(user=user).select_related("place").first()
    return membership.place if membership else None


def email_person(*, user, kind, key, subject, template, context=None):
    """Queue one email to ``user`` about their account, once per ``key``; None if not queued."""
    from coordination.notifications.emails import from_address
    from coordination.notifications.services import outbox_enqueue

    place = home_place(user)
    if place is None or not user.reach_email:
        return None
    body = render_to_string(template, {"user": user, "place": place, **(context or {})})
    with place_scope(place):
        return outbox_enqueue(
            place=place,
            key=key,
            to_email=user.reach_email,
            kind=kind,
            subject=subject,
            text_body=body,
            headers={"From": from_address(place)},
            recipient=user,
        )
