"""Demo tenders for each place: one in every stage, one with a full co-design history and an
amendment (bids close a week later), and something waiting in each demo person's My work (a
question and a co-design comment to answer, an invitation not yet seen, a decision overdue).

Called from seed_demo after the places' organisations and people exist. Everything is made through
the services, back-dated with their ``now`` argument so timelines read like real ones. Re-running
changes nothing: a tender whose reference exists in the place is left as it is.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from coordination.accounts.models import Membership, Role
from coordination.organisations.models import OrganisationKind
from coordination.places.models import Area
from coordination.places.tenancy import place_scope
from coordination.vocabularies.models import Theme

from . import selectors, services
from .models import ResponseKind, Stage, Tender

PREFIXES = {"buckinghamshire": "BC", "coventry": "CCC", "sutton": "LBS"}

# (code, final stage, title, theme slugs, estimated value, months, description)
TENDERS = [
    (
        "001",
        Stage.PIPELINE,
        "Digital inclusion support",
        ["digital-inclusion"],
        "90000",
        24,
        "Devices, data and patient help for people who are offline.",
    ),
    (
        "002",
        Stage.CO_DESIGN,
        "Loneliness and social connection",
        ["loneliness", "older-people"],
        "180000",
        36,
        "Befriending, lunch clubs and community connectors for people who are isolated.",
    ),
    (
        "003",
        Stage.MARKET_ENGAGEMENT,
        "Young people's mental health in the community",
        ["mental-health", "young-people"],
        "420000",
        36,
        "Early support for young people's mental health outside clinical settings.",
    ),
    (
        "004",
        Stage.OPEN,
        "Community food support",
        ["food", "money-and-debt"],
        "250000",
        36,
        "Food pantries, cooking skills and money advice at the places people already go.",
    ),
    (
        "005",
        Stage.EVALUATION,
        "Housing advice and tenancy sustainment",
        ["housing", "advice-and-advocacy"],
        "300000",
        24,
        "Advice that helps people keep their homes.",
    ),
    (
        "006",
        Stage.AWARDED,
        "Domestic abuse community outreach",
        ["domestic-abuse"],
        "210000",
        36,
        "Outreach and advocacy for survivors in their own communities.",
    ),
    (
        "007",
        Stage.CANCELLED,
        "Employment support pilot",
        ["employment"],
        "60000",
        12,
        "A pilot of employment coaching, replaced by a national programme.",
    ),
]

SPECIFICATION = [
    (
        "Outcomes",
        "People who need food get it with dignity.\nPeople learn to cook on a budget.",
        "People who need food get it with dignity.\nPeople learn to cook on a budget.\n"
        "People get money advice where they collect food.",
        "Money advice added, from co-design",
    ),
    (
        "Where and when",
        "Services run in the three wards with the most need.",
        "Services run in every area, with more hours where need is highest.",
        "Whole place, weighted to need",
    ),
]


def _cast(place):
    """The demo council officer and charity leader of the place, with their organisations."""
    officer = (
        Membership.objects.for_place(place)
        .filter(role=Role.COUNCIL_OFFICER, organisation__kind=OrganisationKind.COUNCIL)
        .select_related("user", "organisation")
        .order_by("pk")
        .first()
    )
    leader = (
        Membership.objects.for_place(place)
        .filter(role=Role.CHARITY_LEADER, organisation__kind__in=OrganisationKind.vcse())
        .select_related("user", "organisation")
        .order_by("pk")
        .first()
    )
    return officer, leader


def _stage(place, officer, tender, to_stage, rationale, now):
    services.tender_change_stage(
        place=place, actor=officer, tender=tender, to_stage=to_stage, rationale=rationale, now=now
    )


def _co_design(place, officer, leader, tender, start):
    """A full co-design: sections, a comment on each, answers, new versions, a session, a summary."""
    _stage(place, officer, tender, Stage.CO_DESIGN, "Co-designing the specification.", start)
    services.co_design_join(
        place=place, actor=leader.user, tender=tender, organisation=leader.organisation
    )
    comments = [
        "Please add money advice: people at pantries ask for it every week.",
        "Three wards leaves out the villages; need is spread more widely.",
    ]
    answers = [
        (ResponseKind.ACCEPTED, "Added as a third outcome."),
        (ResponseKind.PARTLY, "Whole place, but the hours follow need rather than being equal."),
    ]
    for (heading, first, second, note), text, (kind, answer) in zip(
        SPECIFICATION, comments, answers, strict=True
    ):
        section = services.section_add(
            place=place, actor=officer, tender=tender, heading=heading, body=first
        )
        comment = services.comment_add(
            place=place,
            actor=leader.user,
            version=selectors.latest_version(section),
            organisation=leader.organisation,
            body=text,
            now=start + timedelta(days=3),
        )
        services.comment_respond(
            place=place, actor=officer, comment=comment, response=kind, response_text=answer
        )
        services.section_revise(
            place=place, actor=officer, section=section, body=second, change_note=note
        )
    services.session_record(
        place=place,
        actor=officer,
        tender=tender,
        title="Co-design workshop",
        held_at=start + timedelta(days=7),
        notes="Twelve people from eight organisations worked through the outcomes.",
        attendees=[leader.organisation],
    )
    services.tender_update(
        place=place,
        actor=officer,
        tender=tender,
        you_said_we_did=(
            "You said people need money advice where they get food: we added it as an outcome.\n"
            "You said need is not only in three wards: the service now covers every area."
        ),
    )


def _criteria(place, officer, tender):
    services.criterion_add(place=place, actor=officer, tender=tender, title="Quality", weight=60)
    services.criterion_add(
        place=place, actor=officer, tender=tender, title="Local knowledge", weight=20
    )
    services.criterion_add(place=place, actor=officer, tender=tender, title="Price", weight=20)


def _build(place, officer, leader, row, now):
    code, target, title, theme_slugs, value, months, description = row
    days = {Stage.OPEN: 40, Stage.EVALUATION: 60, Stage.AWARDED: 150}.get(target, 10)
    start = now - timedelta(days=days)
    themes = list(Theme.objects.for_place(place).filter(slug__in=theme_slugs))
    areas = list(Area.objects.for_place(place).order_by("name")[:3])
    co_designed = target in (Stage.CO_DESIGN, Stage.OPEN, Stage.AWARDED)
    closes = now + timedelta(days=14) if target == Stage.CO_DESIGN else start + timedelta(days=21)
    deadline = {
        Stage.OPEN: now + timedelta(days=20),
        Stage.EVALUATION: start + timedelta(days=30),
        Stage.AWARDED: start + timedelta(days=60),
    }.get(target, now + timedelta(days=90))
    tender = services.tender_create(
        place=place,
        actor=officer.user,
        commissioner=officer.organisation,
        title=title,
        reference=f"{PREFIXES.get(place.slug, place.slug.upper())}-2026-{code}",
        description=description,
        estimated_value=Decimal(value),
        contract_months=months,
        procurement_method="open",
        themes=themes,
        areas=areas if target != Stage.AWARDED else [],
        co_design_opens_at=start if co_designed else None,
        co_design_closes_at=closes if co_designed else None,
        clarification_deadline=deadline - timedelta(days=7),
        submission_deadline=deadline,
        decision_date=(deadline + timedelta(days=21)).date(),
        now=start - timedelta(days=7),
    )
    if target in (Stage.MARKET_ENGAGEMENT, Stage.OPEN):
        for lot_title, share in (("Pantries and cooking", "0.6"), ("Money advice", "0.4")):
            services.lot_add(
                place=place,
                actor=officer.user,
                tender=tender,
                title=lot_title,
                estimated_value=Decimal(value) * Decimal(share),
            )
    if target == Stage.PIPELINE:
        return tender
    if target == Stage.CANCELLED:
        _stage(
            place, officer.user, tender, Stage.CANCELLED, "Replaced by a national programme.", now
        )
        return tender
    if co_designed:
        _co_design(place, officer.user, leader, tender, start)
    if target == Stage.CO_DESIGN:
        # A comment still waiting for the council's answer (the officer's My work lists it).
        section = selectors.sections_of(tender)[0]
        services.comment_add(
            place=place,
            actor=leader.user,
            version=section.current,
            organisation=leader.organisation,
            body="Could lunch clubs run at weekends too? Loneliness is worst on Sundays.",
        )
        return tender
    if target == Stage.MARKET_ENGAGEMENT:
        _stage(place, officer.user, tender, target, "Testing the market before writing it.", start)
        services.clarification_ask(
            place=place,
            actor=leader.user,
            tender=tender,
            organisation=leader.organisation,
            question="Could a consortium of small groups bid together?",
            now=start + timedelta(days=1),
        )
        return tender
    _criteria(place, officer.user, tender)
    opens = closes + timedelta(days=1) if co_designed else start
    _stage(place, officer.user, tender, Stage.OPEN, "Open to every organisation.", opens)
    # Invited (by email and in InPlace) as mapping would suggest, and its leader says they have seen
    # the invitation: the figures count both.
    (invitation,) = services.invitations_send(
        place=place, actor=officer.user, tender=tender, organisations=[leader.organisation]
    )
    services.invitation_acknowledge(place=place, actor=leader.user, invitation=invitation)
    services.interest_register(
        place=place, actor=leader.user, tender=tender, organisation=leader.organisation
    )
    question = services.clarification_ask(
        place=place,
        actor=leader.user,
        tender=tender,
        organisation=leader.organisation,
        question="Can volunteers' time count towards match funding?",
        now=opens + timedelta(days=2),
    )
    services.clarification_answer(
        place=place,
        actor=officer.user,
        clarification=question,
        answer="Yes, valued at the real living wage.",
        now=opens + timedelta(days=3),
    )
    if target == Stage.OPEN:
        # Another local group was invited when bids opened and has not said it has seen it yet.
        others = selectors.organisations_taking_part(place).filter(kind__in=OrganisationKind.vcse())
        other = others.exclude(pk=leader.organisation_id).first()
        if other is not None:
            services.invitations_send(
                place=place, actor=officer.user, tender=tender, organisations=[other], now=opens
            )
        # Published as an amendment (every bidder, invitee and follower is told), never quietly.
        services.amendment_publish(
            place=place,
            actor=officer.user,
            tender=tender,
            rationale="Bids close a week later: consortia asked for time to agree who leads.",
            changes={"submission_deadline": deadline + timedelta(days=7)},
            now=opens + timedelta(days=5),
        )
        return tender
    bid = services.submission_submit(
        place=place,
        actor=leader.user,
        tender=tender,
        lead=leader.organisation,
        summary="We already run this in the community; we would extend it with two partners.",
        price=Decimal(value) * Decimal("0.95"),
        now=deadline - timedelta(days=2),
    )
    _stage(place, officer.user, tender, Stage.EVALUATION, "Bids closed.", deadline)
    if target == Stage.EVALUATION:
        return tender
    for criterion, score in zip(tender.criteria.order_by("pk"), (8, 9, 7), strict=True):
        services.score_record(
            place=place, actor=officer.user, submission=bid, criterion=criterion, score=score
        )
    services.award_make(
        place=place,
        actor=officer.user,
        tender=tender,
        submission=bid,
        value=bid.price,
        rationale="The highest quality score, and deep local knowledge of survivors' needs.",
        now=deadline + timedelta(days=14),
    )
    for label, year, demand, amount in (
        ("2020 to 2023 contract", 2020, 220, 200000),
        ("2023 to 2026 contract", 2023, 340, 200000),
    ):
        services.demand_period_add(
            place=place,
            actor=officer.user,
            tender=tender,
            label=label,
            starts_on=now.date().replace(year=year, month=4, day=1),
            indicator="referrals a quarter",
            demand=Decimal(demand),
            value=Decimal(amount),
        )
    return tender


def seed_commissioning_demo(place):
    """Add this place's demo tenders; returns how many were created (0 when run again)."""
    created = 0
    with place_scope(place):
        officer, leader = _cast(place)
        if officer is None or leader is None:
            return 0
        existing = set(Tender.objects.for_place(place).values_list("reference", flat=True))
        prefix = PREFIXES.get(place.slug, place.slug.upper())
        now = timezone.now()
        for row in TENDERS:
            if f"{prefix}-2026-{row[0]}" in existing:
                continue
            _build(place, officer, leader, row, now)
            created += 1
    return created
