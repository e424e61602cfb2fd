"""Bids: an organisation drafts one to an open programme, changes it while a draft, submits or
withdraws it. A board's fund takes its applications through its own form (fund_applications),
which makes the same draft bid."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean

from .. import permissions
from ..models import Bid, BidAttachment, BidState
from ._common import (
    check_move,
    check_within_fund,
    locked_bid,
    move_bid,
    place_today,
    record_move,
    tell_board,
    tell_organisation,
)
from .applying import check_application_complete, link_documents
from .attachments import check_attachments, save_attachments

BID_FIELDS = ("title", "summary", "amount_requested", "duration_months", "share_summary")


def _check_programme_open(place, programme, *, field="programme"):
    today = place_today(place)
    if not programme.places.filter(pk=place.pk).exists():
        raise RuleViolation(
            {field: _("That programme does not run in %(place)s.") % {"place": place.name}}
        )
    if today < programme.opens_on:
        raise RuleViolation(
            {
                field: _("The programme opens on %(day)s.")
                % {"day": programme.opens_on.strftime("%-d %B %Y")}
            }
        )
    if programme.deadline and today > programme.deadline:
        raise RuleViolation(
            {
                field: _("The deadline for this programme was %(day)s: it takes no more bids.")
                % {"day": programme.deadline.strftime("%-d %B %Y")}
            }
        )


def _link_place_rows(bid, place, areas, themes, communities):
    if areas is not None:
        # Through the link table, so no area query runs outside a place scope; only this place's.
        through = Bid.areas.through
        through.objects.filter(bid=bid).delete()
        through.objects.bulk_create(
            [through(bid=bid, area=a) for a in areas if a.place_id == place.pk],
            ignore_conflicts=True,
        )
    if themes is not None:
        bid.themes.set([t for t in themes if t.place_id in (None, place.pk)])
    if communities is not None:
        bid.communities.set(communities)


@transaction.atomic
def bid_create(
    *,
    place,
    actor,
    programme,
    applicant,
    areas=(),
    themes=(),
    communities=(),
    attachments=(),
    **fields,
):
    if programme.board_id:
        raise RuleViolation(
            {
                "programme": _(
                    "This is a board's fund: apply through the fund's own short application form."
                )
            }
        )
    return new_bid(
        place=place,
        actor=actor,
        programme=programme,
        applicant=applicant,
        areas=areas,
        themes=themes,
        communities=communities,
        attachments=attachments,
        **fields,
    )


def new_bid(
    *, place, actor, programme, applicant, areas, themes, communities, attachments, **fields
):
    """A draft bid to an open programme, for a group this person leads: a funder's programme
    (bid_create) or a board's fund (fund_application_create)."""
    if applicant.pk not in permissions.applicant_ids(actor, place):
        raise RuleViolation(
            {"applicant": _("You can only bid for an organisation you lead in this place.")}
        )
    _check_programme_open(place, programme)
    bid = Bid(
        place=place,
        programme=programme,
        applicant=applicant,
        created_by=actor,
        **{k: fields[k] for k in BID_FIELDS if k in fields},
    )
    full_clean(bid)
    attachments = list(attachments or [])
    types = check_attachments(attachments)
    bid.save()
    _link_place_rows(bid, place, areas, themes, communities)
    saved = save_attachments(place, actor, bid, attachments, types)
    record_move(
        bid,
        place=place,
        actor=actor,
        from_state="",
        to_state=BidState.DRAFT,
        at=bid.created_at,
        action="funding.bid.create",
        changes={
            **{k: fields.get(k) for k in BID_FIELDS if k in fields},
            **({"attachments": [a.original_name for a in saved]} if saved else {}),
        },
    )
    return bid


@transaction.atomic
def bid_update(
    *, place, actor, bid, areas=None, themes=None, communities=None, attachments=(), **fields
):
    bid = locked_bid(place, bid)
    if not permissions.can_act_as_applicant(actor, place, bid):
        raise RuleViolation(_("Only a leader of the applicant organisation can change this bid."))
    if bid.state != BidState.DRAFT:
        raise RuleViolation(
            _("Only a draft bid can be changed; this one is %(state)s.")
            % {"state": bid.get_state_display().lower()}
        )
    before = {k: getattr(bid, k) for k in BID_FIELDS}
    for key in BID_FIELDS:
        if key in fields:
            setattr(bid, key, fields[key])
    full_clean(bid)
    attachments = list(attachments or [])
    types = check_attachments(
        attachments, already=BidAttachment.objects.for_place(place).filter(bid=bid).count()
    )
    bid.save()
    _link_place_rows(bid, place, areas, themes, communities)
    saved = save_attachments(place, actor, bid, attachments, types)
    changes = {k: [before[k], getattr(bid, k)] for k in BID_FIELDS if before[k] != getattr(bid, k)}
    if saved:
        changes["attachments_added"] = [a.original_name for a in saved]
    audit_record(place=place, actor=actor, action="funding.bid.update", target=bid, changes=changes)
    return bid


@transaction.atomic
def bid_submit(*, place, actor, bid, now=None):
    now = now or timezone.now()
    bid = locked_bid(place, bid)
    if not permissions.can_act_as_applicant(actor, place, bid):
        raise RuleViolation(_("Only a leader of the applicant organisation can submit this bid."))
    check_move(bid, BidState.SUBMITTED)
    _check_programme_open(place, bid.programme, field=None)
    full_clean(bid)
    application = check_application_complete(place, bid)  # every answer and document, or refuse
    if bid.programme.board_id:
        check_within_fund(place, bid.programme.board_fund, bid.amount_requested, "amount_requested")
    bid.submitted_at = now
    move_bid(
        bid,
        BidState.SUBMITTED,
        place=place,
        actor=actor,
        at=now,
        action="funding.bid.submit",
        fields=["submitted_at"],
    )
    link_documents(place, actor, bid, application)
    tell_organisation(
        place,
        bid.programme.funder_id,
        title=_("New bid to %(programme)s: %(title)s")
        % {"programme": bid.programme.title, "title": bid.title},
        body=_("%(applicant)s asks for £%(amount)s.")
        % {"applicant": bid.applicant.name, "amount": f"{bid.amount_requested:,.2f}"},
        bid=bid,
    )
    if bid.programme.board_id:
        tell_board(
            place,
            bid.programme.board,
            title=_("A new application to %(board)s's fund: %(title)s")
            % {"board": bid.programme.board.name, "title": bid.title},
            body=_("%(applicant)s asks for £%(amount)s. Put it on a meeting's agenda.")
            % {"applicant": bid.applicant.name, "amount": f"{bid.amount_requested:,.2f}"},
            bid=bid,
        )
    return bid


@transaction.atomic
def bid_withdraw(*, place, actor, bid, now=None):
    now = now or timezone.now()
    bid = locked_bid(place, bid)
    if not permissions.can_act_as_applicant(actor, place, bid):
        raise RuleViolation(_("Only a leader of the applicant organisation can withdraw this bid."))
    check_move(bid, BidState.WITHDRAWN)
    move_bid(
        bid, BidState.WITHDRAWN, place=place, actor=actor, at=now, action="funding.bid.withdraw"
    )
    return bid
