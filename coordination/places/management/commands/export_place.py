"""Write one place and everything it owns to a JSON file (see coordination/places/transfer/)."""

import io

from django.core.management.base import BaseCommand, CommandError

from coordination.places.models import Place
from coordination.places.transfer import TransferError, export_place, write_export


class Command(BaseCommand):
    help = "Export a place (its rows, the shared rows they need, uploaded files) as one JSON file."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The place's slug, e.g. coventry.")
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")

    def handle(self, *args, slug, output=None, **options):
        place = Place.objects.filter(slug=slug).first()
        if place is None:
            raise CommandError(f"No place with the slug {slug!r}.")
        try:
            data = export_place(place)
        except TransferError as exc:
            raise CommandError(str(exc)) from exc
        if output:
            with open(output, "w", encoding="utf-8") as stream:
                write_export(data, stream)
            self.stderr.write(
                self.style.SUCCESS(
                    f"Exported {place.name}: {len(data['objects'])} rows, "
                    f"{len(data['shared'])} shared rows, {len(data['files'])} files, to {output}."
                )
            )
        else:
            buffer = io.StringIO()
            write_export(data, buffer)
            self.stdout.write(buffer.getvalue())
