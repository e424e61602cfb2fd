"""The burden of applying, published beside the funders' other figures: how many questions and
documents a programme asks for (the median programme), and how many of the documents bids were
sent with the organisation already kept in InPlace rather than provided while applying.

Counted for the funders' own programmes (a board's fund asks through its short form), in a fixed
number of queries however many programmes and bids."""

from dataclasses import dataclass
from statistics import median

from ..models import BidDocument
from .applying import with_burden
from .programmes import programmes_in_place


@dataclass
class BurdenFigures:
    programmes: int
    median_questions: float | None  # questions per programme, the median programme
    median_documents: float | None  # documents asked per programme
    documents_sent: int  # documents linked to submitted bids
    documents_reused: int  # of those, kept before the bid was started
    reused_share: float | None  # documents_reused / documents_sent


def _figures(programme_rows, link_rows):
    questions = [row["question_count"] for row in programme_rows]
    documents = [row["document_count"] for row in programme_rows]
    reused = sum(1 for row in link_rows if row["reused"])
    return BurdenFigures(
        programmes=len(programme_rows),
        median_questions=median(questions) if questions else None,
        median_documents=median(documents) if documents else None,
        documents_sent=len(link_rows),
        documents_reused=reused,
        reused_share=reused / len(link_rows) if link_rows else None,
    )


def _rows(place, funder=None):
    programmes = with_burden(programmes_in_place(place).filter(board__isnull=True))
    links = BidDocument.objects.for_place(place).filter(bid__programme__board__isnull=True)
    if funder is not None:
        programmes = programmes.filter(funder=funder)
        links = links.filter(bid__programme__funder=funder)
    return (
        list(programmes.order_by().values("funder_id", "question_count", "document_count")),
        list(links.order_by().values("bid__programme__funder_id", "reused")),
    )


def burden_figures(place, funder=None):
    """The place's figures, or one funder's programmes in it."""
    return _figures(*_rows(place, funder))


def no_burden():
    """The figures of a funder with no programme counted: "no data yet" throughout."""
    return _figures([], [])


def place_and_funder_burden(place):
    """(the place's BurdenFigures, {funder id: that funder's}) from one read of each."""
    programme_rows, link_rows = _rows(place)
    funders = {row["funder_id"] for row in programme_rows}
    return _figures(programme_rows, link_rows), {
        funder_id: _figures(
            [r for r in programme_rows if r["funder_id"] == funder_id],
            [r for r in link_rows if r["bid__programme__funder_id"] == funder_id],
        )
        for funder_id in funders
    }
