"""Forms for programmes, bids, awards, declines with their feedback, and "did the feedback help"."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelMultipleChoiceField

from coordination.organisations.models import Community, Organisation
from coordination.places.models import Area, Place
from coordination.places.selectors import areas_for_place
from mapping.models import Theme
from mapping.selectors import communities_for_place, themes_for_place

from . import permissions
from .models import Bid, DeclineReason, Programme
from .selectors import programmes_in_place
from .services import MAX_ATTACHMENTS, max_attachment_bytes


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one control; cleaned to a list (empty when none were chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        cleaned = super().clean(data, initial)
        return [cleaned] if cleaned else []


class ProgrammeForm(forms.ModelForm):
    funder = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Funder"))
    places = forms.ModelMultipleChoiceField(
        queryset=Place.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Places it runs in"),
        help_text=_("It always runs in this place; add others where the funder works."),
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Themes"),
    )

    class Meta:
        model = Programme
        fields = [
            "funder",
            "title",
            "description",
            "funding_type",
            "amount_min",
            "amount_max",
            "grant_length_months",
            "opens_on",
            "deadline",
            "decision_within_days",
            "feedback_commitment_days",
            "eligibility",
            "themes",
            "priority_embedded_local",
            "priority_income_below",
            "flexibility_statement",
            "places",
        ]
        widgets = {
            "funding_type": forms.RadioSelect,
            "opens_on": DateInput,
            "deadline": DateInput,
        }

    def __init__(self, *args, place, user, **kwargs):
        super().__init__(*args, **kwargs)
        funders = Organisation.objects.filter(pk__in=permissions.funder_ids(user, place))
        self.fields["funder"].queryset = funders
        self.fields["places"].queryset = Place.objects.filter(
            organisations__in=funders, is_active=True
        ).distinct()
        self.fields["themes"].queryset = themes_for_place(place)
        self.fields["funding_type"].choices = self.fields["funding_type"].choices[1:]
        if self.instance.pk:
            del self.fields["funder"]
            self.initial["places"] = list(self.instance.places.values_list("pk", flat=True))
        elif funders.count() == 1:
            self.initial["funder"] = funders.first().pk
        else:
            self.initial.setdefault("places", [place.pk])


class BidForm(forms.ModelForm):
    applicant = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Applying organisation")
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Themes"),
    )
    areas = SafeModelMultipleChoiceField(
        queryset=Area.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Areas it serves"),
    )
    communities = forms.ModelMultipleChoiceField(
        queryset=Community.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Communities served"),
    )
    attachments = MultipleFileField(
        required=False,
        label=_("Attachments"),
    )

    class Meta:
        model = Bid
        fields = [
            "applicant",
            "title",
            "summary",
            "amount_requested",
            "duration_months",
            "themes",
            "areas",
            "communities",
            "attachments",
            "share_summary",
        ]

    def __init__(self, *args, place, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant"].queryset = Organisation.objects.filter(
            pk__in=permissions.applicant_ids(user, place)
        )
        self.fields["themes"].queryset = themes_for_place(place)
        self.fields["areas"].queryset = areas_for_place(place)
        self.fields["communities"].queryset = communities_for_place(place)
        self.fields["attachments"].help_text = _(
            "Budget, accounts, plans: up to %(count)d files, each up to %(size)s, as PDF, Word, "
            "Excel, PowerPoint, OpenDocument, PNG or JPEG. You can choose several at once."
        ) % {"count": MAX_ATTACHMENTS, "size": filesizeformat(max_attachment_bytes())}
        if self.instance.pk:
            del self.fields["applicant"]
            self.fields["attachments"].label = _("Add attachments")
            self.initial["areas"] = list(
                Bid.areas.through.objects.filter(bid=self.instance).values_list(
                    "area_id", flat=True
                )
            )
        else:
            choices = self.fields["applicant"].queryset
            if choices.count() == 1:
                self.initial["applicant"] = choices.first().pk


class AwardForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount awarded (£)"), max_digits=12, decimal_places=2, min_value=0
    )
    start = forms.DateField(label=_("Grant starts on"), widget=DateInput)
    months = forms.IntegerField(label=_("Grant length in months"), min_value=1, max_value=120)


class DeclineForm(forms.Form):
    reasons = forms.MultipleChoiceField(
        label=_("Reasons"),
        choices=DeclineReason.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose every reason that applies."),
    )
    strengths = forms.CharField(label=_("Strengths of the bid"), widget=forms.Textarea)
    to_strengthen = forms.CharField(
        label=_("What would strengthen a future bid"), widget=forms.Textarea
    )
    signposts = forms.ModelMultipleChoiceField(
        queryset=Programme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Other programmes in this place to consider"),
    )
    free_text = forms.CharField(label=_("Anything else"), widget=forms.Textarea, required=False)
    release = forms.BooleanField(
        label=_("Release the feedback to the applicant now"), required=False, initial=True
    )

    def __init__(self, *args, place, bid, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signposts"].queryset = programmes_in_place(place).exclude(pk=bid.programme_id)


class HelpedForm(forms.Form):
    helped = forms.TypedChoiceField(
        label=_("Did this feedback help?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Tell the funder more (optional)"), widget=forms.Textarea, required=False
    )


class CoFundForm(forms.Form):
    funder = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Offer from"))
    amount = forms.DecimalField(
        label=_("Amount you could offer (£)"), max_digits=12, decimal_places=2, min_value=0
    )
    message = forms.CharField(
        label=_("Message to the other funder (optional)"), widget=forms.Textarea, required=False
    )

    def __init__(self, *args, place, user, **kwargs):
        super().__init__(*args, **kwargs)
        funders = Organisation.objects.filter(pk__in=permissions.funder_ids(user, place))
        self.fields["funder"].queryset = funders
        if funders.count() == 1:
            self.initial["funder"] = funders.first().pk
