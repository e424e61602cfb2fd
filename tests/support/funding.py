"""Files to attach to bids, dates and areas as a place sees them, for the funding tests; and
``build_funding`` and ``build_board_funds``, place A's funding objects for the isolation walk."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coordination.accounts.models import Membership, Role
from coordination.organisations.models import OrganisationKind
from coordination.places.models import Area
from coordination.places.services import area_create
from coordination.places.tenancy import place_scope
from funding import services
from tests.support import upload_files
from tests.support.factories import OrganisationFactory, UserFactory

PDF = b"%PDF-1.4\n%a tiny test document\n"
PNG = upload_files.PNG
EXE = b"MZ" + b"\x90\x00" * 64


def today_in(place):
    return timezone.localdate(timezone=place.tz)


def make_area(place, name, **fields):
    """An area made as a request in the place would make it: inside the place's scope."""
    fields.setdefault("kind", "ward")
    with place_scope(place):
        return area_create(place=place, name=name, **fields)


def build_funding(place, actor, n):
    # The actor holds every role for one organisation; it funds here and bids too, so that one
    # person reaches every funding page in place A (the test needs each route exercised there).
    # (Its kind is put back at the end, so builders after this one find it as it was.)
    funder = Membership.objects.for_place(place).get(user=actor, role=Role.FUNDER).organisation
    original_kind = funder.kind
    funder.kind = OrganisationKind.FUNDER
    funder.save(update_fields=["kind"])
    charity = Membership.objects.for_place(place).get(user=actor, role=Role.CHARITY_LEADER)
    areas = list(Area.objects.for_place(place).order_by("pk"))[:2]
    today = timezone.localdate(timezone=place.tz)
    actor.__dict__.pop("_inplace_funding_orgs", None)
    actor.__dict__.pop("_inplace_roles", None)
    for i in range(n):
        programme = services.programme_create(
            place=place,
            actor=actor,
            funder=funder,
            title=f"Quokka Fund {i}",
            description="Grants for quokkas.",
            funding_type="core",
            amount_min=Decimal("1000"),
            amount_max=Decimal("90000"),
            grant_length_months=24,
            opens_on=today - timedelta(days=30),
            deadline=today + timedelta(days=30),
        )
        bid = services.bid_create(
            place=place,
            actor=actor,
            programme=programme,
            applicant=charity.organisation,
            title=f"Quokka bid {i}",
            summary="Quokka meals.",
            amount_requested=Decimal("5000"),
            duration_months=12,
            share_summary=True,
            areas=areas,
            # A document for the attachment routes (download, remove) to find through place A.
            attachments=[SimpleUploadedFile(f"quokka-budget-{i}.pdf", b"%PDF-1.4\n%quokka\n")],
        )
        services.bid_submit(place=place, actor=actor, bid=bid)
        if i % 2:
            services.bid_decline(
                place=place,
                actor=actor,
                bid=bid,
                reasons=["budget"],
                strengths="Quokka strengths",
                to_strengthen="More quokkas",
                release=bool(i % 4 == 1),
            )
        else:
            services.bid_award(
                place=place,
                actor=actor,
                bid=bid,
                amount=Decimal("4000"),
                start=date(2026, 1, 1),
                awarded_in_past=True,
            )
    # A decline whose feedback is still the funder's draft: what the draft's page changes.
    held_back = services.bid_create(
        place=place,
        actor=actor,
        programme=programme,
        applicant=charity.organisation,
        title="Quokka held-back bid",
        summary="Quokka snacks.",
        amount_requested=Decimal("5000"),
        duration_months=12,
    )
    services.bid_submit(place=place, actor=actor, bid=held_back)
    services.bid_decline(
        place=place,
        actor=actor,
        bid=held_back,
        reasons=["capacity"],
        strengths="Quokka draft strengths",
        to_strengthen="Quokka draft advice",
        release=False,
    )
    # Another funder's programme, bid for with consent to share: what other funders (the actor)
    # see at shared-bids/ and may offer to co-fund.
    other = OrganisationFactory(
        name="Quokka Other Trust", kind=OrganisationKind.FUNDER, places=[place]
    )
    other_officer = UserFactory(
        name="Quokka Other Officer", email=f"officer@{place.slug}.quokka-only.example"
    )
    Membership.objects.create(place=place, user=other_officer, role=Role.FUNDER, organisation=other)
    programme = services.programme_create(
        place=place,
        actor=other_officer,
        funder=other,
        title="Quokka Other Fund",
        description="Other grants for quokkas.",
        funding_type="project",
        amount_min=Decimal("1000"),
        amount_max=Decimal("90000"),
        grant_length_months=12,
        opens_on=today - timedelta(days=30),
    )
    shared = services.bid_create(
        place=place,
        actor=actor,
        programme=programme,
        applicant=charity.organisation,
        title="Quokka shared bid",
        summary="Quokka meals, shared.",
        amount_requested=Decimal("5000"),
        duration_months=12,
        share_summary=True,
    )
    services.bid_submit(place=place, actor=actor, bid=shared)
    services.cofund_offer(
        place=place, actor=actor, bid=shared, funder=funder, amount=Decimal("500")
    )
    funder.kind = original_kind
    funder.save(update_fields=["kind"])


def build_board_funds(place, actor, n):
    """Community boards' funds: applications on agendas, declared interests, votes, decisions,
    payments and reports, so every board-fund route has place A objects to find."""
    from boards import services as board_services
    from boards.models import BoardKind, Position, Sector
    from coordination.places.models import AreaKind

    organisation = (
        Membership.objects.for_place(place).get(user=actor, role=Role.CHARITY_LEADER).organisation
    )
    area = Area.objects.for_place(place).filter(kind=AreaKind.COMMUNITY_BOARD_AREA).first()
    today = timezone.localdate(timezone=place.tz)
    year = today.year if today.month >= 4 else today.year - 1
    actor.__dict__.pop("_inplace_funding_orgs", None)
    actor.__dict__.pop("_inplace_roles", None)
    actor.__dict__.pop("_inplace_board_seats", None)
    for i in range(n):
        board = board_services.board_create(
            place=place,
            actor=actor,
            name=f"Quokka Fund Board {i}",
            kind=BoardKind.COMMUNITY_BOARD,
            area=area,
            quorum=1,
        )
        board_services.board_membership_add(
            place=place,
            actor=actor,
            board=board,
            user=actor,
            position=Position.CHAIR,
            sector=Sector.COUNCIL,
            started_on=today - timedelta(days=30),
        )
        starts = timezone.now().replace(microsecond=0) - timedelta(hours=1)
        meeting = board_services.meeting_create(
            place=place,
            actor=actor,
            board=board,
            title=f"Quokka Fund Meeting {i}",
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            venue="Quokka hall",
            is_public=True,
        )
        fund = services.fund_create(
            place=place,
            actor=actor,
            board=board,
            year=year,
            budget=Decimal("9000"),
            accountable_body=organisation,
            priorities=[f"Quokka priority {i}"],
            priorities_meeting=meeting,
        )
        idea = board_services.proposal_create(
            place=place,
            actor=actor,
            board=board,
            title=f"Quokka fund idea {i}",
            description="Quokka games",
        )
        apps = []
        for title in (f"Quokka parade {i}", f"Quokka club {i}"):
            app = services.fund_application_create(
                place=place,
                actor=actor,
                fund=fund,
                applicant=organisation,
                title=title,
                summary="Quokka fun.",
                amount_requested=Decimal("800"),
                proposal=idea,
            )
            services.bid_submit(place=place, actor=actor, bid=app.bid)
            services.fund_application_schedule(
                place=place, actor=actor, application=app, meeting=meeting
            )
            app.refresh_from_db()
            apps.append(app)
        awarded, declined = apps
        board_services.attendance_record(
            place=place, actor=actor, meeting=meeting, user=actor, status="present"
        )
        board_services.vote_record(
            place=place, actor=actor, agenda_item=awarded.agenda_item, member=actor, choice="for"
        )
        board_services.declaration_record(
            place=place,
            actor=actor,
            meeting=meeting,
            member=actor,
            agenda_item=declined.agenda_item,
            kind="personal",
            nature=f"Quokka interest {i}",
        )
        services.fund_application_decide(
            place=place,
            actor=actor,
            application=awarded,
            meeting=meeting,
            outcome="award",
            reason="Quokka reason",
        )
        services.fund_application_decide(
            place=place,
            actor=actor,
            application=declined,
            meeting=meeting,
            outcome="decline",
            reason="Quokka no",
            reasons=["budget"],
            strengths="Quokka strengths",
            to_strengthen="Quokka costings",
        )
        services.fund_payment_record(
            place=place, actor=actor, application=awarded, amount=Decimal("300")
        )
        services.grant_report_submit(
            place=place, actor=actor, application=awarded, what_happened="Quokka report"
        )
        # A live application, not yet on an agenda: for the schedule and decide routes.
        live = services.fund_application_create(
            place=place,
            actor=actor,
            fund=fund,
            applicant=organisation,
            title=f"Quokka kit {i}",
            summary="Quokka kit.",
            amount_requested=Decimal("100"),
        )
        services.bid_submit(place=place, actor=actor, bid=live.bid)


def build_budget_rounds(place, actor, n):
    """Rounds where residents decide part of a board's fund: one drawing up its ballot, one in
    its vote phase with a ballot cast, one counted with results carried into the fund's decisions
    and one counting, so every budget route has place A objects to find."""
    from boards.models import Proposal
    from funding.models import BoardFund, BudgetProject, BudgetRound

    today = today_in(place)

    def days(opens):
        return {
            "ideas_open_on": today + timedelta(days=opens - 20),
            "ideas_close_on": today + timedelta(days=opens - 10),
            "voting_opens_on": today + timedelta(days=opens),
            "voting_closes_on": today + timedelta(days=opens + 7),
        }

    for i in range(n):
        fund = BoardFund.objects.for_place(place).get(board__name=f"Quokka Fund Board {i}")
        idea = Proposal.objects.for_place(place).get(title=f"Quokka fund idea {i}")
        rounds = {}
        for label, opens in (("shortlist", 5), ("vote", -2), ("results", -20), ("counting", -9)):
            budget_round = services.budget_round_create(
                place=place,
                actor=actor,
                fund=fund,
                title=f"Quokka round {label} {i}",
                amount=Decimal("500"),
                **days(5),
            )
            for title, cost in ((f"Quokka benches {label} {i}", "300"), ("Quokka lights", "200")):
                services.budget_project_add(
                    place=place,
                    actor=actor,
                    budget_round=budget_round,
                    title=title,
                    summary="Quokka seats.",
                    cost=Decimal(cost),
                    proposal=idea,
                )
            # The clock moves on to the round's phase.
            BudgetRound.objects.for_place(place).filter(pk=budget_round.pk).update(**days(opens))
            budget_round.refresh_from_db()
            rounds[label] = budget_round
        for label in ("vote", "results", "counting"):
            moved = rounds[label]
            if label != "vote":
                BudgetRound.objects.for_place(place).filter(pk=moved.pk).update(**days(-2))
            services.budget_ballot_cast(
                place=place,
                actor=actor,
                budget_round=moved,
                projects=list(
                    BudgetProject.objects.for_place(place)
                    .filter(round=moved)
                    .values_list("pk", flat=True)
                ),
                lives_in_area=True,
            )
            if label != "vote":
                BudgetRound.objects.for_place(place).filter(pk=moved.pk).update(
                    **days(-20 if label == "results" else -9)
                )
        services.budget_results_publish(place=place, actor=actor, budget_round=rounds["results"])


def build_variations(place, actor, n):
    """Grant variations on place A's awarded grants (the actor leads the grantee and is the
    funder): one approved change of period and one open change of budget a grant, so the pages
    to decide and withdraw have a request to find."""
    from funding.models import Bid, BidState, VariationKind

    actor.__dict__.pop("_inplace_funding_orgs", None)
    grants = Bid.objects.for_place(place).filter(
        state=BidState.AWARDED, programme__board__isnull=True, created_by=actor
    )
    for grant in grants.order_by("pk"):
        period = services.variation_request(
            place=place,
            actor=actor,
            grant=grant,
            kind=VariationKind.PERIOD,
            new_end=grant.award_end + timedelta(days=90),
            reason="Quokka premises late.",
        )
        services.variation_decide(
            place=place, actor=actor, variation=period, approve=True, reason="Quokka agreed."
        )
        services.variation_request(
            place=place,
            actor=actor,
            grant=grant,
            kind=VariationKind.BUDGET,
            budget_change="Quokka van, not quokka bikes.",
            reason="Quokka distances.",
        )
