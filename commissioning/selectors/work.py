"""What waits on a person in commissioning, for My work: for those taking part, the tenders their
organisations are in, answers to questions and co-design drafts open for comment; for those running
tenders, questions and comments to answer, tenders whose next date is near, and invitations nobody
has said they have seen. Each read is one query whatever the number of rows.

Only what the reader may already see: a bidder learns of its own bid (sealed bids stay sealed, the
council sees no bid here at all), answered questions are public, and the co-design drafts are the
group's."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import (
    LIVE_STAGES,
    UPCOMING_STAGES,
    Clarification,
    CoDesignMember,
    Comment,
    Interest,
    Stage,
    Submission,
    Tender,
    TenderInvitation,
)
from ..permissions import acting_organisation_ids, tenders_run_q

# Answers older than this are no longer news on My work.
ANSWERED_WITHIN = timedelta(days=30)
# A tender's next date is listed from this long before it (and stays once it has passed).
NEXT_DATE_WITHIN = timedelta(days=30)
# An invitation nobody has said they have seen is listed once it is this old.
UNSEEN_AFTER = timedelta(days=3)


def _of(model, place, orgs, ref="pk"):
    """``model`` rows of one of ``orgs`` for the tender at ``OuterRef(ref)``, for a subquery."""
    return model.objects.for_place(place).filter(tender=OuterRef(ref), organisation_id__in=orgs)


def _follows(place, orgs, ref="pk"):
    """Whether one of ``orgs`` follows the tender at ``OuterRef(ref)``: interested, invited or in
    its co-design group."""
    return (
        Exists(_of(Interest, place, orgs, ref))
        | Exists(_of(TenderInvitation, place, orgs, ref))
        | Exists(_of(CoDesignMember, place, orgs, ref))
    )


def tenders_taking_part(user, place, now=None):
    """Live tenders this person's organisations are invited to, registered interest in or bid for
    (lead or partner), annotated ``invited``, ``unseen`` (an invitation not yet said to be seen),
    ``interested`` and ``bid``. A tender whose bids have closed is left out unless they bid."""
    orgs = acting_organisation_ids(user, place)
    if not orgs:
        return []
    now = now or timezone.now()
    invitations = _of(TenderInvitation, place, orgs)
    own_bids = (
        Submission.objects.for_place(place)
        .filter(tender=OuterRef("pk"))
        .filter(Q(lead_id__in=orgs) | Q(partners__in=orgs))
    )
    tenders = (
        Tender.objects.for_place(place)
        .filter(stage__in=LIVE_STAGES)
        .annotate(
            invited=Exists(invitations),
            unseen=Exists(invitations.filter(viewed_at__isnull=True)),
            interested=Exists(_of(Interest, place, orgs)),
            bid=Exists(own_bids),
        )
        .filter(Q(invited=True) | Q(interested=True) | Q(bid=True))
        .select_related("commissioner")
        .order_by("pk")
    )
    closed = Q(stage=Stage.EVALUATION) | Q(submission_deadline__lte=now)
    return list(tenders.exclude(closed & Q(bid=False)))


def answered_questions(user, place, now=None):
    """Questions answered in the last ``ANSWERED_WITHIN``: those this person's organisations asked,
    and every answer on tenders they follow (answers are public), newest first, with ``own`` set."""
    orgs = acting_organisation_ids(user, place)
    if not orgs:
        return []
    now = now or timezone.now()
    questions = list(
        Clarification.objects.for_place(place)
        .filter(answered_at__gte=now - ANSWERED_WITHIN)
        .exclude(answer="")
        .filter(Q(organisation_id__in=orgs) | _follows(place, orgs, ref="tender_id"))
        .select_related("tender")
        .order_by("-answered_at", "-pk")
    )
    for question in questions:
        question.own = question.organisation_id in orgs
    return questions


def co_design_open_to(user, place, now=None):
    """Tenders in co-design whose group one of this person's organisations is in, still open."""
    orgs = acting_organisation_ids(user, place)
    if not orgs:
        return []
    now = now or timezone.now()
    return list(
        Tender.objects.for_place(place)
        .filter(stage=Stage.CO_DESIGN)
        .filter(Q(co_design_closes_at__isnull=True) | Q(co_design_closes_at__gt=now))
        .filter(Exists(_of(CoDesignMember, place, orgs)))
        .select_related("commissioner")
        .order_by("co_design_closes_at", "pk")
    )


def questions_to_answer(user, place):
    """Unanswered questions on the live tenders this person runs, oldest first."""
    return list(
        Clarification.objects.for_place(place)
        .filter(tenders_run_q(user, place, prefix="tender__"), answer="")
        .filter(tender__stage__in=LIVE_STAGES)
        .select_related("tender", "organisation")
        .order_by("asked_at", "pk")
    )


def comments_to_answer(user, place):
    """Co-design comments not yet answered on the tenders this person runs, while they can be."""
    return list(
        Comment.objects.for_place(place)
        .filter(tenders_run_q(user, place, prefix="version__section__tender__"), response="")
        .filter(version__section__tender__stage__in=UPCOMING_STAGES)
        .select_related("version__section__tender", "organisation")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class NextDate:
    tender: Tender
    what: str  # what happens then: "Co-design closes"
    when: date | datetime
    passed: str  # what it means once it has passed: "Co-design was due to close"


# stage -> the dates that come next in its timeline, the first one set counting, with what happens
# then and what it means once it has passed.
NEXT_DATES = {
    Stage.PIPELINE: (
        ("co_design_opens_at", _("Co-design opens"), _("Co-design was due to open")),
        ("submission_deadline", _("Bids close"), _("Bids have closed")),
    ),
    Stage.CO_DESIGN: (
        ("co_design_closes_at", _("Co-design closes"), _("Co-design has closed: move it on")),
    ),
    Stage.MARKET_ENGAGEMENT: (("submission_deadline", _("Bids close"), _("Bids have closed")),),
    Stage.OPEN: (
        ("submission_deadline", _("Bids close"), _("Bids have closed: start the evaluation")),
    ),
    Stage.EVALUATION: (("decision_date", _("Decision due"), _("The decision is overdue")),),
}

NEXT_DATE_FIELDS = sorted({field for dates in NEXT_DATES.values() for field, *_ in dates})


def next_dates_translated():
    """NEXT_DATES with its phrases in the active language, for reading many tenders at once."""
    return {
        stage: tuple((field, str(what), str(passed)) for field, what, passed in dates)
        for stage, dates in NEXT_DATES.items()
    }


def next_date(tender, next_dates=None):
    """The next date in the tender's timeline for its stage, as a NextDate, or None."""
    for field, what, passed in (next_dates or NEXT_DATES).get(tender.stage, ()):
        when = getattr(tender, field)
        if when is not None:
            return NextDate(tender=tender, what=str(what), when=when, passed=str(passed))
    return None


def _next_date_by(horizon, today_horizon):
    """Tenders whose next date (``next_date``) comes before the horizon, as one filter."""
    q = Q()
    for stage, dates in NEXT_DATES.items():
        earlier_unset = Q()
        for field, _what, _passed in dates:
            limit = today_horizon if field == "decision_date" else horizon
            q |= Q(stage=stage) & earlier_unset & Q(**{f"{field}__lte": limit})
            earlier_unset &= Q(**{f"{field}__isnull": True})
    return q


def tenders_next_date_due(user, place, now=None):
    """[NextDate] of the live tenders this person runs whose next date is within
    ``NEXT_DATE_WITHIN`` or has passed."""
    now = now or timezone.now()
    horizon = now + NEXT_DATE_WITHIN
    tenders = (
        Tender.objects.for_place(place)
        .filter(tenders_run_q(user, place), stage__in=LIVE_STAGES)
        .filter(_next_date_by(horizon, timezone.localtime(horizon, place.tz).date()))
        # What My work shows of each: a coordinator may run hundreds of live tenders.
        .only("pk", "place_id", "title", "reference", "stage", *NEXT_DATE_FIELDS)
        .order_by("pk")
    )
    translated = next_dates_translated()
    return [found for tender in tenders if (found := next_date(tender, translated)) is not None]


def invitations_unseen(user, place, now=None):
    """Invitations to the tenders this person runs, sent more than ``UNSEEN_AFTER`` ago, that
    nobody at the invited organisation has said they have seen, while bids can still be made."""
    now = now or timezone.now()
    return list(
        TenderInvitation.objects.for_place(place)
        .filter(tenders_run_q(user, place, prefix="tender__"))
        .filter(viewed_at__isnull=True, sent_at__lte=now - UNSEEN_AFTER)
        .filter(tender__stage__in=(Stage.MARKET_ENGAGEMENT, Stage.OPEN))
        .filter(
            Q(tender__submission_deadline__isnull=True) | Q(tender__submission_deadline__gt=now)
        )
        .select_related("tender", "organisation")
        .order_by("sent_at", "pk")
    )
