"""Add a place (a new tenant) with no code change: manage.py add_place "Leeds" --colour "#00703c"."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from coordination.places.models import Weekday
from coordination.places.services import place_create


class Command(BaseCommand):
    help = "Create a new place. Areas, organisations and a first place admin can then be added in the browser."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--slug", help="address segment, e.g. leeds (default: from the name)")
        parser.add_argument("--timezone", default="Europe/London")
        parser.add_argument("--colour", default="#1d70b8", help="header colour as #rrggbb")
        parser.add_argument("--gss-code", default="", help="ONS GSS code of the local authority")
        parser.add_argument(
            "--digest-weekday", default="monday", choices=[d.name.lower() for d in Weekday]
        )
        parser.add_argument("--digest-hour", type=int, default=8)
        parser.add_argument("--admin-email", help="invite this person as the place's first admin")

    def handle(self, *args, **options):
        try:
            place = place_create(
                name=options["name"],
                slug=options["slug"],
                timezone=options["timezone"],
                primary_colour=options["colour"],
                gss_code=options["gss_code"],
                digest_weekday=Weekday[options["digest_weekday"].upper()],
                digest_hour=options["digest_hour"],
            )
        except ValidationError as exc:
            raise CommandError(
                "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            ) from exc
        self.stdout.write(self.style.SUCCESS(f"Created {place.name} at /{place.slug}/"))
        if options["admin_email"]:
            from coordination.accounts.models import Role
            from coordination.accounts.services import invitation_create

            invitation_create(
                place=place, actor=None, email=options["admin_email"], role=Role.PLACE_ADMIN
            )
            self.stdout.write(f"Invited {options['admin_email']} as place admin.")
