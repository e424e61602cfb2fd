"""The scopes a partner key can hold: "read", and "write:<app>" for each app with API resources."""

from django.apps import apps
from django.utils.translation import gettext as _

from .models import READ, WRITE_PREFIX

# Apps whose resources the API can change, by app label, as offered on the key form.
WRITABLE_APPS = (
    "places",
    "organisations",
    "accounts",
    "boards",
    "funding",
    "commissioning",
    "mapping",
    "webhooks",
)


def _installed(label):
    try:
        apps.get_app_config(label)
    except LookupError:
        return False
    return True


def writable_apps():
    return [label for label in WRITABLE_APPS if _installed(label)]


def known_scopes():
    return [READ, *(WRITE_PREFIX + label for label in writable_apps())]


def scope_choices():
    choices = [(READ, _("Read what the key's creator can read (always included)"))]
    for label in writable_apps():
        name = apps.get_app_config(label).verbose_name
        choices.append((WRITE_PREFIX + label, _("Change %(app)s") % {"app": name}))
    return choices


def write_scope_for(view):
    """The scope that lets a key change what this view serves: write:<the view's app>."""
    config = apps.get_containing_app_config(type(view).__module__)
    return WRITE_PREFIX + (config.label if config else "unknown")
