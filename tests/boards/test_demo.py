"""The boards demo: what seed_demo leaves in each place, and that re-running changes nothing."""

import pytest
from django.core.management import call_command

from boards.models import (
    Board,
    BoardKind,
    BoardMembership,
    Meeting,
    Proposal,
    ProposalSupport,
    ReportBack,
)
from coordination.audit.models import AuditEntry
from coordination.places.models import Place
from coordination.places.tenancy import place_scope

pytestmark = pytest.mark.django_db

MODELS = [Board, BoardMembership, Meeting, ReportBack, Proposal, ProposalSupport, AuditEntry]


def counts():
    return [m.objects.with_scopes_disabled().count() for m in MODELS]


def test_the_demo_has_a_recovery_board_with_three_subgroups_reporting_back_in_every_place():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = counts()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == first
    for place in Place.objects.all():
        with place_scope(place):
            recovery = Board.objects.get(kind=BoardKind.RECOVERY_BOARD)
            subgroups = {s.name for s in recovery.subgroups.all()}
            pending = ReportBack.objects.filter(parent_meeting__board=recovery, status="due")
            assert len(subgroups) == 3
            assert {rb.subgroup.name for rb in pending} == subgroups
    bucks = Place.objects.get(slug="buckinghamshire")
    community = Board.objects.for_place(bucks).filter(kind=BoardKind.COMMUNITY_BOARD)
    assert community.count() == 16
    statuses = set(Proposal.objects.for_place(bucks).values_list("status", flat=True))
    assert statuses == {"new", "under_consideration", "accepted", "not_taken_forward", "done"}
    coventry = Place.objects.get(slug="coventry")
    assert Board.objects.for_place(coventry).filter(name="Communities Pillar").exists()
