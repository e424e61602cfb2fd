"""Boards, seats and meetings made through the services, for the boards tests and the tests
that need a board; and ``build_boards``, place A's boards objects for the isolation walk."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from boards import services
from boards.models import BoardKind, CommunityStructure, Position, Sector
from coordination.accounts.models import Membership
from coordination.places.models import Area, AreaKind

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE_BYTES = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
)


def pdf(name="paper.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def board(place, actor=None, *, name="Recovery Board", kind=BoardKind.RECOVERY_BOARD, **fields):
    return services.board_create(place=place, actor=actor, name=name, kind=kind, **fields)


def subgroup(place, parent, actor=None, *, name="Housing subgroup", **fields):
    fields.setdefault("theme", "Housing")
    return services.board_create(
        place=place,
        actor=actor,
        name=name,
        kind=BoardKind.THEMATIC_SUBGROUP,
        parent=parent,
        **fields,
    )


def seat(place, board, user, position=Position.MEMBER, sector=Sector.VCSE, **fields):
    return services.board_membership_add(
        place=place, actor=None, board=board, user=user, position=position, sector=sector, **fields
    )


def meeting(place, board, *, in_days=14, hours=2, actor=None, **fields):
    starts = timezone.now().replace(microsecond=0) + timedelta(days=in_days)
    fields.setdefault("title", f"{board.name} meeting")
    fields.setdefault("venue", "Council offices")
    return services.meeting_create(
        place=place,
        actor=actor,
        board=board,
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        **fields,
    )


def build_boards(place, actor, n):
    area = Area.objects.for_place(place).filter(kind=AreaKind.COMMUNITY_BOARD_AREA).first()
    for i in range(n):
        parent = board(place, actor, name=f"Quokka Recovery Board {i}", is_public=False)
        group = subgroup(
            place, parent, actor, name=f"Quokka Subgroup {i}", is_public=False, quorum=1
        )
        # One structure for the place's community groups (other builders' groups join it too).
        structure = CommunityStructure.objects.for_place(place).filter(
            slug="quokka-pilot"
        ).first() or services.structure_create(
            place=place,
            actor=actor,
            name="Quokka Pilot",
            group_noun="quokka group",
            summary="Quokka pilot summary",
            asset_based=True,
            has_fund=True,
        )
        community = board(
            place,
            actor,
            name=f"Quokka Community Board {i}",
            kind=BoardKind.COMMUNITY_BOARD,
            area=area,
            structure=structure,
        )
        for b in (parent, group, community):
            seat(place, b, actor, position=Position.CHAIR, sector=Sector.COUNCIL)
        parent_meeting = meeting(place, parent, title=f"Quokka Board Meeting {i}")
        group_meeting = meeting(place, group, in_days=3, title=f"Quokka Subgroup Meeting {i}")
        public_meeting = meeting(
            place, community, is_public=True, title=f"Quokka Public Meeting {i}"
        )
        item = services.agenda_item_add(
            place=place, actor=actor, meeting=group_meeting, title=f"Quokka item {i}", owner=actor
        )
        services.paper_upload(
            place=place, actor=actor, agenda_item=item, title=f"Quokka paper {i}", file=pdf()
        )
        services.attendance_record(
            place=place, actor=actor, meeting=group_meeting, user=actor, status="present"
        )
        services.decision_record(
            place=place, actor=actor, meeting=group_meeting, text="Quokka decision"
        )
        action = services.action_create(
            place=place,
            actor=actor,
            board=group,
            meeting=group_meeting,
            title=f"Quokka action {i}",
            owner=actor,
            due_on=timezone.localdate() + timedelta(days=7),
        )
        services.action_update(place=place, actor=actor, action=action, note="Quokka progress")
        report_back = group.report_backs.get(parent_meeting=parent_meeting)
        services.report_back_submit(
            place=place,
            actor=actor,
            report_back=report_back,
            summary=f"Quokka summary {i}",
            recommendations=[f"Quokka recommendation {i}"],
        )
        proposal = services.proposal_create(
            place=place,
            actor=actor,
            board=community,
            title=f"Quokka idea {i}",
            description="More quokkas",
        )
        # Support comes from someone other than the proposer: the place's first other member.
        supporter = (
            Membership.objects.for_place(place).exclude(user=actor).order_by("pk").first().user
        )
        services.proposal_support(place=place, actor=supporter, proposal=proposal)
        comment = services.comment_create(
            place=place, actor=supporter, proposal=proposal, text=f"Quokka comment {i}"
        )
        services.report_create(place=place, actor=actor, post=comment, reason="spam")
        services.meeting_register(place=place, actor=actor, meeting=public_meeting)
        called_off = meeting(
            place, community, is_public=True, in_days=30, title=f"Quokka Cancelled Meeting {i}"
        )
        services.meeting_cancel(
            place=place, actor=actor, meeting=called_off, reason="Quokka cancellation reason"
        )
        services.agenda_item_add(
            place=place, actor=actor, meeting=parent_meeting, title=f"Quokka board item {i}"
        )
        partnership = board(
            place, actor, name=f"Quokka Partnership {i}", kind=BoardKind.PARTNERSHIP_GROUP
        )
        past_seat = seat(
            place,
            partnership,
            actor,
            position=Position.MEMBER,
            sector=Sector.VCSE,
            started_on=timezone.localdate() - timedelta(days=90),
        )
        services.board_membership_end(
            place=place,
            actor=actor,
            membership=past_seat,
            ended_on=timezone.localdate() - timedelta(days=1),
        )
        services.question_send(
            place=place, actor=actor, meeting=public_meeting, text="Quokka question?"
        )
    services.calendar_feed_for(place=place, user=actor)
