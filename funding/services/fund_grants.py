"""An awarded grant from a board's fund: the payments made on it, its withdrawal when the group
cannot go ahead, and the grantee's report on what the money did."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean

from .. import permissions
from ..models import BidState, FundPayment, GrantReport
from ._common import (
    check_runs_board,
    locked_application,
    place_today,
    tell_board,
    tell_organisation,
)


def _check_awarded(application, doing):
    if application.bid.state != BidState.AWARDED:
        raise RuleViolation(_("Only an awarded grant can %(doing)s.") % {"doing": doing})
    if application.withdrawn_at is not None:
        raise RuleViolation(_("This grant was withdrawn."))


@transaction.atomic
def fund_payment_record(*, place, actor, application, amount, paid_on=None, note=""):
    """Record money paid out on an awarded grant; payments never add up to more than the award."""
    application = locked_application(place, application)
    check_runs_board(actor, application.fund.board, _("record payments from its fund"))
    _check_awarded(application, _("be paid"))
    if amount is None or amount <= 0:
        raise RuleViolation({"amount": _("Enter the amount paid.")})
    remaining = application.bid.amount_awarded - application.paid_amount
    if amount > remaining:
        raise RuleViolation(
            {
                "amount": _("Only £%(remaining)s of the £%(awarded)s award is still to pay.")
                % {
                    "remaining": f"{remaining:,.2f}",
                    "awarded": f"{application.bid.amount_awarded:,.2f}",
                }
            }
        )
    payment = FundPayment(
        place=place,
        application=application,
        amount=amount,
        paid_on=paid_on or place_today(place),
        note=(note or "").strip(),
        recorded_by=actor,
    )
    full_clean(payment)
    payment.save()
    application.paid_amount += amount
    application.save(update_fields=["paid_amount", "updated_at"])
    audit_record(
        place=place,
        actor=actor,
        action="funding.fund_payment.record",
        target=application,
        changes={"amount": amount, "paid_on": payment.paid_on},
    )
    return payment


@transaction.atomic
def fund_grant_withdraw(*, place, actor, application, reason, now=None):
    """Withdraw an awarded grant (the group could not go ahead): what was not yet paid goes back
    to the fund; what was paid stays committed."""
    now = now or timezone.now()
    application = locked_application(place, application)
    check_runs_board(actor, application.fund.board, _("withdraw grants from its fund"))
    _check_awarded(application, _("be withdrawn"))
    if not (reason or "").strip():
        raise RuleViolation({"reason": _("Say why the grant is withdrawn.")})
    application.withdrawn_at = now
    application.withdrawn_reason = reason.strip()
    application.save(update_fields=["withdrawn_at", "withdrawn_reason", "updated_at"])
    released = application.bid.amount_awarded - application.paid_amount
    audit_record(
        place=place,
        actor=actor,
        action="funding.fund_grant.withdraw",
        target=application,
        changes={"reason": application.withdrawn_reason, "released": released},
    )
    tell_organisation(
        place,
        application.bid.applicant_id,
        title=_("Your grant for %(title)s was withdrawn") % {"title": application.bid.title},
        body=application.withdrawn_reason,
        bid=application.bid,
    )
    return application


@transaction.atomic
def grant_report_submit(*, place, actor, application, what_happened, people_reached=None):
    """The grantee's short report on what the money did, shown on the fund's public page."""
    application = locked_application(place, application)
    bid = application.bid
    if not permissions.can_act_as_applicant(actor, place, bid):
        raise RuleViolation(_("Only a leader of the group that got the grant can report on it."))
    if bid.state != BidState.AWARDED:
        raise RuleViolation(_("Only an awarded grant is reported on."))
    if GrantReport.objects.for_place(place).filter(application=application).exists():
        raise RuleViolation(_("The report on this grant has been sent already."))
    if not (what_happened or "").strip():
        raise RuleViolation({"what_happened": _("Say what the money did.")})
    report = GrantReport(
        place=place,
        application=application,
        what_happened=what_happened.strip(),
        people_reached=people_reached,
        submitted_by=actor,
    )
    full_clean(report)
    report.save()
    audit_record(
        place=place,
        actor=actor,
        action="funding.grant_report.submit",
        target=application,
        changes={"people_reached": people_reached},
    )
    tell_board(
        place,
        application.fund.board,
        title=_("%(applicant)s reported on %(title)s")
        % {"applicant": bid.applicant.name, "title": bid.title},
        body=report.what_happened[:300],
        bid=bid,
    )
    return report
