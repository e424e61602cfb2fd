from allauth.account.adapter import get_adapter
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
        # Checked as at sign-in, so wrong guesses count towards the account's one lockout
        # (ACCOUNT_RATE_LIMITS ``login_failed``); a locked account is refused even with the right
        # password, with allauth's "too many attempts" message on this field.
        password = self.cleaned_data["password"]
        if not get_adapter().reauthenticate(self.user, password):
            raise forms.ValidationError(
                _("Enter your password correctly"), code="password_incorrect"
            )
        return password
