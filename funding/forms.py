"""Forms for programmes, bids, awards, declines with their feedback (and its draft), and "did the
feedback help"."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField, SafeModelMultipleChoiceField

from boards import selectors as board_selectors
from coordination import text_limits
from coordination.dateinputs import DateField
from coordination.organisations.models import Community, Organisation, OrganisationKind
from coordination.organisations.selectors import organisations_in_place
from coordination.pickers.fields import PickerField
from coordination.places.models import Area, Place
from coordination.places.selectors import areas_for_place
from coordination.vocabularies.models import Theme
from coordination.vocabularies.selectors import communities_for_place, themes_for_place

from . import permissions
from .models import Bid, DeclineReason, FundingPolicy, FundOutcome, FundPriority, Programme
from .selectors import programmes_in_place
from .services import MAX_ATTACHMENTS, max_attachment_bytes


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
        }
        field_classes = {"opens_on": DateField, "deadline": DateField}

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
    start = DateField(label=_("Grant starts on"))
    months = forms.IntegerField(label=_("Grant length in months"), min_value=1, max_value=120)
    spend_by = DateField(
        label=_("The money must be spent by"),
        help_text=_(
            "The last day the grantee may spend the grant. Give them as long as the work needs: "
            "the published figures count short spending periods."
        ),
    )
    awarded_in_past = forms.BooleanField(
        label=_("This records a grant awarded in the past"),
        required=False,
        help_text=_(
            "Tick only to record a grant that started more than %(days)d days ago, on purpose."
        )
        % {"days": settings.GRANT_START_MAX_DAYS_BEFORE},
    )


class FundingPolicyForm(forms.ModelForm):
    class Meta:
        model = FundingPolicy
        fields = ["short_term_months"]
        labels = {"short_term_months": _("Count a grant as short-term below how many months?")}


class DeclineForm(forms.Form):
    reasons = forms.MultipleChoiceField(
        label=_("Reasons"),
        choices=DeclineReason.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose every reason that applies."),
    )
    strengths = forms.CharField(
        max_length=text_limits.TEXT, label=_("Strengths of the bid"), widget=forms.Textarea
    )
    to_strengthen = forms.CharField(
        max_length=text_limits.TEXT,
        label=_("What would strengthen a future bid"),
        widget=forms.Textarea,
    )
    signposts = forms.ModelMultipleChoiceField(
        queryset=Programme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Other programmes in this place to consider"),
    )
    free_text = forms.CharField(
        max_length=text_limits.TEXT, label=_("Anything else"), widget=forms.Textarea, required=False
    )
    release = forms.BooleanField(
        label=_("Release the feedback to the applicant now"),
        required=False,
        initial=True,
        help_text=_(
            "Leave this unticked to keep the feedback as a draft: only your organisation sees "
            "it, you can change it, and you release it from the bid's page."
        ),
    )

    def __init__(self, *args, place, bid, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signposts"].queryset = programmes_in_place(place).exclude(pk=bid.programme_id)


class FeedbackForm(DeclineForm):
    """The funder's draft feedback, changed before it is released."""

    release = None


class HelpedForm(forms.Form):
    helped = forms.TypedChoiceField(
        label=_("Did this feedback help?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        max_length=text_limits.TEXT,
        label=_("Tell the funder more (optional)"),
        widget=forms.Textarea,
        required=False,
    )


class CoFundForm(forms.Form):
    funder = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Offer from"))
    amount = forms.DecimalField(
        label=_("Amount you could offer (£)"), max_digits=12, decimal_places=2, min_value=0
    )
    message = forms.CharField(
        max_length=text_limits.NOTE,
        label=_("Message to the other funder (optional)"),
        widget=forms.Textarea,
        required=False,
    )

    def __init__(self, *args, place, user, **kwargs):
        super().__init__(*args, **kwargs)
        funders = Organisation.objects.filter(pk__in=permissions.funder_ids(user, place))
        self.fields["funder"].queryset = funders
        if funders.count() == 1:
            self.initial["funder"] = funders.first().pk


# Community board funds: boards' choices (boards, meetings, ideas) come from boards' selectors
# for the place, set in each form's __init__.


class FundForm(forms.Form):
    board = forms.ModelChoiceField(queryset=None, label=_("Board"))
    year = forms.IntegerField(
        label=_("Financial year starting in April of"),
        min_value=2000,
        max_value=2100,
        help_text=_("For 2026/27, enter 2026."),
    )
    budget = forms.DecimalField(label=_("Budget (£)"), max_digits=12, decimal_places=2, min_value=0)
    accountable_body = PickerField(
        source="organisations",
        noun=_("organisation"),
        label=_("Organisation that holds the money"),
        help_text=_("Usually the council."),
    )
    amount_max = forms.DecimalField(
        label=_("Largest grant (£, optional)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
    )
    description = forms.CharField(
        max_length=text_limits.TEXT,
        label=_("What the fund is for (optional)"),
        widget=forms.Textarea,
        required=False,
    )
    priorities = forms.CharField(
        max_length=text_limits.TEXT,
        label=_("Priorities agreed by the board"),
        widget=forms.Textarea,
        required=False,
        help_text=_("One priority a line."),
    )
    priorities_meeting = forms.ModelChoiceField(
        queryset=None,
        label=_("Meeting at which the priorities were agreed (optional)"),
        required=False,
    )

    def __init__(self, *args, place, user, **kwargs):
        super().__init__(*args, **kwargs)
        boards = board_selectors.boards_run_by(place, user)
        self.fields["board"].queryset = boards
        self.fields["accountable_body"].for_place(place)
        self.fields["priorities_meeting"].queryset = board_selectors.meetings_visible_to(
            place, user
        ).filter(board__in=boards.values("pk"))
        council = organisations_in_place(place).filter(kind=OrganisationKind.COUNCIL).first()
        if council is not None:
            self.initial.setdefault("accountable_body", council.pk)


class FundUpdateForm(forms.Form):
    budget = forms.DecimalField(label=_("Budget (£)"), max_digits=12, decimal_places=2, min_value=0)
    priorities_meeting = forms.ModelChoiceField(
        queryset=None,
        label=_("Meeting at which the priorities were agreed"),
        required=False,
    )
    add_priorities = forms.CharField(
        max_length=text_limits.TEXT,
        label=_("Add priorities"),
        widget=forms.Textarea,
        required=False,
        help_text=_("One priority a line."),
    )
    report_due_weeks = forms.IntegerField(
        label=_("Report due (weeks after the award)"), min_value=1, max_value=104
    )
    low_balance_percent = forms.IntegerField(
        label=_("Running low below (% of the budget left)"), min_value=1, max_value=100
    )

    def __init__(self, *args, place, fund, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priorities_meeting"].queryset = board_selectors.meetings_in_place(
            place, board=fund.board
        )


class FundApplicationForm(forms.Form):
    """The proportionate form: up to the short-form limit a few questions; above it, more. Which
    it is comes from the amount (asked first), never from the template."""

    applicant = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Your group"),
        help_text=_("Community groups that are not registered charities are welcome."),
    )
    title = forms.CharField(label=_("Name of your project"), max_length=200)
    summary = forms.CharField(
        max_length=text_limits.TEXT,
        label=_("What will you do, and for whom?"),
        widget=forms.Textarea,
    )
    amount_requested = forms.DecimalField(
        label=_("How much are you asking for (£)?"), max_digits=12, decimal_places=2, min_value=1
    )
    priority = SafeModelChoiceField(
        queryset=FundPriority.objects.none(),
        label=_("Which of the board's priorities does it serve?"),
        required=False,
        widget=forms.RadioSelect,
    )
    proposal = forms.ModelChoiceField(
        queryset=None,
        label=_("A resident's idea it takes forward (optional)"),
        required=False,
    )

    def __init__(self, *args, place, user, fund, long_form, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant"].queryset = Organisation.objects.filter(
            pk__in=permissions.applicant_ids(user, place)
        )
        if self.fields["applicant"].queryset.count() == 1:
            self.initial["applicant"] = self.fields["applicant"].queryset.first().pk
        self.fields["priority"].queryset = FundPriority.objects.for_place(place).filter(fund=fund)
        self.fields["priority"].empty_label = None
        self.fields["proposal"].queryset = board_selectors.proposals_in_place(
            place, board=fund.board
        )
        if long_form:
            self.fields["duration_months"] = forms.IntegerField(
                label=_("How many months will it run?"), min_value=1, max_value=12, initial=12
            )
            self.fields["outcomes"] = forms.CharField(
                max_length=text_limits.TEXT,
                label=_("How will you know it worked?"),
                widget=forms.Textarea,
            )
            self.fields["budget_breakdown"] = forms.CharField(
                max_length=text_limits.TEXT,
                label=_("What will the money be spent on?"),
                widget=forms.Textarea,
            )
            self.fields["other_funding"] = forms.CharField(
                max_length=text_limits.TEXT,
                label=_("Other funding you have or have asked for (optional)"),
                widget=forms.Textarea,
                required=False,
            )


class FundScheduleForm(forms.Form):
    meeting = forms.ModelChoiceField(queryset=None, label=_("Meeting"))

    def __init__(self, *args, place, fund, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = board_selectors.meetings_to_come(
            place, fund.board, timezone.now()
        )


class FundDecisionForm(forms.Form):
    meeting = forms.ModelChoiceField(
        queryset=None,
        label=_("Meeting at which the board decided"),
        required=False,
    )
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=FundOutcome.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        max_length=text_limits.NOTE, label=_("Reason for the decision"), widget=forms.Textarea
    )
    amount = forms.DecimalField(
        label=_("Amount awarded (£)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_("For an award; leave empty to award what was asked for."),
    )
    reasons = forms.MultipleChoiceField(
        label=_("Reasons for a decline"),
        choices=DeclineReason.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    strengths = forms.CharField(
        max_length=text_limits.TEXT,
        label=_("Strengths of the application (for a decline)"),
        widget=forms.Textarea,
        required=False,
    )
    to_strengthen = forms.CharField(
        max_length=text_limits.TEXT,
        label=_("What would strengthen a future application (for a decline)"),
        widget=forms.Textarea,
        required=False,
    )

    def __init__(self, *args, place, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = board_selectors.meetings_in_place(
            place, board=application.fund.board
        )
        if application.agenda_item_id:
            self.initial.setdefault("meeting", application.agenda_item.meeting_id)


class FundPaymentForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount paid (£)"), max_digits=12, decimal_places=2, min_value=0
    )
    paid_on = DateField(label=_("Paid on"))
    note = forms.CharField(label=_("Note (optional)"), max_length=200, required=False)


class GrantWithdrawForm(forms.Form):
    reason = forms.CharField(
        max_length=text_limits.NOTE, label=_("Why is the grant withdrawn?"), widget=forms.Textarea
    )


class GrantReportForm(forms.Form):
    what_happened = forms.CharField(
        max_length=text_limits.TEXT, label=_("What did the money do?"), widget=forms.Textarea
    )
    people_reached = forms.IntegerField(
        label=_("How many people did it reach? (optional)"), min_value=0, required=False
    )
