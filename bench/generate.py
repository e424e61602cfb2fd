"""Benchmark data: fill a PostgreSQL database with places at a county's scale, for bench/load.py.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/generate.py
    ... bench/generate.py --scale 0.01      # a quick run: 1% of every count

Drops and re-creates the database inplace_bench (--database) on the server of DATABASE_URL,
migrates it and fills it: by default 50 places (the three of the first migration and 47 more,
created with the same service as ``manage.py add_place``), 20,000 organisations, 100,000 services,
200,000 bids, 10,000 tenders and 100,000 people, spread unevenly over the places (the first place,
Buckinghamshire, is the largest). Each place has areas, boards with seats, meetings, agendas,
decisions, actions, report-backs and ideas; funders' programmes with bids in every state, their
history and feedback on the declined ones; tenders at every stage with their timeline,
specification, criteria, bids, scores and awards; services, needs and community assets with
themes, areas and communities. Rows are bulk-inserted (no audit entries or notifications: those
record people's actions, and none happened), with states and dates that agree with each other.

A bench admin, bench-admin@bench.example (password "bench"), holds every role in the largest
place and has an API token; bench/load.py signs in as them. Prints the counts and the time taken.
"""

import argparse
import contextlib
import math
import os
import random
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coordination.settings")

BENCH_DB = "inplace_bench"
BENCH_ADMIN_EMAIL = "bench-admin@bench.example"
BENCH_ADMIN_PASSWORD = "bench"

# The counts at --scale 1.
FULL_SCALE = {
    "places": 50,
    "organisations": 20_000,
    "services": 100_000,
    "bids": 200_000,
    "tenders": 10_000,
    "people": 100_000,
}

PLACE_NAMES = [
    "Barnsley", "Bath", "Bedford", "Blackpool", "Bolton", "Bradford", "Brighton", "Bristol",
    "Calderdale", "Cambridge", "Camden", "Cheshire East", "Cornwall", "Croydon", "Cumbria",
    "Derby", "Devon", "Doncaster", "Dorset", "Durham", "Ealing", "Essex", "Gateshead",
    "Gloucestershire", "Hackney", "Halton", "Hampshire", "Harrow", "Hertfordshire", "Hull",
    "Kent", "Kirklees", "Lambeth", "Lancashire", "Leeds", "Leicester", "Lewisham", "Liverpool",
    "Luton", "Manchester", "Medway", "Merton", "Newham", "Norfolk", "Nottingham", "Oldham",
    "Oxfordshire", "Plymouth", "Portsmouth", "Reading", "Salford", "Sheffield", "Somerset",
    "Southwark", "Stockport", "Suffolk", "Surrey", "Swindon", "Wakefield", "Wirral", "York",
]  # fmt: skip

ROLE_SHARES = [  # as a place's membership is likely to be made up (as in bench/digest.py)
    ("place_admin", 0.01),
    ("council_officer", 0.05),
    ("funder", 0.03),
    ("charity_leader", 0.14),
    ("partner", 0.04),
    ("resident", 0.73),
]
ORGANISATION_KINDS = [
    ("registered_charity", 0.40),
    ("cio", 0.15),
    ("cic", 0.10),
    ("community_group", 0.22),
    ("funder", 0.05),
    ("health", 0.03),
    ("business", 0.05),
]
BID_STATES = [
    ("draft", 0.08),
    ("submitted", 0.12),
    ("under_review", 0.10),
    ("awarded", 0.38),
    ("declined", 0.27),
    ("withdrawn", 0.05),
]
TENDER_STAGES = [
    ("pipeline", 0.12),
    ("co_design", 0.10),
    ("market_engagement", 0.05),
    ("open", 0.13),
    ("evaluation", 0.08),
    ("awarded", 0.47),
    ("cancelled", 0.05),
]
# The path a tender takes to each stage (cancelled: from wherever it had got to).
STAGE_PATHS = {
    "pipeline": ["pipeline"],
    "co_design": ["pipeline", "co_design"],
    "market_engagement": ["pipeline", "co_design", "market_engagement"],
    "open": ["pipeline", "co_design", "open"],
    "evaluation": ["pipeline", "co_design", "open", "evaluation"],
    "awarded": ["pipeline", "co_design", "open", "evaluation", "awarded"],
    "cancelled": ["pipeline", "market_engagement", "cancelled"],
}
SERVICE_WORDS = [
    "Food pantry", "Debt advice", "Befriending", "Warm space", "Youth club", "Carers' café",
    "Digital skills", "Housing advice", "Men's shed", "Walking group", "Parent and toddler",
    "Mental health peer support", "Benefits clinic", "Community fridge", "Job club",
    "English conversation", "Lunch club", "Bereavement support", "Home visiting", "Repair café",
]  # fmt: skip
SURNAMES = [
    "Patel", "Smith", "Jones", "Khan", "Williams", "Brown", "Taylor", "Davies", "Evans", "Wilson",
    "Thomas", "Johnson", "Roberts", "Ahmed", "Walker", "Wright", "Robinson", "Thompson", "Hughes",
    "Green", "Hall", "Lewis", "Clarke", "Begum", "Jackson", "Wood", "Turner", "Martin", "Cooper",
]  # fmt: skip
GIVEN = [
    "Amira", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace", "Hassan", "Isla", "Jack", "Kiran",
    "Leah", "Mo", "Nadia", "Oscar", "Priya", "Quinn", "Ravi", "Sara", "Tom", "Uma", "Vik", "Zara",
]  # fmt: skip
POSTCODES = ["SM5 1AA", "CV1 2AB", "HP20 1UA", "LS1 4DY", "M1 1AE", "B1 1BB", "BS1 5TR", "S1 2HE"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", type=float, default=1.0, help="fraction of the default counts (e.g. 0.01)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", default=BENCH_DB, help="name of the database to (re)create")
    return parser.parse_args()


def counts_for(scale):
    counts = {k: max(1, round(v * scale)) for k, v in FULL_SCALE.items()}
    counts["places"] = max(3, counts["places"])  # the three places of the first migration
    return counts


def allocate(total, weights):
    """Split ``total`` in proportion to ``weights`` (largest remainders), every share an int."""
    whole = sum(weights)
    shares = [total * w / whole for w in weights]
    out = [math.floor(s) for s in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: shares[i] - out[i], reverse=True)
    for i in by_remainder[: total - sum(out)]:
        out[i] += 1
    return out


def weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


@contextlib.contextmanager
def given_timestamps():
    """Let bulk inserts keep the created_at/updated_at they are given (a past spread over years),
    where auto_now(_add) would stamp every row with the same instant."""
    from django.db.models import DateField, DateTimeField

    originals = {cls: cls.__dict__.get("pre_save") for cls in (DateField, DateTimeField)}

    def keeping(original):
        def pre_save(self, instance, add):
            if (self.auto_now or (self.auto_now_add and add)) and getattr(
                instance, self.attname
            ) is not None:
                return getattr(instance, self.attname)
            return original(self, instance, add)

        return pre_save

    for cls, original in originals.items():
        if original is not None:
            cls.pre_save = keeping(original)
    try:
        yield
    finally:
        for cls, original in originals.items():
            if original is not None:
                cls.pre_save = original


class Generator:
    """Fills the configured database; ``run()`` returns the counts of what it made."""

    def __init__(self, scale=1.0, seed=1, log=print):
        from django.utils import timezone

        self.counts = counts_for(scale)
        self.rng = random.Random(seed)
        self.log = log
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.made = {}

    # helpers

    def ago(self, days_max, days_min=0):
        return self.now - timedelta(days=self.rng.uniform(days_min, days_max))

    def bulk(self, model, objs, batch_size=5000):
        if not objs:
            return []
        from django_scopes import scopes_disabled

        with scopes_disabled():
            made = model.objects.bulk_create(objs, batch_size=batch_size)
        label = model._meta.label
        self.made[label] = self.made.get(label, 0) + len(made)
        return made

    def links(self, m2m, rows):
        """Through rows of a many-to-many field, as (left id, right id) pairs."""
        through = m2m.remote_field.through
        source = through._meta.get_field(m2m.m2m_field_name()).attname
        target = through._meta.get_field(m2m.m2m_reverse_field_name()).attname
        self.bulk(through, [through(**{source: a, target: b}) for a, b in rows], batch_size=10_000)

    # the run

    def run(self):
        from django.db import transaction

        started = time.perf_counter()
        with given_timestamps(), transaction.atomic():
            self.vocabularies()
            places = self.places()
            weights = [1 / math.sqrt(i + 1) for i in range(len(places))]
            shares = {
                key: allocate(self.counts[key], weights)
                for key in ("organisations", "services", "bids", "tenders", "people")
            }
            for i, place in enumerate(places):
                n = {key: shares[key][i] for key in shares}
                self.fill_place(place, n, first=i == 0)
                if i % 10 == 9 or i == len(places) - 1:
                    self.log(
                        f"  {i + 1}/{len(places)} places filled "
                        f"({time.perf_counter() - started:.0f} s)"
                    )
            self.cross_place_links(places)
            self.bench_admin(places[0])
            self.terms_accepted()
        self.made["seconds"] = time.perf_counter() - started
        return self.made

    def vocabularies(self):
        from coordination.organisations.models import Community
        from coordination.vocabularies.models import Theme

        self.themes = list(Theme.objects.filter(place__isnull=True).order_by("pk"))
        self.communities = list(Community.objects.order_by("pk"))
        if not self.communities:  # none in the first migration: the registry's usual ones
            names = ["Older people", "Young people", "Refugees", "Disabled people", "Carers"]
            self.communities = self.bulk(
                Community,
                [Community(name=n, slug=n.lower().replace(" ", "-")) for n in names],
            )

    def places(self):
        from django.utils.text import slugify

        from coordination.places.models import Place, Weekday
        from coordination.places.services import place_create

        places = list(Place.objects.order_by("pk"))
        names = iter(n for n in PLACE_NAMES if n not in {p.name for p in places})
        while len(places) < self.counts["places"]:
            name = next(names, None) or f"Benchford {len(places)}"
            places.append(
                place_create(
                    name=name,
                    slug=slugify(name),
                    timezone="Europe/London",
                    primary_colour="#1d70b8",
                    digest_weekday=Weekday(self.rng.randrange(7)),
                    digest_hour=8,
                )
            )
        self.made[Place._meta.label] = len(places)
        return places[: self.counts["places"]]

    def fill_place(self, place, n, first):
        areas = self.areas(place)
        organisations = self.organisations(place, areas, n["organisations"])
        people = self.people(place, organisations, n["people"])
        self.boards(place, areas, people, organisations)
        local_theme = self.local_theme(place)
        self.funding(place, areas, organisations, people, n["bids"], local_theme)
        self.commissioning(place, areas, organisations, people, n["tenders"])
        self.mapping(place, areas, organisations, people, n["services"], local_theme)

    # places and people

    def areas(self, place):
        from coordination.places.models import Area

        rng = self.rng
        localities = self.bulk(
            Area,
            [
                Area(place=place, name=f"{place.name} {d}", slug=f"{place.slug}-{d.lower()}",
                     kind="locality")
                for d in ("North", "South", "East", "West")
            ],
        )  # fmt: skip
        rows = []
        for i in range(16):
            rows.append(
                Area(
                    place=place,
                    name=f"{rng.choice(SURNAMES)} Ward {i + 1}",
                    slug=f"ward-{i + 1}",
                    kind="ward",
                    gss_code=f"E05{place.pk:03d}{i:03d}",
                    parent=localities[i % 4],
                )
            )
        for i in range(4):
            rows.append(
                Area(
                    place=place,
                    name=f"{localities[i].name} Community Board Area",
                    slug=f"community-board-area-{i + 1}",
                    kind="community_board_area",
                    parent=localities[i],
                )
            )
        for i in range(8):
            rows.append(
                Area(
                    place=place,
                    name=f"{rng.choice(SURNAMES)}field {i + 1}",
                    slug=f"neighbourhood-{i + 1}",
                    kind="neighbourhood",
                    parent=localities[i % 4],
                )
            )
        return localities + self.bulk(Area, rows)

    def organisations(self, place, areas, count):
        from coordination.organisations.models import Organisation

        rng = self.rng
        rows = [
            Organisation(
                name=f"{place.name} Council", kind="council", email=f"info@{place.slug}.gov.example"
            )
        ]
        for i in range(max(count - 1, 6)):
            # Enough of each kind that every role and every programme has one to act for.
            kind = (
                ["funder", "registered_charity", "health", "business", "cio", "funder"][i]
                if (i < 6)
                else weighted(rng, ORGANISATION_KINDS)
            )
            created = self.ago(2000, 30)
            rows.append(
                Organisation(
                    name=f"{rng.choice(SURNAMES)} {rng.choice(SERVICE_WORDS)} "
                    f"{'Trust' if kind == 'funder' else 'Group'} {place.slug}-{i}",
                    kind=kind,
                    income_band=rng.choice(["", "under_10k", "10k_100k", "100k_1m", "1m_10m"]),
                    description="Working with people across the place since it began.",
                    email=f"hello{i}@{place.slug}.org.example",
                    created_at=created,
                    updated_at=created + timedelta(days=rng.uniform(0, 20)),
                )
            )
        made = self.bulk(Organisation, rows)
        self.links(Organisation.places.field, [(o.pk, place.pk) for o in made])
        self.links(
            Organisation.areas.field,
            [(o.pk, a.pk) for o in made[1:] for a in rng.sample(areas, rng.randint(1, 2))],
        )
        self.links(
            Organisation.communities.field,
            [
                (o.pk, c.pk)
                for o in made
                if rng.random() < 0.3
                for c in rng.sample(self.communities, min(2, len(self.communities)))
            ],
        )
        by_kind = {}
        for o in made:
            by_kind.setdefault(o.kind, []).append(o)
        by_kind["vcse"] = [
            o for o in made if o.kind in ("registered_charity", "cio", "cic", "community_group")
        ]
        return by_kind

    def people(self, place, organisations, count):
        from django.contrib.auth.hashers import make_password

        from coordination.accounts.models import Membership, User

        rng = self.rng
        password = make_password(None)
        users = self.bulk(
            User,
            [
                User(
                    email=f"person{i}@{place.slug}.bench.example",
                    name=f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}",
                    password=password,
                    date_joined=self.ago(1500),
                )
                for i in range(max(count, 12))
            ],
        )
        acts_for = {
            "council_officer": organisations["council"],
            "funder": organisations["funder"],
            "charity_leader": organisations["vcse"],
            "partner": organisations.get("health", []) + organisations.get("business", []),
        }
        memberships = []
        for i, user in enumerate(users):
            # The first few hold each role, so every role has someone in every place.
            role = ROLE_SHARES[i][0] if i < len(ROLE_SHARES) else weighted(rng, ROLE_SHARES)
            organisation = rng.choice(acts_for[role]) if role in acts_for else None
            joined = user.date_joined
            memberships.append(
                Membership(
                    place=place,
                    user=user,
                    role=role,
                    organisation=organisation,
                    created_at=joined,
                    updated_at=joined,
                )
            )
        self.bulk(Membership, memberships)
        return users

    def local_theme(self, place):
        from coordination.vocabularies.models import Theme

        return self.bulk(
            Theme, [Theme(place=place, name=f"{place.name} high streets", slug="high-streets")]
        )[0]

    # boards

    def boards(self, place, areas, people, organisations):
        from boards.models import (
            Action,
            AgendaItem,
            Board,
            BoardMembership,
            CommunityStructure,
            Decision,
            Meeting,
            Proposal,
            ReportBack,
        )

        rng = self.rng
        recovery = self.bulk(
            Board,
            [
                Board(
                    place=place,
                    name=f"{place.name} Recovery Board",
                    slug="recovery-board",
                    kind="recovery_board",
                    is_public=True,
                    seats=16,
                    created_at=self.ago(900, 800),
                    updated_at=self.ago(30),
                )
            ],
        )[0]
        themes = ["Food", "Housing", "Mental health", "Jobs and skills"]
        boards = [
            Board(
                place=place,
                name=f"{t} subgroup",
                slug=f"{t.lower().replace(' ', '-')}-subgroup",
                kind="thematic_subgroup",
                parent=recovery,
                theme=t,
                is_public=i % 2 == 0,
                created_at=self.ago(800, 700),
                updated_at=self.ago(30),
            )
            for i, t in enumerate(themes)
        ]
        community_areas = [a for a in areas if a.kind == "community_board_area"]
        structure = self.bulk(
            CommunityStructure,
            [
                CommunityStructure(
                    place=place,
                    name="Community boards",
                    slug="community-boards",
                    group_noun="community board",
                    summary="Local boards where residents, councillors and partners decide.",
                    has_fund=True,
                    created_at=self.ago(700, 600),
                    updated_at=self.ago(30),
                )
            ],
        )[0]
        boards += [
            Board(
                place=place,
                name=f"{a.name.removesuffix(' Area')}",
                slug=f"community-board-{i + 1}",
                kind="community_board",
                structure=structure,
                area=a,
                is_public=True,
                created_at=self.ago(700, 600),
                updated_at=self.ago(30),
            )
            for i, a in enumerate(community_areas)
        ]
        boards.append(
            Board(
                place=place,
                name=f"{place.name} Health Partnership",
                slug="health-partnership",
                kind="partnership_group",
                created_at=self.ago(700, 600),
                updated_at=self.ago(30),
            )
        )
        boards = [recovery, *self.bulk(Board, boards)]
        seats = []
        for board in boards:
            for j, person in enumerate(rng.sample(people, min(8, len(people)))):
                seats.append(
                    BoardMembership(
                        place=place,
                        board=board,
                        user=person,
                        position=["chair", "vice_chair", "secretary"][j] if j < 3 else "member",
                        sector=rng.choice(["council", "vcse", "health", "business", "community"]),
                        started_on=self.today - timedelta(days=rng.randint(30, 600)),
                    )
                )
        self.bulk(BoardMembership, seats)
        meetings = []
        for board in boards:
            for k in range(12):  # monthly: nine held, three to come
                starts = self.now + timedelta(days=30 * (k - 8) + rng.randint(-3, 3))
                held = starts < self.now
                meetings.append(
                    Meeting(
                        place=place,
                        board=board,
                        title=f"{board.name} meeting {k + 1}",
                        starts_at=starts,
                        ends_at=starts + timedelta(hours=2),
                        venue="Town Hall, Committee Room 2",
                        is_public=board.kind == "community_board",
                        minutes="Members agreed the actions below." if held else "",
                        minutes_status="published" if held else "none",
                        minutes_published_at=starts + timedelta(days=5) if held else None,
                        created_at=starts - timedelta(days=40),
                        updated_at=starts - timedelta(days=1),
                    )
                )
        meetings = self.bulk(Meeting, meetings)
        items, decisions, actions, report_backs = [], [], [], []
        by_board = {}
        for m in meetings:
            by_board.setdefault(m.board_id, []).append(m)
            for order in range(3):
                items.append(
                    AgendaItem(
                        place=place,
                        meeting=m,
                        order=order,
                        title=["Welcome and minutes", "Progress on actions", "Any other business"][
                            order
                        ],
                        created_at=m.starts_at - timedelta(days=10),
                    )
                )
            if m.starts_at < self.now:
                decisions.append(
                    Decision(
                        place=place,
                        meeting=m,
                        text="Agreed to fund the winter warm spaces.",
                        created_at=m.ends_at,
                    )
                )
                for a in range(2):
                    due = (m.starts_at + timedelta(days=30)).date()
                    status = rng.choice(["open", "in_progress", "done", "done", "dropped"])
                    actions.append(
                        Action(
                            place=place,
                            board_id=m.board_id,
                            meeting=m,
                            title=f"Follow up item {a + 1} from {m.title}",
                            owner=rng.choice(people),
                            due_on=due,
                            status=status,
                            completed_at=m.ends_at + timedelta(days=20)
                            if status == "done"
                            else None,
                            created_at=m.ends_at,
                            updated_at=m.ends_at + timedelta(days=1),
                        )
                    )
        self.bulk(AgendaItem, items)
        self.bulk(Decision, decisions)
        self.bulk(Action, actions)
        for board in boards:
            if board.kind != "thematic_subgroup":
                continue
            for parent_meeting in by_board[recovery.pk]:
                due = parent_meeting.starts_at - timedelta(days=board.report_back_lead_days)
                submitted = due < self.now
                report_backs.append(
                    ReportBack(
                        place=place,
                        subgroup=board,
                        parent_meeting=parent_meeting,
                        due_at=due,
                        status="submitted" if submitted else "due",
                        summary="We met twice and agreed three actions." if submitted else "",
                        submitted_by=rng.choice(people) if submitted else None,
                        submitted_at=due - timedelta(days=1) if submitted else None,
                        created_at=parent_meeting.created_at,
                    )
                )
        self.bulk(ReportBack, report_backs)
        proposals = []
        for board in boards:
            if board.kind != "community_board":
                continue
            for k in range(6):
                status = ["new", "under_consideration", "accepted", "not_taken_forward", "done"][
                    k % 5
                ]
                proposals.append(
                    Proposal(
                        place=place,
                        board=board,
                        title=f"Idea {k + 1}: a {rng.choice(SERVICE_WORDS).lower()}",
                        description="Residents asked for it at the last meeting.",
                        proposed_by=rng.choice(people),
                        status=status,
                        reason="Outside the board's budget."
                        if status == "not_taken_forward"
                        else "",
                        status_changed_at=None if status == "new" else self.ago(60),
                        created_at=self.ago(200, 60),
                    )
                )
        self.bulk(Proposal, proposals)

    # funding

    def funding(self, place, areas, organisations, people, count, local_theme):
        from dateutil.relativedelta import relativedelta

        from funding.models import Bid, BidEvent, Feedback, Programme

        rng = self.rng
        funders = organisations["funder"]
        applicants = organisations["vcse"]
        themes = [*self.themes, local_theme]
        programmes = []
        for i in range(max(2, round(count / 60))):
            opens = self.today - timedelta(days=rng.randint(30, 700))
            rolling = rng.random() < 0.2
            programmes.append(
                Programme(
                    funder=rng.choice(funders),
                    title=f"{rng.choice(['Community', 'Resilience', 'Warmth', 'Futures'])} "
                    f"Fund {place.slug}-{i}",
                    description="Grants for groups rooted in their neighbourhoods.",
                    funding_type=rng.choice(["core", "project", "capital", "emergency"]),
                    amount_min=Decimal("1000"),
                    amount_max=Decimal(rng.choice([10_000, 25_000, 50_000, 100_000])),
                    grant_length_months=rng.choice([12, 24, 36]),
                    opens_on=opens,
                    deadline=None if rolling else opens + timedelta(days=rng.randint(42, 400)),
                    feedback_commitment_days=30,
                    created_at=self.now - timedelta(days=(self.today - opens).days + 14),
                    updated_at=self.ago(30),
                )
            )
        programmes = self.bulk(Programme, programmes)
        self.links(Programme.places.field, [(p.pk, place.pk) for p in programmes])
        self.links(
            Programme.themes.field,
            [(p.pk, t.pk) for p in programmes for t in rng.sample(themes, 2)],
        )
        bids, plans = [], []
        for i in range(count):
            programme = rng.choice(programmes)
            state = weighted(rng, BID_STATES)
            opened = self.now - timedelta(days=(self.today - programme.opens_on).days)
            created = opened + (self.now - opened) * rng.random() * 0.9
            requested = Decimal(rng.randint(1, int(programme.amount_max) // 500) * 500).max(
                programme.amount_min
            )
            bid = Bid(
                place=place,
                programme=programme,
                applicant=rng.choice(applicants),
                title=f"{rng.choice(SERVICE_WORDS)} for {rng.choice(areas).name} ({i})",
                summary="We will run it weekly with volunteers and a paid coordinator.",
                amount_requested=requested,
                duration_months=rng.choice([12, 18, 24, 36]),
                share_summary=rng.random() < 0.6,
                state=state,
                created_by=rng.choice(people),
                created_at=created,
            )
            path = [("draft", created)]
            at = created
            if state != "draft":
                at = created + (self.now - created) * 0.3 * rng.random()
                bid.submitted_at = at
                path.append(("submitted", at))
            if state == "under_review" or (state in ("awarded", "declined") and rng.random() < 0.7):
                at = at + (self.now - at) * 0.3 * rng.random()
                path.append(("under_review", at))
            if state in ("awarded", "declined", "withdrawn"):
                at = at + (self.now - at) * 0.5 * rng.random()
                path.append((state, at))
            if state in ("awarded", "declined"):
                bid.decided_at = at
            if state == "awarded":
                bid.amount_awarded = max(programme.amount_min, (requested * 9 // 10))
                bid.award_start = at.date() + timedelta(days=30)
                bid.award_end = (
                    bid.award_start + relativedelta(months=bid.duration_months) - timedelta(days=1)
                )
                bid.spend_by = bid.award_end
            bid.updated_at = at
            bids.append(bid)
            plans.append(path)
        bids = self.bulk(Bid, bids)
        events, feedback = [], []
        for bid, path in zip(bids, plans, strict=True):
            for k, (to_state, at) in enumerate(path):
                events.append(
                    BidEvent(
                        place=place,
                        bid=bid,
                        from_state=path[k - 1][0] if k else "",
                        to_state=to_state,
                        actor=bid.created_by,
                        at=at,
                    )
                )
            if bid.state == "declined":
                released = rng.random() < 0.75
                feedback.append(
                    Feedback(
                        place=place,
                        bid=bid,
                        reasons=rng.sample(["over_subscribed", "budget", "evidence_of_need"], 1),
                        strengths="A clear plan and strong local links.",
                        to_strengthen="Show how you will measure what changed.",
                        due_on=bid.decided_at.date() + timedelta(days=30),
                        released_at=bid.decided_at + timedelta(days=rng.randint(3, 40))
                        if released
                        else None,
                        created_at=bid.decided_at,
                    )
                )
        self.bulk(BidEvent, events, batch_size=10_000)
        self.bulk(Feedback, feedback)
        self.links(Bid.themes.field, [(b.pk, t.pk) for b in bids for t in rng.sample(themes, 1)])
        self.links(
            Bid.areas.field,
            [(b.pk, a.pk) for b in bids for a in rng.sample(areas, rng.randint(1, 2))],
        )

    # commissioning

    def commissioning(self, place, areas, organisations, people, count):
        from commissioning.models import (
            Award,
            Criterion,
            Score,
            SectionVersion,
            SpecificationSection,
            Submission,
            Tender,
            TenderStageChange,
        )

        rng = self.rng
        council = organisations["council"][0]
        bidders = organisations["vcse"]
        tenders, stages = [], []
        for i in range(count):
            stage = weighted(rng, TENDER_STAGES)
            created = self.ago(900, 60)
            finished = stage in ("evaluation", "awarded")
            if finished:  # bids closed between three weeks after it began and ten days ago
                age = (self.now - created).days
                deadline = created + timedelta(days=rng.uniform(20, age - 10))
            else:
                deadline = self.now + timedelta(days=rng.randint(10, 60))
            tenders.append(
                Tender(
                    place=place,
                    commissioner=council,
                    title=f"{rng.choice(SERVICE_WORDS)} contract {i + 1}",
                    reference=f"{place.slug[:6].upper()}-{i + 1:05d}",
                    description="A community service commissioned with local partners.",
                    estimated_value=Decimal(rng.randint(20, 2000) * 1000),
                    contract_months=rng.choice([12, 24, 36, 60]),
                    procurement_method=rng.choice(["open", "open", "selective", "limited"]),
                    stage=stage,
                    co_design_opens_at=created + timedelta(days=5),
                    co_design_closes_at=created + timedelta(days=15),
                    clarification_deadline=deadline - timedelta(days=5),
                    submission_deadline=deadline,
                    decision_date=(deadline + timedelta(days=20)).date(),
                    you_said_we_did="You asked for longer contracts; we made it three years."
                    if stage not in ("pipeline", "co_design")
                    else "",
                    created_by=rng.choice(people),
                    created_at=created,
                    updated_at=deadline if finished else created + timedelta(days=16),
                )
            )
            stages.append(STAGE_PATHS[stage])
        tenders = self.bulk(Tender, tenders)
        changes, sections, criteria = [], [], []
        for tender, path in zip(tenders, stages, strict=True):
            for k, to_stage in enumerate(path):
                changes.append(
                    TenderStageChange(
                        place=place,
                        tender=tender,
                        from_stage=path[k - 1] if k else "",
                        to_stage=to_stage,
                        rationale="Moved on as planned.",
                        changed_at=tender.created_at
                        + (tender.updated_at - tender.created_at) * k / max(1, len(path) - 1),
                    )
                )
            if len(path) > 1:
                for position, heading in enumerate(["Outcomes", "Who it is for"]):
                    sections.append(
                        SpecificationSection(
                            place=place,
                            tender=tender,
                            heading=heading,
                            position=position,
                            created_at=tender.created_at,
                        )
                    )
            if "open" in path:
                criteria += [
                    Criterion(place=place, tender=tender, title="Quality", weight=60),
                    Criterion(place=place, tender=tender, title="Social value", weight=40),
                ]
        self.bulk(TenderStageChange, changes, batch_size=10_000)
        sections = self.bulk(SpecificationSection, sections)
        self.bulk(
            SectionVersion,
            [
                SectionVersion(
                    place=place, section=s, number=1, body="What the service must achieve."
                )
                for s in sections
            ],
        )
        criteria = self.bulk(Criterion, criteria)
        criteria_of = {}
        for c in criteria:
            criteria_of.setdefault(c.tender_id, []).append(c)
        submissions = []
        for tender, path in zip(tenders, stages, strict=True):
            if "open" not in path:
                continue
            for lead in rng.sample(bidders, min(len(bidders), rng.randint(1, 4))):
                submissions.append(
                    Submission(
                        place=place,
                        tender=tender,
                        lead=lead,
                        price=tender.estimated_value * Decimal("0.9"),
                        submitted_at=tender.submission_deadline - timedelta(days=1),
                        status="submitted",
                    )
                )
        submissions = self.bulk(Submission, submissions)
        of_tender = {}
        for s in submissions:
            of_tender.setdefault(s.tender_id, []).append(s)
        scores, awards = [], []
        for tender in tenders:
            if tender.stage not in ("evaluation", "awarded"):
                continue
            for s in of_tender[tender.pk]:
                for c in criteria_of[tender.pk]:
                    scores.append(
                        Score(place=place, submission=s, criterion=c, score=rng.randint(3, 10))
                    )
            if tender.stage == "awarded":
                winner = of_tender[tender.pk][0]
                for s in of_tender[tender.pk]:
                    s.status = "successful" if s is winner else "unsuccessful"
                awards.append(
                    Award(
                        place=place,
                        tender=tender,
                        submission=winner,
                        value=winner.price,
                        rationale="The highest score on quality and social value.",
                        decided_at=tender.updated_at,
                    )
                )
        self.bulk(Score, scores, batch_size=10_000)
        self.bulk(Award, awards)
        Submission.objects.for_place(place).bulk_update(submissions, ["status"], batch_size=5000)
        self.links(
            Tender.themes.field,
            [(t.pk, th.pk) for t in tenders for th in rng.sample(self.themes, 1)],
        )
        self.links(
            Tender.areas.field,
            [(t.pk, a.pk) for t in tenders for a in rng.sample(areas, rng.randint(1, 2))],
        )

    # mapping

    def mapping(self, place, areas, organisations, people, count, local_theme):
        from mapping.models import Asset, Need, Service

        rng = self.rng
        themes = [*self.themes, local_theme]
        providers = organisations["vcse"] + organisations.get("health", [])
        rows = []
        for i in range(count):
            created = self.ago(1500, 10)
            status = weighted(rng, [("active", 0.85), ("paused", 0.10), ("closed", 0.05)])
            located = rng.random() < 0.6
            rows.append(
                Service(
                    place=place,
                    organisation=rng.choice(providers),
                    name=f"{rng.choice(SERVICE_WORDS)} {rng.choice(SURNAMES)} {i}",
                    description="Open to everyone; drop in or phone first.",
                    is_specialist=rng.random() < 0.15,
                    whole_place=rng.random() < 0.05,
                    in_person=True,
                    online=rng.random() < 0.3,
                    by_phone=rng.random() < 0.4,
                    address="Community Centre, High Street" if located else "",
                    postcode=rng.choice(POSTCODES) if located else "",
                    latitude=Decimal(f"{rng.uniform(50.5, 54.5):.5f}") if located else None,
                    longitude=Decimal(f"{rng.uniform(-2.5, 0.5):.5f}") if located else None,
                    weekly_capacity=rng.randint(5, 200),
                    contact_email=f"service{i}@{place.slug}.org.example",
                    status=status,
                    last_verified=(created + timedelta(days=rng.randint(0, 9))).date(),
                    external_id=f"svc-{i}",
                    created_by=rng.choice(people),
                    created_at=created,
                    updated_at=created + timedelta(days=rng.randint(0, 9)),
                )
            )
        services = self.bulk(Service, rows)
        self.links(
            Service.themes.field,
            [(s.pk, t.pk) for s in services for t in rng.sample(themes, rng.randint(1, 3))],
        )
        self.links(
            Service.areas.field,
            [
                (s.pk, a.pk)
                for s in services
                if not s.whole_place
                for a in rng.sample(areas, rng.randint(1, 3))
            ],
        )
        self.links(
            Service.communities.field,
            [
                (s.pk, c.pk)
                for s in services
                if s.is_specialist or rng.random() < 0.2
                for c in rng.sample(self.communities, 1)
            ],
        )
        needs = []
        for i in range(max(1, count // 5)):
            created = self.ago(700)
            needs.append(
                Need(
                    place=place,
                    area=rng.choice(areas),
                    theme=rng.choice(themes),
                    summary=f"Rising demand for {rng.choice(SERVICE_WORDS).lower()} ({i})",
                    severity=rng.choice([1, 2, 3]),
                    submitted_by=rng.choice(people),
                    organisation=rng.choice(providers),
                    external_id=f"need-{i}",
                    created_at=created,
                    updated_at=created,
                )
            )
        self.bulk(Need, needs)
        assets = []
        for i in range(max(1, count // 5)):
            created = self.ago(1500)
            assets.append(
                Asset(
                    place=place,
                    kind=rng.choice(["people", "association", "institution", "physical"]),
                    name=f"{rng.choice(SURNAMES)} {rng.choice(['Hall', 'Library', 'Park'])} {i}",
                    area=rng.choice(areas),
                    description="Free to community groups on weekday evenings.",
                    postcode=rng.choice(POSTCODES),
                    latitude=Decimal(f"{rng.uniform(50.5, 54.5):.5f}"),
                    longitude=Decimal(f"{rng.uniform(-2.5, 0.5):.5f}"),
                    contact_email=f"asset{i}@{place.slug}.org.example",
                    contact_consent=rng.random() < 0.5,
                    external_id=f"asset-{i}",
                    created_by=rng.choice(people),
                    created_at=created,
                    updated_at=created,
                )
            )
        self.bulk(Asset, assets)

    # across places

    def cross_place_links(self, places):
        """National funders and large charities work in more than one place."""
        from coordination.organisations.models import Organisation

        rng = self.rng
        through = Organisation.places.through
        picked = Organisation.objects.filter(kind__in=["funder", "registered_charity"]).values_list(
            "pk", "places"
        )
        rows = set()
        for pk, home in picked:
            if rng.random() < 0.05:
                other = rng.choice(places)
                if other.pk != home:
                    rows.add((pk, other.pk))
        self.bulk(
            through, [through(organisation_id=o, place_id=p) for o, p in rows], batch_size=10_000
        )

    def terms_accepted(self):
        """Everyone generated has accepted the shipped terms, as signing up records: a person who
        has not is sent to accept them from every page (coordination/statements)."""
        from coordination.accounts.models import User
        from coordination.statements.defaults import DEFAULT_TERMS_VERSION
        from coordination.statements.models import Kind, StatementAcceptance

        self.bulk(
            StatementAcceptance,
            [
                StatementAcceptance(user_id=pk, kind=Kind.TERMS, version=DEFAULT_TERMS_VERSION)
                for pk in User.objects.values_list("pk", flat=True)
            ],
        )

    def bench_admin(self, place):
        """Someone holding every role in the largest place, with a password (the load scripts
        make themselves an API token: only its hash is stored)."""
        from allauth.account.models import EmailAddress

        from coordination.accounts.models import Membership, Role, User

        user = User.objects.create_user(
            email=BENCH_ADMIN_EMAIL, password=BENCH_ADMIN_PASSWORD, name="Bench Admin"
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        council = place.organisations.filter(kind="council").first()
        funder = place.organisations.filter(kind="funder").order_by("pk").first()
        charity = place.organisations.filter(kind="registered_charity").order_by("pk").first()
        partner = place.organisations.filter(kind__in=["health", "business"]).first()
        acting = {
            Role.COUNCIL_OFFICER: council,
            Role.FUNDER: funder,
            Role.CHARITY_LEADER: charity,
            Role.PARTNER: partner,
        }
        self.bulk(
            Membership,
            [Membership(place=place, user=user, role=r, organisation=acting.get(r)) for r in Role],
        )


def recreate_database(name):
    """Drop and create ``name`` on the DATABASE_URL server; point DATABASE_URL at it."""
    import environ
    import psycopg2

    url = os.environ.get("DATABASE_URL", "")
    config = environ.Env.db_url_config(url) if url else None
    if not config or "postgresql" not in config["ENGINE"]:
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1/postgres"
        )
    connection = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config.get("PASSWORD") or None,
        host=config["HOST"] or None,
        port=config.get("PORT") or None,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    auth = config["USER"] + (f":{config['PASSWORD']}" if config.get("PASSWORD") else "")
    port = f":{config['PORT']}" if config.get("PORT") else ""
    os.environ["DATABASE_URL"] = f"postgres://{auth}@{config['HOST'] or 'localhost'}{port}/{name}"
    return f"PostgreSQL database {name} on {config['HOST'] or 'localhost'}"


def main():
    args = parse_args()
    os.environ.setdefault("DEBUG", "true")  # a development key is enough to fill a database
    where = recreate_database(args.database)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    print(f"Database: {where}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"Migrated in {time.perf_counter() - started:.0f} s")
    generator = Generator(scale=args.scale, seed=args.seed)
    made = generator.run()
    analysed = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would have by the time anyone reads it
    print(f"VACUUM ANALYZE in {time.perf_counter() - analysed:.0f} s")
    print(f"Rows made at scale {args.scale} (seed {args.seed}):")
    for label, n in sorted(made.items()):
        if label != "seconds":
            print(f"  {label:45} {n:>10,}")
    print(f"Generated in {made['seconds']:.0f} s; total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
