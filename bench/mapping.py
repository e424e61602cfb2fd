"""Benchmark: import 10,000 services from CSV, then the coverage matrix over 100,000 services.

    DEBUG=true .venv/bin/python bench/mapping.py [--import-rows 10000] [--services 100000]

Runs in a throwaway SQLite file (never the project's database). The import goes through the real
path (read_table, then imports.run with commit: every row through services.service_create, with
its audit entry). The 100,000 services for the matrix are bulk-created, then coverage_matrix() is
timed and its queries counted at 1,000 and at the full number, to show they stay the same.
Targets: import at most 20 s; matrix at most 1 s, queries constant.
"""

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coordination.settings")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--areas", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


def build_csv(rows, areas, themes, organisation, rng):
    lines = ["external_id,name,organisation,themes,areas,specialist,delivery,weekly_capacity"]
    for i in range(rows):
        chosen = rng.sample(themes, 2)
        where = rng.sample(areas, 2)
        lines.append(
            f"bench-{i},Service {i},{organisation.name},{';'.join(t.name for t in chosen)},"
            f"{';'.join(a.name for a in where)},no,in person,{rng.randint(5, 200)}"
        )
    return ("\n".join(lines) + "\n").encode()


def bulk_services(place, organisation, areas, themes, count, start, rng):
    """Add services quickly (bulk inserts), for the matrix timing only."""
    from mapping.models import Service

    batch = 5000
    made = 0
    while made < count:
        size = min(batch, count - made)
        objs = Service.objects.for_place(place).bulk_create(
            [
                Service(
                    place=place,
                    organisation=organisation,
                    name=f"Bulk service {start + made + i}",
                    whole_place=rng.random() < 0.02,
                    weekly_capacity=rng.randint(5, 200),
                )
                for i in range(size)
            ]
        )
        theme_links, area_links = [], []
        for service in objs:
            for theme in rng.sample(themes, 2):
                theme_links.append(Service.themes.through(service_id=service.pk, theme_id=theme.pk))
            if not service.whole_place:
                for area in rng.sample(areas, 2):
                    area_links.append(Service.areas.through(service_id=service.pk, area_id=area.pk))
        Service.themes.through.objects.bulk_create(theme_links, batch_size=5000)
        Service.areas.through.objects.bulk_create(area_links, batch_size=5000)
        made += size


def time_matrix(place):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from mapping.analysis import coverage_matrix

    best = None
    for _ in range(3):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            coverage = coverage_matrix(place)
            elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best, len(queries), len(coverage.areas) * len(coverage.themes)


def main():
    args = parse_args()
    tmpdir = tempfile.mkdtemp(prefix="inplace-bench-mapping-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmpdir}/bench.sqlite3"
    os.environ.setdefault("INPLACE_VAR_DIR", tmpdir)
    try:
        import django

        django.setup()
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.core.management import call_command

        from coordination.accounts.models import Membership, Role, User
        from coordination.organisations.models import Organisation
        from coordination.places.models import Place
        from coordination.places.services import area_create
        from coordination.places.tenancy import place_scope
        from coordination.statements.services import accept_default_terms
        from coordination.vocabularies.models import Theme
        from mapping import imports
        from mapping.models import Service

        rng = random.Random(args.seed)
        call_command("migrate", verbosity=0)
        place = Place.objects.get(slug="sutton")
        with place_scope(place):
            admin = User.objects.create_user(email="bench@example.org", password="x")
            accept_default_terms(user=admin)
            Membership.objects.create(place=place, user=admin, role=Role.PLACE_ADMIN)
            organisation = Organisation.objects.create(name="Bench Trust", kind="cio")
            organisation.places.add(place)
            areas = [
                area_create(place=place, name=f"Ward {i}", kind="ward") for i in range(args.areas)
            ]
            themes = list(Theme.objects.for_place(place))

            raw = build_csv(args.import_rows, areas, themes, organisation, rng)
            upload = SimpleUploadedFile("bench.csv", raw)
            started = time.perf_counter()
            rows = imports.read_table(upload, "services")
            result = imports.run(place, admin, "services", rows, commit=True)
            import_seconds = time.perf_counter() - started
            assert not result.errors, result.errors[:5]
            print(
                f"import: {result.created:,} services from a {len(raw) / 1024 / 1024:.1f} MB CSV in "
                f"{import_seconds:.1f} s ({result.created / import_seconds:,.0f} rows/s); "
                "target at most 20 s"
            )

            existing = Service.objects.for_place(place).count()
            small = max(0, 1000 - existing)
            bulk_services(place, organisation, areas, themes, small, existing, rng)
            seconds_small, queries_small, cells = time_matrix(place)
            total = Service.objects.for_place(place).count()
            print(
                f"matrix: {total:,} services, {cells} cells: {seconds_small * 1000:.0f} ms, "
                f"{queries_small} queries"
            )
            bulk_services(place, organisation, areas, themes, args.services - total, total, rng)
            seconds, queries, cells = time_matrix(place)
            total = Service.objects.for_place(place).count()
            print(
                f"matrix: {total:,} services, {cells} cells: {seconds * 1000:.0f} ms, "
                f"{queries} queries; target at most 1 s, queries constant"
            )
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(tmpdir, ignore_errors=True)


if __name__ == "__main__":
    main()
