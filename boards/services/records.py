"""Corrections to a meeting's permanent records (declarations of interest, votes, decisions):
each is an amendment that keeps the values before and after, who made it, when and why.
Withdrawing a record is an amendment too: it stays listed, marked withdrawn, with its history.
Nothing deletes these records."""

from datetime import date, datetime

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean

from ..models import Decision, DeclarationOfInterest, RecordAmendment, Vote

DECLARATION_AMENDABLE = ("kind", "nature")
VOTE_AMENDABLE = ("choice",)
DECISION_AMENDABLE = ("text", "method", "votes_for", "votes_against", "votes_abstain")


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def amend_record(*, place, actor, record, kind, fields, reason, withdraw=False, action):
    """Change ``fields`` (of the amendable ones) on a locked record, or withdraw it, keeping
    the history. Refused without a reason, when nothing changes, and on a withdrawn record."""
    amendable = {
        "declaration": DECLARATION_AMENDABLE,
        "vote": VOTE_AMENDABLE,
        "decision": DECISION_AMENDABLE,
    }[kind]
    if record.withdrawn_at is not None:
        raise RuleViolation(
            _("This record was withdrawn; it stays in the minutes as it was, with its history.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation({"reason": _("Say why the record is amended.")})
    before = {key: _plain(getattr(record, key)) for key in amendable}
    for key, value in fields.items():
        if key in amendable and value is not None:
            setattr(record, key, value)
    after = {key: _plain(getattr(record, key)) for key in amendable}
    if withdraw:
        record.withdrawn_at = timezone.now()
        before["withdrawn"], after["withdrawn"] = False, True
    changed = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if not changed:
        raise RuleViolation(_("Nothing changed: change a value, or withdraw the record."))
    full_clean(record)
    record.save()
    amendment = RecordAmendment(
        place=place,
        amended_by=actor,
        amended_by_name=(actor.name if actor is not None else ""),
        reason=reason,
        before={key: before[key] for key in changed},
        after={key: after[key] for key in changed},
        withdrawn=withdraw,
        **{kind: record},
    )
    full_clean(amendment)
    amendment.save()
    audit_record(
        place=place,
        actor=actor,
        action=action,
        target=record,
        changes={"reason": reason, **changed},
    )
    return amendment


@transaction.atomic
def declaration_amend(*, place, actor, declaration, reason, withdraw=False, **fields):
    """Correct a declaration's kind or nature, or withdraw it (it then no longer bars a vote)."""
    declaration = (
        DeclarationOfInterest.objects.for_place(place).select_for_update().get(pk=declaration.pk)
    )
    amend_record(
        place=place,
        actor=actor,
        record=declaration,
        kind="declaration",
        fields=fields,
        reason=reason,
        withdraw=withdraw,
        action="boards.declaration.amend",
    )
    return declaration


@transaction.atomic
def vote_amend(*, place, actor, vote, reason, withdraw=False, **fields):
    """Correct how a member voted, or withdraw the vote (it then no longer counts)."""
    vote = Vote.objects.for_place(place).select_for_update().get(pk=vote.pk)
    amend_record(
        place=place,
        actor=actor,
        record=vote,
        kind="vote",
        fields=fields,
        reason=reason,
        withdraw=withdraw,
        action="boards.vote.amend",
    )
    return vote


@transaction.atomic
def decision_amend(*, place, actor, decision, reason, withdraw=False, **fields):
    """Correct a decision's wording, how it was taken or its counts (the board's rule holds for
    the corrected decision), or withdraw it."""
    decision = (
        Decision.objects.for_place(place)
        .select_related("meeting__board")
        .select_for_update(of=("self",))
        .get(pk=decision.pk)
    )
    if fields.get("method") == "consensus":
        fields.update(votes_for=0, votes_against=0, votes_abstain=0)
    amend_record(
        place=place,
        actor=actor,
        record=decision,
        kind="decision",
        fields=fields,
        reason=reason,
        withdraw=withdraw,
        action="boards.decision.amend",
    )
    return decision
