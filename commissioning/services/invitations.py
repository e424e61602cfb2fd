"""Organisations coming forward and being asked: registering interest in a tender, and the
commissioner's invitations (sent by email through the outbox and in the app)."""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.accounts.selectors import people_of_organisation
from coordination.audit.services import audit_record
from coordination.errors import RuleViolation
from coordination.notifications.emails import absolute_url
from coordination.organisations.models import OrganisationKind

from ..models import LIVE_STAGES, Interest, Stage, TenderInvitation
from ._common import (
    email_and_notify,
    fresh,
    local_time,
    person,
    require_acting,
    require_runner,
    same_place,
)

INVITATION_EMAIL_KIND = "tender_invitation"


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
def invitations_send(*, place, actor, tender, organisations):
    """Invite organisations; their people hear by email (through the outbox) and in the app."""
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
    url = absolute_url(tender.get_absolute_url())
    for organisation in organisations:
        if not organisation.places.filter(pk=place.pk).exists():
            raise RuleViolation({"organisations": _("Choose organisations working here.")})
        if organisation.pk in already or organisation.kind == OrganisationKind.COUNCIL:
            continue
        invitation = TenderInvitation.objects.create(
            place=place, tender=tender, organisation=organisation, invited_by=person(actor)
        )
        sent.append(invitation)
        context = {"tender": tender, "organisation": organisation, "place": place, "url": url}
        deadline = tender.submission_deadline
        context["deadline"] = local_time(deadline, place) if deadline else ""
        subject = _("%(org)s is invited to bid for %(title)s") % {
            "org": organisation.name,
            "title": tender.title,
        }
        text = render_to_string("commissioning/email/invitation.txt", context)
        html = render_to_string("commissioning/email/invitation.html", context)
        for user in people_of_organisation(place, organisation.pk):
            email_and_notify(
                place,
                user,
                kind=INVITATION_EMAIL_KIND,
                key=(invitation.pk,),
                subject=subject,
                text=text,
                html=html,
                body=tender.description[:300],
                url=tender.get_absolute_url(),
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
    # A read-mark, like a notification being read: no audit entry.
    invitations.filter(pk=invitation.pk, viewed_at__isnull=True).update(
        viewed_at=now or timezone.now()
    )
    return invitations.get(pk=invitation.pk)
