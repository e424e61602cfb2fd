"""What applying asks and what a bid has given: the burden of each programme (its questions and
documents, counted in the same query as the programmes), a bid's application (answers, and the
organisation's kept documents that fill what the programme asks for), and who may open a document
a bid was submitted with."""

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from coordination.organisations.models import DocumentKind, OrganisationDocument

from .. import permissions
from ..models import (
    BidAnswer,
    BidDocument,
    BidState,
    ProgrammeDocumentRequirement,
    ProgrammeQuestion,
)


def _count_of(model):
    rows = (
        model.objects.filter(programme=OuterRef("pk"))
        .order_by()
        .values("programme")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def with_burden(programmes):
    """Programmes annotated with ``question_count`` and ``document_count`` (no query per row)."""
    return programmes.annotate(
        question_count=_count_of(ProgrammeQuestion),
        document_count=_count_of(ProgrammeDocumentRequirement),
    )


def questions_of(programme):
    return ProgrammeQuestion.objects.filter(programme=programme).order_by("position", "pk")


def requirements_of(programme):
    return ProgrammeDocumentRequirement.objects.filter(programme=programme).order_by("kind")


def kept_documents_by_kind(organisation, today):
    """The organisation's current documents that can fill a bid today (not run out), newest
    first: {kind: document}."""
    found = {}
    for document in OrganisationDocument.objects.filter(
        organisation=organisation, superseded_at__isnull=True
    ).order_by("-uploaded_at", "-pk"):
        if not document.has_expired(today):
            found.setdefault(document.kind, document)
    return found


@dataclass
class AnswerRow:
    question: object
    answer: object  # BidAnswer or None

    @property
    def text(self):
        return self.answer.text if self.answer else ""

    @property
    def missing(self):
        return self.question.required and not self.text.strip()


@dataclass
class DocumentRow:
    kind: str
    label: str
    document: object  # OrganisationDocument or None
    link: object = None  # the BidDocument once submitted

    @property
    def missing(self):
        return self.document is None


@dataclass
class Application:
    answers: list = field(default_factory=list)
    documents: list = field(default_factory=list)

    def missing(self):
        """{field: message}, one a missing item: what submitting refuses."""
        errors = {}
        for row in self.answers:
            if row.missing:
                errors[f"question_{row.question.pk}"] = row.question.text
        for row in self.documents:
            if row.missing:
                errors[f"document_{row.kind}"] = row.label
        return errors

    @property
    def is_empty(self):
        return not self.answers and not self.documents


def application_of(place, bid, today):
    """A bid's answers to its programme's questions, and for each document the programme asks
    for: while a draft, the organisation's current kept document of that kind (filled in, never
    copied); once submitted, the version it went with."""
    answers = {a.question_id: a for a in BidAnswer.objects.for_place(place).filter(bid=bid)}
    rows = [AnswerRow(q, answers.get(q.pk)) for q in questions_of(bid.programme)]
    labels = dict(DocumentKind.choices)
    if bid.state == BidState.DRAFT:
        kept = kept_documents_by_kind(bid.applicant, today)
        documents = [
            DocumentRow(r.kind, str(labels[r.kind]), kept.get(r.kind))
            for r in requirements_of(bid.programme)
        ]
    else:
        links = {
            link.kind: link
            for link in BidDocument.objects.for_place(place)
            .filter(bid=bid)
            .select_related("document")
        }
        documents = [
            DocumentRow(
                r.kind,
                str(labels[r.kind]),
                links[r.kind].document if r.kind in links else None,
                links.get(r.kind),
            )
            for r in requirements_of(bid.programme)
        ]
    return Application(rows, documents)


def bid_document_for(user, place, pk):
    """A document a bid was submitted with, for the applicant's people and the programme's
    funder's people (the funder deciding it); None for anyone else."""
    link = (
        BidDocument.objects.for_place(place)
        .filter(pk=pk)
        .select_related("bid__programme", "document")
        .first()
    )
    if link is None:
        return None
    mine = permissions.member_organisation_ids(user, place)
    bid = link.bid
    if bid.applicant_id in mine or (bid.programme.funder_id in mine and not bid.programme.board_id):
        return link
    return None
