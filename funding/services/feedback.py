"""Feedback on a declined bid: the funder keeps it as a draft and changes it, releases it (the
applicant's people are told once, with the feedback), and the applicant says whether it helped.
Released feedback is not changed."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean

from .. import permissions
from ..models import Feedback
from ..models.feedback import CONTENT_FIELDS, RELEASED_REFUSAL
from . import news
from ._common import check_funder_of, funder_name, locked_bid
from .decisions import signposts_in_place


def _locked_feedback(place, bid):
    feedback = Feedback.objects.for_place(place).select_for_update().filter(bid=bid).first()
    if feedback is None:
        raise RuleViolation(_("This bid has no feedback."))
    return feedback


@transaction.atomic
def feedback_update(
    *,
    place,
    actor,
    bid,
    reasons=None,
    strengths=None,
    to_strengthen=None,
    signposts=None,
    free_text=None,
):
    """The funder changes its draft feedback (what is given; None leaves a part as it is).
    Refused once released. The audit entry names the parts changed, not what they say: a draft
    is the funder's until released."""
    bid = locked_bid(place, bid)
    check_funder_of(actor, place, bid, _("give feedback on"))
    feedback = _locked_feedback(place, bid)
    if not feedback.is_draft:
        raise RuleViolation(str(RELEASED_REFUSAL))
    given = {
        "reasons": sorted(reasons) if reasons is not None else None,
        "strengths": strengths,
        "to_strengthen": to_strengthen,
        "free_text": free_text,
    }
    changed = []
    for field in CONTENT_FIELDS:
        value = given[field]
        if value is not None and value != getattr(feedback, field):
            setattr(feedback, field, value)
            changed.append(field)
    full_clean(feedback, exclude=["bid"])
    feedback.save(update_fields=list(CONTENT_FIELDS))
    if signposts is not None:
        chosen = signposts_in_place(place, signposts, bid)
        if {p.pk for p in chosen} != set(feedback.signposts.values_list("pk", flat=True)):
            feedback.signposts.set(chosen)
            changed.append("signposts")
    if changed:
        audit_record(
            place=place,
            actor=actor,
            action="funding.feedback.update",
            target=bid,
            changes={"changed": changed},
        )
    return feedback


@transaction.atomic
def feedback_release(*, place, actor, bid, now=None):
    now = now or timezone.now()
    bid = locked_bid(place, bid)
    check_funder_of(actor, place, bid, _("give feedback on"))
    feedback = Feedback.objects.for_place(place).select_for_update().filter(bid=bid).first()
    if feedback is None:
        raise RuleViolation(_("This bid has no feedback to release."))
    if feedback.released_at is not None:  # so the applicant is told once
        raise RuleViolation(_("This feedback was released already."))
    feedback.released_at = now
    feedback.save(update_fields=["released_at"])
    audit_record(
        place=place,
        actor=actor,
        action="funding.feedback.release",
        target=bid,
        changes={"released_at": now},
    )
    news.tell_feedback_released(place, actor, bid, funder_name(bid.programme), feedback)
    return feedback


@transaction.atomic
def feedback_rate(*, place, actor, bid, helped, comment="", now=None):
    """The applicant says whether the feedback helped."""
    now = now or timezone.now()
    bid = locked_bid(place, bid)
    if not permissions.can_act_as_applicant(actor, place, bid):
        raise RuleViolation(
            _("Only a leader of the applicant organisation can rate this feedback.")
        )
    feedback = Feedback.objects.for_place(place).select_for_update().filter(bid=bid).first()
    if feedback is None or feedback.released_at is None:
        raise RuleViolation(_("There is no feedback to rate yet."))
    if helped is None:
        raise RuleViolation({"helped": _("Say whether the feedback helped.")})
    feedback.helped = bool(helped)
    feedback.helped_comment = comment or ""
    feedback.helped_at = now
    feedback.save(update_fields=["helped", "helped_comment", "helped_at"])
    audit_record(
        place=place,
        actor=actor,
        action="funding.feedback.rate",
        target=bid,
        changes={"helped": feedback.helped, "comment": feedback.helped_comment},
    )
    return feedback
