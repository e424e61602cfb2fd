"""Search at county scale: rebuild the largest place's index, then search it as several people.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/search.py \
        [--database inplace_bench] [--place buckinghamshire] [--requests 20]

Runs in-process, in production mode (bench/load.py's settings), against the database
bench/generate.py filled. Prints the time rebuild_search_index takes for the place and the
entries it writes, then, for a few searches (a common word, a rare one, a name with a typo) as a
visitor, a resident and the bench admin (every role), the results found, the queries of one
request of /<place>/search/?q= and its time (best and median of five batches).
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coordination.settings")

from bench.in_process import arguments, measure, set_up  # noqa: E402


def main():
    args = arguments(__doc__)
    place = set_up(args, "search")
    from django.test import Client

    from bench.generate import BENCH_ADMIN_EMAIL
    from coordination.accounts.models import Membership, Role, User
    from coordination.search.indexing import analyse, rebuild
    from coordination.search.selectors import search

    started = time.perf_counter()
    written = rebuild(place)
    analyse()
    print(
        f"rebuild_search_index {place.slug}: {written} entries in "
        f"{time.perf_counter() - started:.1f} s"
    )

    resident = (
        Membership.objects.for_place(place)
        .filter(role=Role.RESIDENT)
        .select_related("user")
        .first()
    )
    people = [
        ("visitor", None),
        ("resident", resident.user if resident else None),
        ("bench admin", User.objects.get(email=BENCH_ADMIN_EMAIL)),
    ]
    words = ["food", "youth mental health", "chiltern", "chesham", "housng"]
    print(f"{args.requests} requests a batch, best and median of 5 batches")
    print(f"{'who':<12} {'search':<20} {'found':>6} {'queries':>7} {'best ms':>8} {'median':>7}")
    for label, user in people:
        client = Client()
        if user is not None:
            client.force_login(user)
        for word in words:
            found = search(place, user, word).total if user else None
            if user is None:
                from django.contrib.auth.models import AnonymousUser

                found = search(place, AnonymousUser(), word).total
            queries, best, median = measure(
                client, f"/{place.slug}/search/?q={word.replace(' ', '+')}", args.requests
            )
            print(f"{label:<12} {word:<20} {found:>6} {queries:>7} {best:>8.1f} {median:>7.1f}")


if __name__ == "__main__":
    main()
