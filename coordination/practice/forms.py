"""Forms for writing notes, adding figures and following a note from a place of one's own."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coordination.accounts.selectors import places_of
from coordination.forms_renderer import InlineRadioSelect
from coordination.places.models import Place
from coordination.vocabularies.models import Theme
from coordination.vocabularies.selectors import themes_for_place

from .models import HOW_LENGTH, FigureUnit, PracticeFigure, PracticeNote


class NoteForm(forms.ModelForm):
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.none(),
        required=False,
        empty_label=_("No theme"),
        label=_("Theme (optional)"),
    )

    class Meta:
        model = PracticeNote
        fields = [
            "title",
            "summary",
            "what_we_did",
            "what_changed",
            "do_differently",
            "contact",
            "theme",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}
        labels = {"contact": _("Contact (optional)")}
        help_texts = {
            "what_we_did": _("What you set out to do, who took part and how it ran."),
            "what_changed": _("What was different afterwards, for whom, and how you know."),
            "do_differently": _("What another place should know before it tries this."),
        }

    def __init__(self, *args, place, **kwargs):
        kwargs.setdefault("instance", PracticeNote(place=place))
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes_for_place(place)


class FigureForm(forms.ModelForm):
    unit = forms.ChoiceField(choices=FigureUnit.choices, widget=InlineRadioSelect, label=_("Unit"))

    class Meta:
        model = PracticeFigure
        fields = ["label", "value", "unit", "period"]
        labels = {"label": _("What it counts"), "value": _("Number")}
        help_texts = {
            "label": _("For example, ideas answered within eight weeks."),
            "value": _("A number only, like 42 or 87.5: choose per cent or pounds below."),
        }

    def __init__(self, *args, place, note=None, **kwargs):
        kwargs.setdefault("instance", PracticeFigure(place=place, note=note))
        super().__init__(*args, **kwargs)
        self.fields["value"].widget.attrs.update({"inputmode": "decimal"})


class FollowForm(forms.Form):
    place = forms.ModelChoiceField(
        queryset=Place.objects.none(),
        to_field_name="slug",
        widget=forms.RadioSelect,
        label=_("Where are you trying this?"),
        error_messages={
            "required": _("Choose the place where you are trying this."),
            "invalid_choice": _("Choose one of your places."),
        },
    )
    how = forms.CharField(
        label=_("How you are trying it (optional)"),
        help_text=_("A sentence other places can read. Your name is not shown, only your place."),
        max_length=HOW_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        if places is None:
            places = [place for place, _memberships in places_of(user)]
        self.fields["place"].queryset = Place.objects.filter(
            pk__in=[p.pk for p in places]
        ).order_by("name")
