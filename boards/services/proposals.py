"""Residents' ideas to their community board: proposed, changed or withdrawn by the proposer until
the board answers, supported (and that support withdrawn) by other people, answered by the board."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean
from coordination.notifications.services import tell_each

from ..models import Proposal, ProposalStatus, ProposalSupport
from ..models.proposals import (
    ANSWERED_REFUSAL,
    CLOSED_REFUSAL,
    HIDDEN_REFUSAL,
    NO_IDEAS_REFUSAL,
    OWN_IDEA_REFUSAL,
    WITHDRAWN_REFUSAL,
)
from ..news import IDEA_ANSWERED
from .moderation import check_posting_rate

ALREADY_SUPPORTED = gettext_lazy("You already support this idea. Each person can support it once.")


def _locked(place, proposal):
    return Proposal.objects.for_place(place).select_for_update().get(pk=proposal.pk)


def _check_proposer(actor, proposal, doing):
    if actor is None or proposal.proposed_by_id != actor.pk:
        raise RuleViolation(
            _("Only the person who proposed this idea can %(doing)s it.") % {"doing": doing}
        )


def _check_open_to_change(proposal):
    if proposal.is_withdrawn:
        raise RuleViolation(str(WITHDRAWN_REFUSAL))
    if not proposal.is_open_to_change:
        raise RuleViolation(str(ANSWERED_REFUSAL))


def _check_takes_support(proposal):
    if proposal.is_withdrawn:
        raise RuleViolation(str(WITHDRAWN_REFUSAL))
    if proposal.is_hidden:
        raise RuleViolation(str(HIDDEN_REFUSAL))
    if not proposal.takes_support:
        raise RuleViolation(str(CLOSED_REFUSAL))


def _check_assets(place, board, assets):
    """Assets an idea builds on: only for a group whose structure is asset-based, in its place."""
    assets = list(assets or [])
    if assets and not board.is_asset_based:
        raise RuleViolation({"assets": [_("Ideas for this group do not name community assets.")]})
    if any(asset.place_id != place.pk for asset in assets):
        raise RuleViolation({"assets": [_("Choose community assets in this place.")]})
    return assets


@transaction.atomic
def proposal_create(*, place, actor, board, title, description, assets=None):
    if not board.takes_ideas:
        raise RuleViolation({"board": [str(NO_IDEAS_REFUSAL)]})
    check_posting_rate(place=place, actor=actor, kind="idea")
    assets = _check_assets(place, board, assets)
    proposal = Proposal(
        place=place, board=board, title=title, description=description, proposed_by=actor
    )
    full_clean(proposal)
    proposal.save()
    if assets:
        proposal.assets.set(assets)
    audit_record(
        place=place,
        actor=actor,
        action="boards.proposal.create",
        target=proposal,
        changes={"title": title, **({"assets": [a.name for a in assets]} if assets else {})},
    )
    return proposal


@transaction.atomic
def proposal_update(*, place, actor, proposal, title=None, description=None, assets=None, now=None):
    """The proposer changes the idea's words (and the assets it builds on): only until the board
    answers it."""
    proposal = _locked(place, proposal)
    _check_proposer(actor, proposal, _("change"))
    _check_open_to_change(proposal)
    changes = {}
    for field, value in (("title", title), ("description", description)):
        if value is not None and value != getattr(proposal, field):
            changes[field] = [getattr(proposal, field), value]
            setattr(proposal, field, value)
    if assets is not None:
        assets = _check_assets(place, proposal.board, assets)
        before = sorted(proposal.assets.values_list("name", flat=True))
        after = sorted(a.name for a in assets)
        if {a.pk for a in assets} != set(proposal.assets.values_list("pk", flat=True)):
            proposal.assets.set(assets)
            changes["assets"] = [before, after]
    if not changes:
        return proposal
    proposal.edited_at = now or timezone.now()
    full_clean(proposal)
    proposal.save(update_fields=["title", "description", "edited_at"])
    audit_record(
        place=place,
        actor=actor,
        action="boards.proposal.update",
        target=proposal,
        changes=changes,
    )
    return proposal


@transaction.atomic
def proposal_withdraw(*, place, actor, proposal, now=None):
    """The proposer withdraws the idea: only until the board answers it. It stays listed as
    withdrawn, takes no more support and is not answered."""
    proposal = _locked(place, proposal)
    _check_proposer(actor, proposal, _("withdraw"))
    _check_open_to_change(proposal)
    before = proposal.status
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.status_changed_at = now or timezone.now()
    full_clean(proposal)
    proposal.save(update_fields=["status", "status_changed_at"])
    audit_record(
        place=place,
        actor=actor,
        action="boards.proposal.withdraw",
        target=proposal,
        changes={"status": [before, proposal.status]},
    )
    return proposal


@transaction.atomic
def proposal_support(*, place, actor, proposal):
    proposal = _locked(place, proposal)
    if actor is not None and proposal.proposed_by_id == actor.pk:
        raise RuleViolation(str(OWN_IDEA_REFUSAL))
    _check_takes_support(proposal)
    if ProposalSupport.objects.for_place(place).filter(proposal=proposal, user=actor).exists():
        raise RuleViolation(str(ALREADY_SUPPORTED))
    support = ProposalSupport(place=place, proposal=proposal, user=actor)
    full_clean(support, exclude=["proposal", "user"])
    try:
        with transaction.atomic():
            support.save()
    except IntegrityError as exc:
        raise RuleViolation(str(ALREADY_SUPPORTED)) from exc
    audit_record(place=place, actor=actor, action="boards.proposal.support", target=proposal)
    return support


@transaction.atomic
def proposal_unsupport(*, place, actor, proposal):
    """A supporter takes their support back, while the idea still takes support."""
    proposal = _locked(place, proposal)
    _check_takes_support(proposal)
    deleted, _rows = (
        ProposalSupport.objects.for_place(place).filter(proposal=proposal, user=actor).delete()
    )
    if not deleted:
        raise RuleViolation(_("You do not support this idea, so there is no support to withdraw."))
    audit_record(place=place, actor=actor, action="boards.proposal.unsupport", target=proposal)
    return proposal


@transaction.atomic
def proposal_answer(*, place, actor, proposal, status, answer="", reason=""):
    proposal = _locked(place, proposal)
    if proposal.is_withdrawn:
        raise RuleViolation(str(WITHDRAWN_REFUSAL))
    if status in (ProposalStatus.NEW, ProposalStatus.WITHDRAWN):
        raise RuleViolation({"status": _("Choose the board’s answer.")})
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
    if before != status:
        _tell_answered(place, proposal, actor)
    return proposal


def _tell_answered(place, proposal, actor):
    """Tell the proposer, and everyone supporting the idea, of the board's new answer: once for
    each answer (a later change of answer is told again)."""
    supporters = [
        s.user
        for s in ProposalSupport.objects.for_place(place)
        .filter(proposal=proposal)
        .select_related("user")
        .order_by("user_id")
    ]
    status = proposal.get_status_display().lower()
    news = {
        "kind": IDEA_ANSWERED,
        "key": f"proposal:{proposal.pk}:{proposal.status}:{proposal.status_changed_at.isoformat()}",
        "body": proposal.answer or proposal.reason,
        "url": proposal.get_absolute_url(),
    }
    words = {"title": proposal.title, "board": proposal.board.name, "status": status}
    tell_each(
        place,
        [proposal.proposed_by],
        skip=actor,
        title=_("%(board)s answered your idea “%(title)s”: %(status)s") % words,
        **news,
    )
    tell_each(
        place,
        [p for p in supporters if p.pk != proposal.proposed_by_id],
        skip=actor,
        title=_("%(board)s answered an idea you support, “%(title)s”: %(status)s") % words,
        **news,
    )
