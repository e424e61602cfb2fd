"""A tender's way through its stages: what must be true to enter a stage, and the move itself, which
writes a step of the public timeline and, on leaving co-design or opening, publishes everything
co-design produced to every potential bidder at once."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation

from .. import news
from ..models import Award, Comment, Stage, TenderStageChange
from ._common import (
    fresh,
    local_time,
    lock,
    person,
    require_runner,
    same_place,
    tell_organisations,
    told_organisation_ids,
)
from .criteria import criteria_weight


def _stage_entry_problems(tender, to_stage, now):
    """What stops the tender entering ``to_stage`` now: {field: message}."""
    problems = {}
    if to_stage == Stage.CO_DESIGN:
        if not tender.co_design_closes_at:
            problems["co_design_closes_at"] = _("Set when co-design closes before opening it.")
        elif tender.co_design_closes_at <= now:
            problems["co_design_closes_at"] = _("Co-design must close in the future.")
    if tender.stage == Stage.CO_DESIGN and to_stage in (Stage.MARKET_ENGAGEMENT, Stage.OPEN):
        unanswered = Comment.objects.for_place(tender.place_id).filter(
            version__section__tender=tender, response=""
        )
        if unanswered.exists():
            problems["to_stage"] = _(
                "Answer every co-design comment first (%(n)d still unanswered)."
            ) % {"n": unanswered.count()}
        if not tender.you_said_we_did.strip():
            problems["you_said_we_did"] = _(
                "Write the “you said, we did” summary before co-design closes."
            )
    if to_stage == Stage.OPEN:
        if not tender.submission_deadline:
            problems["submission_deadline"] = _("Set the submission deadline before opening.")
        elif tender.submission_deadline <= now:
            problems["submission_deadline"] = _("The submission deadline must be in the future.")
        weights = criteria_weight(tender)
        if weights is not None and weights != 100:
            problems["criteria"] = _(
                "The evaluation criteria's weights add up to %(n)d%%; they must add up to 100%%."
            ) % {"n": weights}
    if to_stage == Stage.EVALUATION and tender.submission_deadline:
        if tender.submission_deadline > now:
            problems["to_stage"] = _("Bids are open until %(when)s; evaluate after that.") % {
                "when": local_time(tender.submission_deadline, tender.place)
            }
    if (
        to_stage == Stage.AWARDED
        and not Award.objects.for_place(tender.place_id).filter(tender=tender).exists()
    ):
        problems["to_stage"] = _("Record the award decision to award the tender.")
    return problems


def move_to_stage(tender, *, to_stage, rationale, actor, now):
    """Move a locked tender whose move the caller has checked, as a step of its public timeline."""
    TenderStageChange.objects.create(
        place_id=tender.place_id,
        tender=tender,
        from_stage=tender.stage,
        to_stage=to_stage,
        rationale=rationale,
        changed_by=person(actor),
        changed_at=now,
    )
    before = tender.stage
    tender.stage = to_stage
    if to_stage == Stage.CO_DESIGN and (
        tender.co_design_opens_at is None or tender.co_design_opens_at > now
    ):
        # The window the figures report is the one charities really had.
        tender.co_design_opens_at = now
    if (
        before == Stage.CO_DESIGN
        and tender.co_design_closes_at
        and tender.co_design_closes_at > now
    ):
        tender.co_design_closes_at = now
    leaving_co_design = before == Stage.CO_DESIGN and to_stage != Stage.CANCELLED
    if (leaving_co_design or to_stage == Stage.OPEN) and tender.co_design_published_at is None:
        # Everything co-design produced reaches every potential bidder at this one moment: when
        # co-design closes (so market engagement starts level) or, at the latest, when bids open.
        tender.co_design_published_at = now
    tender.save(
        update_fields=[
            "stage",
            "co_design_opens_at",
            "co_design_closes_at",
            "co_design_published_at",
            "updated_at",
        ]
    )
    audit_record(
        place=tender.place,
        actor=actor,
        action="commissioning.tender.stage",
        target=tender,
        changes={"stage": [before, to_stage], "rationale": rationale},
    )


def tell_stage(tender, *, actor, rationale, skip_organisation_ids=()):
    """Tell the people of the organisations following a tender (bidders, invited, interested, the
    co-design group) that it reached its stage: once per stage, which a tender reaches only once.
    The caller may leave out organisations it tells otherwise (the bidders, of an award)."""
    stage = Stage(tender.stage)
    tell_organisations(
        tender,
        told_organisation_ids(tender) - set(skip_organisation_ids),
        actor=actor,
        kind=news.STAGE_CHANGED,
        key=f"tender:{tender.pk}:stage:{stage.value}",
        title=_("%(ref)s is now %(stage)s")
        % {"ref": tender.reference, "stage": str(stage.label).lower()},
        body=rationale,
    )


@transaction.atomic
def tender_change_stage(*, place, actor, tender, to_stage, rationale, now=None):
    """Move a tender on to its next stage, with a rationale that appears on its public timeline."""
    same_place(place, tender)
    tender = fresh(place, tender.pk)
    require_runner(actor, place, tender)
    now = now or timezone.now()
    tender = lock(tender)
    to_stage = Stage(to_stage)
    try:
        tender.check_transition(to_stage)
    except ValidationError as exc:
        raise RuleViolation(exc.message_dict) from exc
    if not (rationale or "").strip():
        raise RuleViolation({"rationale": _("Say why the tender is changing stage.")})
    problems = _stage_entry_problems(tender, to_stage, now)
    if problems:
        raise RuleViolation(problems)
    move_to_stage(tender, to_stage=to_stage, rationale=rationale.strip(), actor=actor, now=now)
    tell_stage(tender, actor=actor, rationale=rationale.strip())
    return tender
