"""Commissioning data made through the services, as users would make it; and
``build_commissioning``, place A's tenders in every stage for the isolation walk."""

import itertools
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from commissioning import services
from commissioning.models import ResponseKind, Stage, Tender
from commissioning.permissions import acting_organisations
from coordination.accounts.models import Membership, Role
from coordination.caching.signals import changed as public_pages_changed
from coordination.places.models import Area
from coordination.vocabularies.models import Theme
from tests.support.factories import OrganisationFactory, UserFactory

_references = itertools.count(1)


def council_of(place, name=None):
    return OrganisationFactory(name=name or f"{place.name} Council", kind="council", places=[place])


def officer_of(place, council, **user):
    person = UserFactory(**user)
    Membership.objects.create(
        place=place, user=person, role=Role.COUNCIL_OFFICER, organisation=council
    )
    return person


def leader_of(place, organisation=None, **user):
    organisation = organisation or OrganisationFactory(places=[place])
    person = UserFactory(**user)
    Membership.objects.create(
        place=place, user=person, role=Role.CHARITY_LEADER, organisation=organisation
    )
    return person, organisation


def food_theme():
    return Theme.objects.get(slug="food", place__isnull=True)


def tender(place, officer, council, *, now=None, **fields):
    now = now or timezone.now()
    values = {
        "title": "Community food support",
        "reference": f"T-{next(_references):04d}",
        "description": "Food pantries and cooking clubs across the place.",
        "estimated_value": Decimal("250000.00"),
        "contract_months": 36,
        "procurement_method": "open",
        "co_design_opens_at": now - timedelta(days=1),
        "co_design_closes_at": now + timedelta(days=14),
        "clarification_deadline": now + timedelta(days=30),
        "submission_deadline": now + timedelta(days=40),
        "themes": [food_theme()],
    }
    values.update(fields)
    return services.tender_create(place=place, actor=officer, commissioner=council, **values)


def through_co_design(place, officer, t, *, leader=None, organisation=None, now=None):
    """Open co-design, add a section, have a charity comment, answer, write the summary."""
    services.tender_change_stage(
        place=place, actor=officer, tender=t, to_stage=Stage.CO_DESIGN, rationale="Co-design now"
    )
    section = services.section_add(
        place=place, actor=officer, tender=t, heading="Outcomes", body="Feed people.\nWeekly."
    )
    if leader:
        services.co_design_join(place=place, actor=leader, tender=t, organisation=organisation)
        comment = services.comment_add(
            place=place,
            actor=leader,
            version=services.latest_version(section),
            organisation=organisation,
            body="Add cooking skills.",
        )
        services.comment_respond(
            place=place,
            actor=officer,
            comment=comment,
            response=ResponseKind.ACCEPTED,
        )
        services.section_revise(
            place=place,
            actor=officer,
            section=section,
            body="Feed people.\nWeekly.\nTeach cooking skills.",
            change_note="Cooking skills, from co-design",
        )
    services.tender_update(
        place=place, actor=officer, tender=t, you_said_we_did="You said cooking; we added it."
    )
    return section


def opened(place, officer, t, **kw):
    through_co_design(place, officer, t, **kw)
    services.tender_change_stage(
        place=place, actor=officer, tender=t, to_stage=Stage.OPEN, rationale="Open for bids"
    )
    t.refresh_from_db()
    return t


def deadline_passes(t, *, ago=timedelta(seconds=1)):
    """Move the tender's submission deadline into the past, as time passing would (no rule is
    asked: bids closing is not a change anyone makes)."""
    when = timezone.now() - ago
    Tender.objects.for_place(t.place_id).filter(pk=t.pk).update(
        submission_deadline=when,
        clarification_deadline=when - timedelta(days=1),
    )
    # Time passing shows on the next minute's pages; moved dates must show on the next request.
    public_pages_changed([t.place_id])
    t.refresh_from_db()
    return t


def build_commissioning(place, actor, n):
    """``actor`` holds every role in ``place``: they run the tenders and bid for their charity."""
    council = OrganisationFactory(name="Quokka County Council", kind="council", places=[place])
    charity = acting_organisations(actor, place).first()
    areas = list(Area.objects.for_place(place).order_by("pk")[:2])
    food = Theme.objects.get(slug="food", place__isnull=True)
    invitee = OrganisationFactory(name="Quokka Invitee", places=[place])
    now = timezone.now()
    for i in range(n):
        # Every kind a route names by id (tender, section, comment, question, invitation, bid,
        # award) n or more times; the rest on the first two tenders, enough for their pages.
        full = i < 2
        tender = services.tender_create(
            place=place,
            actor=actor,
            commissioner=council,
            title=f"Quokka tender {i}",
            reference=f"QUOKKA-{i}",
            description="Quokka care",
            estimated_value=Decimal("1000"),
            contract_months=12,
            procurement_method="open",
            co_design_opens_at=now - timedelta(days=1),
            co_design_closes_at=now + timedelta(days=5),
            clarification_deadline=now + timedelta(days=8),
            submission_deadline=now + timedelta(days=10),
            themes=[food],
            areas=areas,
        )
        if full:
            services.lot_add(place=place, actor=actor, tender=tender, title=f"Quokka lot {i}")
            criterion = services.criterion_add(
                place=place, actor=actor, tender=tender, title=f"Quokka quality {i}", weight=100
            )
        services.tender_change_stage(
            place=place, actor=actor, tender=tender, to_stage=Stage.CO_DESIGN, rationale="Start"
        )
        section = services.section_add(
            place=place, actor=actor, tender=tender, heading=f"Quokka section {i}", body="One"
        )
        services.co_design_join(place=place, actor=actor, tender=tender, organisation=charity)
        comment = services.comment_add(
            place=place,
            actor=actor,
            version=services.latest_version(section),
            organisation=charity,
            body="Quokka comment",
        )
        services.comment_respond(
            place=place, actor=actor, comment=comment, response=ResponseKind.ACCEPTED
        )
        if full:
            services.section_revise(place=place, actor=actor, section=section, body="One\nTwo")
            services.session_record(
                place=place,
                actor=actor,
                tender=tender,
                title=f"Quokka workshop {i}",
                held_at=now,
                attendees=[charity],
            )
        services.tender_update(place=place, actor=actor, tender=tender, you_said_we_did="Did it")
        services.tender_change_stage(
            place=place, actor=actor, tender=tender, to_stage=Stage.OPEN, rationale="Open"
        )
        if full:
            services.interest_register(
                place=place, actor=actor, tender=tender, organisation=charity
            )
        # The actor's charity is invited too, so that it can say it has seen its invitation.
        services.invitations_send(
            place=place, actor=actor, tender=tender, organisations=[invitee, charity]
        )
        question = services.clarification_ask(
            place=place, actor=actor, tender=tender, organisation=charity, question="Quokkas?"
        )
        services.clarification_answer(
            place=place, actor=actor, clarification=question, answer="Quokkas."
        )
        bid = services.submission_submit(
            place=place,
            actor=actor,
            tender=tender,
            lead=charity,
            summary="Quokka bid",
            price=Decimal("900"),
        )
        if full:
            services.demand_period_add(
                place=place,
                actor=actor,
                tender=tender,
                label=f"Quokka contract {i}",
                starts_on=now.date(),
                indicator="quokkas a quarter",
                demand=Decimal("10"),
                value=Decimal("1000"),
            )
        if i == 1:
            services.amendment_publish(
                place=place,
                actor=actor,
                tender=tender,
                rationale="Quokka amendment",
                changes={"submission_deadline": now + timedelta(days=10, hours=1)},
            )
            continue  # one stays open for bids; the others are evaluated and awarded
        later = now + timedelta(days=11)
        services.tender_change_stage(
            place=place,
            actor=actor,
            tender=tender,
            to_stage=Stage.EVALUATION,
            rationale="Closed",
            now=later,
        )
        if i == 0:
            services.score_record(
                place=place, actor=actor, submission=bid, criterion=criterion, score=7
            )
        services.award_make(
            place=place,
            actor=actor,
            tender=tender,
            submission=bid,
            value=Decimal("900"),
            rationale="Quokka rationale",
            now=later,
        )


def locally_embedded(organisation, place, *, areas=None, postcode=None, income_band="10k_100k"):
    """Make an organisation locally embedded in ``place``: registered at a postcode of the place,
    working in ``areas`` (none by default: across the place), small. Returns it."""
    districts = place.postcode_districts.split()
    district = districts[0] if districts else "HP11"
    organisation.registered_postcode = postcode or (
        f"{district}1 2AB" if district.isalpha() else f"{district} 2AB"
    )
    organisation.income_band = income_band
    organisation.full_clean()
    organisation.save()
    organisation.areas.add(*(areas or ()))
    return organisation
