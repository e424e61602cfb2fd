"""allauth's forms where this site asks more of them (ACCOUNT_FORMS).

Kept apart from coordination.accounts.forms, which allauth imports while defining its own forms.
"""

from allauth.account.adapter import get_adapter
from allauth.account.forms import ChangePasswordForm as BaseChangePasswordForm


class ChangePasswordForm(BaseChangePasswordForm):
    def clean_oldpassword(self):
        # The current password is checked as at sign-in and re-authentication, so wrong guesses
        # count towards the account's one sign-in lockout instead of going unlimited.
        password = self.cleaned_data.get("oldpassword", "")
        if not get_adapter().reauthenticate(self.user, password):
            raise get_adapter().validation_error("enter_current_password")
        return password
