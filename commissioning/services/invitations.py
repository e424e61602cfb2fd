"""Organisations coming forward and being asked: registering interest in a tender, and the
commissioner's invitations (the invited organisation's people are told, in the app and by email)."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.caching.signals import changed as public_pages_changed
from coordination.errors import RuleViolation
from coordination.organisations.models import OrganisationKind

from .. import news
from ..models import LIVE_STAGES, Interest, Stage, TenderInvitation
from ._common import (
    fresh,
    local_time,
    person,
    require_acting,
    require_runner,
    same_place,
    tell_organisations,
)


def _invitation_text(tender, organisation, place):
    lines = [
        _("%(council)s invites %(org)s to take part in the tender “%(title)s”.")
        % {"council": tender.commissioner.name, "org": organisation.name, "title": tender.title},
        "",
        Truncator(tender.description).words(80),
    ]
    if tender.submission_deadline:
        lines += [
            "",
            _("Bids close at %(when)s (%(place)s time).")
            % {"when": local_time(tender.submission_deadline, place), "place": place.name},
        ]
    lines += ["", _("Read the tender, its co-design summary and the answers to questions.")]
    return "\n".join(lines)


@transaction.atomic
def interest_register(*, place, actor, tender, organisation):
    same_place(place, tender)
    tender = fresh(place, tender.pk)
    require_acting(actor, place, organisation)
    if tender.stage not in LIVE_STAGES or tender.stage == Stage.EVALUATION:
        raise RuleViolation(_("This tender is no longer taking expressions of interest."))
    if Interest.objects.for_place(place).filter(tender=tender, organisation=organisation).exists():
        raise RuleViolation(
            {"organisation": _("%(o)s has already registered interest.") % {"o": organisation}}
        )
    interest = Interest.objects.create(
        place=place, tender=tender, organisation=organisation, registered_by=person(actor)
    )
    audit_record(
        place=place, actor=actor, action="commissioning.interest.register", target=interest
    )
    return interest


@transaction.atomic
def invitations_send(*, place, actor, tender, organisations, now=None):
    """Invite organisations; their people are told (``news.INVITED``: in the app, and by email as
    each prefers). ``now`` back-dates the invitations (the demo data)."""
    same_place(place, tender)
    tender = fresh(place, tender.pk)
    require_runner(actor, place, tender)
    if tender.stage not in (Stage.MARKET_ENGAGEMENT, Stage.OPEN):
        raise RuleViolation(
            _("Invitations go out when a tender is in market engagement or open for bids.")
        )
    if not organisations:
        raise RuleViolation({"organisations": _("Choose at least one organisation to invite.")})
    already = set(
        TenderInvitation.objects.for_place(place)
        .filter(tender=tender)
        .values_list("organisation_id", flat=True)
    )
    sent = []
    for organisation in organisations:
        if not organisation.places.filter(pk=place.pk).exists():
            raise RuleViolation({"organisations": _("Choose organisations working here.")})
        if organisation.pk in already or organisation.kind == OrganisationKind.COUNCIL:
            continue
        invitation = TenderInvitation.objects.create(
            place=place,
            tender=tender,
            organisation=organisation,
            invited_by=person(actor),
            sent_at=now or timezone.now(),
        )
        sent.append(invitation)
        tell_organisations(
            tender,
            [organisation.pk],
            actor=actor,
            kind=news.INVITED,
            key=f"invitation:{invitation.pk}",
            title=_("%(org)s is invited to bid for %(title)s")
            % {"org": organisation.name, "title": tender.title},
            body=_invitation_text(tender, organisation, place),
        )
        audit_record(
            place=place, actor=actor, action="commissioning.invitation.create", target=invitation
        )
    return sent


@transaction.atomic
def invitation_acknowledge(*, place, actor, invitation, now=None):
    """Someone from the invited organisation says they have seen the invitation (a button, never a
    page being looked at). The first time counts: the public figures and the commissioner's list
    show it; saying it again changes nothing."""
    same_place(place, invitation)
    require_acting(actor, place, invitation.organisation)
    invitations = TenderInvitation.objects.for_place(place)
    # A read-mark, like a notification being read: no audit entry. The update sends no signal, so
    # the pages that count it (the public figures, the commissioner's list, My work) are told here.
    if invitations.filter(pk=invitation.pk, viewed_at__isnull=True).update(
        viewed_at=now or timezone.now()
    ):
        public_pages_changed([place.pk])
    return invitations.get(pk=invitation.pk)
