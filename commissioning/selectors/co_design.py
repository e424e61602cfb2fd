"""Co-design as each reader may see it: the specification and its versions (with what changed),
the group, the comments (anonymised for everyone but the commissioning team), sessions and the
"you said, we did" rows. Drafts are the group's and the team's until co-design's outputs are
published."""

import difflib
from dataclasses import dataclass

from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _

from coordination.organisations.models import Organisation

from ..models import CoDesignMember, CoDesignSession, Comment, SectionVersion, SpecificationSection
from ..permissions import acting_organisation_ids, can_run_tender
from .tenders import tenders_in_place


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


def latest_version(section):
    """The section's current text: its highest-numbered version."""
    return (
        SectionVersion.objects.for_place(section.place_id)
        .filter(section=section)
        .order_by("-number")
        .first()
    )


def section_history(section):
    """The section's versions, oldest first, and for each later one what changed: (version, diff)."""
    versions = list(
        SectionVersion.objects.for_place(section.place_id)
        .filter(section=section)
        .order_by("number")
    )
    changes = [
        (newer, version_diff(older, newer))
        for older, newer in zip(versions, versions[1:], strict=False)
    ]
    return versions, changes


def get_section(place, pk):
    return (
        SpecificationSection.objects.for_place(place).select_related("tender").filter(pk=pk).first()
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


def get_session(place, pk):
    return CoDesignSession.objects.for_place(place).select_related("tender").filter(pk=pk).first()


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
