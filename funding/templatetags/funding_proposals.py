"""Where a resident's idea can go for money, shown on the idea's page (a boards page).

Boards knows nothing of funding: the idea's page includes this tag, which asks funding's own
selectors what the idea became and which board fund a person could apply to with it.
"""

from django import template

from coordination.accounts.permissions import can
from funding import selectors

register = template.Library()


@register.inclusion_tag("funding/includes/proposal_funding.html")
def proposal_funding(place, user, proposal):
    """The applications the idea became (as the public may see them), and a link to apply to the
    board's fund for anyone who may apply for funding."""
    return {
        "place": place,
        "proposal": proposal,
        "path": selectors.proposal_path(place, proposal),
        # Lazy: asked only when the template shows the link, for someone who may apply.
        "funds": selectors.funds_visible_to(place, user).filter(board=proposal.board)[:1],
        "can_apply": can(user, place, "apply_for_funding"),
    }
