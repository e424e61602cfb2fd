"""Forms for people: the extra sign-up field, invitations, membership changes, the profile and
the choice of place."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coordination.pickers.fields import PickerField

from .models import Membership, Role, User


class SignupExtraForm(forms.Form):
    # allauth's sign-up form follows this order: accepting the terms comes last.
    field_order = ["email", "name", "password1", "password2", "accept_terms"]

    name = forms.CharField(label=_("Full name"), max_length=150)
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of use"),
        error_messages={"required": _("Accept the terms of use to create an account")},
    )

    def signup(self, request, user):
        from coordination.statements.services import accept_default_terms

        user.name = self.cleaned_data["name"]
        user.save(update_fields=["name"])
        accept_default_terms(user=user)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    organisation = PickerField(
        source="organisations",
        noun=_("organisation"),
        label=_("Organisation they represent"),
        required=False,
        help_text=_("Required for every role except resident and place admin."),
    )

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].for_place(place)


class MembershipForm(forms.ModelForm):
    organisation = PickerField(
        source="organisations",
        noun=_("organisation"),
        label=_("Organisation they represent"),
        required=False,
    )

    class Meta:
        model = Membership
        fields = ["role", "organisation"]

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].for_place(place)


class ProfileForm(forms.ModelForm):
    """A person's name and how to reach them; accounts.services.profile_update saves it."""

    class Meta:
        model = User
        fields = ["name", "contact_email", "phone", "reach_note"]
        labels = {
            "name": _("Full name"),
            "contact_email": _("Contact email address"),
            "phone": _("Phone number"),
            "reach_note": _("How to reach me"),
        }
        help_texts = {
            "phone": _("For example, 07700 900 982 or +44 808 157 0192"),
        }
        widgets = {
            "contact_email": forms.EmailInput(
                attrs={"autocomplete": "email", "spellcheck": "false"}
            ),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "reach_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["name"].error_messages["required"] = _("Enter your full name")
        if not self.is_bound:
            self.initial["contact_email"] = self.instance.reach_email
        self.fields["contact_email"].help_text = _(
            "We use %(email)s, the address you sign in with, unless you give another."
        ) % {"email": self.instance.email}

    def _post_clean(self):
        # The service validates and saves (profile_update); the form only reads the fields.
        pass


class PlaceChoiceForm(forms.Form):
    """Which of the person's places to go to (the choice is remembered for the next sign-in)."""

    place = forms.ChoiceField(
        label=_("Which place do you want to go to?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the place you want to go to")},
    )

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.places = {place.slug: place for place, _memberships in places}
        self.fields["place"].choices = [(slug, place.name) for slug, place in self.places.items()]

    def clean_place(self):
        return self.places[self.cleaned_data["place"]]
