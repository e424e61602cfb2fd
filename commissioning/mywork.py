"""Commissioning's My work sections: each turns what ``selectors.work`` found into WorkItems, with
a link to where the person acts. The reads are the selectors' (a query or two per section)."""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from coordination.accounts.models import Role
from coordination.work.registry import WorkItem

from . import selectors
from .models import Stage

TAKING_PART_ROLES = frozenset({Role.CHARITY_LEADER, Role.PARTNER})
RUNNING_ROLES = frozenset({Role.COUNCIL_OFFICER, Role.PLACE_ADMIN})


def takes_part(place, user, roles):
    return bool(roles & TAKING_PART_ROLES)


def runs_tenders(place, user, roles):
    return bool(roles & RUNNING_ROLES)


def _url(place, name, pk, anchor=""):
    path = reverse(f"places:commissioning:{name}", kwargs={"place_slug": place.slug, "pk": pk})
    return f"{path}#{anchor}" if anchor else path


def _short(text):
    return Truncator(" ".join(text.split())).chars(80)


def _joined(*parts):
    return " · ".join(str(p) for p in parts if p)


def _taking_part_status(tender, sealed):
    if tender.bid:
        return _("Bid submitted") if sealed else _("Bid submitted: awaiting the decision")
    if tender.unseen:
        return _("Invited: tell the commissioner you have seen it")
    if tender.interested:
        return _("Registered interest")
    return _("Invited")


def my_tenders(place, user, roles, now):
    """Tenders my organisation is invited to, registered interest in or bid for, due when bids
    close (no date once they have: the decision is the council's)."""
    items = []
    for tender in selectors.tenders_taking_part(user, place, now):
        sealed = selectors.bids_are_sealed(tender, now)
        items.append(
            WorkItem(
                title=tender.title,
                url=_url(place, "tender_detail", tender.pk),
                due=tender.submission_deadline if sealed else None,
                status=_taking_part_status(tender, sealed),
                detail=_joined(
                    tender.reference, Stage(tender.stage).label, tender.commissioner.name
                ),
            )
        )
    return items


def answers(place, user, roles, now):
    """Questions my organisation asked, and any question on a tender we follow, answered lately."""
    return [
        WorkItem(
            title=_short(question.question),
            url=_url(place, "tender_detail", question.tender_id, anchor="questions"),
            due=None,
            status=_("Your question was answered") if question.own else _("Answered for everyone"),
            detail=_joined(
                question.tender.reference,
                question.tender.title,
                _("answered %(when)s")
                % {"when": timezone.localtime(question.answered_at, place.tz).strftime("%-d %B")},
            ),
        )
        for question in selectors.answered_questions(user, place, now)
    ]


def co_design_drafts(place, user, roles, now):
    """Co-design drafts open for my organisation's comments, due when co-design closes."""
    return [
        WorkItem(
            title=tender.title,
            url=_url(place, "co_design", tender.pk),
            due=tender.co_design_closes_at,
            status=_("Open for comment"),
            detail=_joined(tender.reference, tender.commissioner.name),
        )
        for tender in selectors.co_design_open_to(user, place, now)
    ]


def questions_to_answer(place, user, roles, now):
    """Unanswered questions on the tenders I run, due by the deadline for questions."""
    return [
        WorkItem(
            title=_short(question.question),
            url=_url(place, "question_answer", question.pk),
            due=question.tender.clarification_deadline,
            status=_("Not answered"),
            detail=_joined(
                question.tender.reference,
                _("asked by %(org)s") % {"org": question.organisation.name},
            ),
        )
        for question in selectors.questions_to_answer(user, place)
    ]


def comments_to_answer(place, user, roles, now):
    """Co-design comments awaiting my answer, due when co-design closes."""
    items = []
    for comment in selectors.comments_to_answer(user, place):
        section = comment.version.section
        items.append(
            WorkItem(
                title=_short(comment.body),
                url=_url(place, "comment_respond", comment.pk),
                due=section.tender.co_design_closes_at,
                status=_("Awaiting your answer"),
                detail=_joined(
                    section.tender.reference, section.heading, comment.organisation.name
                ),
            )
        )
    return items


def next_stages(place, user, roles, now):
    """Tenders I run whose next date (co-design closes, bids close, the decision) is near."""
    items = []
    today = timezone.localtime(now, place.tz).date()
    stages = {value: str(label) for value, label in Stage.choices}
    for found in selectors.tenders_next_date_due(user, place, now):
        tender = found.tender
        passed = found.when < (now if isinstance(found.when, datetime) else today)
        items.append(
            WorkItem(
                title=tender.title,
                url=_url(place, "tender_detail", tender.pk),
                due=found.when,
                status=found.passed if passed else found.what,
                detail=_joined(tender.reference, stages[tender.stage]),
            )
        )
    return items


def unseen_invitations(place, user, roles, now):
    """Invitations sent over three days ago that the organisation has not said it has seen."""
    return [
        WorkItem(
            title=invitation.organisation.name,
            url=_url(place, "invitations", invitation.tender_id),
            due=invitation.tender.submission_deadline,
            status=_("Sent %(when)s, not yet seen")
            % {"when": timezone.localtime(invitation.sent_at, place.tz).strftime("%-d %B")},
            detail=_joined(invitation.tender.reference, invitation.tender.title),
        )
        for invitation in selectors.invitations_unseen(user, place, now)
    ]
