"""The organisation form, with areas limited to the current place."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelMultipleChoiceField

from coordination.dateinputs import DateField
from coordination.places.models import Area
from coordination.places.selectors import areas_for_place
from coordination.uploads import ORGANISATION_DOCUMENTS
from coordination.vocabularies.selectors import communities_for_place
from coordination.web_addresses import WebAddressFormField

from .models import Community, Organisation, OrganisationDocument


class OrganisationForm(forms.ModelForm):
    # Declared here so the queryset is only built for a place (a class-level query would need a scope).
    areas = SafeModelMultipleChoiceField(
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Areas it works in"),
    )

    communities = forms.ModelMultipleChoiceField(
        queryset=Community.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Communities it specialises in"),
    )

    website = WebAddressFormField(label=_("Website"), required=False)

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "org_id",
            "income_band",
            "staff_count",
            "registered_postcode",
            "description",
            "website",
            "email",
            "areas",
            "communities",
        ]

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = areas_for_place(place)
        self.fields["communities"].queryset = communities_for_place(place)
        if self.instance.pk:
            self.initial["areas"] = list(
                self.instance.areas.filter(place=place).values_list("pk", flat=True)
            )
            self.initial["communities"] = list(
                self.instance.communities.filter(
                    pk__in=self.fields["communities"].queryset.values("pk")
                ).values_list("pk", flat=True)
            )


class OrganisationDocumentForm(forms.ModelForm):
    """A kept document: its kind, title, file and dates (the file is checked by the service)."""

    file = forms.FileField(label=_("File"))

    class Meta:
        model = OrganisationDocument
        fields = ["kind", "title", "file", "dated_on", "valid_until"]
        field_classes = {"dated_on": DateField, "valid_until": DateField}
        labels = {"kind": _("Kind of document"), "title": _("Title")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "%(summary)s. A newer document of the same kind replaces the one before for new bids."
        ) % {"summary": ORGANISATION_DOCUMENTS.summary()}
        self.fields["title"].help_text = _("For example, Accounts for the year to March 2026.")
