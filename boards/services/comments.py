"""Comments on residents' ideas: public at once, by anyone who takes part in the place, on an idea
that is neither withdrawn nor hidden. The idea's proposer is told."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean
from coordination.notifications.services import tell_each

from ..models import Proposal, ProposalComment
from ..news import IDEA_COMMENTED
from .moderation import check_posting_rate

WITHDRAWN_NO_COMMENTS = gettext_lazy(
    "This idea was withdrawn by its proposer, so it takes no comments."
)
HIDDEN_NO_COMMENTS = gettext_lazy("A moderator hid this idea, so it takes no comments.")


@transaction.atomic
def comment_create(*, place, actor, proposal, text):
    proposal = Proposal.objects.for_place(place).select_for_update().get(pk=proposal.pk)
    if proposal.is_withdrawn:
        raise RuleViolation(str(WITHDRAWN_NO_COMMENTS))
    if proposal.is_hidden:
        raise RuleViolation(str(HIDDEN_NO_COMMENTS))
    text = (text or "").strip()
    if not text:
        raise RuleViolation({"text": [_("Enter your comment.")]})
    check_posting_rate(place=place, actor=actor, kind="comment")
    comment = ProposalComment(place=place, proposal=proposal, author=actor, text=text)
    full_clean(comment, exclude=["proposal", "author"])
    comment.save()
    audit_record(
        place=place,
        actor=actor,
        action="boards.comment.create",
        target=comment,
        changes={"proposal": proposal.pk},
    )
    tell_each(
        place,
        [proposal.proposed_by],
        skip=actor,
        kind=IDEA_COMMENTED,
        key=f"comment:{comment.pk}",
        title=_("%(name)s commented on your idea “%(title)s”")
        % {"name": actor.get_full_name() or _("Someone"), "title": proposal.title},
        body=text,
        url=comment.get_absolute_url(),
    )
    return comment
