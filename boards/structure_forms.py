"""Forms for community structures and their groups, and for the assets an idea builds on."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField, SafeModelMultipleChoiceField

from coordination import text_limits
from coordination.places.models import Area, AreaKind

from .models import GroupsBy

GROUP_AREA_KINDS = [
    AreaKind.COMMUNITY_BOARD_AREA,
    AreaKind.WARD,
    AreaKind.NEIGHBOURHOOD,
    AreaKind.LOCALITY,
]


def _areas(place):
    return Area.objects.for_place(place).filter(kind__in=GROUP_AREA_KINDS).order_by("kind", "name")


class StructureForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=150, help_text=_("For example, Community boards.")
    )
    group_noun = forms.CharField(
        label=_("What one group is called"),
        max_length=60,
        help_text=_("In the singular and lower case, for example neighbourhood group."),
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        help_text=_("One sentence residents see when choosing where to take part."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=text_limits.TEXT,
        widget=forms.Textarea,
        required=False,
        help_text=_("How the structure works and who takes part."),
    )
    groups_by = forms.ChoiceField(
        label=_("How its groups are organised"),
        choices=GroupsBy.choices,
        widget=forms.RadioSelect,
        initial=GroupsBy.AREA,
    )
    area = SafeModelChoiceField(
        label=_("Area it works in"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("The whole place"),
        help_text=_("For a pilot in one neighbourhood: the area it works in."),
    )
    takes_ideas = forms.BooleanField(label=_("Residents can put ideas forward"), required=False)
    holds_public_meetings = forms.BooleanField(
        label=_("Groups meet in public"),
        required=False,
        help_text=_("New meetings are public: anyone can see them, register and send questions."),
    )
    resident_seats = forms.IntegerField(
        label=_("Seats kept for residents on each group"),
        min_value=0,
        max_value=50,
        initial=0,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    has_fund = forms.BooleanField(
        label=_("Groups can hold a devolved fund"),
        required=False,
        help_text=_("Each group can have a budget that it, and residents, decide how to spend."),
    )
    asset_based = forms.BooleanField(
        label=_("Asset-based: ideas say which community assets they build on"), required=False
    )
    terms = forms.CharField(
        label=_("Terms of participation"),
        max_length=text_limits.TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Shown whenever someone posts. Leave empty to use the standard terms."),
    )

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = _areas(place)


class StructureChangeForm(StructureForm):
    is_active = forms.BooleanField(
        label=_("Active: residents see it on the take part page"), required=False
    )


class StructureGroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    description = forms.CharField(
        label=_("What the group is for"),
        max_length=text_limits.TEXT,
        widget=forms.Textarea,
        required=False,
    )
    area = SafeModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("Choose an area"),
    )
    theme = forms.CharField(label=_("Theme"), max_length=150, required=False)
    seats = forms.IntegerField(
        label=_("Number of seats"),
        min_value=1,
        max_value=200,
        required=False,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )

    def __init__(self, *args, place, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.structure = structure
        self.fields["area"].queryset = _areas(place)
        if structure.groups_need_area:
            self.fields["area"].label = _("Area it serves")
            self.fields["area"].help_text = _("Each %(noun)s serves one area.") % {
                "noun": structure.group_noun
            }
        else:
            self.fields["area"].label = _("Area")
            self.fields["area"].empty_label = _("None: the group chooses its own focus")

    def clean_area(self):
        area = self.cleaned_data.get("area")
        if area is None and self.structure.groups_need_area:
            raise forms.ValidationError(
                _("Choose the area this %(noun)s serves.") % {"noun": self.structure.group_noun}
            )
        return area


def assets_field(queryset):
    """Checkboxes of the community assets an idea may build on (``queryset``, by name)."""
    field = SafeModelMultipleChoiceField(
        label=_("Community assets it builds on"),
        queryset=queryset,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Places, groups and people in the area your idea would use or help."),
    )
    field.queryset = queryset  # the safe field starts empty; the choices are the place's own
    return field
