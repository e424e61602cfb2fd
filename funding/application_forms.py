"""Forms for applying once: a funder's question and document requirement on a programme, and a
bid's answers to its programme's questions."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coordination import text_limits
from coordination.organisations.models import DocumentKind

from .models import MAX_WORD_LIMIT, ProgrammeQuestion


class QuestionForm(forms.ModelForm):
    class Meta:
        model = ProgrammeQuestion
        fields = ["text", "hint", "word_limit", "required"]
        labels = {
            "text": _("Question"),
            "hint": _("Hint"),
            "word_limit": _("Word limit"),
            "required": _("An answer is required"),
        }
        help_texts = {
            "word_limit": _("The most words an answer may have, up to %(max)d.")
            % {"max": MAX_WORD_LIMIT},
        }


class RequirementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document the programme asks for"), choices=())

    def __init__(self, *args, asked=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in DocumentKind.choices if c[0] not in asked]


def answer_field_name(question):
    return f"question_{question.pk}"


class AnswersForm(forms.Form):
    """One text box a question, in the programme's order, named ``question_<id>``."""

    def __init__(self, *args, questions, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            limit = ngettext(
                "Up to %(limit)d word.", "Up to %(limit)d words.", question.word_limit
            ) % {"limit": question.word_limit}
            self.fields[answer_field_name(question)] = forms.CharField(
                label=question.text,
                help_text=f"{question.hint} {limit}".strip(),
                required=question.required,
                max_length=text_limits.LONG,
                widget=forms.Textarea(attrs={"rows": 6}),
                initial=answers.get(question.pk, ""),
            )

    def answers(self):
        return {q.pk: self.cleaned_data.get(answer_field_name(q), "") for q in self.questions}
