"""Reports of residents' posts and what moderators do about them, and the posting limit of new
accounts.

Anyone signed in to the place reports an idea or a comment with a reason; the post stays up. A
moderator of the idea's group (its chair, vice-chair or secretary, or a place admin: callers check
boards.permissions.can_moderate) hides the post with a public reason, which resolves its open
reports as hidden; restores it, saying why; or keeps it, resolving its open reports as kept.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from coordination.accounts.models import Membership, Role
from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean
from coordination.notifications.services import tell_each

from ..models import ContentReport, Proposal, ProposalComment, ReportOutcome, ReportReason
from ..news import POST_MODERATED, REPORT_TO_REVIEW
from ._common import officers

ALREADY_HIDDEN = gettext_lazy("A moderator has already hidden this post.")


def _noun(post):
    return "proposal" if isinstance(post, Proposal) else "comment"


def _of(post):
    """The report field that names this post."""
    return {_noun(post): post}


def post_words(post):
    """How a post is named to people: "the idea “Benches”" or "a comment on “Benches”"."""
    if isinstance(post, Proposal):
        return _("your idea “%(title)s”") % {"title": post.title}
    return _("your comment on “%(title)s”") % {"title": post.proposal.title}


def board_of(post):
    return post.board if isinstance(post, Proposal) else post.proposal.board


def author_of(post):
    return post.proposed_by if isinstance(post, Proposal) else post.author


def moderators(board):
    """Who moderates a group's posts today: its chair, vice-chair and secretary, and the place's
    admins."""
    admins = [
        m.user
        for m in Membership.objects.for_place(board.place)
        .filter(role=Role.PLACE_ADMIN, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    ]
    return officers(board) + admins


# New accounts' posting limit


def check_posting_rate(*, place, actor, kind, now=None):
    """Refuse a post from an account younger than INPLACE_NEW_ACCOUNT_DAYS that has already made
    its day's share of ideas (``kind="idea"``) or comments (``kind="comment"``) in 24 hours."""
    if actor is None or not getattr(actor, "pk", None):
        return
    now = now or timezone.now()
    if actor.date_joined is None or now - actor.date_joined >= timedelta(
        days=settings.INPLACE_NEW_ACCOUNT_DAYS
    ):
        return
    since = now - timedelta(hours=24)
    if kind == "idea":
        limit = settings.INPLACE_NEW_ACCOUNT_IDEAS_PER_DAY
        made = Proposal.objects.for_place(place).filter(proposed_by=actor, created_at__gt=since)
        field = "title"
        message = ngettext(
            "Accounts less than %(days)d days old can post %(limit)d idea in 24 hours. "
            "Try again tomorrow.",
            "Accounts less than %(days)d days old can post %(limit)d ideas in 24 hours. "
            "Try again tomorrow.",
            limit,
        )
    else:
        limit = settings.INPLACE_NEW_ACCOUNT_COMMENTS_PER_DAY
        made = ProposalComment.objects.for_place(place).filter(author=actor, created_at__gt=since)
        field = "text"
        message = ngettext(
            "Accounts less than %(days)d days old can post %(limit)d comment in 24 hours. "
            "Try again tomorrow.",
            "Accounts less than %(days)d days old can post %(limit)d comments in 24 hours. "
            "Try again tomorrow.",
            limit,
        )
    # Counted in this place: each place a person joins gives them its own first week.
    if made.count() >= limit:
        raise RuleViolation(
            {field: [message % {"days": settings.INPLACE_NEW_ACCOUNT_DAYS, "limit": limit}]}
        )


# Reports


def _locked_post(place, post):
    model = type(post)
    return model.objects.for_place(place).select_for_update().get(pk=post.pk)


@transaction.atomic
def report_create(*, place, actor, post, reason, detail=""):
    """Someone reports a post: one open report per person per post. Nothing else changes."""
    post = _locked_post(place, post)
    if post.is_hidden:
        raise RuleViolation(str(ALREADY_HIDDEN))
    noun = _noun(post)
    report = ContentReport(
        place=place,
        reporter=actor,
        reason=reason,
        detail=(detail or "").strip(),
        **_of(post),
    )
    full_clean(report, exclude=["proposal", "comment", "reporter"])
    already = (
        _("You have already reported this idea.")
        if noun == "proposal"
        else _("You have already reported this comment.")
    )
    open_reports = ContentReport.objects.for_place(place).open().filter(reporter=actor)
    if open_reports.filter(**_of(post)).exists():
        raise RuleViolation(already)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:
        raise RuleViolation(already) from exc
    audit_record(
        place=place,
        actor=actor,
        action="boards.report.create",
        target=report,
        changes={"reason": reason, "post": f"{noun}:{post.pk}"},
    )
    board = board_of(post)
    tell_each(
        place,
        moderators(board),
        skip=actor,
        kind=REPORT_TO_REVIEW,
        key=f"report:{report.pk}",
        title=_("A post on %(board)s was reported: %(reason)s")
        % {"board": board.name, "reason": ReportReason(reason).label.lower()},
        url=_queue_url(place),
    )
    return report


def _queue_url(place):
    return reverse("places:boards:moderation", kwargs={"place_slug": place.slug})


def _resolve(place, actor, post, outcome, now):
    reports = list(
        ContentReport.objects.for_place(place).open().filter(**_of(post)).select_for_update()
    )
    for report in reports:
        report.resolved_at = now
        report.resolved_by = actor
        report.outcome = outcome
        full_clean(report, exclude=["proposal", "comment", "reporter"])
        report.save(update_fields=["resolved_at", "resolved_by", "outcome"])
        audit_record(
            place=place,
            actor=actor,
            action="boards.report.resolve",
            target=report,
            changes={"outcome": outcome},
        )
    return reports


@transaction.atomic
def post_hide(*, place, actor, post, reason, now=None):
    """A moderator hides a post with a public reason; its open reports are resolved as hidden and
    its author is told why."""
    post = _locked_post(place, post)
    if post.is_hidden:
        raise RuleViolation(str(ALREADY_HIDDEN))
    now = now or timezone.now()
    post.hidden_at = now
    post.hidden_by = actor
    post.hidden_reason = (reason or "").strip()
    full_clean(post)
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    audit_record(
        place=place,
        actor=actor,
        action="boards.proposal.hide" if isinstance(post, Proposal) else "boards.comment.hide",
        target=post,
        changes={"reason": post.hidden_reason},
    )
    _resolve(place, actor, post, ReportOutcome.HIDDEN, now)
    tell_each(
        place,
        [author_of(post)],
        skip=actor,
        kind=POST_MODERATED,
        key=f"hide:{_noun(post)}:{post.pk}:{now.isoformat()}",
        title=_("A moderator hid %(post)s") % {"post": post_words(post)},
        body=_("Why: %(reason)s") % {"reason": post.hidden_reason},
        url=post.get_absolute_url(),
    )
    return post


@transaction.atomic
def post_restore(*, place, actor, post, reason, now=None):
    """A moderator puts a hidden post back, saying why (kept in the audit trail)."""
    post = _locked_post(place, post)
    if not post.is_hidden:
        raise RuleViolation(_("This post is not hidden."))
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation({"reason": [_("Say why the post is restored.")]})
    before = post.hidden_reason
    post.hidden_at = None
    post.hidden_by = None
    post.hidden_reason = ""
    full_clean(post)
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    audit_record(
        place=place,
        actor=actor,
        action="boards.proposal.restore"
        if isinstance(post, Proposal)
        else "boards.comment.restore",
        target=post,
        changes={"reason": reason, "hidden_reason": [before, ""]},
    )
    now = now or timezone.now()
    tell_each(
        place,
        [author_of(post)],
        skip=actor,
        kind=POST_MODERATED,
        key=f"restore:{_noun(post)}:{post.pk}:{now.isoformat()}",
        title=_("A moderator restored %(post)s") % {"post": post_words(post)},
        body=reason,
        url=post.get_absolute_url(),
    )
    return post


@transaction.atomic
def post_keep(*, place, actor, post, now=None):
    """A moderator keeps a reported post up: its open reports are resolved as kept."""
    post = _locked_post(place, post)
    reports = _resolve(place, actor, post, ReportOutcome.KEPT, now or timezone.now())
    if not reports:
        raise RuleViolation(_("Nobody has reported this post, so there is nothing to keep."))
    return post
