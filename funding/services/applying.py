"""Applying once: a funder says what its programme asks (questions, standard documents); a bid
answers the questions within their word limits, and its documents come from the organisation's
kept ones, linked at submission (the bid keeps that version). Submitting refuses a bid missing an
answer or a document, one field message for each."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean
from coordination.organisations.models import DocumentKind
from coordination.places.tenancy import scopes_disabled

from .. import permissions
from ..models import (
    MAX_QUESTIONS,
    BidAnswer,
    BidDocument,
    BidState,
    ProgrammeDocumentRequirement,
    ProgrammeQuestion,
    word_limit_error,
)
from ..selectors.applying import application_of
from ._common import locked_bid, place_today


def _check_funder(actor, place, programme):
    if not permissions.can_manage_programme(actor, place, programme):
        raise RuleViolation(_("Only the programme’s funder can change what it asks."))


@transaction.atomic
def question_add(*, place, actor, programme, text, hint="", word_limit=300, required=True):
    _check_funder(actor, place, programme)
    questions = ProgrammeQuestion.objects.filter(programme=programme)
    if questions.count() >= MAX_QUESTIONS:
        raise RuleViolation(
            {"text": _("A programme can ask at most %(max)d questions.") % {"max": MAX_QUESTIONS}}
        )
    last = questions.aggregate(last=Max("position"))["last"]
    question = ProgrammeQuestion(
        programme=programme,
        position=0 if last is None else last + 1,
        text=text,
        hint=hint,
        word_limit=word_limit,
        required=required,
    )
    full_clean(question)
    question.save()
    audit_record(
        place=place,
        actor=actor,
        action="funding.question.add",
        target=programme,
        changes={"question": text, "word_limit": word_limit, "required": required},
    )
    return question


@transaction.atomic
def question_remove(*, place, actor, question):
    programme = question.programme
    _check_funder(actor, place, programme)
    with scopes_disabled():  # a programme's bids are in every place it runs in
        answers = BidAnswer.objects.filter(question=question)
        if answers.exclude(text="").exists():
            raise RuleViolation(
                _("Bids have answered “%(question)s”, so it stays: their answers rely on it.")
                % {"question": question.text}
            )
        answers.delete()
    text = question.text
    question.delete()
    audit_record(
        place=place,
        actor=actor,
        action="funding.question.remove",
        target=programme,
        changes={"question": text},
    )
    return programme


@transaction.atomic
def requirement_add(*, place, actor, programme, kind):
    _check_funder(actor, place, programme)
    if kind not in DocumentKind.values:
        raise RuleViolation({"kind": _("Choose a kind of document from the list.")})
    if ProgrammeDocumentRequirement.objects.filter(programme=programme, kind=kind).exists():
        raise RuleViolation({"kind": _("The programme already asks for this document.")})
    requirement = ProgrammeDocumentRequirement.objects.create(programme=programme, kind=kind)
    audit_record(
        place=place,
        actor=actor,
        action="funding.requirement.add",
        target=programme,
        changes={"kind": kind},
    )
    return requirement


@transaction.atomic
def requirement_remove(*, place, actor, requirement):
    programme = requirement.programme
    _check_funder(actor, place, programme)
    kind = requirement.kind
    requirement.delete()
    audit_record(
        place=place,
        actor=actor,
        action="funding.requirement.remove",
        target=programme,
        changes={"kind": kind},
    )
    return programme


@transaction.atomic
def bid_answers_save(*, place, actor, bid, answers):
    """Save a draft bid's answers ({question id: text}); one field message per answer over its
    word limit, and nothing saved then."""
    bid = locked_bid(place, bid)
    if not permissions.can_act_as_applicant(actor, place, bid):
        raise RuleViolation(_("Only a leader of the applicant organisation can answer for it."))
    if bid.state != BidState.DRAFT:
        raise RuleViolation(
            _("Only a draft bid’s answers can change; this one is %(state)s.")
            % {"state": bid.get_state_display().lower()}
        )
    questions = {q.pk: q for q in ProgrammeQuestion.objects.filter(programme=bid.programme)}
    errors = {}
    for question_id, text in answers.items():
        question = questions.get(question_id)
        if question is None:
            errors[f"question_{question_id}"] = _("This programme does not ask that question.")
        elif error := word_limit_error(text, question.word_limit):
            errors[f"question_{question_id}"] = error
    if errors:
        raise RuleViolation(errors)
    changed = []
    for question_id, text in answers.items():
        answer, _created = BidAnswer.objects.for_place(place).get_or_create(
            place=place, bid=bid, question=questions[question_id]
        )
        if answer.text != (text or "").strip():
            answer.text = (text or "").strip()
            full_clean(answer)
            answer.save()
            changed.append(question_id)
    if changed:
        audit_record(
            place=place,
            actor=actor,
            action="funding.bid.answer",
            target=bid,
            changes={"questions_answered": changed},
        )
    return bid


def check_application_complete(place, bid, today=None):
    """RuleViolation with a message on each missing answer and document (for submitting)."""
    application = application_of(place, bid, today or place_today(place))
    errors = {}
    for row in application.answers:
        if row.missing:
            errors[f"question_{row.question.pk}"] = _("Answer “%(question)s”.") % {
                "question": row.question.text
            }
    for row in application.documents:
        if row.missing:
            errors[f"document_{row.kind}"] = _(
                "Add your organisation’s %(document)s: the programme asks for it."
            ) % {"document": row.label.lower()}
    if errors:
        raise RuleViolation(errors)
    return application


def link_documents(place, actor, bid, application):
    """Link the kept documents that filled the bid, as they are now (at submission)."""
    links = [
        BidDocument(
            place=place,
            bid=bid,
            kind=row.kind,
            document=row.document,
            reused=row.document.uploaded_at < bid.created_at,
            linked_by=actor,
            linked_at=timezone.now(),
        )
        for row in application.documents
        if row.document is not None
    ]
    BidDocument.objects.for_place(place).bulk_create(links)
    return links
