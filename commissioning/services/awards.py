"""The award decision and what follows: every bid scored first, the winner and the others told, and
feedback to each unsuccessful bidder."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.accounts.selectors import people_of_organisation
from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean
from coordination.notifications.services import notify

from ..models import Award, Stage, Submission, SubmissionStatus
from ._common import NOTIFICATION_KIND, fresh, lock, person, require_runner, same_place
from .stages import move_to_stage, tell_stage
from .submissions import unscored


@transaction.atomic
def award_make(*, place, actor, tender, submission, value, rationale, now=None):
    """Decide the award: the tender moves to awarded with the rationale on its public timeline."""
    same_place(place, tender, submission)
    require_runner(actor, place, tender)
    now = now or timezone.now()
    tender = lock(tender)
    if tender.stage != Stage.EVALUATION:
        raise RuleViolation(_("A tender is awarded after evaluation."))
    if submission.tender_id != tender.pk:
        raise RuleViolation({"submission": _("Choose one of this tender's bids.")})
    if not rationale.strip():
        raise RuleViolation({"rationale": _("Give the reason for the decision.")})
    missing = unscored(tender)
    if missing:
        # Every bid is judged on every published criterion before anyone wins.
        raise RuleViolation(
            {
                "submission": _(
                    "Score every bid against every published criterion first "
                    "(%(n)d score still missing, for example %(lead)s on “%(criterion)s”)."
                )
                % {"n": len(missing), "lead": missing[0][0].lead, "criterion": missing[0][1].title}
            }
        )
    award = Award(
        place=place,
        tender=tender,
        submission=submission,
        value=value,
        rationale=rationale.strip(),
        decided_by=person(actor),
        decided_at=now,
    )
    full_clean(award, exclude=["tender", "submission"])
    award.save()
    Submission.objects.for_place(place).filter(tender=tender).exclude(pk=submission.pk).update(
        status=SubmissionStatus.UNSUCCESSFUL
    )
    Submission.objects.for_place(place).filter(pk=submission.pk).update(
        status=SubmissionStatus.SUCCESSFUL
    )
    move_to_stage(tender, to_stage=Stage.AWARDED, rationale=rationale.strip(), actor=actor, now=now)
    audit_record(
        place=place,
        actor=actor,
        action="commissioning.tender.award",
        target=award,
        changes={"to": submission.lead.name, "value": value},
    )
    bidders = list(Submission.objects.for_place(place).filter(tender=tender))
    # Bidders hear of the decision on their own bid (below); everyone else following, of the stage.
    tell_stage(
        tender,
        actor=actor,
        rationale=rationale.strip(),
        skip_organisation_ids={bid.lead_id for bid in bidders},
    )
    for bid in bidders:
        for user in people_of_organisation(place, bid.lead_id):
            notify(
                place=place,
                user=user,
                kind=NOTIFICATION_KIND,
                title=_("The award decision on %(ref)s is out") % {"ref": tender.reference},
                url=reverse(
                    "places:commissioning:submission_detail",
                    kwargs={"place_slug": place.slug, "pk": bid.pk},
                ),
            )
    return award


@transaction.atomic
def feedback_give(*, place, actor, submission, feedback):
    same_place(place, submission)
    require_runner(actor, place, fresh(place, submission.tender_id))
    if submission.status != SubmissionStatus.UNSUCCESSFUL:
        raise RuleViolation(_("Feedback is for unsuccessful bids, after the award."))
    if not feedback.strip():
        raise RuleViolation({"feedback": _("Write the feedback.")})
    first = not submission.feedback
    submission.feedback = feedback.strip()
    submission.save(update_fields=["feedback"])
    audit_record(
        place=place, actor=actor, action="commissioning.submission.feedback", target=submission
    )
    if first:
        url = reverse(
            "places:commissioning:submission_detail",
            kwargs={"place_slug": place.slug, "pk": submission.pk},
        )
        for user in people_of_organisation(place, submission.lead_id):
            notify(
                place=place,
                user=user,
                kind=NOTIFICATION_KIND,
                title=_("Feedback on your bid for %(ref)s") % {"ref": submission.tender.reference},
                url=url,
            )
    return submission
