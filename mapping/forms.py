"""Forms for services, needs, assets and area outlines, with every choice limited to the current place."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField, SafeModelMultipleChoiceField

from coordination import text_limits
from coordination.dateinputs import DateField
from coordination.pickers.fields import PickerField
from coordination.places.models import Area
from coordination.places.selectors import areas_for_place
from coordination.uploads import NEED_EVIDENCE
from coordination.vocabularies.selectors import communities_for_place, themes_for_place
from coordination.web_addresses import WebAddressFormField

from . import opening_hours
from .models import Asset, ImportKind, Need, Service


class ServiceForm(forms.ModelForm):
    # Choices are built for a place in __init__ (a class-level query would need a scope).
    organisation = PickerField(
        source="organisations", noun=_("organisation"), label=_("Organisation that runs it")
    )
    areas = SafeModelMultipleChoiceField(
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Areas it serves"),
        help_text=_("Or tick “serves the whole place” above."),
    )
    website = WebAddressFormField(label=_("Website"), required=False)
    # Not a model field: the openings, one a line, which the service puts in place of the old.
    schedules = forms.CharField(
        label=_("Opening hours"),
        required=False,
        max_length=text_limits.NOTE,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false"}),
        help_text=_(
            "One opening a line: a day or days, then the times in 24-hour clock, like "
            "“Mon 09:00-17:00” or “Mon-Fri 09:00-12:30”. Add the first and last day it applies "
            "and a few words if needed: “Sat 10:00-12:00 from 2026-09-01 to 2027-07-20 term "
            "time only”."
        ),
    )

    class Meta:
        model = Service
        fields = [
            "organisation",
            "name",
            "description",
            "themes",
            "communities",
            "is_specialist",
            "whole_place",
            "areas",
            "in_person",
            "online",
            "by_phone",
            "address",
            "postcode",
            "latitude",
            "longitude",
            "weekly_capacity",
            "eligibility",
            "contact_name",
            "contact_email",
            "contact_phone",
            "website",
            "status",
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "communities": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
            "eligibility": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"name": _("Name of the service")}

    def __init__(self, *args, place, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].for_place(place, organisations)
        self.fields["themes"].queryset = themes_for_place(place)
        self.fields["communities"].queryset = communities_for_place(place)
        self.fields["communities"].help_text = _(
            "The communities it serves. Leave empty for a service open to everyone."
        )
        self.fields["areas"].queryset = areas_for_place(place)
        if self.instance.pk:
            self.initial["areas"] = [a.pk for a in self.instance.areas.all()]
            self.initial["schedules"] = opening_hours.text(self.instance.schedules.all())
        elif organisations.count() == 1:
            self.initial["organisation"] = organisations.first().pk
        # Asked for after the areas, before how it is delivered.
        self.order_fields([*list(self.fields)[: list(self.fields).index("areas") + 1], "schedules"])

    def clean_schedules(self):
        """The openings typed, as the fields of each; every line that cannot be read is named."""
        openings, problems = opening_hours.parse(self.cleaned_data["schedules"])
        if problems:
            raise forms.ValidationError([opening_hours.problem_text(*p) for p in problems])
        return openings

    def _post_clean(self):
        # The service (services.service_create/update) validates the whole row, with its links.
        pass


class NeedForm(forms.ModelForm):
    area = SafeModelChoiceField(queryset=Area.objects.none(), label=_("Area"))
    evidence_url = WebAddressFormField(label=_("Link to the evidence"), required=False)

    class Meta:
        model = Need
        fields = [
            "area",
            "theme",
            "communities",
            "summary",
            "severity",
            "indicator_value",
            "indicator_unit",
            "indicator_source",
            "indicator_date",
            "evidence_url",
            "evidence_file",
        ]
        widgets = {
            "communities": forms.CheckboxSelectMultiple,
        }
        # The GOV.UK date input: the date shows again when the need is edited.
        field_classes = {"indicator_date": DateField}
        labels = {"summary": _("What is the need?")}

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas_for_place(place)
        self.fields["theme"].queryset = themes_for_place(place)
        self.fields["communities"].queryset = communities_for_place(place)
        self.fields["severity"].help_text = _("How serious is it? Or give an indicator below.")
        self.fields["evidence_file"].help_text = NEED_EVIDENCE.summary()

    def _post_clean(self):
        pass


class AssetForm(forms.ModelForm):
    area = SafeModelChoiceField(queryset=Area.objects.none(), label=_("Area"), required=False)

    class Meta:
        model = Asset
        fields = [
            "kind",
            "name",
            "area",
            "description",
            "availability",
            "postcode",
            "latitude",
            "longitude",
            "contact_name",
            "contact_email",
            "contact_phone",
            "contact_consent",
        ]
        widgets = {"kind": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas_for_place(place)

    def _post_clean(self):
        pass


class ImpactForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        choices=[
            (1, _("January to March")),
            (2, _("April to June")),
            (3, _("July to September")),
            (4, _("October to December")),
        ],
    )
    people_reached = forms.IntegerField(label=_("People reached"), min_value=0)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What does the file list?"), choices=ImportKind.choices, widget=forms.RadioSelect
    )
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limits are settings: the help says the ones this site uses.
        self.fields["file"].help_text = _(
            "A .csv (saved as CSV UTF-8) or .xlsx file of at most %(size)d MB and %(rows)s rows, "
            "with a header line. Separate several themes, areas or communities with a semicolon."
        ) % {
            "size": settings.IMPORT_MAX_BYTES // 1024 // 1024,
            "rows": format(settings.IMPORT_MAX_ROWS, ","),
        }


class VocabularyAdditionForm(forms.Form):
    what = forms.ChoiceField(
        label=_("Add a"),
        choices=[("theme", _("Theme")), ("community", _("Community served"))],
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Name"), max_length=100)


class OutlineUploadForm(forms.Form):
    """A GeoJSON file of an area's outline; what it may hold is checked by the outline service."""

    file = forms.FileField(
        label=_("Upload a GeoJSON file"),
        help_text=_(
            "A .geojson or .json file of the area’s boundary as a Polygon or MultiPolygon (or a "
            "Feature or FeatureCollection of them), in longitude and latitude (WGS84)."
        ),
        error_messages={
            "required": _("Select a GeoJSON file"),
            "empty": _("The selected file is empty"),
            "invalid": _("Select a GeoJSON file"),
        },
        widget=forms.FileInput(
            attrs={"accept": ".geojson,.json,application/geo+json,application/json"}
        ),
    )
