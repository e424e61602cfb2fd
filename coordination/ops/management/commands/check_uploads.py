"""List stored files that their upload policy refuses (kept before the policy, or before it grew
stricter), so an operator can review and remove them. Exits with an error when there are any."""

from django.core.management.base import BaseCommand, CommandError

from coordination.places.tenancy import scopes_disabled
from coordination.uploads import stored_files_refused


class Command(BaseCommand):
    help = "Check every stored upload against its field's upload policy; list those refused."

    def handle(self, *args, **options):
        refused = 0
        with scopes_disabled():
            for label, pk, name, message in stored_files_refused():
                refused += 1
                self.stdout.write(f"{label} {pk}: {name}: {message}")
        if refused:
            raise CommandError(f"{refused} stored file(s) are refused by their upload policy.")
        self.stdout.write(self.style.SUCCESS("Every stored upload meets its upload policy."))
