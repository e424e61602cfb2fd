"""Residents' ideas to their community board: proposed, supported, answered by the board."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean

from ..models import BoardKind, Proposal, ProposalStatus, ProposalSupport
from ._common import notify_people


@transaction.atomic
def proposal_create(*, place, actor, board, title, description):
    if board.kind != BoardKind.COMMUNITY_BOARD:
        raise RuleViolation(_("Ideas go to community boards."))
    proposal = Proposal(
        place=place, board=board, title=title, description=description, proposed_by=actor
    )
    full_clean(proposal)
    proposal.save()
    audit_record(
        place=place,
        actor=actor,
        action="boards.proposal.create",
        target=proposal,
        changes={"title": title},
    )
    return proposal


@transaction.atomic
def proposal_support(*, place, actor, proposal):
    if proposal.status in (ProposalStatus.DONE, ProposalStatus.NOT_TAKEN_FORWARD):
        raise RuleViolation(_("The board has answered this idea; it no longer takes support."))
    try:
        with transaction.atomic():
            support = ProposalSupport.objects.for_place(place).create(
                place=place, proposal=proposal, user=actor
            )
    except IntegrityError as exc:
        raise RuleViolation(
            _("You already support this idea. Each person can support it once.")
        ) from exc
    audit_record(place=place, actor=actor, action="boards.proposal.support", target=proposal)
    return support


@transaction.atomic
def proposal_answer(*, place, actor, proposal, status, answer="", reason=""):
    proposal = Proposal.objects.for_place(place).select_for_update().get(pk=proposal.pk)
    before = proposal.status
    proposal.status = status
    proposal.answer = answer.strip()
    proposal.reason = reason.strip() if status == ProposalStatus.NOT_TAKEN_FORWARD else ""
    if before != status:
        proposal.status_changed_at = timezone.now()
    full_clean(proposal)
    proposal.save()
    audit_record(
        place=place,
        actor=actor,
        action="boards.proposal.answer",
        target=proposal,
        changes={"status": [before, status]},
    )
    if proposal.proposed_by_id and before != status:
        notify_people(
            place,
            [proposal.proposed_by],
            kind="boards.proposal",
            title=_("Your idea “%(title)s” is now: %(status)s")
            % {"title": proposal.title, "status": proposal.get_status_display().lower()},
            url=proposal.get_absolute_url(),
            skip=actor,
        )
    return proposal
