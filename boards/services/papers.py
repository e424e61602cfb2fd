"""Papers for agenda items: what a paper may be is the board papers upload policy (content
and size, never the name)."""

from django.db import transaction

from coordination.audit.services import audit_record
from coordination.errors import full_clean
from coordination.uploads import BOARD_PAPERS

from ..models import Paper


def check_paper_file(upload):
    """The content type of a paper; RuleViolation on ``file`` if its content or size is refused."""
    return BOARD_PAPERS.check_for(upload, "file").mime


@transaction.atomic
def paper_upload(*, place, actor, agenda_item, title, file, is_private=True):
    content_type = check_paper_file(file)
    paper = Paper(
        place=place,
        agenda_item=agenda_item,
        title=title,
        original_name=(file.name or "paper")[-200:],
        content_type=content_type,
        size=file.size,
        is_private=is_private,
        uploaded_by=actor,
    )
    paper.file = file
    full_clean(paper)
    paper.save()
    audit_record(
        place=place,
        actor=actor,
        action="boards.paper.upload",
        target=paper,
        changes={"agenda_item": agenda_item, "private": is_private, "size": file.size},
    )
    return paper
