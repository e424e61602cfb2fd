"""Questions about a tender: asked by an organisation before the deadline for questions, answered
in public by the commissioner (who asked is never published); followers hear of each answer."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean

from .. import news
from ..models import Clarification, Stage
from ._common import (
    follower_organisation_ids,
    fresh,
    local_time,
    person,
    require_acting,
    require_runner,
    same_place,
    tell_organisations,
)


@transaction.atomic
def clarification_ask(*, place, actor, tender, organisation, question, now=None):
    same_place(place, tender)
    tender = fresh(place, tender.pk)
    require_acting(actor, place, organisation)
    now = now or timezone.now()
    if tender.stage not in (Stage.MARKET_ENGAGEMENT, Stage.OPEN):
        raise RuleViolation(_("Questions are taken in market engagement and while bids are open."))
    if tender.clarification_deadline and now >= tender.clarification_deadline:
        raise RuleViolation(
            _("The deadline for questions was %(when)s.")
            % {"when": local_time(tender.clarification_deadline, place)}
        )
    if not question.strip():
        raise RuleViolation({"question": _("Write your question.")})
    clarification = Clarification(
        place=place,
        tender=tender,
        organisation=organisation,
        asked_by=person(actor),
        question=question.strip(),
    )
    full_clean(clarification)
    clarification.save()
    audit_record(
        place=place, actor=actor, action="commissioning.clarification.ask", target=clarification
    )
    return clarification


@transaction.atomic
def clarification_answer(*, place, actor, clarification, answer, now=None):
    same_place(place, clarification)
    tender = fresh(place, clarification.tender_id)
    require_runner(actor, place, tender)
    if not answer.strip():
        raise RuleViolation({"answer": _("Write the answer.")})
    first = not clarification.answer
    clarification.answer = answer.strip()
    clarification.answered_by = person(actor)
    clarification.answered_at = now or timezone.now()
    clarification.save(update_fields=["answer", "answered_by", "answered_at"])
    audit_record(
        place=place, actor=actor, action="commissioning.clarification.answer", target=clarification
    )
    if first:
        # Everyone following the tender hears of the answer, the asker's organisation included.
        tell_organisations(
            tender,
            follower_organisation_ids(tender) | {clarification.organisation_id},
            actor=actor,
            kind=news.CLARIFICATION_ANSWERED,
            key=f"clarification:{clarification.pk}:answered",
            title=_("A question about %(ref)s has been answered") % {"ref": tender.reference},
            body=f"{clarification.question}\n\n{clarification.answer}",
            url=tender.get_absolute_url() + "#questions",
        )
    return clarification
