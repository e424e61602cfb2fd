"""The votes open on a community group's fund, shown on the group's page (a boards page).

Boards knows nothing of funding: the group's page includes this tag, which asks funding's own
selectors for the rounds of the group's funds whose vote is open today.
"""

from django import template

from funding import selectors

register = template.Library()


@register.inclusion_tag("funding/includes/open_votes.html")
def budget_open_votes(place, user, board):
    return {"place": place, "rounds": list(selectors.open_votes(place, user, board=board))}
