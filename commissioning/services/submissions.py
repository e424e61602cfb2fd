"""Bids and their scoring: an organisation (or a consortium it leads) submits before the deadline
and may withdraw until then; in evaluation the team scores every bid against every criterion.

Bids are sealed until the deadline, so their audit entries name neither the bidder nor the person
who acted (the bid itself keeps ``submitted_by``, seen once bids open)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean
from coordination.organisations.models import Organisation

from ..models import Criterion, Score, Stage, Submission
from ._common import (
    fresh,
    local_time,
    lock,
    person,
    require_acting,
    require_runner,
    same_place,
    sealed_key,
)

# The most partners a bid names, on the page (the form's picker) and through the API alike.
MOST_PARTNERS = 50


@transaction.atomic
def submission_submit(*, place, actor, tender, lead, summary, price, partners=(), now=None):
    same_place(place, tender)
    tender = fresh(place, tender.pk)
    require_acting(actor, place, lead, field="lead")
    now = now or timezone.now()
    tender = lock(tender)
    if tender.stage != Stage.OPEN:
        raise RuleViolation(_("This tender is not open for bids."))
    if tender.submission_deadline and now >= tender.submission_deadline:
        raise RuleViolation(
            {
                "tender": _("Bids closed at %(when)s; a late bid cannot be accepted.")
                % {"when": local_time(tender.submission_deadline, place)}
            }
        )
    partners = list({p.pk: p for p in partners}.values())
    if len(partners) > MOST_PARTNERS:
        raise RuleViolation(
            {"partners": _("Choose %(most)d partners or fewer.") % {"most": MOST_PARTNERS}}
        )
    if any(p.pk == lead.pk for p in partners):
        raise RuleViolation({"partners": _("The lead cannot also be a partner.")})
    working_here = Organisation.objects.filter(places=place, pk__in=[p.pk for p in partners])
    if partners and working_here.count() != len(partners):
        raise RuleViolation({"partners": _("Choose partners working here.")})
    if Submission.objects.for_place(place).filter(tender=tender, lead=lead).exists():
        raise RuleViolation({"lead": _("%(o)s has already submitted a bid.") % {"o": lead}})
    submission = Submission(
        place=place,
        tender=tender,
        lead=lead,
        summary=summary,
        price=price,
        submitted_by=person(actor),
        submitted_at=now,
    )
    full_clean(submission)
    submission.save()
    submission.partners.set(partners)
    # Sealed until the bids open: the entry names who bid, and nobody reads it before then.
    audit_record(
        place=place,
        actor=actor,
        action="commissioning.submission.submit",
        target=submission,
        changes={"lead": lead.name, "sealed_until": tender.submission_deadline},
        sealed_key=sealed_key(tender),
    )
    return submission


def _score_one(place, actor, tender, submission, criterion, score, comment=""):
    if criterion.place_id != place.pk or criterion.tender_id != tender.pk:
        raise RuleViolation({"criterion": _("Score against this tender's own criteria.")})
    row = (
        Score.objects.for_place(place).filter(submission=submission, criterion=criterion).first()
    ) or Score(place=place, submission=submission, criterion=criterion)
    row.score, row.comment, row.scored_by = score, comment, person(actor)
    try:
        row.full_clean(exclude=["submission", "criterion"])
    except ValidationError as exc:
        # One criterion's bad score is that criterion's error, not a bare "score" one.
        raise RuleViolation({f"score_{criterion.pk}": exc.messages}) from exc
    row.save()
    audit_record(
        place=place,
        actor=actor,
        action="commissioning.submission.score",
        target=submission,
        changes={"criterion": criterion.title, "score": score},
    )
    return row


def _scoring_tender(place, actor, submission):
    same_place(place, submission)
    tender = fresh(place, submission.tender_id)
    require_runner(actor, place, tender)
    if tender.stage != Stage.EVALUATION:
        raise RuleViolation(_("Scores are recorded while the tender is in evaluation."))
    return tender


@transaction.atomic
def score_record(*, place, actor, submission, criterion, score, comment=""):
    same_place(place, criterion)
    tender = _scoring_tender(place, actor, submission)
    return _score_one(place, actor, tender, submission, criterion, score, comment)


@transaction.atomic
def scores_record(*, place, actor, submission, scores):
    """Score a bid against several criteria at once: all are saved, or (on any refusal) none.

    ``scores`` is a list of (criterion, score) or (criterion, score, comment).
    """
    tender = _scoring_tender(place, actor, submission)
    if not scores:
        raise RuleViolation({"scores": _("Give a score for at least one criterion.")})
    seen = set()
    rows = []
    for entry in scores:
        criterion, score, comment = (*entry, "")[:3]
        same_place(place, criterion)
        if criterion.pk in seen:
            raise RuleViolation({"scores": _("Score each criterion once.")})
        seen.add(criterion.pk)
        rows.append(_score_one(place, actor, tender, submission, criterion, score, comment))
    return rows


def unscored(tender):
    """(submission, criterion) pairs still without a score: evaluation is not finished."""
    criteria = list(Criterion.objects.for_place(tender.place_id).filter(tender=tender))
    submissions = list(Submission.objects.for_place(tender.place_id).filter(tender=tender))
    done = set(
        Score.objects.for_place(tender.place_id)
        .filter(submission__tender=tender)
        .values_list("submission_id", "criterion_id")
    )
    return [(s, c) for s in submissions for c in criteria if (s.pk, c.pk) not in done]


@transaction.atomic
def submission_withdraw(*, place, actor, submission, now=None):
    """The lead withdraws its bid before the deadline (and may submit a new one)."""
    same_place(place, submission)
    tender = lock(fresh(place, submission.tender_id))
    require_acting(actor, place, submission.lead, field="lead")
    now = now or timezone.now()
    if tender.stage != Stage.OPEN or (
        tender.submission_deadline and now >= tender.submission_deadline
    ):
        raise RuleViolation(_("Bids have closed: a bid can no longer be withdrawn."))
    audit_record(
        place=place,
        actor=actor,
        action="commissioning.submission.withdraw",
        target=submission,
        changes={"lead": submission.lead.name, "sealed_until": tender.submission_deadline},
        sealed_key=sealed_key(tender),
    )
    Submission.objects.for_place(place).filter(pk=submission.pk).delete()
