"""Load a file written by export_place as a place of its own, with new keys, in one transaction."""

from django.core.management.base import BaseCommand, CommandError

from coordination.places.transfer import TransferError, import_place, read_export


class Command(BaseCommand):
    help = "Import a place from an export_place file, into a new (or empty) place."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The file export_place wrote.")
        parser.add_argument("--as-slug", help="Import under this slug instead of the file's.")
        parser.add_argument("--as-name", help="And this name (default: the file's, if free).")

    def handle(self, *args, file, as_slug=None, as_name=None, **options):
        try:
            with open(file, encoding="utf-8") as stream:
                data = read_export(stream)
            place = import_place(data, slug=as_slug, name=as_name)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        except TransferError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {place.name} at /{place.slug}/: {len(data['objects'])} rows."
            )
        )
