"""What the accounts part holds about a person (profile, memberships, tokens, invitations, the
sign-in addresses and authenticators allauth keeps), and how it forgets them on closing."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.utils import timezone

from coordination.audit.services import audit_record
from coordination.personal_data.registry import PersonalData, model_data, rows_of

from .models import Invitation, Membership, User
from .permissions import forget_roles
from .tokens import api_tokens_revoke_all

PROFILE_COLUMNS = (
    "id",
    "email",
    "name",
    "contact_email",
    "phone",
    "reach_note",
    "date_joined",
    "last_login",
    "last_place_id",
)


def collect_profile(user):
    yield from rows_of(User.objects.filter(pk=user.pk), PROFILE_COLUMNS)


def end_memberships(user):
    # The account is closing: its roles end in every place (the last-admin rule was checked
    # before closing began). Nothing links to a membership, so the rows go, as membership_end
    # removes them; each place's audit trail (and its partners' webhooks) records the end.
    for membership in Membership.objects.filter(user=user).select_related("place", "user"):
        audit_record(
            place=membership.place,
            actor=None,
            action="accounts.membership.end",
            target=membership,
            changes={"role": membership.role, "reason": "account closed"},
        )
        membership.delete()
    forget_roles(user)


def revoke_tokens(user):
    api_tokens_revoke_all(user=user, reason="account closed")


def forget_invitations(user):
    # Invitations still open to the person's addresses are withdrawn; ones they accepted keep the
    # fact, not the address.
    addresses = {
        user.email,
        *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
    }
    now = timezone.now()
    invitations = Invitation.objects.filter(email__in=addresses)
    invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    invitations.update(email=closed_email(user))


def forget_addresses(user):
    EmailAddress.objects.filter(user=user).delete()


def forget_authenticators(user):
    Authenticator.objects.filter(user=user).delete()


def closed_email(user):
    """The unique placeholder a closed account's email address becomes."""
    return f"closed-{user.pk}@closed.invalid"


def collect_invitations(user):
    addresses = {
        user.email,
        *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
    }
    yield from rows_of(
        Invitation.objects.filter(email__in=addresses),
        (
            "id",
            "place_id",
            "email",
            "role",
            "organisation_id",
            "created_at",
            "expires_at",
            "accepted_at",
            "revoked_at",
        ),
    )


ENTRIES = (
    PersonalData(
        name="accounts.profile",
        collect=collect_profile,
        description="Your name, sign-in and contact details.",
    ),
    model_data(
        "accounts.memberships",
        "accounts.Membership",
        ["user"],
        ("id", "place_id", "organisation_id", "role", "created_at", "updated_at"),
        anonymise=end_memberships,
    ),
    model_data(
        "accounts.api_tokens",
        "accounts.ApiToken",
        ["user"],
        ("id", "prefix", "created_at", "expires_at", "last_used_at"),
        anonymise=revoke_tokens,
    ),
    PersonalData(
        name="accounts.invitations_to_you",
        collect=collect_invitations,
        anonymise=forget_invitations,
        covers=("accounts.Invitation.accepted_by",),
    ),
    model_data(
        "accounts.invitations_sent",
        "accounts.Invitation",
        ["invited_by"],
        ("id", "place_id", "role", "created_at", "expires_at", "accepted_at", "revoked_at"),
    ),
    model_data(
        "accounts.email_addresses",
        "account.EmailAddress",
        ["user"],
        ("id", "email", "verified", "primary"),
        anonymise=forget_addresses,
    ),
    model_data(
        "accounts.authenticators",
        "mfa.Authenticator",
        ["user"],
        ("id", "type", "created_at", "last_used_at"),
        anonymise=forget_authenticators,
    ),
)
