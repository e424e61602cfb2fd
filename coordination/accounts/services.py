"""Changes to memberships, invitations and a person's own profile.

Each runs in a transaction and leaves an audit entry; remembering the place a person last opened
is a convenience, not a change anyone answers for, and leaves none.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean

from .models import Invitation, Membership, Role, User
from .permissions import forget_roles
from .selectors import places_of

ORGANISATION_OPTIONAL = {Role.RESIDENT, Role.PLACE_ADMIN}
INVITATION_EMAIL_KIND = "invitation"


def _check_organisation(*, place, role, organisation):
    if organisation is not None and not organisation.places.filter(pk=place.pk).exists():
        raise RuleViolation(
            {"organisation": _("That organisation does not work in %(place)s.") % {"place": place}}
        )
    if organisation is None and role not in ORGANISATION_OPTIONAL:
        raise RuleViolation({"organisation": _("Choose the organisation this person represents.")})


@transaction.atomic
def invitation_create(*, place, actor, email, role, organisation=None):
    email = email.strip().lower()
    role = Role(role)
    _check_organisation(place=place, role=role, organisation=organisation)
    if Membership.objects.for_place(place).filter(user__email__iexact=email, role=role).exists():
        raise RuleViolation(
            {
                "email": _("%(email)s is already a %(role)s in %(place)s.")
                % {"email": email, "role": role.label.lower(), "place": place}
            }
        )
    now = timezone.now()
    open_invitations = (
        Invitation.objects.for_place(place)
        .select_for_update()
        .filter(email=email, role=role, accepted_at__isnull=True, revoked_at__isnull=True)
    )
    for existing in open_invitations:
        if existing.expires_at > now:
            raise RuleViolation(
                {
                    "email": _(
                        "%(email)s already has an invitation as %(role)s, sent on %(date)s. "
                        "Withdraw it before sending another."
                    )
                    % {
                        "email": email,
                        "role": role.label.lower(),
                        "date": existing.created_at.strftime("%-d %B %Y"),
                    }
                }
            )
        # An expired invitation makes way for the new one.
        existing.revoked_at = now
        existing.save(update_fields=["revoked_at"])
    invitation = Invitation(
        place=place,
        email=email,
        role=role,
        organisation=organisation,
        invited_by=actor,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    invitation.full_clean(exclude=["token"])
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError as exc:  # a concurrent request sent the same invitation
        raise RuleViolation(
            {"email": _("An invitation for this person and role was just sent.")}
        ) from exc
    audit_record(
        place=place,
        actor=actor,
        action="accounts.invitation.create",
        target=invitation,
        changes={"email": email, "role": role, "organisation": organisation},
    )
    _queue_invitation_email(place, invitation)
    return invitation


def _queue_invitation_email(place, invitation):
    """The invitation email goes through the place's outbox, in this transaction: sent once by a
    worker after commit, retried with back-off, and a failure or bounce shows on the outbox page."""
    from django.template.loader import render_to_string
    from django.urls import reverse

    from coordination.notifications.emails import absolute_url, from_address
    from coordination.notifications.services import outbox_enqueue

    accept_path = reverse(
        "places:invitation_accept", kwargs={"place_slug": place.slug, "token": invitation.token}
    )
    context = {"invitation": invitation, "place": place, "accept_url": absolute_url(accept_path)}
    outbox_enqueue(
        place=place,
        key=f"invitation:{invitation.pk}",
        to_email=invitation.email,
        kind=INVITATION_EMAIL_KIND,
        subject=_("You're invited to join %(place)s on InPlace") % {"place": place.name},
        text_body=render_to_string("accounts/email/invitation.txt", context),
        html_body=render_to_string("accounts/email/invitation.html", context),
        headers={"From": from_address(place)},
    )


@transaction.atomic
def invitation_revoke(*, place, actor, invitation):
    if invitation.status != "pending":
        raise RuleViolation(_("Only a pending invitation can be withdrawn."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(place=place, actor=actor, action="accounts.invitation.revoke", target=invitation)
    return invitation


def invitation_problem(invitation, user):
    """Why this person cannot accept this invitation now, in words for them; None if they can."""
    status = invitation.status
    if status == "accepted":
        return _("This invitation has already been accepted.")
    if status == "revoked":
        return _(
            "This invitation was withdrawn. Ask the coordinator in %(place)s for a new one."
        ) % {"place": invitation.place}
    if status == "expired":
        return _(
            "This invitation expired on %(date)s. Ask the coordinator in %(place)s to send a new one."
        ) % {
            "date": timezone.localtime(invitation.expires_at).strftime("%-d %B %Y"),
            "place": invitation.place,
        }
    if user is not None and user.email.lower() != invitation.email.lower():
        return _("This invitation was sent to %(email)s. Sign in as that person to accept it.") % {
            "email": invitation.email
        }
    return None


@transaction.atomic
def invitation_accept(*, invitation, user):
    invitation = (
        Invitation.objects.for_place(invitation.place).select_for_update().get(pk=invitation.pk)
    )
    problem = invitation_problem(invitation, user)
    if problem:
        raise RuleViolation(problem)
    membership, created = Membership.objects.for_place(invitation.place).get_or_create(
        place=invitation.place,
        user=user,
        role=invitation.role,
        defaults={"organisation": invitation.organisation},
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    forget_roles(user)
    audit_record(
        place=invitation.place,
        actor=user,
        action="accounts.invitation.accept",
        target=invitation,
        changes={"membership": membership.pk, "role": invitation.role},
    )
    return membership


@transaction.atomic
def resident_join(*, place, user):
    """A person signs themselves up to a place as a resident."""
    membership, created = Membership.objects.for_place(place).get_or_create(
        place=place, user=user, role=Role.RESIDENT
    )
    if created:
        forget_roles(user)
        audit_record(
            place=place,
            actor=user,
            action="accounts.membership.join",
            target=membership,
            changes={"role": Role.RESIDENT},
        )
    return membership


def _admins_left(place, excluding):
    return (
        Membership.objects.for_place(place)
        .filter(role=Role.PLACE_ADMIN)
        .exclude(pk=excluding.pk)
        .exists()
    )


@transaction.atomic
def membership_update(*, place, actor, membership, role, organisation=None):
    role = Role(role)
    _check_organisation(place=place, role=role, organisation=organisation)
    if (
        membership.role == Role.PLACE_ADMIN
        and role != Role.PLACE_ADMIN
        and not _admins_left(place, membership)
    ):
        raise RuleViolation(
            {"role": _("%(place)s needs at least one place admin.") % {"place": place}}
        )
    if (
        role != membership.role
        and Membership.objects.for_place(place).filter(user=membership.user, role=role).exists()
    ):
        raise RuleViolation({"role": _("This person already holds that role here.")})
    before = {"role": membership.role, "organisation": membership.organisation}
    membership.role = role
    membership.organisation = organisation
    membership.full_clean()
    membership.save()
    forget_roles(membership.user)
    audit_record(
        place=place,
        actor=actor,
        action="accounts.membership.update",
        target=membership,
        changes={"before": before, "after": {"role": role, "organisation": organisation}},
    )
    return membership


@transaction.atomic
def membership_end(*, place, actor, membership):
    if membership.role == Role.PLACE_ADMIN and not _admins_left(place, membership):
        raise RuleViolation(_("%(place)s needs at least one place admin.") % {"place": place})
    audit_record(
        place=place,
        actor=actor,
        action="accounts.membership.end",
        target=membership,
        changes={"user": membership.user.email, "role": membership.role},
    )
    forget_roles(membership.user)
    membership.delete()


PROFILE_FIELDS = ("name", "contact_email", "phone", "reach_note")


@transaction.atomic
def profile_update(*, user, name, contact_email="", phone="", reach_note=""):
    """A person changes their own name and how to reach them.

    A contact address equal to the sign-in address is kept empty, so it follows the sign-in
    address when that changes. The audit entry goes to each of the person's places (whose admins
    see these details) and names the fields that changed, never their values.
    """
    person = User.objects.select_for_update().get(pk=user.pk)
    contact_email = (contact_email or "").strip().lower()
    if contact_email == person.email.lower():
        contact_email = ""
    after = {
        "name": " ".join((name or "").split()),
        "contact_email": contact_email,
        "phone": " ".join((phone or "").split()),
        "reach_note": (reach_note or "").strip(),
    }
    if not after["name"]:
        raise RuleViolation({"name": _("Enter your full name.")})
    changed = [field for field in PROFILE_FIELDS if getattr(person, field) != after[field]]
    if not changed:
        return person
    for field in changed:
        setattr(person, field, after[field])
    full_clean(person, exclude=[f.name for f in User._meta.fields if f.name not in changed])
    person.save(update_fields=changed)
    for place, _memberships in places_of(person):
        audit_record(
            place=place,
            actor=person,
            action="accounts.profile.update",
            target=person,
            changes={"fields": changed},
        )
    for field in changed:
        setattr(user, field, after[field])
    return person


def last_place_remember(*, user, place):
    """Remember the place a person chose or opened last: signing in takes them back there.

    Writes only when it changes (one UPDATE, no audit entry).
    """
    if user.last_place_id != place.pk:
        User.objects.filter(pk=user.pk).update(last_place=place)
        user.last_place = place
