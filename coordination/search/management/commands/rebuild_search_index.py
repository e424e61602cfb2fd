"""Make every place's search index again from its records (safe to rerun)."""

from django.core.management.base import BaseCommand, CommandError

from coordination.places.models import Place
from coordination.search.indexing import analyse, rebuild


class Command(BaseCommand):
    help = "Rebuild the search index of every place, or of the places named."

    def add_arguments(self, parser):
        parser.add_argument("places", nargs="*", help="Place slugs (default: every place)")

    def handle(self, *args, **options):
        places = Place.objects.order_by("slug")
        if options["places"]:
            places = places.filter(slug__in=options["places"])
            missing = set(options["places"]) - set(places.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"No such place: {', '.join(sorted(missing))}")
        for place in places:
            written = rebuild(place)
            self.stdout.write(f"{place.slug}: {written} entries")
        analyse()
