"""Reads of a place's commissioning, already limited to the place, and the privacy rules for them.

- Tenders, their timelines, published criteria, awards and answered questions are public.
- Co-design drafts and comments are for the commissioning team and the co-design group until the
  tender opens; then everything co-design produced is public to every potential bidder at once.
- Comments and questions never show who made them to anyone but the commissioning team (and the
  organisation itself).
- Submissions are seen by the bidder (lead or partner) and the commissioning team only.
"""

import difflib
import statistics
from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from coordination.organisations.models import Organisation, OrganisationKind
from coordination.places.models import Area

from .models import (
    LIVE_STAGES,
    UPCOMING_STAGES,
    Award,
    Clarification,
    CoDesignMember,
    CoDesignSession,
    Comment,
    Criterion,
    DemandPeriod,
    Interest,
    Lot,
    Score,
    SectionVersion,
    SpecificationSection,
    Stage,
    Submission,
    Tender,
    TenderInvitation,
    TenderStageChange,
)
from .permissions import acting_organisation_ids, can_run_tender

# Tenders


def tenders_in_place(place, *, stages=None):
    qs = (
        Tender.objects.for_place(place)
        .select_related("commissioner", "place")
        .prefetch_related(
            "themes", Prefetch("areas", queryset=Area.objects.for_place(place).order_by("name"))
        )
    )
    if stages:
        qs = qs.filter(stage__in=stages)
    return qs.order_by("-created_at", "-pk")


def open_and_upcoming_tenders(place):
    return tenders_in_place(place, stages=LIVE_STAGES)


def get_tender(place, pk):
    return tenders_in_place(place).filter(pk=pk).first()


def timeline(tender):
    return (
        TenderStageChange.objects.for_place(tender.place_id)
        .filter(tender=tender)
        .select_related("changed_by")
        .order_by("changed_at", "pk")
    )


def lots_of(tender):
    return Lot.objects.for_place(tender.place_id).filter(tender=tender)


def criteria_of(tender):
    return Criterion.objects.for_place(tender.place_id).filter(tender=tender)


def get_lot(place, pk):
    return Lot.objects.for_place(place).select_related("tender").filter(pk=pk).first()


def get_criterion(place, pk):
    return Criterion.objects.for_place(place).select_related("tender").filter(pk=pk).first()


def get_session(place, pk):
    return CoDesignSession.objects.for_place(place).select_related("tender").filter(pk=pk).first()


def award_of(tender):
    return (
        Award.objects.for_place(tender.place_id)
        .filter(tender=tender)
        .select_related("submission__lead", "decided_by")
        .prefetch_related("submission__partners")
        .first()
    )


def awards_in_place(place):
    return (
        Award.objects.for_place(place)
        .select_related("tender__commissioner", "tender__place", "submission__lead")
        .order_by("-decided_at")
    )


# Co-design


def co_design_member_ids(tender):
    return set(
        CoDesignMember.objects.for_place(tender.place_id)
        .filter(tender=tender)
        .values_list("organisation_id", flat=True)
    )


def can_see_co_design(user, place, tender):
    """The drafts are the group's and the team's until co-design's outputs are published."""
    if tender.co_design_outputs_public or can_run_tender(user, place, tender):
        return True
    return bool(acting_organisation_ids(user, place) & co_design_member_ids(tender))


def sections_of(tender):
    """Sections with their versions (oldest first), as ``section.version_list``."""
    sections = list(
        SpecificationSection.objects.for_place(tender.place_id)
        .filter(tender=tender)
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=SectionVersion.objects.for_place(tender.place_id).order_by("number"),
                to_attr="version_list",
            )
        )
    )
    for section in sections:
        section.current = section.version_list[-1] if section.version_list else None
    return sections


def get_section(place, pk):
    return (
        SpecificationSection.objects.for_place(place).select_related("tender").filter(pk=pk).first()
    )


def get_version(place, pk):
    return (
        SectionVersion.objects.for_place(place)
        .select_related("section__tender")
        .filter(pk=pk)
        .first()
    )


def participant_labels(tender):
    """organisation id -> "Participant 1", "Participant 2"... in the order they joined co-design."""
    labels = participant_labels_of_tenders(tender.place_id, [tender.pk])
    return {org: label for (_tender, org), label in labels.items()}


def participant_labels_of_tenders(place, tender_ids):
    """(tender id, organisation id) -> "Participant n" for many tenders, in one query."""
    members = (
        CoDesignMember.objects.for_place(place)
        .filter(tender_id__in=tender_ids)
        .order_by("tender_id", "joined_at", "pk")
        .values_list("tender_id", "organisation_id")
    )
    labels, counts = {}, {}
    for tender_id, organisation_id in members:
        counts[tender_id] = counts.get(tender_id, 0) + 1
        labels[(tender_id, organisation_id)] = _("Participant %(n)d") % {"n": counts[tender_id]}
    return labels


@dataclass
class ShownComment:
    comment: Comment
    by: str  # who made it, as this reader may know it
    own: bool


def comments_for(user, place, tender):
    """The tender's comments with their authors anonymised for everyone but the team."""
    runner = can_run_tender(user, place, tender)
    mine = acting_organisation_ids(user, place)
    labels = participant_labels(tender)
    comments = (
        Comment.objects.for_place(place)
        .filter(version__section__tender=tender)
        .select_related("organisation", "version__section")
        .order_by("created_at", "pk")
    )
    shown = []
    for comment in comments:
        own = comment.organisation_id in mine
        if runner:
            by = comment.organisation.name
        elif own:
            by = _("Your organisation")
        else:
            by = labels.get(comment.organisation_id, _("A participant"))
        shown.append(ShownComment(comment=comment, by=by, own=own))
    return shown


def unanswered_comment_count(tender):
    return (
        Comment.objects.for_place(tender.place_id)
        .filter(version__section__tender=tender, response="")
        .count()
    )


def get_comment(place, pk):
    return (
        Comment.objects.for_place(place)
        .select_related("version__section__tender", "organisation")
        .filter(pk=pk)
        .first()
    )


def sessions_of(tender):
    return (
        CoDesignSession.objects.for_place(tender.place_id)
        .filter(tender=tender)
        .annotate(attendee_count=Count("attendees"))
        .prefetch_related(Prefetch("attendees", queryset=Organisation.objects.order_by("name")))
        .order_by("held_at", "pk")
    )


@dataclass
class YouSaidWeDid:
    section: str
    you_said: str
    by: str
    response: str  # the answer's label: accepted, partly accepted, not taken forward
    we_did: str


def you_said_we_did(user, place, tender):
    """Every answered comment as a "you said, we did" row, anonymised as ``comments_for`` is."""
    rows = []
    for shown in comments_for(user, place, tender):
        comment = shown.comment
        if not comment.is_answered:
            continue
        rows.append(
            YouSaidWeDid(
                section=comment.version.section.heading,
                you_said=comment.body,
                by=shown.by,
                response=comment.get_response_display(),
                we_did=comment.response_text,
            )
        )
    return rows


def published_co_design(place):
    """Tenders whose co-design outputs are public, newest first: the co-design summaries."""
    return (
        tenders_in_place(place)
        .filter(co_design_published_at__isnull=False)
        .order_by("-co_design_published_at", "-pk")
    )


@dataclass
class DiffLine:
    kind: str  # "same", "added" or "removed"
    text: str


def version_diff(older, newer):
    """Line by line, what changed from one version's text to the next (difflib)."""
    lines = []
    a, b = older.body.splitlines(), newer.body.splitlines()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            lines += [DiffLine("same", t) for t in a[i1:i2]]
            continue
        lines += [DiffLine("removed", t) for t in a[i1:i2]]
        lines += [DiffLine("added", t) for t in b[j1:j2]]
    return lines


# Clarifications


@dataclass
class ShownQuestion:
    clarification: Clarification
    by: str  # empty unless this reader may know who asked


def clarifications_for(user, place, tender):
    """Answered questions for everyone; unanswered ones only for the team and whoever asked."""
    runner = can_run_tender(user, place, tender)
    mine = acting_organisation_ids(user, place)
    qs = (
        Clarification.objects.for_place(place)
        .filter(tender=tender)
        .select_related("organisation")
        .order_by("asked_at", "pk")
    )
    if not runner:
        qs = qs.filter(~Q(answer="") | Q(organisation_id__in=mine))
    shown = []
    for clarification in qs:
        if runner:
            by = clarification.organisation.name
        elif clarification.organisation_id in mine:
            by = _("Your organisation")
        else:
            by = ""
        shown.append(ShownQuestion(clarification=clarification, by=by))
    return shown


def get_clarification(place, pk):
    return Clarification.objects.for_place(place).select_related("tender").filter(pk=pk).first()


# Submissions


def submissions_visible_to(user, place, tender=None):
    qs = (
        Submission.objects.for_place(place)
        .select_related("lead", "tender")
        .prefetch_related(
            "partners",
            Prefetch(
                "scores",
                queryset=Score.objects.for_place(place)
                .select_related("criterion")
                .order_by("criterion_id"),
                to_attr="scores_in_order",
            ),
        )
        .order_by("submitted_at", "pk")
    )
    if tender is not None:
        qs = qs.filter(tender=tender)
    if tender is not None and can_run_tender(user, place, tender):
        return qs
    mine = acting_organisation_ids(user, place)
    if tender is None:
        from .permissions import councils_run_by

        councils = councils_run_by(user, place)
        return qs.filter(
            Q(lead_id__in=mine) | Q(partners__in=mine) | Q(tender__commissioner__in=councils)
        ).distinct()
    return qs.filter(Q(lead_id__in=mine) | Q(partners__in=mine)).distinct()


def get_submission_for(user, place, pk):
    """A submission this person may see, or None (the same for "missing" and "not yours")."""
    submission = (
        Submission.objects.for_place(place).select_related("tender", "lead").filter(pk=pk).first()
    )
    if submission is None:
        return None
    if submissions_visible_to(user, place, submission.tender).filter(pk=pk).exists():
        return submission
    return None


def scores_of(submission):
    if hasattr(submission, "scores_in_order"):  # prefetched by submissions_visible_to
        return submission.scores_in_order
    return (
        Score.objects.for_place(submission.place_id)
        .filter(submission=submission)
        .select_related("criterion")
        .order_by("criterion_id")
    )


def weighted_total(submission):
    """The submission's score out of 100: each criterion's score out of 10 times its weight."""
    total = 0
    for score in scores_of(submission):
        total += score.score * score.criterion.weight / 10
    return round(total, 1)


# Invitations and interest


def invitation_counts(tender):
    """The public figures: organisations invited, how many looked, how many bid."""
    invitations = TenderInvitation.objects.for_place(tender.place_id).filter(tender=tender)
    bids = Submission.objects.for_place(tender.place_id).filter(
        tender=tender, lead=OuterRef("organisation")
    )
    counted = invitations.annotate(bid=Exists(bids))
    return {
        "invited": counted.count(),
        "viewed": counted.filter(viewed_at__isnull=False).count(),
        "bid": counted.filter(bid=True).count(),
        "interested": Interest.objects.for_place(tender.place_id).filter(tender=tender).count(),
    }


def _count_of(queryset):
    counted = queryset.order_by().values("tender").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_public_counts(queryset, place):
    """Tenders annotated with ``invitation_counts``' figures, in one query for a whole page."""
    invitations = TenderInvitation.objects.for_place(place).filter(tender=OuterRef("pk"))
    leads = Submission.objects.for_place(place).filter(tender=OuterRef(OuterRef("pk")))
    return queryset.annotate(
        count_invited=_count_of(invitations),
        count_viewed=_count_of(invitations.filter(viewed_at__isnull=False)),
        count_bid=_count_of(invitations.filter(organisation_id__in=leads.values("lead_id"))),
        count_interested=_count_of(Interest.objects.for_place(place).filter(tender=OuterRef("pk"))),
    )


def invitations_of(tender):
    return (
        TenderInvitation.objects.for_place(tender.place_id)
        .filter(tender=tender)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def invitable_organisations(place, tender):
    """Organisations working here that could be invited (not councils, not invited already)."""
    invited = (
        TenderInvitation.objects.for_place(place).filter(tender=tender).values("organisation_id")
    )
    return (
        Organisation.objects.filter(places=place)
        .exclude(kind=OrganisationKind.COUNCIL)
        .exclude(pk__in=invited)
        .order_by("name")
    )


def suggested_organisations(place, tender):
    """Local organisations whose mapped services match the tender's themes and areas.

    Read through mapping's selector; a service for the whole place matches every area, and a
    tender with no areas is for the whole place. Returns (organisation, [matching services]).
    """
    from mapping.selectors import services_in_place

    theme_ids = [t.pk for t in tender.themes.all()]
    if not theme_ids:
        return []
    area_ids = list(
        Area.objects.for_place(place).filter(tenders=tender).values_list("pk", flat=True)
    )
    services = services_in_place(place, include_closed=False).filter(themes__in=theme_ids)
    if area_ids:
        services = services.filter(Q(whole_place=True) | Q(areas__in=area_ids))
    invitable = set(invitable_organisations(place, tender).values_list("pk", flat=True))
    found = {}
    for service in services.distinct():
        if service.organisation_id in invitable:
            found.setdefault(service.organisation, []).append(service)
    return sorted(found.items(), key=lambda pair: pair[0].name)


# Proportionality


@dataclass
class Proportionality:
    periods: list
    flagged: bool
    demand_change: float | None  # per cent, latest against the one before
    value_change: float | None


def _percent(new, old):
    if not old:
        return None
    return round(float((new - old) / old * 100), 1)


def proportionality(tender, periods=None):
    """Demand against value across successive contracts; flagged when demand rose and value did not.

    ``periods`` may be given already read (a prefetch), in date order."""
    if periods is None:
        periods = list(DemandPeriod.objects.for_place(tender.place_id).filter(tender=tender))
    periods = list(periods)
    if len(periods) < 2:
        return Proportionality(periods, False, None, None)
    before, latest = periods[-2], periods[-1]
    flagged = latest.demand > before.demand and latest.value <= before.value
    return Proportionality(
        periods,
        flagged,
        _percent(latest.demand, before.demand),
        _percent(latest.value, before.value),
    )


# Per-commissioner figures


@dataclass
class CommissionerFigures:
    commissioner: Organisation
    tenders: int
    awarded: int
    local_vcse_awards: int
    co_designed: int
    median_co_design_days: float | None

    @property
    def local_vcse_share(self):
        return round(self.local_vcse_awards / self.awarded * 100) if self.awarded else None

    @property
    def co_designed_share(self):
        return round(self.co_designed / self.tenders * 100) if self.tenders else None


def local_vcse_ids(place):
    """VCSE organisations that work in at least one of this place's areas: the local sector."""
    return set(
        Organisation.objects.filter(
            kind__in=OrganisationKind.vcse(), areas__place=place
        ).values_list("pk", flat=True)
    )


def commissioner_figures(place):
    tenders = list(
        Tender.objects.for_place(place)
        .exclude(stage=Stage.PIPELINE)
        .select_related("commissioner")
        .order_by("commissioner__name", "pk")
    )
    co_designed_ids = set(
        TenderStageChange.objects.for_place(place)
        .filter(to_stage=Stage.CO_DESIGN)
        .values_list("tender_id", flat=True)
    )
    winners = dict(Award.objects.for_place(place).values_list("tender_id", "submission__lead_id"))
    local = local_vcse_ids(place)
    by_commissioner = {}
    for tender in tenders:
        by_commissioner.setdefault(tender.commissioner, []).append(tender)
    figures = []
    for commissioner, rows in by_commissioner.items():
        windows = [
            (t.co_design_closes_at - t.co_design_opens_at).total_seconds() / 86400
            for t in rows
            if t.pk in co_designed_ids and t.co_design_opens_at and t.co_design_closes_at
        ]
        awarded = [t for t in rows if t.pk in winners]
        figures.append(
            CommissionerFigures(
                commissioner=commissioner,
                tenders=len(rows),
                awarded=len(awarded),
                local_vcse_awards=sum(1 for t in awarded if winners[t.pk] in local),
                co_designed=sum(1 for t in rows if t.pk in co_designed_ids),
                median_co_design_days=round(statistics.median(windows), 1) if windows else None,
            )
        )
    return figures


def is_upcoming(tender):
    return tender.stage in UPCOMING_STAGES
