"""What a grant's page shows of its variations: each request with its state and dates, and what
the person may do (ask for a change as the grantee, decide as the funder)."""

from ..models import BidState
from ..selectors import variations_of


def variation_panel(place, bid, *, is_funder, is_applicant):
    if bid.state != BidState.AWARDED:
        return {}
    variations = variations_of(place, bid)
    open_request = next((v for v in variations if v.is_open), None)
    return {
        "variations": variations,
        "show_variations": bool(variations) or is_funder or is_applicant,
        "open_variation": open_request,
        "can_request_variation": (
            is_applicant and open_request is None and not bid.programme.board_id
        ),
        "can_decide_variation": is_funder and open_request is not None,
        "can_withdraw_variation": is_applicant and open_request is not None,
    }
