"""Applying once: what a programme asks (its questions and the standard documents it needs), a
bid's answers, and the organisation's kept documents a submitted bid went with.

Questions and document requirements belong to the programme (shared between its places); answers
and the documents of a bid are owned by the bid's place. A bid links the organisation's own
documents (coordination.organisations.OrganisationDocument) rather than copying them, and keeps
the version it was submitted with.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coordination import text_limits
from coordination.organisations.models import DocumentKind
from coordination.places.tenancy import PlaceScoped, place_scoped_manager

from .bids import Bid
from .programmes import Programme

MAX_WORD_LIMIT = 3000  # the longest answer a programme may ask for (LONG characters hold it)
MAX_QUESTIONS = 30


def word_count(text):
    return len((text or "").split())


def word_limit_error(text, limit):
    """The message for an answer over its limit, or None."""
    words = word_count(text)
    if limit and words > limit:
        return ngettext(
            "Answer in %(limit)d word or fewer; this answer has %(words)d.",
            "Answer in %(limit)d words or fewer; this answer has %(words)d.",
            limit,
        ) % {"limit": limit, "words": words}
    return None


class ProgrammeQuestion(models.Model):
    """A question every bid to the programme answers, in the funder's order."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("question"), max_length=300)
    hint = text_limits.BoundedTextField(
        _("hint"),
        max_length=text_limits.NOTE,
        blank=True,
        help_text=_("What a good answer covers, shown under the question."),
    )
    word_limit = models.PositiveSmallIntegerField(
        _("word limit"),
        default=300,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WORD_LIMIT)],
    )
    required = models.BooleanField(_("an answer is required"), default=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text


class ProgrammeDocumentRequirement(models.Model):
    """A standard document every bid to the programme must come with."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="document_requirements"
    )
    kind = models.CharField(_("document"), max_length=32, choices=DocumentKind.choices)

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind"], name="programme_document_requirement_unique"
            )
        ]

    def __str__(self):
        return self.get_kind_display()


class BidAnswer(PlaceScoped):
    """A bid's answer to one of its programme's questions."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        ProgrammeQuestion, on_delete=models.PROTECT, related_name="answers"
    )
    text = text_limits.BoundedTextField(max_length=text_limits.LONG, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = place_scoped_manager()

    class Meta:
        ordering = ["question__position", "question_id"]
        constraints = [
            models.UniqueConstraint(fields=["bid", "question"], name="bid_answer_one_per_question")
        ]

    def __str__(self):
        return f"{self.bid_id}: {self.question_id}"

    def clean(self):
        super().clean()
        if self.question_id and (error := word_limit_error(self.text, self.question.word_limit)):
            raise ValidationError({"text": error})


class BidDocument(PlaceScoped):
    """One of the organisation's kept documents, as a bid was submitted with it (linked, not
    copied: a later version of the document does not change what the funder received)."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=32, choices=DocumentKind.choices)
    document = models.ForeignKey(
        "organisations.OrganisationDocument", on_delete=models.PROTECT, related_name="bid_links"
    )
    # Kept before the bid was started, rather than added while applying: what the figures count
    # as a document the organisation did not have to provide again.
    reused = models.BooleanField(default=False)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    objects = place_scoped_manager()

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["bid", "kind"], name="bid_document_one_per_kind")
        ]

    def __str__(self):
        return f"{self.bid_id}: {self.kind}"
