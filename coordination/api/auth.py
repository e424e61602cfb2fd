"""Personal API tokens: exchange an email address and password for a token.

Use it as ``Authorization: Token <key>``. A wrong password and an unknown address get the same
answer, so the endpoint does not tell anyone who has an account.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle
from rest_framework.views import APIView

BAD_CREDENTIALS = _("The email address and password do not match an account.")


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(
        style={"input_type": "password"}, trim_whitespace=False, write_only=True
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
        attrs["user"] = user
        return attrs


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")


class ObtainTokenView(APIView):
    """Exchange your email address and password for your personal API token.

    Asking again gives the same token.
    """

    authentication_classes = []
    permission_classes = [AllowAny]
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
