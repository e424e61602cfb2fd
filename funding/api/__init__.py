"""API: programmes (public), bids with their decisions and feedback (privacy rules), grants (public)
and community board funds with their applications.

Bids are only reachable by their applicant's and funder's members (anyone else gets the same 404 as
for a bid that does not exist); other funders read consented summaries at shared-bids/. Each topic
has its module; every viewset and filter is importable from here.
"""

from .bids import BidFilter, BidViewSet, SharedBidViewSet
from .board_funds import (
    BoardFundFilter,
    BoardFundViewSet,
    FundApplicationFilter,
    FundApplicationViewSet,
)
from .budgeting import BudgetRoundFilter, BudgetRoundViewSet
from .grants import GrantViewSet
from .programmes import ProgrammeFilter, ProgrammeViewSet
from .variations import GrantVariationFilter, GrantVariationViewSet

__all__ = [
    "BidFilter",
    "BidViewSet",
    "BoardFundFilter",
    "BoardFundViewSet",
    "BudgetRoundFilter",
    "BudgetRoundViewSet",
    "FundApplicationFilter",
    "FundApplicationViewSet",
    "GrantViewSet",
    "ProgrammeFilter",
    "ProgrammeViewSet",
    "SharedBidViewSet",
    "GrantVariationFilter",
    "GrantVariationViewSet",
]
