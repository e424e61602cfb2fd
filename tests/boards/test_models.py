"""Invariants the models and the database keep, whatever the caller."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from boards import services
from boards.models import Board, BoardKind, Meeting, ProposalStatus
from coordination.errors import RuleViolation
from coordination.places.tenancy import place_scope
from tests.support.boards import board, meeting, subgroup
from tests.support.factories import AreaFactory

pytestmark = pytest.mark.django_db


def test_a_meeting_ending_before_it_starts_is_refused(in_bucks):
    recovery = board(in_bucks)
    starts = timezone.now() + timedelta(days=3)
    with pytest.raises(RuleViolation) as exc:
        services.meeting_create(
            place=in_bucks,
            actor=None,
            board=recovery,
            title="Back to front",
            starts_at=starts,
            ends_at=starts - timedelta(hours=1),
            venue="Hall",
        )
    assert exc.value.message_dict["ends_at"] == ["The meeting must end after it starts."]
    # The database refuses it too, for any caller that skips the service.
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.for_place(in_bucks).create(
            place=in_bucks, board=recovery, title="x", starts_at=starts, ends_at=starts
        )


def test_a_subgroup_needs_a_parent_in_the_same_place(bucks, coventry):
    with place_scope(coventry):
        coventry_board = board(coventry, name="Communities Pillar")
    with place_scope(bucks):
        with pytest.raises(RuleViolation) as exc:
            subgroup(bucks, coventry_board)
        assert "same place" in str(exc.value.message_dict["parent"])
        with pytest.raises(RuleViolation) as exc:
            services.board_create(
                place=bucks, actor=None, name="Orphan", kind=BoardKind.THEMATIC_SUBGROUP
            )
        assert exc.value.message_dict["parent"] == [
            "Choose the board this subgroup reports back to."
        ]
        with pytest.raises(IntegrityError), transaction.atomic():
            Board.objects.for_place(bucks).create(
                place=bucks, name="Raw", slug="raw", kind=BoardKind.THEMATIC_SUBGROUP
            )


def test_a_subgroup_cannot_report_to_a_subgroup(in_bucks):
    parent = board(in_bucks)
    group = subgroup(in_bucks, parent)
    with pytest.raises(RuleViolation) as exc:
        subgroup(in_bucks, group, name="Sub-sub")
    assert "not to another subgroup" in str(exc.value.message_dict["parent"])


def test_board_slugs_are_unique_per_place_not_globally(bucks, coventry):
    with place_scope(bucks):
        one = board(bucks, name="Recovery Board")
        two = board(bucks, name="Recovery Board")
    with place_scope(coventry):
        other = board(coventry, name="Recovery Board")
    assert one.slug == "recovery-board"
    assert two.slug == "recovery-board-2"
    assert other.slug == "recovery-board"


def test_a_community_board_needs_an_area(in_bucks):
    with pytest.raises(RuleViolation) as exc:
        board(in_bucks, name="Marlow CB", kind=BoardKind.COMMUNITY_BOARD)
    assert exc.value.message_dict["area"] == ["Choose the area this community board serves."]
    area = AreaFactory(place=in_bucks, name="Marlow", kind="community_board_area")
    assert board(in_bucks, name="Marlow CB", kind=BoardKind.COMMUNITY_BOARD, area=area).area == area


def test_one_support_per_person(in_bucks, people):
    area = AreaFactory(place=in_bucks, name="Wing", kind="community_board_area")
    cb = board(in_bucks, name="Wing CB", kind=BoardKind.COMMUNITY_BOARD, area=area)
    idea = services.proposal_create(
        place=in_bucks,
        actor=people["resident"],
        board=cb,
        title="Benches",
        description="By the pond",
    )
    services.proposal_support(place=in_bucks, actor=people["neighbour"], proposal=idea)
    with pytest.raises(RuleViolation) as exc:
        services.proposal_support(place=in_bucks, actor=people["neighbour"], proposal=idea)
    assert exc.value.messages == ["You already support this idea. Each person can support it once."]
    assert idea.supports.count() == 1


def test_not_taken_forward_needs_a_reason(in_bucks, people):
    area = AreaFactory(place=in_bucks, name="Wing", kind="community_board_area")
    cb = board(in_bucks, name="Wing CB", kind=BoardKind.COMMUNITY_BOARD, area=area)
    idea = services.proposal_create(
        place=in_bucks, actor=people["resident"], board=cb, title="Zip wire", description="Fun"
    )
    with pytest.raises(RuleViolation) as exc:
        services.proposal_answer(
            place=in_bucks,
            actor=people["officer"],
            proposal=idea,
            status=ProposalStatus.NOT_TAKEN_FORWARD,
        )
    assert exc.value.message_dict["reason"] == ["Say why the idea is not being taken forward."]


def test_every_change_is_audited(in_bucks, people):
    from coordination.audit.models import AuditEntry

    recovery = board(in_bucks, people["admin"])
    meeting(in_bucks, recovery, actor=people["admin"])
    actions = list(
        AuditEntry.objects.filter(place=in_bucks).order_by("pk").values_list("action", "actor")
    )
    assert ("boards.board.create", people["admin"].pk) in actions
    assert ("boards.meeting.create", people["admin"].pk) in actions


def test_a_meeting_decades_ahead_is_taken_for_a_typo(in_bucks):
    recovery = board(in_bucks)
    starts = timezone.now().replace(year=timezone.now().year + 30)
    with pytest.raises(RuleViolation) as exc:
        services.meeting_create(
            place=in_bucks,
            actor=None,
            board=recovery,
            title="Typo",
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            venue="Hall",
        )
    assert "check the year" in exc.value.message_dict["starts_at"][0]
