"""Forms for people: the extra sign-up field, invitations and membership changes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coordination.organisations.selectors import organisations_in_place

from .models import Membership, Role


class SignupExtraForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=150)

    def signup(self, request, user):
        user.name = self.cleaned_data["name"]
        user.save(update_fields=["name"])


class _PlaceOrganisationField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_kind_display()})"


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    organisation = _PlaceOrganisationField(
        label=_("Organisation they represent"),
        queryset=None,
        required=False,
        help_text=_("Required for every role except resident and place admin."),
    )

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_in_place(place)


class MembershipForm(forms.ModelForm):
    organisation = _PlaceOrganisationField(
        label=_("Organisation they represent"), queryset=None, required=False
    )

    class Meta:
        model = Membership
        fields = ["role", "organisation"]

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_in_place(place)
