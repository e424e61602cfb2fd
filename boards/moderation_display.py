"""How a hidden post shows: a placeholder with the moderator's reason for everyone but its author
and its moderators, who still read the words, marked as hidden. Pages, digests, My work and the API
all show hidden posts through these."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from . import permissions


def placeholder(post):
    return _("Hidden by a moderator: %(reason)s") % {"reason": post.hidden_reason}


def marked(text):
    return _("%(text)s (hidden by a moderator)") % {"text": text}


def shown_title(proposal, user):
    """An idea's title as this person sees it."""
    if not proposal.is_hidden:
        return proposal.title
    if permissions.can_read_post(user, proposal):
        return marked(proposal.title)
    return placeholder(proposal)


def masked(proposals, user):
    """The ideas of a list with each hidden one's title as this person may see it (on the
    instances, for the page only: nothing is saved)."""
    proposals = list(proposals)
    for proposal in proposals:
        if proposal.is_hidden:
            proposal.title = shown_title(proposal, user)
            if not permissions.can_read_post(user, proposal):
                proposal.description = ""
    return proposals


def _viewer(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class HiddenPostFields(serializers.Serializer):
    """``hidden`` and ``hidden_reason``, and the words of a hidden post replaced by the
    placeholder for anyone but its author and its moderators (``masked``: field -> blank)."""

    hidden = serializers.BooleanField(source="is_hidden", read_only=True)
    hidden_reason = serializers.CharField(read_only=True)
    masked = {}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.is_hidden and not permissions.can_read_post(_viewer(self), instance):
            for field, shown in self.masked.items():
                if field in data:
                    data[field] = placeholder(instance) if shown == "placeholder" else ""
        return data
