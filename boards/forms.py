"""Forms for boards, meetings, papers, report-backs and proposals; choices limited to the place."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from coordination import text_limits
from coordination.accounts.models import User
from coordination.dateinputs import DateField, DateTimeField
from coordination.pickers.fields import PickerField
from coordination.places.models import Area, AreaKind
from coordination.uploads import BOARD_PAPERS
from coordination.web_addresses import WebAddressFormField

from .models import (
    ActionStatus,
    AgendaItem,
    AttendanceStatus,
    Board,
    BoardKind,
    BoardMembership,
    CommunityStructure,
    DecisionMethod,
    InterestKind,
    Position,
    ProposalStatus,
    ResponseStatus,
    Sector,
    VoteChoice,
)
from .record_forms import DecisionCountsMixin
from .selectors import assets_for_ideas
from .structure_forms import assets_field


class BoardForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind of board"), choices=BoardKind.choices)
    description = forms.CharField(
        max_length=text_limits.TEXT,
        label=_("What the board is for"),
        widget=forms.Textarea,
        required=False,
    )
    structure = SafeModelChoiceField(
        label=_("Community structure"),
        queryset=CommunityStructure.objects.none(),
        required=False,
        help_text=_(
            "For a community group: the structure it belongs to. Left empty, it joins the "
            "place’s only one."
        ),
    )
    parent = SafeModelChoiceField(
        label=_("Parent board"),
        queryset=Board.objects.none(),
        required=False,
        help_text=_("For a thematic subgroup: the board it reports back to."),
    )
    theme = forms.CharField(label=_("Theme"), max_length=150, required=False)
    remit = forms.CharField(
        max_length=text_limits.TEXT, label=_("Remit"), widget=forms.Textarea, required=False
    )
    review_date = DateField(label=_("Review date"), required=False)
    area = SafeModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.none(),
        required=False,
        help_text=_("For a community board: the area it serves."),
    )
    is_public = forms.BooleanField(
        label=_("Public board: anyone may see it and its public meetings"), required=False
    )
    seats = forms.IntegerField(
        label=_("Number of seats"), min_value=1, max_value=200, required=False
    )
    quorum = forms.IntegerField(
        label=_("Quorum"),
        min_value=1,
        max_value=200,
        initial=3,
        required=False,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        help_text=_(
            "How many members must be present at a meeting for the board to decide. "
            "Left empty, it stays as it is (3 for a new board)."
        ),
    )
    report_back_lead_days = forms.IntegerField(
        label=_("Report-back due (days before the parent board meets)"),
        min_value=1,
        max_value=60,
        initial=7,
    )

    def clean_quorum(self):
        return self.cleaned_data.get("quorum") or self.initial.get("quorum") or 3

    def __init__(self, *args, place, board=None, **kwargs):
        super().__init__(*args, **kwargs)
        parents = (
            Board.objects.for_place(place)
            .exclude(kind=BoardKind.THEMATIC_SUBGROUP)
            .filter(is_active=True)
        )
        if board is not None:
            parents = parents.exclude(pk=board.pk)
        self.fields["parent"].queryset = parents
        self.fields["structure"].queryset = CommunityStructure.objects.for_place(place).order_by(
            "name"
        )
        self.fields["area"].queryset = Area.objects.for_place(place).order_by("kind", "name")
        self.fields["area"].queryset = self.fields["area"].queryset.filter(
            kind__in=[
                AreaKind.COMMUNITY_BOARD_AREA,
                AreaKind.WARD,
                AreaKind.NEIGHBOURHOOD,
                AreaKind.LOCALITY,
            ]
        )


class BoardMembershipForm(forms.Form):
    user = PickerField(source="people", noun=_("person"), label=_("Person"))
    position = forms.ChoiceField(
        label=_("Position"), choices=Position.choices, initial=Position.MEMBER
    )
    sector = forms.ChoiceField(label=_("Sector represented"), choices=Sector.choices)
    organisation = PickerField(
        source="organisations", noun=_("organisation"), label=_("Organisation"), required=False
    )
    started_on = DateField(label=_("Start date"))
    ended_on = DateField(label=_("End date"), required=False)
    in_rota = forms.BooleanField(
        label=_("Takes turns chairing and taking minutes"), required=False, initial=True
    )

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].for_place(place)
        self.fields["organisation"].for_place(place)


class BoardMembershipEditForm(forms.Form):
    position = forms.ChoiceField(label=_("Position"), choices=Position.choices)
    sector = forms.ChoiceField(label=_("Sector represented"), choices=Sector.choices)
    organisation = PickerField(
        source="organisations", noun=_("organisation"), label=_("Organisation"), required=False
    )
    started_on = DateField(label=_("Start date"))
    in_rota = forms.BooleanField(label=_("Takes turns chairing and taking minutes"), required=False)

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].for_place(place)


class MembershipEndForm(forms.Form):
    ended_on = DateField(
        label=_("Last day on the board"),
        help_text=_("The seat shows as a vacancy from the day after."),
    )


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    starts_at = DateTimeField(label=_("Starts"))
    ends_at = DateTimeField(label=_("Ends"))
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    online_url = WebAddressFormField(label=_("Online meeting link"), required=False)
    is_public = forms.BooleanField(
        label=_("Public meeting: anyone may see it and register to attend"), required=False
    )
    papers_due_days = forms.IntegerField(
        label=_("Papers due (days before the meeting)"), min_value=0, max_value=30, initial=5
    )

    def __init__(self, *args, place, **kwargs):
        self.place = place
        super().__init__(*args, **kwargs)
        tz = place.tz
        for name in ("starts_at", "ends_at"):
            self.fields[name].help_text = _("In %(zone)s time.") % {"zone": tz.key}

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        return data


class MeetingCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the meeting cancelled?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=text_limits.NOTE,
        help_text=_("Members and everyone registered are told, and the reason is shown with it."),
    )


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Item"), max_length=200)
    description = forms.CharField(
        max_length=text_limits.TEXT, label=_("Description"), widget=forms.Textarea, required=False
    )
    owner = PickerField(
        source="people",
        noun=_("person"),
        label=_("Owner"),
        required=False,
        help_text=_("Who introduces the item and brings its papers."),
    )

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].for_place(place)


class PaperForm(forms.Form):
    title = forms.CharField(label=_("Title of the paper"), max_length=200)
    file = forms.FileField(label=_("File"))
    is_private = forms.BooleanField(
        label=_("Private: only board members may read it (never residents or the public)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = BOARD_PAPERS.summary()


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        max_length=text_limits.LONG,
        label=_("Minutes"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
    )


class DecisionForm(DecisionCountsMixin, forms.Form):
    text = forms.CharField(
        max_length=text_limits.TEXT, label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3})
    )
    agenda_item = SafeModelChoiceField(
        label=_("Agenda item"),
        queryset=AgendaItem.objects.none(),
        required=False,
        help_text=_("The item the decision was made under."),
    )
    method = forms.ChoiceField(
        label=_("How the board decided"),
        choices=DecisionMethod.choices,
        initial=DecisionMethod.CONSENSUS,
        widget=forms.RadioSelect,
    )
    votes_for = DecisionCountsMixin.count_field(_("Votes for"))
    votes_against = DecisionCountsMixin.count_field(_("Votes against"))
    votes_abstain = DecisionCountsMixin.count_field(_("Abstentions"))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = AgendaItem.objects.for_place(meeting.place_id).filter(
            meeting=meeting
        )


class AttendanceForm(forms.Form):
    """The register: one choice per member of the board (and anyone already recorded)."""

    def __init__(self, *args, people, recorded, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {}
        for person in people:
            name = f"person_{person.pk}"
            self.people[name] = person
            self.fields[name] = forms.ChoiceField(
                label=str(person),
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=recorded.get(person.pk),
            )

    def statuses(self):
        """{person: status} for every choice made."""
        return {
            person: self.cleaned_data[name]
            for name, person in self.people.items()
            if self.cleaned_data.get(name)
        }

    def clean(self):
        data = super().clean()
        if self.people and not any(data.get(name) for name in self.people):
            raise forms.ValidationError(
                _("Mark at least one person present, absent or sent apologies.")
            )
        return data


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=200)
    description = forms.CharField(
        max_length=text_limits.TEXT, label=_("Details"), widget=forms.Textarea, required=False
    )
    owner = PickerField(
        source="people", noun=_("person"), label=_("Owner (a person)"), required=False
    )
    owner_organisation = PickerField(
        source="organisations",
        noun=_("organisation"),
        label=_("Owner (an organisation)"),
        required=False,
    )
    due_on = DateField(label=_("Due date"))

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].for_place(place)
        self.fields["owner_organisation"].for_place(place)


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    note = forms.CharField(
        max_length=text_limits.TEXT,
        label=_("Progress note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class ReportBackForm(forms.Form):
    summary = forms.CharField(
        max_length=text_limits.TEXT, label=_("Summary"), widget=forms.Textarea(attrs={"rows": 5})
    )
    progress = forms.CharField(
        max_length=text_limits.TEXT,
        label=_("Progress since the last report"),
        widget=forms.Textarea,
        required=False,
    )
    recommendations = forms.CharField(
        max_length=text_limits.TEXT,
        label=_("Recommendations"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("One recommendation a line. The board will respond to each."),
    )
    asks = forms.CharField(
        max_length=text_limits.TEXT,
        label=_("Asks of the board"),
        widget=forms.Textarea,
        required=False,
    )

    def recommendation_list(self):
        return [
            line.strip()
            for line in self.cleaned_data.get("recommendations", "").splitlines()
            if line.strip()
        ]


class RecommendationResponseForm(forms.Form):
    response_status = forms.ChoiceField(
        label=_("The board’s response"),
        choices=[c for c in ResponseStatus.choices if c[0] != ResponseStatus.PENDING],
        widget=forms.RadioSelect,
    )
    response = forms.CharField(
        max_length=text_limits.TEXT,
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Your idea in a few words"), max_length=150)
    description = forms.CharField(
        max_length=text_limits.TEXT,
        label=_("Tell us more"),
        widget=forms.Textarea,
        help_text=_("What would you like to change in your area, and who would it help?"),
    )

    def __init__(self, *args, board=None, **kwargs):
        super().__init__(*args, **kwargs)
        if board is not None and board.is_asset_based:
            self.fields["assets"] = assets_field(assets_for_ideas(board))


class ProposalAnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=ProposalStatus.board_answers(),
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        max_length=text_limits.TEXT,
        label=_("The board’s answer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    reason = forms.CharField(
        max_length=text_limits.NOTE,
        label=_("Reason it is not taken forward"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Needed when the idea is not taken forward."),
    )


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=text_limits.NOTE,
        help_text=_("The board will see it before the meeting."),
    )


def _seated_people(meeting, only=None):
    seats = (
        BoardMembership.objects.for_place(meeting.place_id).current().filter(board=meeting.board)
    )
    if only is not None:
        if not only.is_authenticated:  # a visitor reading the votes holds no seat
            return User.objects.none()
        seats = seats.filter(user=only)
    return User.objects.filter(pk__in=seats.values("user_id")).order_by("name", "pk")


class DeclarationForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=User.objects.none())
    agenda_item = SafeModelChoiceField(
        label=_("Agenda item"),
        queryset=AgendaItem.objects.none(),
        required=False,
        help_text=_("Leave empty for an interest in the meeting's business as a whole."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of interest"), choices=InterestKind.choices, widget=forms.RadioSelect
    )
    nature = forms.CharField(
        max_length=text_limits.NOTE,
        label=_("Nature of the interest"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("It goes in the minutes and on your register of interests."),
    )

    def __init__(self, *args, meeting, user, can_manage, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = _seated_people(meeting, None if can_manage else user)
        if not can_manage:
            self.initial["member"] = user.pk
        self.fields["agenda_item"].queryset = AgendaItem.objects.for_place(meeting.place_id).filter(
            meeting=meeting
        )


class VoteForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=User.objects.none())
    choice = forms.ChoiceField(
        label=_("Vote"), choices=VoteChoice.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, meeting, user, can_manage, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = _seated_people(meeting, None if can_manage else user)
        if not can_manage:
            self.initial["member"] = user.pk
