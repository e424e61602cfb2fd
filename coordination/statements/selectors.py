"""Reads of statements: the one a page shows, its history, what fills its placeholders, and which
terms a person has still to accept."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coordination.accounts.models import Membership
from coordination.accounts.permissions import can
from coordination.places.tenancy import scopes_disabled

from . import accessibility
from .defaults import DEFAULT_TERMS_CHANGES, DEFAULT_TERMS_VERSION, DEFAULTS
from .models import Kind, StatementAcceptance, StatementContacts, StatementVersion
from .rendering import render

KIND_SLUGS = {kind.value: kind for kind in Kind}


@dataclass(frozen=True)
class Shown:
    """A statement as a page shows it: a place's version, or the shipped default (``row`` None)."""

    kind: Kind
    body: str
    row: StatementVersion | None = None

    @property
    def is_default(self):
        return self.row is None

    @property
    def version(self):
        return self.row.version if self.row else None

    @property
    def published_at(self):
        return self.row.published_at if self.row else None


def can_edit(user, place):
    return place is not None and can(user, place, "manage_statements")


def contacts_of(place):
    if place is None:
        return None
    return StatementContacts.objects.for_place(place).first()


def _span(days):
    if days % 365 == 0:
        years = days // 365
        return _("1 year") if years == 1 else _("%(n)s years") % {"n": years}
    return _("1 day") if days == 1 else _("%(n)s days") % {"n": days}


def _date(value):
    return date_format(value, "j F Y")


def placeholder_values(place, contacts=None):
    """What each ``{{ name }}`` of a statement stands for in this place (or site-wide)."""
    contacts = contacts if contacts is not None else contacts_of(place)
    not_named = (
        _("not yet named by %(place)s’s admins") % {"place": place.name}
        if place is not None
        else _("the council or organisation that runs InPlace in your place")
    )
    not_given = _("the contact given on your place’s own statement")
    return {
        "place": place.name if place is not None else _("your place"),
        "controller": contacts.controller if contacts else not_named,
        "controller_contact": contacts.controller_contact if contacts else not_given,
        "dpo_contact": contacts.dpo_contact if contacts else not_given,
        "accessibility_contact": contacts.accessibility_contact if contacts else not_given,
        "retention_export": _span(settings.RETENTION_EXPORT_DAYS),
        "retention_notifications": _span(settings.RETENTION_NOTIFICATION_DAYS),
        "retention_outbox": _span(settings.RETENTION_OUTBOX_DAYS),
        "retention_dormant": _span(settings.RETENTION_DORMANT_ACCOUNT_DAYS),
        "retention_dormant_warning": _span(settings.RETENTION_DORMANT_WARNING_DAYS),
        "retention_request_log": _span(settings.RETENTION_REQUEST_LOG_DAYS),
        "new_account_days": settings.INPLACE_NEW_ACCOUNT_DAYS,
        "new_account_ideas": settings.INPLACE_NEW_ACCOUNT_IDEAS_PER_DAY,
        "new_account_comments": settings.INPLACE_NEW_ACCOUNT_COMMENTS_PER_DAY,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "messages_cookie": "messages",
        "idle_minutes": settings.SESSION_IDLE_TIMEOUT_MINUTES,
        "session_hours": settings.SESSION_COOKIE_AGE // 3600,
        "compliance": accessibility.compliance_text(),
        "known_issues": accessibility.known_issues_text(),
        "how_tested": accessibility.how_tested_text(),
        "tested_pages": accessibility.tested_pages_text(),
        "regulations": accessibility.REGULATIONS,
        "wcag": accessibility.WCAG_VERSION,
        "wcag_level": accessibility.WCAG_LEVEL,
        "tested_on": _date(accessibility.TESTED_ON),
        "prepared_on": _date(accessibility.PREPARED_ON),
        "reviewed_on": _date(accessibility.REVIEWED_ON),
    }


def stored_values(place):
    """Today's values as text, to keep with a version that is being replaced."""
    return {name: str(value) for name, value in placeholder_values(place).items()}


def values_for(place, row, is_current):
    """What a version's names stand for: today's for the current one, and for an older one what
    they stood for when it was replaced (any name it did not know then takes today's)."""
    today = placeholder_values(place)
    if is_current or not row.replaced_values:
        return today
    return {**today, **row.replaced_values}


def current(place, kind):
    """The statement a page of this place shows now: its newest version, or the default."""
    if place is not None:
        row = (
            StatementVersion.objects.for_place(place)
            .filter(kind=kind)
            .select_related("published_by")
            .order_by("-version")
            .first()
        )
        if row is not None:
            return Shown(kind=Kind(kind), body=row.body, row=row)
    return Shown(kind=Kind(kind), body=DEFAULTS[kind])


def rendered(place, shown):
    return render(shown.body, placeholder_values(place))


def history(place, kind):
    """Every version a place has published of a statement, newest first."""
    return list(
        StatementVersion.objects.for_place(place)
        .filter(kind=kind)
        .select_related("published_by")
        .order_by("-version")
    )


def version_in_place(place, kind, pk):
    return (
        StatementVersion.objects.for_place(place)
        .filter(kind=kind, pk=pk)
        .select_related("published_by")
        .first()
    )


# Terms a person must have accepted.


@dataclass(frozen=True)
class TermsDue:
    place: object  # a Place, or None for the shipped default
    version: int
    changes: str
    published_at: datetime | None = None


def required_terms(user):
    """{place id or None: version} of the terms the person must have accepted: the shipped
    default's, and the newest own terms of each active place they are a member of. One query."""
    with scopes_disabled():  # the person's own places, whichever they are
        newest = (
            StatementVersion.objects.filter(
                kind=Kind.TERMS,
                place__in=Membership.objects.filter(user=user).values("place_id"),
                place__is_active=True,
            )
            .values("place_id")
            .annotate(newest=Max("version"))
            .order_by("place_id")
        )
        required = {row["place_id"]: row["newest"] for row in newest}
    required[None] = DEFAULT_TERMS_VERSION
    return required


def fingerprint(required):
    return ";".join(f"{key or 0}:{value}" for key, value in sorted(required.items(), key=str))


def terms_due(user, required=None):
    """The terms the person has still to accept, with the summary of what changed: [TermsDue]."""
    required = required_terms(user) if required is None else required
    accepted = set(
        StatementAcceptance.objects.filter(user=user, kind=Kind.TERMS).values_list(
            "place_id", "version"
        )
    )
    missing = {key: v for key, v in required.items() if (key, v) not in accepted}
    due = []
    if None in missing:
        due.append(
            TermsDue(place=None, version=DEFAULT_TERMS_VERSION, changes=DEFAULT_TERMS_CHANGES)
        )
    places = [key for key in missing if key is not None]
    if places:
        with scopes_disabled():  # each row is of a place of the person's (required_terms)
            rows = (
                StatementVersion.objects.filter(kind=Kind.TERMS)
                .filter(place_id__in=places)
                .select_related("place")
                .order_by("place__name")
            )
            for row in rows:
                if missing.get(row.place_id) == row.version:
                    due.append(
                        TermsDue(
                            place=row.place,
                            version=row.version,
                            changes=row.changes,
                            published_at=row.published_at,
                        )
                    )
    return due
