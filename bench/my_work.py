"""My work at county scale: the page and the home page for the busiest person of each role.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/my_work.py \
        [--requests 20] [--place buckinghamshire]

Runs in-process, in production mode (bench/load.py's settings), against the database
bench/generate.py filled (inplace_bench). In the largest place (or --place) it takes, for each role,
the member of that role with the most to do: the most board seats, then the organisation with the
most bids; and the bench admin, who holds every role. For each it prints the items My work shows,
the queries of one request of /<place>/my-work/ and of the home page, and the time per request
(best and median of five batches), read afresh on every request; then the best with the items
kept in the shared cache (MY_WORK_CACHE_SECONDS, Redis as in production: --redis). The number of
queries must not grow with a person's items: that is the budget tests/test_query_budgets.py holds
at small scale.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coordination.settings")

from bench.in_process import arguments, measure, set_up  # noqa: E402


def busiest_people(place):
    """[(label, user)]: the bench admin and, per role, the member with the most to do."""
    from django.db.models import Count, OuterRef, Subquery
    from django_scopes import scopes_disabled

    from bench.generate import BENCH_ADMIN_EMAIL
    from boards.models import BoardMembership
    from coordination.accounts.models import Membership, Role, User
    from funding.models import Bid

    people = [("bench admin (every role)", User.objects.get(email=BENCH_ADMIN_EMAIL))]
    with scopes_disabled():
        seats = (
            BoardMembership.objects.filter(place=place, user=OuterRef("user"))
            .values("user")
            .annotate(n=Count("pk"))
            .values("n")
        )
        bids = (
            Bid.objects.filter(place=place, applicant=OuterRef("organisation"))
            .values("applicant")
            .annotate(n=Count("pk"))
            .values("n")
        )
        for role in Role:
            found = (
                Membership.objects.filter(place=place, role=role)
                .exclude(user__email=BENCH_ADMIN_EMAIL)
                .annotate(seats=Subquery(seats), bids=Subquery(bids))
                .order_by("-seats", "-bids", "pk")
                .select_related("user")
                .first()
            )
            if found is not None:
                people.append((str(role.label), found.user))
    return people


def main():
    args = arguments(__doc__)
    place = set_up(args, "my-work")
    from django.test import Client, override_settings

    from coordination.places.tenancy import place_scope
    from coordination.work.selectors import my_work, totals

    print(
        f"My work in {place.name}, {args.requests} requests a batch, best and median of 5 batches"
    )
    header = (
        f"{'person':<28} {'items':>6} {'overdue':>7}  {'page q':>6} {'best ms':>8} {'median':>7}"
    )
    header += f"  {'home q':>6} {'best ms':>8} {'median':>7}  {'kept: page':>10} {'home':>6}"
    print(header)
    for label, user in busiest_people(place):
        with place_scope(place):
            counted = totals(my_work(place, user))
        client = Client()
        client.force_login(user)
        with override_settings(MY_WORK_CACHE_SECONDS=0):  # read on every request
            page = measure(client, f"/{place.slug}/my-work/", args.requests)
            home = measure(client, f"/{place.slug}/", args.requests)
        kept_page = measure(client, f"/{place.slug}/my-work/", args.requests)
        kept_home = measure(client, f"/{place.slug}/", args.requests)
        print(
            f"{label[:28]:<28} {counted['items']:>6} {counted['overdue']:>7}  "
            f"{page[0]:>6} {page[1]:>8.1f} {page[2]:>7.1f}  {home[0]:>6} {home[1]:>8.1f} {home[2]:>7.1f}"
            f"  {kept_page[1]:>10.1f} {kept_home[1]:>6.1f}"
        )


if __name__ == "__main__":
    main()
