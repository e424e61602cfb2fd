"""The organisation form, with areas limited to the current place."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelMultipleChoiceField

from coordination.places.models import Area
from coordination.places.selectors import areas_for_place
from coordination.vocabularies.selectors import communities_for_place
from coordination.web_addresses import WebAddressFormField

from .models import Community, Organisation


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
