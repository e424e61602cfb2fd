"""Personal API tokens: exchange an email address and password for a token.

Use it as ``Authorization: Token <key>``. A wrong password and an unknown address get the same
answer, so the endpoint does not tell anyone who has an account.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle
from rest_framework.views import APIView

from coordination.accounts.mfa import must_set_up_mfa
from coordination.api.serializers import Serializer

BAD_CREDENTIALS = _("The email address and password do not match an account.")
MFA_CODE_NEEDED = _(
    "This account uses two-factor authentication: send the code from its authenticator app."
)
MFA_CODE_WRONG = _("That code is not right, or has been used already. Try the next one.")
MFA_SET_UP_FIRST = _(
    "Administrators need two-factor authentication: sign in with a browser and set up an "
    "authenticator app before asking for a token."
)


def second_factor_is_valid(user, code):
    """Whether ``code`` is a current authenticator code or an unused recovery code of ``user``.

    allauth's own check, which also refuses a TOTP code used once already.
    """
    authenticators = Authenticator.objects.filter(user=user).exclude(
        type=Authenticator.Type.WEBAUTHN  # a security key cannot type a code
    )
    return any(authenticator.wrap().validate_code(code) for authenticator in authenticators)


class TokenRequestSerializer(Serializer):
    email = serializers.EmailField()
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
        user = authenticate(
            request=self.context.get("request"),
            email=attrs["email"].strip().lower(),
            password=attrs["password"],
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
            if not second_factor_is_valid(user, attrs["code"]):
                raise serializers.ValidationError({"code": [MFA_CODE_WRONG]})
        elif must_set_up_mfa(user):
            raise serializers.ValidationError(MFA_SET_UP_FIRST, code="authorization")
        attrs["user"] = user
        return attrs


class TokenSerializer(Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")


class ObtainTokenView(APIView):
    """Exchange your email address and password for your personal API token.

    Asking again gives the same token.
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
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})
