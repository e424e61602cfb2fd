"""Place A's objects for the isolation walk (tests/test_isolation.py), and what identifies them.

``PLACE_A_BUILDERS`` fill a place with one of every kind of object (or n of them); ``build_world``
fills Sutton (B) and Buckinghamshire (A) so that none of A's identifiers means anything in B. The
query budgets and the API's fuzzing fill their places with the same builders.
"""

from dataclasses import dataclass, field

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps
from django.db import connection, models
from django.db.models import F, Value
from django.db.models.functions import Cast, Replace

from coordination.accounts import services as account_services
from coordination.accounts.models import Membership, Role, User
from coordination.api.scopes import known_scopes
from coordination.api.services import partner_key_create
from coordination.organisations import services as organisation_services
from coordination.places.models import Area, AreaKind, Place
from coordination.places.services import area_create
from coordination.places.tenancy import PlaceScoped, place_scope, scopes_disabled
from coordination.search.indexing import rebuild as search_rebuild
from tests.support.applying import build_applying
from tests.support.boards import build_boards
from tests.support.commissioning import build_commissioning
from tests.support.factories import OrganisationFactory, UserFactory, api_token
from tests.support.funding import (
    build_board_funds,
    build_budget_rounds,
    build_funding,
    build_variations,
)
from tests.support.mapping import build_mapping
from tests.support.notifications import build_notifications
from tests.support.practice import build_practice
from tests.support.statements import build_statements
from tests.support.webhooks import build_webhooks

IDENTIFIER_FIELD_NAMES = {"slug", "token", "key", "reference", "code", "gss_code", "org_id"}
IDENTIFYING_TEXT_FIELD_NAMES = {"name", "title", "email", "token", "key", "slug", "target_repr"}
MIN_TEXT_LENGTH = 6


def build_areas(place, actor, n):
    parent = area_create(place=place, actor=actor, name="Quokka Vale", kind=AreaKind.LOCALITY)
    kinds = [AreaKind.WARD, AreaKind.COMMUNITY_BOARD_AREA, AreaKind.NEIGHBOURHOOD]
    for i in range(max(n, len(kinds))):  # one of each kind at least: other builders need them
        area_create(
            place=place,
            actor=actor,
            name=f"Quokka Ward {i}",
            kind=kinds[i % len(kinds)],
            gss_code=f"E0590{i:04d}",
            parent=parent,
        )


def build_organisations(place, actor, n):
    areas = list(Area.objects.for_place(place).order_by("pk"))
    for i in range(n):
        organisation_services.organisation_create(
            place=place,
            actor=actor,
            name=f"Quokka Trust {i}",
            kind="registered_charity",
            email=f"trust{i}@quokka-only.example",
            description=f"Quokka Trust {i} helps quokkas.",
            areas=areas[i % len(areas) :][:2],
        )


def build_members(place, actor, n):
    organisations = list(place.organisations.all())
    roles = [Role.CHARITY_LEADER, Role.COUNCIL_OFFICER, Role.FUNDER, Role.PARTNER, Role.RESIDENT]
    for i in range(n):
        person = UserFactory(
            name=f"Quentin Quokka {i}", email=f"member{i}@{place.slug}.quokka-only.example"
        )
        role = roles[i % len(roles)]
        Membership.objects.create(
            place=place,
            user=person,
            role=role,
            organisation=None if role == Role.RESIDENT else organisations[i % len(organisations)],
        )
    joiner = UserFactory(
        name="Quinn Quokka Joiner", email=f"joiner@{place.slug}.quokka-only.example"
    )
    account_services.resident_join(place=place, user=joiner)


def build_partner_keys(place, actor, n):
    for i in range(n):
        partner_key_create(
            place=place, actor=actor, name=f"Quokka partner key {i}", scopes=["read"]
        )


def build_invitations(place, actor, n):
    organisations = list(place.organisations.all())
    invitations = [
        account_services.invitation_create(
            place=place,
            actor=actor,
            email=f"invitee{i}@{place.slug}.quokka-only.example",
            role=Role.CHARITY_LEADER,
            organisation=organisations[i % len(organisations)],
        )
        for i in range(n)
    ]
    account_services.invitation_revoke(place=place, actor=actor, invitation=invitations[0])


# Each builder(place, actor, n) adds n or more objects of each kind to a place (audited through
# services where one exists); the walk runs each for B and for A with n=1. Apps with place-owned
# objects add theirs here.
PLACE_A_BUILDERS = [
    build_areas,
    build_organisations,
    build_members,
    build_invitations,
    build_notifications,
    build_partner_keys,
    build_webhooks,
    build_boards,
    build_mapping,
    build_funding,
    build_variations,
    build_applying,
    build_board_funds,
    build_budget_rounds,
    build_commissioning,
    build_practice,
    build_statements,
]


def place_owned_rows(place, other):
    """(model label, row) for every object that is place's and not also other's."""
    for model in apps.get_models():
        if issubclass(model, PlaceScoped):
            for row in model.objects.for_place(place):
                yield model._meta.label_lower, row
        else:  # a place's own additions to something shared (a theme, a community)
            for f in model._meta.concrete_fields:
                if f.is_relation and f.related_model is Place and model not in (Place, User):
                    for row in model._base_manager.filter(**{f.name: place}):
                        yield model._meta.label_lower, row
        for m2m in model._meta.many_to_many:
            if m2m.related_model is Place:
                rows = model.objects.filter(**{m2m.name: place}).exclude(**{m2m.name: other})
                for row in rows:
                    yield model._meta.label_lower, row
    members = Membership.objects.for_place(place).values("user")
    others = Membership.objects.for_place(other).values("user")
    for person in User.objects.filter(pk__in=members).exclude(pk__in=others):
        yield User._meta.label_lower, person


@dataclass
class Identifiers:
    values: dict = field(default_factory=dict)  # model label -> set of ints and strings
    # (model label, field name) -> the same values by the field they come from
    by_field: dict = field(default_factory=dict)
    text: set = field(default_factory=set)  # names, emails, tokens that must never show elsewhere

    def all_values(self):
        return set().union(*self.values.values()) if self.values else set()


def identifiers_of(place, other):
    found = Identifiers()
    for label, row in place_owned_rows(place, other):
        values = found.values.setdefault(label, set())
        values.add(row.pk)
        found.by_field.setdefault((label, "pk"), set()).add(row.pk)
        for f in row._meta.concrete_fields:
            value = getattr(row, f.attname)
            if value in (None, ""):
                continue
            if isinstance(f, (models.SlugField, models.UUIDField)) or (
                isinstance(f, models.CharField)
                and not f.choices
                and (f.unique or f.name in IDENTIFIER_FIELD_NAMES)
            ):
                values.add(str(value))
                found.by_field.setdefault((label, f.name), set()).add(str(value))
            if isinstance(f, models.EmailField) or (
                isinstance(f, (models.CharField, models.TextField))
                and f.name in IDENTIFYING_TEXT_FIELD_NAMES
            ):
                if len(str(value)) >= MIN_TEXT_LENGTH:
                    found.text.add(str(value))
    return found


FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


def build_world():
    """Sutton (B) and Buckinghamshire (A) with one of everything each, and a person holding every
    role in each; B's objects renamed, A's ids above any of B's; what the walk needs of them."""
    bucks = Place.objects.get(slug="buckinghamshire")
    sutton = Place.objects.get(slug="sutton")

    def everyone(place, label):
        person = UserFactory(name=f"{label} Everyrole", email=f"everyrole@{place.slug}.example")
        organisation = OrganisationFactory(name=f"{label} Everyrole Org", places=[place])
        for role in Role:
            Membership.objects.create(
                place=place,
                user=person,
                role=role,
                organisation=None if role in {Role.RESIDENT, Role.PLACE_ADMIN} else organisation,
            )
        # A place admin must use two-factor authentication (MFA_REQUIRED_FOR_ADMINS): with an
        # authenticator the pages render, rather than every one sending them to set one up.
        TOTP.activate(person, generate_totp_secret())
        return person

    b_person = everyone(sutton, "Sutton")
    # B has one of everything too, so B's lists have rows to show and B's objects can be changed
    # (with A's ids in the body); renamed, so that nothing of B's reads like A's.
    with place_scope(sutton):
        for build in PLACE_A_BUILDERS:
            build(sutton, b_person, 1)
    _rename(sutton, bucks, "Quokka", "Wombat")
    # The rename wrote no signals: B's search index is made again from B's renamed records.
    search_rebuild(sutton)
    # B's ways into the API besides a browser session: the person's own token, and partner keys
    # of B, one reading only and one with every write scope.
    with place_scope(sutton):
        _row, read_key = partner_key_create(
            place=sutton, actor=b_person, name="Sutton reader", scopes=["read"]
        )
        _row, write_key = partner_key_create(
            place=sutton, actor=b_person, name="Sutton writer", scopes=known_scopes()
        )
    b = identifiers_of(sutton, bucks)
    a_person = everyone(bucks, "Buckinghamshire")
    # Every id place A gets from here on is above any id B has, in whatever table, so one object
    # of each kind is enough: none of A's ids can mean something in B by coincidence.
    _ids_start_above(max(v for v in b.all_values() | {sutton.pk} if isinstance(v, int)))
    with place_scope(bucks):  # as a request to A would be: the services' related managers need it
        for build in PLACE_A_BUILDERS:
            build(bucks, a_person, 1)
    search_rebuild(bucks)  # every one of A's records searchable, bulk writes included
    a = identifiers_of(bucks, sutton)
    a.text -= b.text
    b_values = b.all_values() | {sutton.pk, sutton.slug}
    credentials = {
        "token": f"Token {api_token(b_person)}",
        "partner read key": f"Bearer {read_key}",
        "partner write key": f"Bearer {write_key}",
    }
    return {
        "a": a,
        "b": b,
        "b_values": b_values,
        "a_person": a_person,
        "b_person": b_person,
        "credentials": credentials,
        "fingerprint": _fingerprint_query(bucks),
        "b_fingerprint": _fingerprint_query(sutton),
    }


def _rename(place, other, old, new):
    """Replace ``old`` (and its lower and upper case) by ``new`` in every text of place's
    objects."""
    rows = {}
    for _label, row in place_owned_rows(place, other):
        rows.setdefault(type(row), set()).add(row.pk)
    for model, pks in rows.items():
        changes = {}
        for f in model._meta.concrete_fields:
            if isinstance(f, (models.CharField, models.TextField)) and not f.choices:
                text = F(f.name)
            elif isinstance(f, models.JSONField):
                text = Cast(F(f.name), models.TextField())
            else:
                continue
            for before, after in (
                (old, new),
                (old.lower(), new.lower()),
                (old.upper(), new.upper()),
            ):
                text = Replace(text, Value(before), Value(after))
            changes[f.name] = Cast(text, f) if isinstance(f, models.JSONField) else text
        if changes:
            with scopes_disabled():
                model._base_manager.filter(pk__in=pks).update(**changes)


def _ids_start_above(floor):
    """Move every table's id sequence past ``floor`` (sequences ignore the rollback: harmless)."""
    if connection.vendor != "postgresql":
        return  # elsewhere A's ids may meet B's: the walk then just tries fewer of them
    with connection.cursor() as cursor:
        for model in apps.get_models():
            pk = model._meta.pk
            if not isinstance(pk, models.AutoField) or model._meta.proxy:
                continue
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, %s), "
                "GREATEST(nextval(pg_get_serial_sequence(%s, %s)), %s))",
                [model._meta.db_table, pk.column] * 2 + [floor + 1],
            )


def _fingerprint_query(place):
    """One query giving (table, digest of its rows) for every table holding place's objects:
    PlaceScoped rows, rows linked to the place, and the place's people."""
    quote = connection.ops.quote_name
    parts, params = [], []

    def add(model, where, *where_params):
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        rows = f"string_agg(t::text, '|' ORDER BY t.{pk})"
        # Every name comes from the models' own metadata, quoted; values are parameters.
        parts.append(f"SELECT %s, md5(coalesce({rows}, '')) FROM {table} t WHERE {where}")  # noqa: S608
        params.extend([model._meta.label_lower, *where_params])

    def linked(model, through, column, place_column):
        pk = quote(model._meta.pk.column)
        inner = f"SELECT {quote(column)} FROM {quote(through)} WHERE {quote(place_column)} = %s"  # noqa: S608
        add(model, f"t.{pk} IN ({inner})", place.pk)

    for model in apps.get_models():
        if issubclass(model, PlaceScoped):
            add(model, f"t.{quote(model._meta.get_field('place').column)} = %s", place.pk)
        elif model not in (Place, User):  # people: by membership, below
            for f in model._meta.concrete_fields:
                if f.is_relation and f.related_model is Place:
                    add(model, f"t.{quote(f.column)} = %s", place.pk)
        for m2m in model._meta.many_to_many:
            if m2m.related_model is not Place or model is Place:
                continue
            through = m2m.remote_field.through._meta
            own = next(f for f in through.get_fields() if getattr(f, "related_model", 0) is model)
            to_place = next(
                f for f in through.get_fields() if getattr(f, "related_model", 0) is Place
            )
            linked(model, through.db_table, own.column, to_place.column)
    members = Membership._meta
    linked(
        User,
        members.db_table,
        members.get_field("user").column,
        members.get_field("place").column,
    )
    return " UNION ALL ".join(parts), params
