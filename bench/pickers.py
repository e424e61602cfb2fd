"""Pickers at county scale: the suggestions endpoint and the forms that use it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/pickers.py \
        [--requests 20] [--place buckinghamshire]

Runs in-process, in production mode (bench/load.py's settings), against the database
bench/generate.py filled (inplace_bench), as the bench admin of the largest place (or --place).
For a few typed texts it prints the suggestions' count, the queries of one request and the time
per request (best and median of five batches) of /<place>/pick/organisations/ and
/<place>/pick/people/; then the same for the forms that used to list every organisation or person
(a board's new member, a member's invitation, and, as a charity leader of the place, the bid form
of its first open tender).
Target: each suggestion under 300 ms, with one query for the suggestions whatever the county's size.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coordination.settings")

from bench.in_process import arguments, measure, set_up  # noqa: E402

TEXTS = ["a", "age", "food bank", "trust", "community centre", "zzz"]


def main():
    args = arguments(__doc__)
    place = set_up(args, "pickers")
    from urllib.parse import quote

    from django.test import Client

    from bench.generate import BENCH_ADMIN_EMAIL
    from boards.models import Board
    from coordination.accounts.models import User
    from coordination.places.tenancy import place_scope

    client = Client()
    client.force_login(User.objects.get(email=BENCH_ADMIN_EMAIL))
    organisations = place.organisations.count()
    people = User.objects.filter(memberships__place=place).distinct().count()
    print(
        f"Pickers in {place.name} ({organisations} organisations, {people} people), "
        f"{args.requests} requests a batch, best and median of 5 batches"
    )
    print(f"{'address':<60} {'found':>5} {'queries':>7} {'best ms':>8} {'median':>7}")
    for source in ("organisations", "people"):
        for text in TEXTS:
            path = f"/{place.slug}/pick/{source}/?q={quote(text)}"
            found = len(client.get(path).json()["results"])
            count, best, median = measure(client, path, args.requests)
            print(f"{path:<60} {found:>5} {count:>7} {best:>8.1f} {median:>7.1f}")
    with place_scope(place):
        board = Board.objects.for_place(place).order_by("pk").first()
    for path in (
        f"/{place.slug}/boards/{board.pk}/members/add/",
        f"/{place.slug}/members/invite/",
    ):
        count, best, median = measure(client, path, args.requests)
        print(f"{path:<60} {'':>5} {count:>7} {best:>8.1f} {median:>7.1f}")
    bid_form(place, args)


def bid_form(place, args):
    from django.test import Client

    from commissioning.models import Stage, Tender
    from commissioning.permissions import acting_organisation_ids
    from coordination.accounts.models import Membership, Role
    from coordination.places.tenancy import place_scope

    with place_scope(place):
        tender = Tender.objects.for_place(place).filter(stage=Stage.OPEN).order_by("pk").first()
        leaders = Membership.objects.filter(place=place, role=Role.CHARITY_LEADER).order_by("pk")
        bidder = next(
            (m.user for m in leaders[:50] if acting_organisation_ids(m.user, place)), None
        )
    if tender is None or bidder is None:
        print("(no open tender, or no charity leader, to time the bid form with)")
        return
    client = Client()
    client.force_login(bidder)
    path = f"/{place.slug}/commissioning/{tender.pk}/submit/"
    count, best, median = measure(client, path, args.requests)
    size = len(client.get(path).content)
    print(f"{path:<60} {'':>5} {count:>7} {best:>8.1f} {median:>7.1f}  ({size:,} bytes)")


if __name__ == "__main__":
    main()
