"""Building blocks for the boards tests: boards, seats and meetings made through the services."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from boards import services
from boards.models import BoardKind, Position, Sector

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
