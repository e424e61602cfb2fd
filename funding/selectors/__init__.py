"""Reads of funding, limited to one place and to what the person asking may see.

Privacy: a bid is seen in full by the applicant organisation's members and the programme funder's
members; other funders in the place see only the summary of bids whose applicant consented (and
never a draft or a declined bid); the public sees awarded grants and the figures, never a declined bid.
"""

from .bids import (
    attachments_of,
    awarded_grants,
    bid_audience,
    bids_visible_to,
    feedback_for_applicant,
    get_attachment_for,
    get_bid_for,
    grants_for_360giving,
    place_bids,
    shared_bids_for_funder,
)
from .board_funds import (
    fund_applications_of,
    fund_applications_visible_to,
    fund_grants,
    fund_of_programme,
    fund_totals,
    funds_visible_to,
    get_fund_application_for,
    get_fund_for,
    payments_of,
    proposal_path,
    spend_by_priority,
    with_totals,
)
from .figures import Figures, compute_figures, is_local_embedded, place_and_funder_figures
from .funder_coordination import (
    Flag,
    PipelineRow,
    coordination,
    coordination_flags,
    overlap_flags,
    pipeline_bids,
    unmet_high_needs,
)
from .programmes import (
    deadline_calendar,
    funders_in_place,
    get_programme,
    open_programmes,
    programmes_in_place,
)

__all__ = [
    "Figures",
    "Flag",
    "PipelineRow",
    "attachments_of",
    "awarded_grants",
    "bid_audience",
    "bids_visible_to",
    "compute_figures",
    "coordination",
    "coordination_flags",
    "deadline_calendar",
    "feedback_for_applicant",
    "fund_applications_of",
    "fund_applications_visible_to",
    "fund_grants",
    "fund_of_programme",
    "fund_totals",
    "funders_in_place",
    "funds_visible_to",
    "get_attachment_for",
    "get_bid_for",
    "get_fund_application_for",
    "get_fund_for",
    "get_programme",
    "grants_for_360giving",
    "is_local_embedded",
    "open_programmes",
    "overlap_flags",
    "payments_of",
    "pipeline_bids",
    "place_and_funder_figures",
    "place_bids",
    "programmes_in_place",
    "proposal_path",
    "shared_bids_for_funder",
    "spend_by_priority",
    "unmet_high_needs",
    "with_totals",
]
