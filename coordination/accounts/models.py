"""People, their memberships of places (person x place x organisation x role) and invitations."""

import re
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.places.tenancy import PlaceScoped, PlaceScopedQuerySet, place_scoped_manager
from coordination.text_limits import NOTE, BoundedTextField

PHONE_LENGTH = 32
_PHONE = re.compile(r"\+?[0-9 ]+")


def validate_phone(value):
    """A UK-style phone number: digits and spaces, perhaps a leading +, 10 to 15 digits."""
    digits = sum(c.isdigit() for c in value)
    if not _PHONE.fullmatch(value) or not 10 <= digits <= 15:
        raise ValidationError(
            _("Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"),
            code="phone",
        )


# How a closed account is shown wherever its person was named.
FORMER_MEMBER = _("Former member")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person. Signs in with their email address."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("full name"), max_length=150, blank=True)
    # How to reach the person: seen only by them and the place admins of their places.
    contact_email = models.EmailField(
        _("contact email address"),
        blank=True,
        help_text=_("Leave it empty to be reached at the email address you sign in with."),
    )
    phone = models.CharField(
        _("phone number"), max_length=PHONE_LENGTH, blank=True, validators=[validate_phone]
    )
    reach_note = BoundedTextField(
        _("how to reach me"),
        max_length=NOTE,
        blank=True,
        help_text=_("For example, the days and times you can take calls."),
    )
    # The place the person last chose or opened: where signing in takes them (accounts.landing).
    last_place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Closing an account keeps the row (records others rely on name it) without what identified
    # the person: everywhere it is shown it reads "Former member" (coordination/personal_data).
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the retention task warned that the account would close for want of use: once.
    dormant_warned_at = models.DateTimeField(null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["name", "email"]
        # Lists of people in name order (a place's members, the pickers) read a page of a county's
        # hundred thousand people from this index instead of sorting them all.
        indexes = [models.Index(fields=["name", "email"], name="user_name_email")]

    def __str__(self):
        return self.get_full_name()

    @property
    def is_closed(self):
        return self.closed_at is not None

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if getattr(self, "_password_replaced", False):
            self._password_replaced = False
            from .tokens import api_tokens_revoke_all

            api_tokens_revoke_all(user=self, reason="password changed")

    # Every way a password changes goes through these and then save(): allauth's change, set and
    # reset, the admin's set-password form, manage.py changepassword, our own code. A new password
    # ends the person's API tokens, as Django's session hash ends their other browser sessions.
    def set_password(self, raw_password):
        super().set_password(raw_password)
        self._password_replaced = self.pk is not None

    def set_unusable_password(self):
        super().set_unusable_password()
        self._password_replaced = self.pk is not None

    def get_full_name(self):
        if self.closed_at is not None:
            return str(FORMER_MEMBER)
        return self.name or self.email

    def get_short_name(self):
        if self.closed_at is not None:
            return str(FORMER_MEMBER)
        return (self.name.split() or [self.email])[0]

    @property
    def reach_email(self):
        """The address to write to: the contact address if given, else the sign-in address."""
        return self.contact_email or self.email


class ApiToken(models.Model):
    """A personal API token, ``Authorization: Token ipt_<prefix>_<secret>``: acts as its person.

    Only a hash is kept; the token itself is shown once, when it is made. It stops working at
    ``expires_at``, when its person revokes it (the row is deleted) or changes their password.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    # The first characters of the token, kept in clear to find it and to show which it is.
    prefix = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)  # sha256 hex of the whole token
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"ipt_{self.prefix}…"

    @property
    def has_expired(self):
        return timezone.now() >= self.expires_at


class Role(models.TextChoices):
    PLACE_ADMIN = "place_admin", _("Place admin")
    COUNCIL_OFFICER = "council_officer", _("Council officer")
    FUNDER = "funder", _("Funder")
    CHARITY_LEADER = "charity_leader", _("Charity leader")
    PARTNER = "partner", _("Health or business partner")
    RESIDENT = "resident", _("Resident")


class Membership(PlaceScoped):
    """A person's role in a place, usually on behalf of an organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user__name", "user__email", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "user", "role"], name="membership_one_role_per_place"
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.place})"


def _new_token():
    return secrets.token_urlsafe(32)


class InvitationQuerySet(PlaceScopedQuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(PlaceScoped):
    """A place admin's invitation to join a place in a role, accepted through a secret link."""

    email = models.EmailField()
    role = models.CharField(max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = place_scoped_manager(InvitationQuerySet)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "email", "role"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_role",
            )
        ]

    def __str__(self):
        return f"{self.email} as {self.get_role_display()} in {self.place}"

    @property
    def status(self):
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"
