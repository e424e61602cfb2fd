"""Grant variations: the grantee (a leader of the applicant organisation) asks for a change to an
awarded grant or withdraws the request; the funder (who may decide bids to the programme) approves
or refuses it, with a reason when refusing. Approving a change of period moves the grant's end and
spend-by dates in the same transaction, under the grant's own rules. Each step is audited (a
webhook event) and the other side told, once, through the news registry."""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coordination.accounts.selectors import people_of_organisation
from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean
from coordination.notifications.services import tell_each

from .. import permissions
from ..models import BidState, GrantVariation, VariationKind, VariationState
from ..models.variations import REFUSAL_NEEDS_REASON
from ._common import check_funder_of, locked_bid

VARIATION_REQUESTED = "funding_variation_requested"
VARIATION_DECIDED = "funding_variation_decided"

ASKED_FIELDS = ("new_purpose", "new_end", "new_spend_by", "budget_change")


def _day(value):
    return date_format(value, "j F Y") if value else ""


def locked_variation(place, variation):
    return (
        GrantVariation.objects.for_place(place)
        .select_for_update()
        .select_related("grant")
        .get(pk=variation.pk)
    )


def _check_grantee(actor, place, grant, doing):
    if not permissions.can_act_as_applicant(actor, place, grant):
        raise RuleViolation(
            _("Only a leader of %(applicant)s can %(doing)s a change to this grant.")
            % {"applicant": grant.applicant.name, "doing": doing}
        )


def _tell(place, actor, people, *, kind, key, title, body, variation):
    return tell_each(
        place,
        people,
        skip=actor,
        kind=kind,
        key=key,
        title=title,
        body=body,
        url=variation.get_absolute_url(),
    )


def _funder_people(place, grant):
    return people_of_organisation(place, grant.programme.funder_id, roles=None)


def _grantee_people(place, grant):
    return people_of_organisation(place, grant.applicant_id, roles=None)


@transaction.atomic
def variation_request(*, place, actor, grant, kind, reason, now=None, **asked):
    """The grantee asks for one kind of change to an awarded grant of a funder's programme."""
    now = now or timezone.now()
    grant = locked_bid(place, grant)
    _check_grantee(actor, place, grant, _("ask for"))
    if grant.programme.board_id:
        raise RuleViolation(
            _("This grant is from %(board)s's fund: ask the board, at one of its meetings.")
            % {"board": grant.programme.board.name}
        )
    if grant.state != BidState.AWARDED:
        raise RuleViolation(_("Only an awarded grant can be changed."))
    values = {key: asked.get(key) for key in ASKED_FIELDS}
    for text in ("new_purpose", "budget_change"):
        values[text] = values[text] or ""
    # One kind a request: what belongs to another kind is not kept.
    if kind != VariationKind.PURPOSE:
        values["new_purpose"] = ""
    if kind != VariationKind.BUDGET:
        values["budget_change"] = ""
    if kind != VariationKind.PERIOD:
        values["new_end"] = values["new_spend_by"] = None
    variation = GrantVariation(
        place=place,
        grant=grant,
        kind=kind,
        reason=reason or "",
        requested_by=actor,
        requested_at=now,
        **values,
    )
    full_clean(variation, exclude=["grant"])
    variation.save()
    audit_record(
        place=place,
        actor=actor,
        action="funding.variation.request",
        target=variation,
        changes={"grant": grant.pk, "kind": kind, "reason": variation.reason, **values},
    )
    _tell(
        place,
        actor,
        _funder_people(place, grant),
        kind=VARIATION_REQUESTED,
        key=f"variation:{variation.pk}:requested",
        title=_("%(applicant)s asks to change “%(title)s”")
        % {"applicant": grant.applicant.name, "title": grant.title},
        body=_("%(kind)s: %(asked)s")
        % {"kind": variation.get_kind_display(), "asked": variation.asked()}
        + "\n\n"
        + _("Why: %(reason)s") % {"reason": variation.reason},
        variation=variation,
    )
    return variation


def _check_open(variation):
    if not variation.is_open:
        raise RuleViolation(
            _("This request is %(state)s: only a request waiting for the funder can change.")
            % {"state": variation.get_state_display().lower()}
        )


@transaction.atomic
def variation_withdraw(*, place, actor, variation, now=None):
    now = now or timezone.now()
    grant = locked_bid(place, variation.grant)
    variation = locked_variation(place, variation)
    _check_grantee(actor, place, grant, _("withdraw"))
    _check_open(variation)
    variation.state = VariationState.WITHDRAWN
    variation.withdrawn_at = now
    variation.save(update_fields=["state", "withdrawn_at", "updated_at"])
    audit_record(
        place=place,
        actor=actor,
        action="funding.variation.withdraw",
        target=variation,
        changes={"state": [VariationState.REQUESTED, VariationState.WITHDRAWN]},
    )
    _tell(
        place,
        actor,
        _funder_people(place, grant),
        kind=VARIATION_REQUESTED,
        key=f"variation:{variation.pk}:withdrawn",
        title=_("%(applicant)s withdrew its request to change “%(title)s”")
        % {"applicant": grant.applicant.name, "title": grant.title},
        body=_("%(kind)s: nothing to decide any more.") % {"kind": variation.get_kind_display()},
        variation=variation,
    )
    return variation


def _apply_period(grant, variation):
    """Move the grant's dates as the approved change of period says, under the grant's rules."""
    variation.previous_end, variation.previous_spend_by = grant.award_end, grant.spend_by
    if variation.new_end is not None:
        grant.award_end = variation.new_end
    if variation.new_spend_by is not None:
        grant.spend_by = variation.new_spend_by
    errors = grant.spend_by_errors()
    if grant.award_end is not None and grant.award_start and grant.award_end < grant.award_start:
        errors["new_end"] = _("The grant cannot end before it starts.")
    if errors:
        raise RuleViolation(
            {("new_spend_by" if k == "spend_by" else k): v for k, v in errors.items()}
        )
    grant.save(update_fields=["award_end", "spend_by", "updated_at"])


@transaction.atomic
def variation_decide(*, place, actor, variation, approve, reason="", now=None):
    """The funder approves or refuses an open request (a refusal says why)."""
    now = now or timezone.now()
    grant = locked_bid(place, variation.grant)
    variation = locked_variation(place, variation)
    check_funder_of(actor, place, grant, _("decide a change to"))
    _check_open(variation)
    reason = (reason or "").strip()
    if not approve and not reason:
        raise RuleViolation({"reason": REFUSAL_NEEDS_REASON})
    if approve and variation.kind == VariationKind.PERIOD:
        _apply_period(grant, variation)
    variation.state = VariationState.APPROVED if approve else VariationState.REFUSED
    variation.decided_by, variation.decided_at = actor, max(now, variation.requested_at)
    variation.decision_reason = reason
    full_clean(variation, exclude=["grant"])
    variation.save()
    changes = {
        "state": [VariationState.REQUESTED, variation.state],
        "reason": reason,
    }
    if approve and variation.kind == VariationKind.PERIOD:
        changes["award_end"] = [variation.previous_end, grant.award_end]
        changes["spend_by"] = [variation.previous_spend_by, grant.spend_by]
    audit_record(
        place=place,
        actor=actor,
        action="funding.variation.approve" if approve else "funding.variation.refuse",
        target=variation,
        changes=changes,
    )
    _tell_decided(place, actor, grant, variation)
    return variation


def _tell_decided(place, actor, grant, variation):
    funder = grant.programme.funder.name
    if variation.state == VariationState.APPROVED:
        title = _("Your change to “%(title)s” is approved") % {"title": grant.title}
        body = _("%(funder)s approved your request (%(kind)s).") % {
            "funder": funder,
            "kind": variation.get_kind_display().lower(),
        }
        if variation.kind == VariationKind.PERIOD:
            body += " " + _("The grant now ends on %(end)s; spend the money by %(spend_by)s.") % {
                "end": _day(grant.award_end),
                "spend_by": _day(grant.spend_by),
            }
    else:
        title = _("Your change to “%(title)s” is refused") % {"title": grant.title}
        body = _("%(funder)s refused your request (%(kind)s).") % {
            "funder": funder,
            "kind": variation.get_kind_display().lower(),
        }
    if variation.decision_reason:
        body += "\n\n" + _("Their reason: %(reason)s") % {"reason": variation.decision_reason}
    return _tell(
        place,
        actor,
        _grantee_people(place, grant),
        kind=VARIATION_DECIDED,
        key=f"variation:{variation.pk}:decided",
        title=title,
        body=body,
        variation=variation,
    )
