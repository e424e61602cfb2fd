"""What boards make searchable: boards, meetings, agenda items, papers, published minutes,
decisions, residents' ideas and the boards' answers to them.

Each kind reads its document from one object and leaves visibility to the selectors the pages use
(a private board's business for its insiders, private papers never for residents or the public,
hidden ideas for nobody); ``public`` only says whether a visitor could open it when indexed.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from coordination.search.registry import Document, SearchKind

from .models import AgendaItem, Board, Decision, Meeting, MinutesStatus, Paper, Proposal
from .selectors import (
    boards_visible_to,
    decisions_visible_to,
    meetings_visible_to,
    papers_visible_to,
    proposals_visible_to,
)


def _url(name, place, pk, fragment=""):
    url = reverse(f"places:boards:{name}", kwargs={"place_slug": place.slug, "pk": pk})
    return f"{url}#{fragment}" if fragment else url


def _join(*parts):
    return " ".join(str(part) for part in parts if part)


def _meeting_public(meeting):
    return meeting.is_public and meeting.board.is_public and meeting.board.is_active


# Boards


def board_document(board, place):
    if not board.is_active:
        return None
    return Document(
        title=board.name,
        body=_join(board.theme, board.description, board.remit),
        url=_url("board_detail", place, board.pk),
        public=board.is_public,
    )


def boards_seen(place, user):
    return boards_visible_to(place, user)


# Meetings, agenda items, papers, minutes


def meeting_document(meeting, place):
    return Document(
        title=meeting.title,
        body=_join(meeting.board.name, meeting.venue, meeting.cancellation_reason),
        url=_url("meeting_detail", place, meeting.pk),
        public=_meeting_public(meeting),
    )


def meetings_seen(place, user):
    return meetings_visible_to(place, user)


def agenda_item_document(item, place):
    meeting = item.meeting
    return Document(
        title=item.title,
        body=_join(item.description, meeting.title, meeting.board.name),
        url=_url("meeting_detail", place, meeting.pk, "agenda"),
        public=_meeting_public(meeting),
    )


def agenda_items_seen(place, user):
    return AgendaItem.objects.for_place(place).filter(
        meeting__in=meetings_visible_to(place, user).values("pk")
    )


def paper_document(paper, place):
    meeting = paper.agenda_item.meeting
    return Document(
        title=paper.title,
        body=_join(paper.original_name, paper.agenda_item.title, meeting.title),
        url=_url("paper_download", place, paper.pk),
        public=not paper.is_private and _meeting_public(meeting),
    )


def papers_seen(place, user):
    return papers_visible_to(place, user)


def minutes_document(meeting, place):
    if meeting.minutes_status != MinutesStatus.PUBLISHED or not meeting.minutes.strip():
        return None
    return Document(
        title=meeting.title,
        body=meeting.minutes,
        url=_url("meeting_detail", place, meeting.pk, "minutes"),
        public=_meeting_public(meeting),
    )


def minutes_seen(place, user):
    return meetings_visible_to(place, user).filter(minutes_status=MinutesStatus.PUBLISHED)


def decision_document(decision, place):
    meeting = decision.meeting
    title = decision.agenda_item.title if decision.agenda_item_id else meeting.title
    return Document(
        title=title,
        body=decision.text,
        url=_url("meeting_detail", place, meeting.pk, f"decision-{decision.pk}"),
        public=_meeting_public(meeting),
    )


def decisions_seen(place, user):
    return decisions_visible_to(place, user)


# Residents' ideas and the answers to them


def idea_document(proposal, place):
    if proposal.is_hidden:
        return None
    return Document(
        title=proposal.title,
        body=_join(proposal.description, proposal.board.name),
        url=_url("proposal_detail", place, proposal.pk),
        public=proposal.board.is_public and proposal.board.is_active,
    )


def ideas_seen(place, user):
    return proposals_visible_to(place, user).filter(hidden_at__isnull=True)


def answer_document(proposal, place):
    if proposal.is_hidden or not proposal.answer.strip():
        return None
    return Document(
        title=proposal.title,
        body=_join(proposal.answer, proposal.reason),
        url=_url("proposal_detail", place, proposal.pk),
        public=proposal.board.is_public and proposal.board.is_active,
    )


def answers_seen(place, user):
    return ideas_seen(place, user).exclude(answer="")


KINDS = (
    SearchKind(
        key="board",
        label=gettext_lazy("Board"),
        plural=gettext_lazy("Boards"),
        model=Board,
        document=board_document,
        visible=boards_seen,
        order=10,
    ),
    SearchKind(
        key="meeting",
        label=gettext_lazy("Meeting"),
        plural=gettext_lazy("Meetings"),
        model=Meeting,
        document=meeting_document,
        visible=meetings_seen,
        order=11,
    ),
    SearchKind(
        key="agenda-item",
        label=gettext_lazy("Agenda item"),
        plural=gettext_lazy("Agenda items"),
        model=AgendaItem,
        document=agenda_item_document,
        visible=agenda_items_seen,
        order=12,
    ),
    SearchKind(
        key="paper",
        label=gettext_lazy("Paper"),
        plural=gettext_lazy("Papers"),
        model=Paper,
        document=paper_document,
        visible=papers_seen,
        order=13,
    ),
    SearchKind(
        key="minutes",
        label=gettext_lazy("Minutes"),
        plural=gettext_lazy("Minutes"),
        model=Meeting,
        document=minutes_document,
        visible=minutes_seen,
        order=14,
    ),
    SearchKind(
        key="decision",
        label=gettext_lazy("Decision"),
        plural=gettext_lazy("Decisions"),
        model=Decision,
        document=decision_document,
        visible=decisions_seen,
        order=15,
    ),
    SearchKind(
        key="idea",
        label=gettext_lazy("Idea"),
        plural=gettext_lazy("Ideas"),
        model=Proposal,
        document=idea_document,
        visible=ideas_seen,
        order=16,
    ),
    SearchKind(
        key="answer",
        label=gettext_lazy("Answer to an idea"),
        plural=gettext_lazy("Answers to ideas"),
        model=Proposal,
        document=answer_document,
        visible=answers_seen,
        order=17,
    ),
)
