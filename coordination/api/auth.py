"""Personal API tokens: exchange an email address and password for a token.

Use it as ``Authorization: Token <key>``; each request makes a new token. A wrong password and
an unknown address get the same answer, so the endpoint does not tell anyone who has an account.

The password is checked through allauth's account adapter, as the browser sign-in checks it, so
failures here and there count towards the same per-account lockout (ACCOUNT_RATE_LIMITS
``login_failed``); a locked account gets a 429 whether or not the password is right. Wrong
two-factor codes count as the browser's do.
"""

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle
from rest_framework.views import APIView

from coordination.accounts.mfa import must_set_up_mfa
from coordination.accounts.tokens import api_token_issue
from coordination.api.serializers import Serializer

BAD_CREDENTIALS = _("The email address and password do not match an account.")
MFA_CODE_NEEDED = _(
    "This account uses two-factor authentication: send the code from its authenticator app."
)
MFA_CODE_WRONG = _("That code is not right, or has been used already. Try the next one.")
TOO_MANY_ATTEMPTS = _(
    "Too many failed sign-in attempts for this account or from this address. Wait a few "
    "minutes before trying again, or reset the password."
)
MFA_SET_UP_FIRST = _(
    "Administrators need two-factor authentication: sign in with a browser and set up an "
    "authenticator app before asking for a token."
)


def second_factor_is_valid(request, user, code):
    """Whether ``code`` is a current authenticator code or an unused recovery code of ``user``.

    allauth's own check, which also refuses a TOTP code used once already. Attempts count towards
    the same ``login_failed`` limit, under the same key, as the browser's two-factor step; past
    it, this raises Throttled.
    """
    key = f"mfa-auth-user-{user.pk}"
    if not ratelimit.consume(request, action="login_failed", key=key):
        raise exceptions.Throttled(detail=TOO_MANY_ATTEMPTS)
    authenticators = Authenticator.objects.filter(user=user).exclude(
        type=Authenticator.Type.WEBAUTHN  # a security key cannot type a code
    )
    if any(authenticator.wrap().validate_code(code) for authenticator in authenticators):
        ratelimit.clear(request, action="login_failed", key=key)
        return True
    return False


def authenticate_with_lockout(request, *, email, password):
    """The account for ``email`` and ``password``, or None; Throttled while it is locked.

    allauth's adapter counts the attempt against the address's and the account's
    ``login_failed`` limits and takes a successful one back off, as the browser sign-in does.
    """
    try:
        return get_adapter(request).authenticate(request, email=email, password=password)
    except DjangoValidationError as exc:  # allauth's "too many login attempts"
        raise exceptions.Throttled(detail=TOO_MANY_ATTEMPTS) from exc


class TokenRequestSerializer(Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(
        style={"input_type": "password"}, trim_whitespace=False, write_only=True
    )
    code = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=32,
        write_only=True,
        help_text="For an account with two-factor authentication: the code from its "
        "authenticator app (or one of its recovery codes).",
    )

    def validate(self, attrs):
        request = self.context["request"]
        user = authenticate_with_lockout(
            request, email=attrs["email"].strip().lower(), password=attrs["password"]
        )
        if user is None or not user.is_active:
            raise serializers.ValidationError(BAD_CREDENTIALS, code="authorization")
        # As for the browser sign-in, the address must be confirmed first. Only someone who knows
        # the password can learn this, so it tells nothing about who has an account.
        if not EmailAddress.objects.filter(
            user=user, email__iexact=user.email, verified=True
        ).exists():
            raise serializers.ValidationError(
                _("Confirm your email address (see the email we sent) before asking for a token."),
                code="authorization",
            )
        # A token is as powerful as a browser session, so it needs the same second step.
        if is_mfa_enabled(user):
            if not attrs.get("code"):
                raise serializers.ValidationError({"code": [MFA_CODE_NEEDED]})
            if not second_factor_is_valid(request, user, attrs["code"]):
                raise serializers.ValidationError({"code": [MFA_CODE_WRONG]})
        elif must_set_up_mfa(user):
            raise serializers.ValidationError(MFA_SET_UP_FIRST, code="authorization")
        attrs["user"] = user
        return attrs


class TokenSerializer(Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")


class ObtainTokenView(APIView):
    """Exchange your email address and password for a new personal API token.

    The token is shown this once (only a hash is kept): store it safely. It works until it
    expires (API_TOKEN_LIFETIME_DAYS after it was made), you revoke it, or your password
    changes. See and revoke your tokens at /accounts/api-tokens/.
    """

    authentication_classes = []
    permission_classes = [AllowAny]
    # DRF's own classes, on the shared cache alone: they guard passwords, so without Redis the
    # exchange answers 503 rather than let guesses through uncounted (coordination/ops/outage.py).
    throttle_classes = [AnonRateThrottle, ScopedRateThrottle]
    throttle_scope = "auth_token"

    @extend_schema(
        operation_id="auth_token_create",
        request=TokenRequestSerializer,
        responses={200: TokenSerializer},
        tags=["auth"],
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        _row, token = api_token_issue(user=serializer.validated_data["user"])
        response = Response({"token": token})
        response["Cache-Control"] = "no-store"
        return response
