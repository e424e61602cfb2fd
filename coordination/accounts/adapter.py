"""How allauth sees this site: client addresses, the one sign-in lockout per account, and where a
person lands after signing in (coordination/accounts/landing.py).

Every password check goes through ``authenticate`` here (allauth's browser sign-in,
re-authentication, the password change form and the API's token endpoint), so they all count
towards allauth's ``login_failed`` rate limit (ACCOUNT_RATE_LIMITS) for the same account.
allauth keys that count on the current site's domain and the login; the site is the one fixed
``django.contrib.sites`` row (SITE_ID), so a request's Host header cannot start a fresh count.
"""

import logging

from allauth.account.adapter import DefaultAccountAdapter

from coordination.client_address import client_address

from .landing import landing_url

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        # allauth's own reading raises ImproperlyConfigured (a 500) when X-Forwarded-For has
        # fewer entries than trusted proxies; ours falls back as DRF's throttles do.
        return client_address(request)

    def get_login_redirect_url(self, request):
        # Only when the sign-in carries no ?next= (allauth's own handling of it comes first).
        return landing_url(request.user)

    def authentication_failed(self, request, **credentials):
        # The log line carries the client's address (coordination.log_context); the account is
        # left out, so the log does not become a list of who has one.
        logger.warning("A sign-in failed: wrong password or no such account.")
