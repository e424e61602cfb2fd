"""Demo programmes and bids, chosen so every funding page shows something real.

In each place: the local funder's core fund (with an award, a decline whose feedback was released,
a decline whose feedback is overdue and a live bid the national funder offers to co-fund), a
rolling emergency fund, a project fund with a deadline under four weeks from opening (flagged),
and the national funder's programme running in every place, to which the local charity seeks the
same purpose as from the local core fund (an overlap) and from which it holds an award overlapping
in time with its local award. The live bid carries an attachment. Called from seed_demo after the
places' organisations and people exist; re-running changes nothing (a place whose local core fund
exists is left as it is).
"""

from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from boards import selectors as board_selectors
from boards import services as board_services
from coordination.accounts.models import Membership, Role, User
from coordination.organisations.models import Organisation, OrganisationKind
from coordination.places.demo.data import DEMO_PASSWORD
from coordination.places.models import Area
from coordination.places.tenancy import place_scope
from coordination.vocabularies.models import Theme

from . import services
from .demo_applying import seed_applying_demo
from .demo_budgeting import seed_budget_demo
from .demo_place_figures import place_variation, varied_decisions
from .demo_variations import seed_variations_demo
from .models import BoardFund, FundingType, Programme

NATIONAL_FUNDER_NAME = "National Communities Fund"
NATIONAL_FUNDER_EMAIL = "national.funder@demo.inplace.example"
NATIONAL_PROGRAMME = "Communities Resilience Programme"


def _member(place, role, organisation_kind):
    membership = (
        Membership.objects.for_place(place)
        .filter(role=role, organisation__kind=organisation_kind)
        .select_related("user", "organisation")
        .order_by("pk")
        .first()
    )
    return membership


def _national_funder(place):
    """The national funder's officer, a member of each place for the national organisation."""
    national = Organisation.objects.filter(name=NATIONAL_FUNDER_NAME).first()
    if national is None:
        return None, None
    user = User.objects.filter(email=NATIONAL_FUNDER_EMAIL).first()
    if user is None:
        user = User.objects.create_user(
            email=NATIONAL_FUNDER_EMAIL,
            password=DEMO_PASSWORD,
            name="Nadia Grant (national funder)",
        )
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
    Membership.objects.for_place(place).get_or_create(
        place=place, user=user, role=Role.FUNDER, defaults={"organisation": national}
    )
    return national, user


# A one-page PDF: enough for the content check and for a browser to open.
_DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _themes(*slugs):
    return list(Theme.objects.filter(place__isnull=True, slug__in=slugs))


def seed_funding_demo(place, now=None):
    """Seed one place's funding demo; returns the number of new records."""
    return (
        _seed_funding_demo(place, now)
        + seed_board_fund_demo(place, now)
        + seed_budget_demo(place, now)
        + seed_variations_demo(place, now)
    )


def _seed_funding_demo(place, now=None):
    now = now or timezone.now()
    today = timezone.localdate(now, place.tz)
    with place_scope(place):
        funder = _member(place, Role.FUNDER, OrganisationKind.FUNDER)
        leader = _member(place, Role.CHARITY_LEADER, OrganisationKind.REGISTERED_CHARITY)
        if funder is None or leader is None:
            return 0
        core_title = f"{place.name} Core Strength Fund"
        if Programme.objects.filter(places=place, title=core_title).exists():
            return 0
        national, national_user = _national_funder(place)
        funder_org, charity = funder.organisation, leader.organisation
        areas = list(Area.objects.for_place(place).filter(organisations=charity).order_by("pk"))
        created = 0

        def programme(**fields):
            nonlocal created
            created += 1
            return services.programme_create(
                place=place, actor=funder.user, funder=funder_org, **fields
            )

        core = programme(
            title=core_title,
            description="Three years of unrestricted funding for organisations rooted here.",
            funding_type=FundingType.CORE,
            amount_min=Decimal("10000"),
            amount_max=Decimal("60000"),
            grant_length_months=36,
            opens_on=today - timedelta(days=60),
            deadline=today + timedelta(days=7),
            decision_within_days=42,
            feedback_commitment_days=28,
            eligibility="Charities, CIOs and community groups working in the place.",
            themes=_themes("food", "money-and-debt", "loneliness"),
            priority_embedded_local=True,
            priority_income_below="100k_1m",
            flexibility_statement="Spend it on what your organisation needs most; "
            "we do not prescribe methods.",
        )
        programme(
            title=f"{place.name} Quick Response Fund",
            description="Small grants within two weeks when something urgent comes up.",
            funding_type=FundingType.EMERGENCY,
            amount_min=Decimal("500"),
            amount_max=Decimal("5000"),
            grant_length_months=3,
            opens_on=today - timedelta(days=200),
            deadline=None,
            decision_within_days=14,
            feedback_commitment_days=14,
        )
        winter = programme(
            title=f"{place.name} Winter Projects Fund",
            description="Projects that keep people warm and connected this winter.",
            funding_type=FundingType.PROJECT,
            amount_min=Decimal("2000"),
            amount_max=Decimal("15000"),
            grant_length_months=6,
            opens_on=today - timedelta(days=5),
            deadline=today + timedelta(days=16),
            themes=_themes("loneliness", "older-people"),
        )
        national_programme = None
        if national is not None:
            national_programme = Programme.objects.filter(
                funder=national, title=NATIONAL_PROGRAMME
            ).first()
            if national_programme is None:
                national_programme = services.programme_create(
                    place=place,
                    actor=national_user,
                    funder=national,
                    title=NATIONAL_PROGRAMME,
                    description="Core funding for community anchors, in every place we work.",
                    funding_type=FundingType.CORE,
                    amount_min=Decimal("20000"),
                    amount_max=Decimal("100000"),
                    grant_length_months=24,
                    opens_on=today - timedelta(days=90),
                    deadline=today + timedelta(days=45),
                    feedback_commitment_days=30,
                    themes=_themes("food", "money-and-debt"),
                )
                created += 1
            national_programme.places.add(place)

        def bid(prog, title, amount, *, submit_at, applicant=None, actor=None, **fields):
            nonlocal created
            created += 1
            made = services.bid_create(
                place=place,
                actor=actor or leader.user,
                programme=prog,
                applicant=applicant or charity,
                title=title,
                summary=fields.pop("summary", f"{title}: what we will do and who it is for."),
                amount_requested=Decimal(amount),
                duration_months=fields.pop("duration_months", 36),
                share_summary=fields.pop("share_summary", True),
                areas=areas[:2],
                themes=fields.pop("themes", _themes("food")),
                **fields,
            )
            if submit_at is not None:
                made = services.bid_submit(
                    place=place, actor=actor or leader.user, bid=made, now=submit_at
                )
            return made

        awarded = bid(
            core, "Community pantry running costs", "40000", submit_at=now - timedelta(days=50)
        )
        variation = place_variation(place)
        services.bid_award(
            place=place,
            actor=funder.user,
            bid=awarded,
            amount=(Decimal("36000") * variation.amount_scale).quantize(Decimal("1")),
            start=today - timedelta(days=20),
            months=36,
            now=now - timedelta(days=25),
        )
        declined = bid(core, "Debt advice outreach", "55000", submit_at=now - timedelta(days=50))
        services.bid_decline(
            place=place,
            actor=funder.user,
            bid=declined,
            reasons=["over_subscribed", "evidence_of_need"],
            strengths="A trusted service with good links to the food bank.",
            to_strengthen="Show how many people you turned away last year, and why outreach "
            "would reach them.",
            signposts=[p for p in [national_programme] if p],
            release=False,
            now=now - timedelta(days=40),
        )
        services.feedback_release(
            place=place,
            actor=funder.user,
            bid=declined,
            now=now - timedelta(days=40 - variation.feedback_days),
        )
        late = bid(core, "Befriending phone line", "20000", submit_at=now - timedelta(days=70))
        services.bid_decline(
            place=place,
            actor=funder.user,
            bid=late,
            reasons=["outside_priorities"],
            strengths="Clear about who it is for.",
            to_strengthen="Link the line to the lunch clubs in the same areas.",
            release=False,
            now=now - timedelta(days=45),
        )  # committed 28 days: overdue by about 17 days
        live = bid(
            core,
            "Hot meals for families",
            "30000",
            submit_at=now - timedelta(days=3),
            summary="Daily hot meals for families in temporary housing.",
            attachments=[
                SimpleUploadedFile("budget.pdf", _DEMO_PDF, content_type="application/pdf")
            ],
        )
        services.bid_start_review(place=place, actor=funder.user, bid=live)
        if national_programme is not None:
            # The national funder offers towards the local bid: the local funder's to weigh.
            services.cofund_offer(
                place=place,
                actor=national_user,
                bid=live,
                funder=national,
                amount=Decimal("10000"),
                message="We could fund a third of the meals.",
            )
            # The same purpose sought from the national funder too: an overlap funders can see.
            bid(
                national_programme,
                "Hot meals for families (national)",
                "30000",
                submit_at=now - timedelta(days=2),
                duration_months=24,
                summary="Daily hot meals for families in temporary housing.",
            )
            # The pantry also holds a national award for two years: awards overlapping in time.
            pantry = bid(
                national_programme,
                "Pantry food supply (national)",
                "25000",
                submit_at=now - timedelta(days=40),
                duration_months=24,
                actor=leader.user,
            )
            services.bid_award(
                place=place,
                actor=national_user,
                bid=pantry,
                amount=Decimal("24000"),
                start=today - timedelta(days=10),
                months=24,
                # Two years of work, but the money must be spent by the end of the funder's
                # financial year: the short deadline the figures count.
                spend_by=today - timedelta(days=10) + timedelta(days=120),
                now=now - timedelta(days=15),
            )
        bid(core, "Volunteer drivers (draft)", "12000", submit_at=None, share_summary=False)
        varied_decisions(place, now, today, variation, funder.user, core, winter, bid)
        # Applying once: kept documents, programmes that say what they ask, bids that reuse them.
        created += seed_applying_demo(place, funder, leader, now)
        return created


# A community board's fund in Buckinghamshire: priorities agreed at a meeting, a grant awarded (with
# a payment and the group's report), one declined with feedback and one waiting for the board.

BOARD_FUND_PLACES = {"buckinghamshire"}


def seed_board_fund_demo(place, now=None):
    """Seed one place's community board fund demo; returns the number of new records."""
    if place.slug not in BOARD_FUND_PLACES:
        return 0
    now = now or timezone.now()
    today = timezone.localdate(now, place.tz)
    with place_scope(place):
        boards = board_selectors.active_boards(place).order_by("name")
        board = next((b for b in boards if b.is_community_board), None)
        officer = _member(place, Role.COUNCIL_OFFICER, OrganisationKind.COUNCIL)
        leader = _member(place, Role.CHARITY_LEADER, OrganisationKind.REGISTERED_CHARITY)
        council = Organisation.objects.filter(places=place, kind=OrganisationKind.COUNCIL).first()
        if board is None or officer is None or leader is None or council is None:
            return 0
        if BoardFund.objects.for_place(place).filter(board=board).exists():
            return 0
        year = today.year if today.month >= 4 else today.year - 1
        starts = now.replace(microsecond=0) - timedelta(minutes=1)
        meeting = board_services.meeting_create(
            place=place,
            actor=officer.user,
            board=board,
            title=f"{board.name}: priorities and allocations",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            venue="Community centre",
            is_public=True,
        )
        fund = services.fund_create(
            place=place,
            actor=officer.user,
            board=board,
            year=year,
            budget=Decimal("25000"),
            accountable_body=council,
            priorities=["Young people", "Tackling loneliness", "Greener streets"],
            priorities_meeting=meeting,
            description="The board's budget for local groups this year, decided in public.",
        )
        priorities = list(fund.priorities.order_by("order"))
        idea = (
            board_selectors.proposals_in_place(place, board=board)
            .filter(title="Youth club on Friday nights")
            .first()
        )
        charity = leader.organisation

        def apply(title, summary, amount, priority, **extra):
            application = services.fund_application_create(
                place=place,
                actor=leader.user,
                fund=fund,
                applicant=charity,
                title=title,
                summary=summary,
                amount_requested=Decimal(amount),
                priority=priority,
                **extra,
            )
            services.bid_submit(place=place, actor=leader.user, bid=application.bid)
            return application

        youth = apply(
            "Friday youth club kit",
            "Table tennis, a sound system and snacks for the Friday youth club.",
            "850",
            priorities[0],
            proposal=idea,
        )
        parade = apply(
            "Christmas parade",
            "Lights, a float and road closures for the town's Christmas parade.",
            "2400",
            priorities[1],
            outcomes="Two thousand people come; local shops open late.",
            budget_breakdown="Float hire £900, lights £800, road closure £700.",
        )
        apply(
            "Befriending scheme",
            "Volunteers who visit older neighbours living alone.",
            "600",
            priorities[1],
        )
        for seat in board_selectors.current_members(board):
            board_services.attendance_record(
                place=place, actor=officer.user, meeting=meeting, user=seat.user, status="present"
            )
        for application in (youth, parade):
            services.fund_application_schedule(
                place=place, actor=officer.user, application=application, meeting=meeting
            )
        services.fund_application_decide(
            place=place,
            actor=officer.user,
            application=youth,
            meeting=meeting,
            outcome="award",
            reason="Young people asked for it through the board's ideas page.",
        )
        services.fund_payment_record(
            place=place, actor=officer.user, application=youth, amount=Decimal("850")
        )
        services.grant_report_submit(
            place=place,
            actor=leader.user,
            application=youth,
            what_happened="Thirty young people come every Friday; the club now runs a league.",
            people_reached=30,
        )
        services.fund_application_decide(
            place=place,
            actor=officer.user,
            application=parade,
            meeting=meeting,
            outcome="decline",
            reason="The town council already funds the parade this year.",
            reasons=["outside_priorities"],
            strengths="A well-loved event with a clear plan.",
            to_strengthen="Show what the board's money would add to the town council's.",
        )
        return 10
