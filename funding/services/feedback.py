"""Feedback on a declined bid: the funder releases it, the applicant says whether it helped."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation

from .. import permissions
from ..models import Feedback
from ._common import check_funder_of, funder_name, locked_bid, tell_organisation


@transaction.atomic
def feedback_release(*, place, actor, bid, now=None):
    now = now or timezone.now()
    bid = locked_bid(place, bid)
    check_funder_of(actor, place, bid, _("give feedback on"))
    feedback = Feedback.objects.for_place(place).select_for_update().filter(bid=bid).first()
    if feedback is None:
        raise RuleViolation(_("This bid has no feedback to release."))
    if feedback.released_at is not None:
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
    tell_organisation(
        place,
        bid.applicant_id,
        title=_("Feedback on %(title)s") % {"title": bid.title},
        body=_("%(funder)s has released its feedback.") % {"funder": funder_name(bid.programme)},
        bid=bid,
    )
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
