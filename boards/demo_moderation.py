"""Demo comments on residents' ideas, with one comment reported and waiting in the moderators'
queue and one hidden with its reason: in every place that has ideas. Re-running changes nothing."""

from coordination.accounts.models import Membership, User

from . import services
from .models import Proposal, ProposalComment, ProposalStatus, ReportReason

# (author, text, what happens to it: None, "reported" or "hidden")
COMMENTS = [
    ("partner", "The health centre would back this: many of our patients have asked for it.", None),
    ("leader", "Our volunteers could help look after it at weekends.", None),
    (
        "leader",
        "This is a waste of money and whoever asked for it should move somewhere else.",
        "reported",
    ),
    (
        "partner",
        "Cheap phone deals this week only at our shop on the high street, ask for Dave.",
        "hidden",
    ),
]
REPORT_DETAIL = "Rude to the people who asked for this."
HIDDEN_REASON = "Advertising: the terms of taking part do not allow it."


def _person(place, local):
    user = User.objects.filter(email=f"{local}@{place.slug}.demo.inplace.example").first()
    if user is None or not Membership.objects.for_place(place).filter(user=user).exists():
        return None
    return user


def seed_moderation(place):
    """Returns how many records were made (0 on a re-run). Runs inside the place's scope."""
    ideas = list(
        Proposal.objects.for_place(place)
        .filter(hidden_at__isnull=True)
        .exclude(status=ProposalStatus.WITHDRAWN)
        .order_by("pk")[: len(COMMENTS)]
    )
    resident, admin = _person(place, "resident"), _person(place, "admin")
    created = 0
    for idea, (local, text, fate) in zip(ideas, COMMENTS, strict=False):
        author = _person(place, local)
        if author is None or ProposalComment.objects.for_place(place).filter(text=text).exists():
            continue
        comment = services.comment_create(place=place, actor=author, proposal=idea, text=text)
        created += 1
        if fate == "reported" and resident is not None and resident != author:
            services.report_create(
                place=place,
                actor=resident,
                post=comment,
                reason=ReportReason.ABUSE,
                detail=REPORT_DETAIL,
            )
            created += 1
        elif fate == "hidden" and admin is not None:
            if resident is not None:
                services.report_create(
                    place=place, actor=resident, post=comment, reason=ReportReason.SPAM
                )
                created += 1
            services.post_hide(place=place, actor=admin, post=comment, reason=HIDDEN_REASON)
    return created
