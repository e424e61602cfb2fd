"""API: tenders, specification sections, co-design comments, invitations, clarifications, bids and
awards under /api/v1/places/<place>/. Reads follow the same privacy as the pages (selectors); writes
call the services, whose refusals come back as field errors in the API's one error shape. Each
topic has its module; every viewset and filter is importable from here.
"""

from ._common import ByTenderFilter
from .bids import AwardViewSet, SubmissionViewSet
from .co_design import CommentViewSet, SectionViewSet
from .engagement import ClarificationViewSet, InvitationViewSet
from .tenders import TenderFilter, TenderViewSet

__all__ = [
    "AwardViewSet",
    "ByTenderFilter",
    "ClarificationViewSet",
    "CommentViewSet",
    "InvitationViewSet",
    "SectionViewSet",
    "SubmissionViewSet",
    "TenderFilter",
    "TenderViewSet",
]
