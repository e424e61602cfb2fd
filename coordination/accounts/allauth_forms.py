"""allauth's forms where this site asks more of them (ACCOUNT_FORMS).

Kept apart from coordination.accounts.forms, which allauth imports while defining its own forms.
"""

from allauth.account.adapter import get_adapter
from allauth.account.forms import ChangePasswordForm as BaseChangePasswordForm
from allauth.account.forms import LoginForm as BaseLoginForm
from django.utils.translation import gettext_lazy as _


class LoginForm(BaseLoginForm):
    """Sign in: email address, password, then the "Forgot your password?" link, then "Remember
    me" (templates/account/login_form.html), so the link comes after the password when tabbing.
    allauth puts the link in the password's hint, before the box; here it is left out of the hint.
    """

    template_name = "account/login_form.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""
        if "remember" in self.fields:
            self.fields["remember"].label = _("Remember me")


class ChangePasswordForm(BaseChangePasswordForm):
    def clean_oldpassword(self):
        # The current password is checked as at sign-in and re-authentication, so wrong guesses
        # count towards the account's one sign-in lockout instead of going unlimited.
        password = self.cleaned_data.get("oldpassword", "")
        if not get_adapter().reauthenticate(self.user, password):
            raise get_adapter().validation_error("enter_current_password")
        return password
