"""Forms for tenders, co-design, questions, bids and awards. Choices come from the place only;
dates and times are entered and shown in the place's timezone."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField, SafeModelMultipleChoiceField

from coordination import text_limits
from coordination.dateinputs import DateField, DateTimeField, set_place_timezone
from coordination.organisations.models import Organisation
from coordination.pickers.fields import PickerMultipleField
from coordination.places.models import Area
from coordination.places.selectors import areas_for_place
from coordination.vocabularies.models import Theme

from .models import CommissioningPolicy, ProcurementMethod, ResponseKind, Stage
from .services.submissions import MOST_PARTNERS


class PlaceFormMixin:
    """Read and show every date and time in the place's timezone, and say so in its hint."""

    def _set_place(self, place):
        self.place = place
        set_place_timezone(self, place)


class TenderForm(PlaceFormMixin, forms.Form):
    commissioner = SafeModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Commissioning council")
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    reference = forms.CharField(
        label=_("Reference"), max_length=40, help_text=_("The council's own reference.")
    )
    description = forms.CharField(
        max_length=text_limits.LONG, label=_("Description"), widget=forms.Textarea
    )
    estimated_value = forms.DecimalField(
        label=_("Estimated value in pounds"), max_digits=12, decimal_places=2, min_value=0
    )
    contract_months = forms.IntegerField(
        label=_("Contract length in months"), min_value=1, max_value=240
    )
    procurement_method = forms.ChoiceField(
        label=_("Procurement method"), choices=ProcurementMethod.choices, widget=forms.RadioSelect
    )
    themes = SafeModelMultipleChoiceField(
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Themes"),
    )
    areas = SafeModelMultipleChoiceField(
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Areas"),
        help_text=_("Leave empty for the whole place."),
    )
    co_design_opens_at = DateTimeField(label=_("Co-design opens"), required=False)
    co_design_closes_at = DateTimeField(label=_("Co-design closes"), required=False)
    clarification_deadline = DateTimeField(label=_("Deadline for questions"), required=False)
    submission_deadline = DateTimeField(label=_("Bids close"), required=False)
    decision_date = DateField(label=_("Decision date"), required=False)

    def __init__(self, *args, place, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_place(place)
        self.fields["commissioner"].queryset = councils
        self.fields["themes"].queryset = Theme.objects.for_place(place).order_by("name")
        self.fields["areas"].queryset = areas_for_place(place)


class TenderUpdateForm(TenderForm):
    you_said_we_did = forms.CharField(
        max_length=text_limits.LONG,
        label=_("You said, we did"),
        widget=forms.Textarea,
        required=False,
        help_text=_("What co-design changed. Published to every bidder when the tender opens."),
    )

    def __init__(self, *args, locked=(), **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["commissioner"]
        # Once bids are open these change only by a published amendment (AmendmentForm).
        for name in locked:
            self.fields.pop(name, None)


class StageChangeForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Move the tender to"), widget=forms.RadioSelect)
    rationale = forms.CharField(
        max_length=text_limits.TEXT,
        label=_("Why"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the tender's public timeline."),
    )

    def __init__(self, *args, tender, **kwargs):
        super().__init__(*args, **kwargs)
        # Awarding has its own page (the decision and its rationale).
        self.fields["to_stage"].choices = [
            (s.value, s.label) for s in tender.allowed_next_stages() if s != Stage.AWARDED
        ]
        if tender.stage == Stage.CO_DESIGN:
            self.fields["to_stage"].help_text = _(
                "Closing co-design publishes everything it produced (the specification, every "
                "comment and answer without names, the sessions and “you said, we did”) to "
                "every potential bidder at once."
            )


class SectionForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=200)
    body = forms.CharField(
        max_length=text_limits.LONG, label=_("Text"), widget=forms.Textarea(attrs={"rows": 10})
    )


class SectionReviseForm(forms.Form):
    body = forms.CharField(
        max_length=text_limits.LONG, label=_("Text"), widget=forms.Textarea(attrs={"rows": 12})
    )
    change_note = forms.CharField(label=_("What changed and why"), max_length=300, required=False)


class OrganisationChoiceForm(forms.Form):
    organisation = SafeModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Organisation"), empty_label=None
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class CommentForm(OrganisationChoiceForm):
    body = forms.CharField(
        max_length=text_limits.TEXT,
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class CommentResponseForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Your answer"), choices=ResponseKind.choices, widget=forms.RadioSelect
    )
    response_text = forms.CharField(
        max_length=text_limits.TEXT,
        label=_("What you did, or why not"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Needed unless the comment is accepted in full."),
    )


class SessionForm(PlaceFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    held_at = DateTimeField(label=_("Held on"))
    notes = forms.CharField(
        max_length=text_limits.LONG, label=_("Notes"), widget=forms.Textarea, required=False
    )
    attendees = PickerMultipleField(
        source="organisations",
        noun=_("organisation"),
        add_label=_("Add an organisation"),
        most=200,
        required=False,
        label=_("Organisations that came"),
    )

    def __init__(self, *args, place, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_place(place)
        self.fields["attendees"].for_place(place, organisations)


class CriterionForm(forms.Form):
    title = forms.CharField(label=_("Criterion"), max_length=200)
    weight = forms.IntegerField(label=_("Weight in per cent"), min_value=1, max_value=100)
    description = forms.CharField(
        max_length=text_limits.TEXT, label=_("Description"), widget=forms.Textarea, required=False
    )


class LotForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        max_length=text_limits.TEXT, label=_("Description"), widget=forms.Textarea, required=False
    )
    estimated_value = forms.DecimalField(
        label=_("Estimated value in pounds"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
    )


class InvitationForm(forms.Form):
    organisations = SafeModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Organisations to invite"),
    )

    def __init__(self, *args, organisations, offered=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations
        if offered is not None:
            # Offered: the suggestions and what the officer searched for. Any organisation that
            # could be invited is still accepted (chosen on purpose through a search).
            self.fields["organisations"].widget.choices = [(o.pk, o.name) for o in offered]


class QuestionForm(OrganisationChoiceForm):
    question = forms.CharField(
        max_length=text_limits.TEXT,
        label=_("Your question"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Answers are published to everyone; who asked is not."),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        max_length=text_limits.TEXT,
        label=_("Answer"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Published to everyone; the asker is not named."),
    )


class SubmissionForm(forms.Form):
    lead = SafeModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Lead organisation"), empty_label=None
    )
    partners = PickerMultipleField(
        source="organisations",
        noun=_("organisation"),
        add_label=_("Add an organisation"),
        most=MOST_PARTNERS,
        required=False,
        label=_("Consortium partners"),
        help_text=_("Leave empty if you are bidding alone."),
    )
    summary = forms.CharField(
        max_length=text_limits.LONG,
        label=_("How you would deliver the contract"),
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    price = forms.DecimalField(
        label=_("Price in pounds"), max_digits=12, decimal_places=2, min_value=0
    )

    def __init__(self, *args, place, leads, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = leads
        self.fields["partners"].for_place(place, partners)


class ScoreForm(forms.Form):
    def __init__(self, *args, criteria, scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            existing = scores.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("%(title)s (weight %(weight)d%%): score out of 10")
                % {"title": criterion.title, "weight": criterion.weight},
                min_value=0,
                max_value=10,
                initial=existing.score if existing else None,
            )

    def scores(self):
        return [(c, self.cleaned_data[f"score_{c.pk}"]) for c in self.criteria]


class AwardForm(forms.Form):
    submission = forms.ChoiceField(label=_("Winning bid"), widget=forms.RadioSelect)
    value = forms.DecimalField(
        label=_("Contract value in pounds"), max_digits=12, decimal_places=2, min_value=0
    )
    rationale = forms.CharField(
        max_length=text_limits.TEXT,
        label=_("Why this bid"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Published with the award."),
    )

    def __init__(self, *args, submissions, **kwargs):
        super().__init__(*args, **kwargs)
        self.submissions = {str(s.pk): s for s in submissions}
        self.fields["submission"].choices = [
            (str(s.pk), f"{s.lead.name} (£{s.price:,.2f})") for s in submissions
        ]

    def clean_submission(self):
        return self.submissions[self.cleaned_data["submission"]]


class FeedbackForm(forms.Form):
    feedback = forms.CharField(
        max_length=text_limits.TEXT,
        label=_("Feedback to the bidder"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class ConfirmForm(forms.Form):
    """A page that asks "are you sure?": the button is the answer."""


class DemandPeriodForm(forms.Form):
    label = forms.CharField(label=_("Contract"), max_length=100)
    starts_on = DateField(label=_("Started on"))
    indicator = forms.CharField(
        label=_("Demand measure"), max_length=100, initial=_("referrals a quarter")
    )
    demand = forms.DecimalField(label=_("Demand"), max_digits=12, decimal_places=2, min_value=0)
    value = forms.DecimalField(
        label=_("Contract value in pounds"), max_digits=12, decimal_places=2, min_value=0
    )


class AmendmentForm(PlaceFormMixin, forms.Form):
    """An amendment to an open tender: why, and the new values (shown with the current ones; only
    what differs is changed). While bids are evaluated only the decision date can move."""

    rationale = forms.CharField(
        label=_("Why the tender is being amended"),
        max_length=text_limits.TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Published on the tender’s timeline and sent to every organisation that bid, was "
            "invited, registered interest or joined co-design."
        ),
    )
    description = forms.CharField(
        label=_("Description"), max_length=text_limits.LONG, widget=forms.Textarea, required=False
    )
    estimated_value = forms.DecimalField(
        label=_("Estimated value in pounds"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
    )
    contract_months = forms.IntegerField(
        label=_("Contract length in months"), min_value=1, max_value=240, required=False
    )
    clarification_deadline = DateTimeField(
        label=_("Deadline for questions"),
        required=False,
        help_text=_("Deadlines can be extended, never brought forward."),
    )
    submission_deadline = DateTimeField(
        label=_("Bids close"),
        required=False,
        help_text=_("Deadlines can be extended, never brought forward."),
    )
    decision_date = DateField(label=_("Decision date"), required=False)

    TENDER_FIELDS = (
        "description",
        "estimated_value",
        "contract_months",
        "clarification_deadline",
        "submission_deadline",
        "decision_date",
    )

    def __init__(self, *args, place, tender, lots, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_place(place)
        self.lots, self.criteria = list(lots), list(criteria)
        for name in self.TENDER_FIELDS:
            self.fields[name].initial = getattr(tender, name)
        if tender.stage == Stage.EVALUATION:
            for name in self.TENDER_FIELDS:
                if name != "decision_date":
                    del self.fields[name]
            self.lots, self.criteria = [], []
        for lot in self.lots:
            self.fields[f"lot_{lot.pk}_title"] = forms.CharField(
                label=_("Lot “%(title)s”: title") % {"title": lot.title},
                max_length=200,
                initial=lot.title,
            )
            self.fields[f"lot_{lot.pk}_estimated_value"] = forms.DecimalField(
                label=_("Lot “%(title)s”: value in pounds") % {"title": lot.title},
                max_digits=12,
                decimal_places=2,
                min_value=0,
                required=False,
                initial=lot.estimated_value,
            )
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}_weight"] = forms.IntegerField(
                label=_("Criterion “%(title)s”: weight in per cent") % {"title": criterion.title},
                min_value=1,
                max_value=100,
                initial=criterion.weight,
            )

    def amendment(self):
        """The service's arguments: rationale, changes, lots and criteria."""
        data = self.cleaned_data
        lots = {
            lot.pk: {
                "title": data[f"lot_{lot.pk}_title"],
                "estimated_value": data[f"lot_{lot.pk}_estimated_value"],
            }
            for lot in self.lots
        }
        criteria = {c.pk: {"weight": data[f"criterion_{c.pk}_weight"]} for c in self.criteria}
        return {
            "rationale": data["rationale"],
            "changes": {name: data[name] for name in self.TENDER_FIELDS if name in self.fields},
            "lots": lots,
            "criteria": criteria,
        }


class InvitationSearchForm(forms.Form):
    """Find an organisation that is not suggested, to choose it on purpose."""

    q = forms.CharField(
        label=_("Search for another organisation by name"), max_length=100, required=False
    )


class CommissioningPolicyForm(forms.ModelForm):
    class Meta:
        model = CommissioningPolicy
        fields = ["unit_value_fall_percent"]
        labels = {
            "unit_value_fall_percent": _(
                "Flag a tender when the value for each unit of demand falls by more than (%)"
            )
        }
