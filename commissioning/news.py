"""The kinds of commissioning news a person is told of (registered in registration.py; the services
tell people through ``coordination.notifications.services.tell``). Each person chooses, per kind,
to hear at once by email, in their digest, or only in InPlace."""

from django.utils.translation import gettext_lazy

from coordination.notifications.registry import NewsKind

INVITED = "commissioning_invited"
CLARIFICATION_ANSWERED = "commissioning_clarification_answered"
STAGE_CHANGED = "commissioning_stage_changed"
COMMENT_ANSWERED = "commissioning_comment_answered"
TENDER_AMENDED = "commissioning_tender_amended"

KINDS = (
    NewsKind(
        kind=INVITED,
        label=gettext_lazy("Your organisation is invited to a tender"),
        description=gettext_lazy(
            "A council invites an organisation you act for to take part in one of its tenders."
        ),
        order=300,
    ),
    NewsKind(
        kind=CLARIFICATION_ANSWERED,
        label=gettext_lazy("A question on a tender you follow is answered"),
        description=gettext_lazy(
            "The council publishes an answer to a question on a tender your organisation is "
            "invited to, registered interest in or helps co-design."
        ),
        order=310,
    ),
    NewsKind(
        kind=STAGE_CHANGED,
        label=gettext_lazy("A tender you follow moves to its next stage"),
        description=gettext_lazy(
            "A tender your organisation bid for, is invited to, registered interest in or helps "
            "co-design moves to its next stage, is awarded or is cancelled."
        ),
        order=320,
    ),
    NewsKind(
        kind=COMMENT_ANSWERED,
        label=gettext_lazy("Your co-design comment is answered"),
        description=gettext_lazy(
            "The council answers a comment you made on a draft specification."
        ),
        order=330,
    ),
    NewsKind(
        kind=TENDER_AMENDED,
        label=gettext_lazy("A tender you follow is amended"),
        description=gettext_lazy(
            "The council publishes an amendment to a tender your organisation bid for, is invited "
            "to, registered interest in or helps co-design."
        ),
        order=340,
    ),
)
