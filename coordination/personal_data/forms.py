from django import forms
from django.utils.translation import gettext_lazy as _


class CloseAccountForm(forms.Form):
    """The person's password again, and that they understand what closing does."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password")},
    )
    confirm = forms.BooleanField(
        label=_("I understand that closing my account cannot be undone"),
        error_messages={"required": _("Confirm that you understand closing cannot be undone")},
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("Enter your password correctly"), code="password_incorrect"
            )
        return password
