"""Co-design: the specification's sections in numbered versions, the co-design group, its members'
comments on the current version and the commissioner's answers, and the sessions held."""

import hashlib

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean
from coordination.notifications.services import tell_each

from .. import news
from ..models import (
    UPCOMING_STAGES,
    CoDesignMember,
    CoDesignSession,
    Comment,
    ResponseKind,
    SectionVersion,
    SpecificationSection,
    Stage,
)
from ..selectors import latest_version
from ._common import fresh, person, require_acting, require_runner, same_place


@transaction.atomic
def section_add(*, place, actor, tender, heading, body):
    same_place(place, tender)
    tender = fresh(place, tender.pk)
    require_runner(actor, place, tender)
    if tender.stage not in UPCOMING_STAGES:
        raise RuleViolation(_("The specification is fixed once the tender opens for bids."))
    sections = SpecificationSection.objects.for_place(place).filter(tender=tender)
    position = (sections.aggregate(m=Max("position"))["m"] or 0) + 1
    section = SpecificationSection(place=place, tender=tender, heading=heading, position=position)
    full_clean(section)
    section.save()
    version = SectionVersion(
        place=place, section=section, number=1, body=body, created_by=person(actor)
    )
    full_clean(version)
    version.save()
    audit_record(place=place, actor=actor, action="commissioning.section.add", target=section)
    return section


@transaction.atomic
def section_revise(*, place, actor, section, body, change_note=""):
    same_place(place, section)
    tender = fresh(place, section.tender_id)
    require_runner(actor, place, tender)
    if tender.stage not in UPCOMING_STAGES:
        raise RuleViolation(_("The specification is fixed once the tender opens for bids."))
    latest = latest_version(section)
    if latest and latest.body == body:
        raise RuleViolation({"body": _("The text is the same as the current version.")})
    version = SectionVersion(
        place=place,
        section=section,
        number=(latest.number if latest else 0) + 1,
        body=body,
        change_note=change_note,
        created_by=person(actor),
    )
    full_clean(version)
    version.save()
    audit_record(
        place=place,
        actor=actor,
        action="commissioning.section.revise",
        target=section,
        changes={"version": version.number, "note": change_note},
    )
    return version


@transaction.atomic
def co_design_join(*, place, actor, tender, organisation):
    same_place(place, tender)
    tender = fresh(place, tender.pk)
    require_acting(actor, place, organisation)
    if tender.stage not in (Stage.PIPELINE, Stage.CO_DESIGN):
        raise RuleViolation(_("Co-design for this tender has closed."))
    if (
        CoDesignMember.objects.for_place(place)
        .filter(tender=tender, organisation=organisation)
        .exists()
    ):
        raise RuleViolation(
            {"organisation": _("%(o)s is already in the co-design group.") % {"o": organisation}}
        )
    member = CoDesignMember.objects.create(
        place=place, tender=tender, organisation=organisation, joined_by=person(actor)
    )
    audit_record(place=place, actor=actor, action="commissioning.co_design.join", target=member)
    return member


@transaction.atomic
def comment_add(*, place, actor, version, organisation, body, now=None):
    same_place(place, version)
    tender = fresh(place, version.section.tender_id)
    now = now or timezone.now()
    require_acting(actor, place, organisation)
    if tender.stage != Stage.CO_DESIGN or (
        tender.co_design_closes_at and tender.co_design_closes_at <= now
    ):
        raise RuleViolation(_("Co-design on this tender has closed, so comments are closed too."))
    if not (
        CoDesignMember.objects.for_place(place)
        .filter(tender=tender, organisation=organisation)
        .exists()
    ):
        raise RuleViolation({"organisation": _("Join the co-design group before commenting.")})
    latest = latest_version(version.section)
    if latest.pk != version.pk:
        raise RuleViolation(_("Comment on the current version of the section."))
    if not body.strip():
        raise RuleViolation({"body": _("Write your comment.")})
    comment = Comment(
        place=place, version=version, organisation=organisation, author=person(actor), body=body
    )
    full_clean(comment)
    comment.save()
    audit_record(place=place, actor=actor, action="commissioning.comment.add", target=comment)
    return comment


@transaction.atomic
def comment_respond(*, place, actor, comment, response, response_text="", now=None):
    same_place(place, comment)
    tender = fresh(place, comment.version.section.tender_id)
    require_runner(actor, place, tender)
    if tender.stage not in UPCOMING_STAGES:
        raise RuleViolation(_("Co-design has finished; its answers are published as they stand."))
    response = ResponseKind(response)
    if response != ResponseKind.ACCEPTED and not response_text.strip():
        raise RuleViolation(
            {"response_text": _("Give the reason when a comment is not taken up in full.")}
        )
    comment.response = response
    comment.response_text = response_text.strip()
    comment.responded_by = person(actor)
    comment.responded_at = now or timezone.now()
    comment.save(update_fields=["response", "response_text", "responded_by", "responded_at"])
    audit_record(
        place=place,
        actor=actor,
        action="commissioning.comment.respond",
        target=comment,
        changes={"response": response},
    )
    _tell_author(place, actor, tender, comment)
    return comment


def _tell_author(place, actor, tender, comment):
    """The comment's author hears of the answer; of a changed answer again, of the same one not."""
    answer = f"{comment.response}\n{comment.response_text}"
    version = hashlib.sha256(answer.encode()).hexdigest()[:16]
    heading = comment.version.section.heading
    lines = [str(ResponseKind(comment.response).label)]
    if comment.response_text:
        lines += ["", comment.response_text]
    tell_each(
        place,
        [comment.author],
        skip=person(actor),
        kind=news.COMMENT_ANSWERED,
        key=f"comment:{comment.pk}:answer:{version}",
        title=_("Your comment on “%(heading)s” in %(ref)s was answered")
        % {"heading": heading, "ref": tender.reference},
        body="\n".join(lines),
        url=reverse(
            "places:commissioning:co_design", kwargs={"place_slug": place.slug, "pk": tender.pk}
        ),
    )


def _check_session(place, actor, tender, attendees):
    require_runner(actor, place, tender)
    if tender.stage not in UPCOMING_STAGES:
        raise RuleViolation(
            _("Co-design sessions are recorded before the tender opens; its outputs are published.")
        )
    for organisation in attendees:
        if not organisation.places.filter(pk=place.pk).exists():
            raise RuleViolation({"attendees": _("Choose organisations working here.")})


@transaction.atomic
def session_record(*, place, actor, tender, title, held_at, notes="", attendees=()):
    same_place(place, tender)
    tender = fresh(place, tender.pk)
    attendees = list(attendees)
    _check_session(place, actor, tender, attendees)
    session = CoDesignSession(place=place, tender=tender, title=title, held_at=held_at, notes=notes)
    full_clean(session)
    session.save()
    session.attendees.set(attendees)
    audit_record(
        place=place,
        actor=actor,
        action="commissioning.session.record",
        target=session,
        changes={"attendees": [o.name for o in attendees]},
    )
    return session


@transaction.atomic
def session_update(*, place, actor, session, title, held_at, notes="", attendees=()):
    """Correct a session's details or its attendance (who came is often known only afterwards)."""
    same_place(place, session)
    tender = fresh(place, session.tender_id)
    attendees = list(attendees)
    _check_session(place, actor, tender, attendees)
    session.title, session.held_at, session.notes = title, held_at, notes
    full_clean(session)
    session.save()
    session.attendees.set(attendees)
    audit_record(
        place=place,
        actor=actor,
        action="commissioning.session.update",
        target=session,
        changes={"attendees": [o.name for o in attendees]},
    )
    return session
