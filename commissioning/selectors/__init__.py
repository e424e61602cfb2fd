"""Reads of a place's commissioning, already limited to the place, and the privacy rules for them.

- Tenders, their timelines, published criteria, awards and answered questions are public.
- Co-design drafts and comments are for the commissioning team and the co-design group until the
  tender opens; then everything co-design produced is public to every potential bidder at once.
- Comments and questions never show who made them to anyone but the commissioning team (and the
  organisation itself).
- Submissions are seen by the bidder (lead or partner) and the commissioning team only.

Each topic lives in its own module; every read is importable from here.
"""

from .bids import (
    award_of,
    awardable_submissions,
    awards_in_place,
    criteria_of,
    get_criterion,
    get_submission_for,
    scores_of,
    submissions_visible_to,
    weighted_total,
)
from .co_design import (
    DiffLine,
    ShownComment,
    YouSaidWeDid,
    can_see_co_design,
    co_design_member_ids,
    comments_for,
    get_comment,
    get_section,
    get_session,
    latest_version,
    participant_labels,
    participant_labels_of_tenders,
    published_co_design,
    section_history,
    sections_of,
    sessions_of,
    unanswered_comment_count,
    version_diff,
    you_said_we_did,
)
from .engagement import (
    ShownQuestion,
    clarifications_for,
    get_clarification,
    get_invitation,
    invitable_organisations,
    invitation_counts,
    invitations_of,
    invitations_to,
    organisations_taking_part,
    suggested_organisations,
    with_public_counts,
)
from .figures import (
    CommissionerFigures,
    Proportionality,
    commissioner_figures,
    local_vcse_ids,
    proportionality,
)
from .tenders import get_lot, get_tender, is_upcoming, lots_of, tenders_in_place, timeline

__all__ = [
    "CommissionerFigures",
    "DiffLine",
    "Proportionality",
    "ShownComment",
    "ShownQuestion",
    "YouSaidWeDid",
    "award_of",
    "awardable_submissions",
    "awards_in_place",
    "can_see_co_design",
    "clarifications_for",
    "co_design_member_ids",
    "comments_for",
    "commissioner_figures",
    "criteria_of",
    "get_clarification",
    "get_comment",
    "get_criterion",
    "get_invitation",
    "get_lot",
    "get_section",
    "get_session",
    "get_submission_for",
    "get_tender",
    "invitable_organisations",
    "invitation_counts",
    "invitations_of",
    "invitations_to",
    "is_upcoming",
    "latest_version",
    "local_vcse_ids",
    "lots_of",
    "organisations_taking_part",
    "participant_labels",
    "participant_labels_of_tenders",
    "proportionality",
    "published_co_design",
    "scores_of",
    "section_history",
    "sections_of",
    "sessions_of",
    "submissions_visible_to",
    "suggested_organisations",
    "tenders_in_place",
    "timeline",
    "unanswered_comment_count",
    "version_diff",
    "weighted_total",
    "with_public_counts",
    "you_said_we_did",
]
