"""Fill the three first places with demo data. Safe to re-run: what exists is left as it is."""

from datetime import timedelta
from io import StringIO

from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from boards.demo import seed_boards
from commissioning.demo import seed_commissioning_demo
from coordination.accounts.models import Membership, Role, User
from coordination.organisations.models import Community, Organisation
from coordination.organisations.services import organisation_create
from coordination.places.demo import data
from coordination.places.models import Area, Place
from coordination.places.services import area_create
from coordination.places.tenancy import place_scope
from coordination.practice.demo import seed_practice_demo
from coordination.statements.demo import seed_statements_demo
from funding.demo import seed_funding_demo
from mapping.demo import seed_mapping_demo


class Command(BaseCommand):
    help = "Create demo areas, organisations and people in Buckinghamshire, Coventry and Sutton."

    def handle(self, *args, **options):
        self.created = 0
        with transaction.atomic():
            communities = {name: self._community(name) for name in data.COMMUNITIES}
            places = {p.slug: p for p in Place.objects.filter(slug__in=data.AREAS)}
            for place in places.values():
                with place_scope(place):
                    self._seed_place(place, communities)
            national = self._organisation(None, data.NATIONAL_FUNDER, communities)
            national.places.add(*places.values())
            self._seed_two_place_leader(places, communities)
            # The community assets come first: Sutton's St Helier ideas build on them.
            self.created += sum(seed_mapping_demo(place) for place in places.values())
            self.created += seed_boards(places.values())
            self.created += sum(seed_commissioning_demo(place) for place in places.values())
            self.created += sum(seed_funding_demo(place) for place in places.values())
            self.created += seed_practice_demo(places.values())
            # Last: every demo person accepts the current terms.
            self.created += seed_statements_demo(places.values())
            # The search index, made again from everything above (rows a bulk write left out).
            call_command("rebuild_search_index", stdout=StringIO())
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({self.created} new records)."))
        self._print_sign_ins(places)

    def _community(self, name):
        community, created = Community.objects.get_or_create(
            slug=slugify(name), defaults={"name": name}
        )
        self.created += created
        return community

    def _organisation(self, place, row, communities):
        name, kind, org_id, income_band, community_names, description = row
        postcode = data.REGISTERED_POSTCODES.get(name, "")
        existing = Organisation.objects.filter(name=name).first()
        if existing:
            if place is not None:
                existing.places.add(place)
            if not existing.registered_postcode and postcode:
                Organisation.objects.filter(pk=existing.pk).update(registered_postcode=postcode)
            return existing
        self.created += 1
        return organisation_create(
            place=place or Place.objects.order_by("pk").first(),
            actor=None,
            name=name,
            kind=kind,
            org_id=org_id,
            income_band=income_band,
            registered_postcode=postcode,
            description=description,
            communities=[communities[c] for c in community_names],
        )

    def _seed_place(self, place, communities):
        areas = []
        for name, kind in data.AREAS[place.slug]:
            area = Area.objects.for_place(place).filter(slug=slugify(name)).first()
            if area is None:
                area = area_create(place=place, name=name, kind=kind)
                self.created += 1
            areas.append(area)
        organisations = {}
        for index, row in enumerate(data.ORGANISATIONS[place.slug]):
            organisation = self._organisation(place, row, communities)
            if not organisation.areas.filter(place=place).exists() and row[1] not in (
                "council",
                "funder",
                "health",
            ):
                # Each local group works in two or three neighbouring areas.
                organisation.areas.add(*areas[index % len(areas) : index % len(areas) + 3])
            organisations.setdefault(row[1], organisation)
        for role, local, name, organisation_kind in data.PEOPLE:
            user = self._person(
                f"{local}@{place.slug}.demo.inplace.example", f"{name} ({place.name})"
            )
            organisation = organisations.get(organisation_kind) if organisation_kind else None
            self._membership(place, user, role, organisation)

    def _seed_two_place_leader(self, places, communities):
        spec = data.TWO_PLACE_LEADER
        user = self._person(spec["email"], spec["name"])
        for slug in spec["places"]:
            place = places[slug]
            with place_scope(place):
                organisation = self._organisation(place, spec["organisation"], communities)
                self._membership(place, user, Role.CHARITY_LEADER, organisation)

    def _person(self, email, name):
        user = User.objects.filter(email=email).first()
        if user is None:
            # Demo people are established accounts: a new account's posting is limited.
            user = User.objects.create_user(
                email=email,
                password=data.DEMO_PASSWORD,
                name=name,
                date_joined=timezone.now() - timedelta(days=365),
            )
            self.created += 1
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def _membership(self, place, user, role, organisation):
        _membership, created = Membership.objects.for_place(place).get_or_create(
            place=place, user=user, role=role, defaults={"organisation": organisation}
        )
        self.created += created

    def _print_sign_ins(self, places):
        self.stdout.write(f"\nDemo sign-ins (password for all: {data.DEMO_PASSWORD})")
        for slug in places:
            for role, local, _name, _kind in data.PEOPLE:
                self.stdout.write(f"  {Role(role).label:<28} {local}@{slug}.demo.inplace.example")
        self.stdout.write(
            f"  {'Charity leader in two places':<28} {data.TWO_PLACE_LEADER['email']}"
        )
