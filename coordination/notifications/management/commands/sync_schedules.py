"""manage.py sync_schedules: write the notification schedules declared in code to beat's tables."""

from django.core.management.base import BaseCommand

from coordination.notifications.schedules import sync_schedules


class Command(BaseCommand):
    help = (
        "Create or update the django-celery-beat rows for reminders, digests and outbox delivery."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database, **options):
        for name, outcome in sync_schedules(using=database).items():
            self.stdout.write(f"{outcome:>9}  {name}")
