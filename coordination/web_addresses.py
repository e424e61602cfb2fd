"""Web addresses people enter (websites, meeting links, evidence, webhook receivers).

Django's URLField takes any character but whitespace after the host, so ``"`` and ``<`` got in
and were then handed out where the API promises an RFC 3986 URI (``format: uri``) and pages put
them in links. Every such field, in models, forms and serializers, adds this validator, so the
admin, the browser forms, the API and imports refuse the same addresses with the same message.
"""

import re
from urllib.parse import quote

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# RFC 3986: unreserved, reserved and "%" (checked below); nothing else, and only ASCII.
_URI_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")

MESSAGE = _(
    "Enter the address without spaces, quotes, < >, { } or other characters a web address "
    "cannot hold. Letters such as é go in encoded (%C3%A9), as a browser gives them when you "
    "copy the address."
)


def validate_web_address(value):
    if not value:
        return
    if not _URI_CHARACTERS.fullmatch(value) or _BAD_PERCENT.search(value):
        raise ValidationError(MESSAGE, code="invalid_characters")


def encoded(value):
    """``value`` with every character a URI cannot hold percent-encoded (UTF-8), and a lone
    ``%`` written as ``%25``: the same address, as a browser would send it. For addresses saved
    before the validator existed."""
    return quote(_BAD_PERCENT.sub("%25", value), safe="-._~:/?#[]@!$&'()*+,;=%")


def encode_stored_addresses(model, field_name):
    """Rewrites the rows of ``model`` whose ``field_name`` the validator would refuse."""
    changed = []
    for row in model._base_manager.exclude(**{field_name: ""}).only("pk", field_name).iterator():
        value = getattr(row, field_name)
        if value and encoded(value) != value:
            setattr(row, field_name, encoded(value))
            changed.append(row)
    model._base_manager.bulk_update(changed, [field_name], batch_size=500)


class WebAddressFormField(forms.URLField):
    """A browser form's web address field: Django's URL check, then ours."""

    default_validators = [*forms.URLField.default_validators, validate_web_address]

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)
