"""Building commissioning data for tests through the services, as users would."""

import itertools
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from commissioning import services
from commissioning.models import ResponseKind, Stage
from coordination.accounts.models import Membership, Role
from mapping.models import Theme
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
