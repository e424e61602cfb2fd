"""Benchmark: compose and queue every weekly digest for N members, in a throwaway database.

    DEBUG=true .venv/bin/python bench/digest.py --members 10000

Uses the server of the configured DATABASE_URL with a database of its own (inplace_bench_digest,
created and dropped here; never inplace_bench, the county bench/generate.py fills), or a temporary
SQLite file when the project is on SQLite. It creates the members across the places with a month
of activity (memberships, organisations, unread notifications, preferences), then times
dispatch_digests() for the weekly digests and counts its queries.
Target: at most 10 s on PostgreSQL for 10,000 members on a 2-core machine, and the same queries
per digest whatever the number of members.
"""

import argparse
import collections
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coordination.settings")

BENCH_DB = (
    "inplace_bench_digest"  # its own: inplace_bench holds the county bench/generate.py filled
)

# Roles as a place's membership is likely to be made up.
ROLE_SHARES = [
    ("place_admin", 0.01),
    ("council_officer", 0.05),
    ("funder", 0.03),
    ("charity_leader", 0.14),
    ("partner", 0.04),
    ("resident", 0.73),
]

NOTIFICATION_TITLES = [
    "Minutes of the community board meeting are published",
    "Your feedback on the funding round was read",
    "A new tender matches your organisation",
    "Someone commented on your co-design draft",
    "An action assigned to you is due next week",
    "A report-back you follow was updated",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the bench database afterwards")
    return parser.parse_args()


class ThrowawayDatabase:
    """A database of the bench's own on the configured server, or a temporary SQLite file."""

    def __init__(self):
        import environ

        url = os.environ.get("DATABASE_URL", "")
        self.config = environ.Env.db_url_config(url) if url else None
        self.tmpdir = None

    @property
    def is_postgres(self):
        return bool(self.config) and "postgresql" in self.config["ENGINE"]

    def __enter__(self):
        if self.is_postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}"', f'CREATE DATABASE "{BENCH_DB}"')
            c = self.config
            auth = c["USER"] + (f":{c['PASSWORD']}" if c.get("PASSWORD") else "")
            port = f":{c['PORT']}" if c.get("PORT") else ""
            os.environ["DATABASE_URL"] = (
                f"postgres://{auth}@{c['HOST'] or 'localhost'}{port}/{BENCH_DB}"
            )
            self.where = f"PostgreSQL database {BENCH_DB} on {c['HOST'] or 'localhost'}"
        else:
            self.tmpdir = tempfile.mkdtemp(prefix="inplace-bench-")
            os.environ["DATABASE_URL"] = f"sqlite:///{self.tmpdir}/bench.sqlite3"
            self.where = f"SQLite file in {self.tmpdir}"
        return self

    def __exit__(self, *exc):
        return False

    def _admin(self, *statements):
        import psycopg2

        c = self.config
        connection = psycopg2.connect(
            dbname="postgres",
            user=c["USER"],
            password=c.get("PASSWORD") or None,
            host=c["HOST"] or None,
            port=c.get("PORT") or None,
        )
        connection.autocommit = True
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        connection.close()

    def drop(self):
        from django.db import connections

        connections.close_all()
        if self.is_postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
        elif self.tmpdir:
            shutil.rmtree(self.tmpdir, ignore_errors=True)


def create_activity(members, rng, now):
    """Members across the places, with a month of activity; returns a summary line."""
    from django.contrib.auth.hashers import make_password

    from coordination.accounts.models import Membership, User
    from coordination.notifications.models import (
        DigestFrequency,
        Notification,
        NotificationPreference,
    )
    from coordination.organisations.models import Organisation
    from coordination.places.models import Place

    places = list(Place.objects.order_by("pk"))
    password = make_password(None)
    users = User.objects.bulk_create(
        [
            User(email=f"member{i}@bench.example", name=f"Member {i}", password=password)
            for i in range(members)
        ],
        batch_size=2000,
    )
    organisations = {}
    for place in places:
        created = Organisation.objects.bulk_create(
            [
                Organisation(name=f"{place.name} organisation {i}", kind="registered_charity")
                for i in range(max(10, members // 30 // len(places)))
            ]
        )
        Organisation.places.through.objects.bulk_create(
            [Organisation.places.through(organisation=o, place=place) for o in created]
        )
        # Organisations joined over the last month: some of them are this week's news.
        for organisation in created:
            organisation.created_at = now - timedelta(days=rng.uniform(0, 30))
        Organisation.objects.bulk_update(created, ["created_at"])
        organisations[place.pk] = created

    roles, weights = zip(*ROLE_SHARES, strict=True)
    memberships, notifications, preferences = [], [], []
    for user in users:
        place = places[rng.randrange(len(places))]
        role = rng.choices(roles, weights)[0]
        organisation = (
            None if role in ("resident", "place_admin") else rng.choice(organisations[place.pk])
        )
        joined = now - timedelta(days=rng.uniform(0, 60))
        memberships.append(Membership(place=place, user=user, role=role, organisation=organisation))
        memberships[-1]._joined = joined
        for _n in range(rng.choice([0, 0, 1, 2, 3, 5])):
            created = now - timedelta(days=rng.uniform(0, 12))
            notifications.append(
                Notification(
                    place=place,
                    user=user,
                    kind="bench.news",
                    title=rng.choice(NOTIFICATION_TITLES),
                    body="Open InPlace to see what changed.",
                    url=f"/{place.slug}/",
                    created_at=created,
                    read_at=created + timedelta(hours=2) if rng.random() < 0.2 else None,
                )
            )
        choice = rng.random()
        if choice < 0.1:
            preferences.append(
                NotificationPreference(place=place, user=user, digest=DigestFrequency.DAILY)
            )
        elif choice < 0.15:
            preferences.append(
                NotificationPreference(place=place, user=user, digest=DigestFrequency.OFF)
            )
        elif choice < 0.35:  # had a digest last week
            preferences.append(
                NotificationPreference(
                    place=place, user=user, last_digest_at=now - timedelta(days=7)
                )
            )
    Membership.objects.bulk_create(memberships, batch_size=2000)
    for membership in memberships:
        membership.created_at = membership._joined
    Membership.objects.bulk_update(memberships, ["created_at"], batch_size=2000)
    Notification.objects.bulk_create(notifications, batch_size=5000)
    NotificationPreference.objects.bulk_create(preferences, batch_size=5000)
    return (
        f"{len(users)} members in {len(places)} places, {len(notifications)} notifications, "
        f"{sum(len(o) for o in organisations.values())} organisations, "
        f"{len(preferences)} preferences"
    )


def main():
    args = parse_args()
    with ThrowawayDatabase() as database:
        try:
            run(args, database)
        finally:
            if not args.keep:
                database.drop()


def run(args, database):
    import django

    django.setup()
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        from coordination.notifications import dispatch as _dispatch

        original = _dispatch.dispatch_digests

        def profiled(**kwargs):
            profile = cProfile.Profile()
            result = profile.runcall(original, **kwargs)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
            return result

        _dispatch.dispatch_digests = profiled
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from coordination.notifications import dispatch
    from coordination.notifications.models import DIGEST_KIND, DigestFrequency, OutboxEmail
    from coordination.places.models import Place

    print(f"Database: {database.where}")
    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    now = timezone.now()
    # Make now each place's weekly digest time, in its own time zone.
    for place in Place.objects.all():
        local = timezone.localtime(now, place.tz)
        place.digest_weekday, place.digest_hour = local.weekday(), 0
        place.save(update_fields=["digest_weekday", "digest_hour"])

    started = time.perf_counter()
    with scopes_disabled():
        print("Data:", create_activity(args.members, rng, now))
    print(f"Set-up took {time.perf_counter() - started:.1f} s")

    # Count every query, not only the last 9,000 that Django keeps by default.
    connection.queries_log = collections.deque(maxlen=10**7)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = dispatch.dispatch_digests(now=now, frequencies=[DigestFrequency.WEEKLY])
        elapsed = time.perf_counter() - started
    with scopes_disabled():
        queued = OutboxEmail.objects.filter(kind=DIGEST_KIND).count()
        sample = OutboxEmail.objects.filter(kind=DIGEST_KIND).order_by("pk").first()
    assert queued == result.queued, (queued, result.queued)
    considered = result.queued + result.empty
    per_digest = len(queries) / result.queued if result.queued else float("nan")
    print(
        f"Weekly digests: {result.queued} queued, {result.empty} empty (not sent), "
        f"{result.failed} failed, of {considered} members due one"
    )
    print(
        f"Compose and queue: {elapsed:.2f} s total, {1000 * elapsed / max(considered, 1):.2f} ms "
        f"per member, {len(queries)} queries, {per_digest:.2f} queries per digest"
    )
    if sample is not None:
        print(
            f"Sample: {sample.subject!r}, text {len(sample.text_body)} chars, "
            f"HTML {len(sample.html_body)} chars"
        )
    again = time.perf_counter()
    repeat = dispatch.dispatch_digests(now=now, frequencies=[DigestFrequency.WEEKLY])
    print(
        f"A second run at the same time queues {repeat.queued} more "
        f"({repeat.already} already decided) in {time.perf_counter() - again:.2f} s"
    )


if __name__ == "__main__":
    main()
