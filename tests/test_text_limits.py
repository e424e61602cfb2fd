"""Every text people type has a maximum, on every path: models, page forms, the API.

The limits come from one scale (coordination/text_limits.py). A new TextField, a textarea on a form or
a writable text field in the API without a maximum fails here.
"""

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.db import models
from rest_framework import serializers

from coordination import text_limits

APPS = ("coordination", "boards", "funding", "commissioning", "mapping")
SCALE = {text_limits.NOTE, text_limits.TEXT, text_limits.LONG, text_limits.GENERATED}

# Serializers the API only answers with (never reads), so their text needs no maximum.
ANSWER_ONLY = {
    "coordination.api.errors.ErrorDetailSerializer",
    "coordination.api.views.ApiRootSerializer",
    "coordination.api.auth.TokenSerializer",
    "coordination.accounts.serializers.MyPlaceSerializer",
    "coordination.places.serializers.PlaceSerializer",
    "coordination.places.serializers.PlaceLinksSerializer",
    "coordination.webhooks.serializers.EventSerializer",
    "commissioning.serializers.tenders.DemandPeriodSerializer",
    "commissioning.serializers.tenders.TenderAmendmentSerializer",
    "commissioning.serializers.tenders.AmendmentChangeSerializer",
    "commissioning.serializers.tenders.SuggestionSerializer",
    "commissioning.serializers.co_design.DiffLineSerializer",
    "commissioning.serializers.co_design.VersionChangeSerializer",
    "funding.serializers.bids.SharedBidSerializer",
    "funding.serializers.bids.GrantSerializer",
    "funding.serializers.figures.FunderFiguresSerializer",
    "funding.serializers.figures.FlagSerializer",
    "funding.serializers.figures.UnmetNeedSerializer",
    "mapping.serializers.CoverageTermSerializer",
    "mapping.serializers.CoverageServiceSerializer",
    "mapping.serializers.CoverageSpecialistSerializer",
    "mapping.serializers.CoverageSerializer",
    "mapping.serializers.CoverageOverlapSerializer",
    "mapping.serializers.CoverageCellSerializer",
    "mapping.serializers.CoverageGapSerializer",
}
# Writable text fields that are not text people write, with their reason.
NOT_TEXT = {
    # A password is checked, never stored as typed; Django's hashers take any length.
    "coordination.api.auth.TokenRequestSerializer.password",
}


def _ours(cls):
    return cls.__module__.split(".")[0] in APPS


def _import_everything():
    """Import every module of the apps (not migrations), so every form and serializer is defined."""
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            importlib.import_module(info.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_text_field_has_a_limit_from_the_scale():
    missing = []
    for model in apps.get_models():
        if not _ours(model):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.TextField) and (
                not isinstance(field, text_limits.BoundedTextField) or field.max_length not in SCALE
            ):
                missing.append(f"{model._meta.label}.{field.name} ({field.max_length})")
    assert not missing, "Text fields without a BoundedTextField limit from the scale: " + str(
        missing
    )


def test_every_textarea_on_a_form_has_a_limit():
    _import_everything()
    missing = []
    for form_class in set(_subclasses(forms.BaseForm)):
        if not _ours(form_class):
            continue
        for name, field in getattr(form_class, "base_fields", {}).items():
            if isinstance(field.widget, forms.Textarea) and not getattr(field, "max_length", None):
                missing.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
    assert not missing, "Textareas without a max_length: " + str(missing)


def _calls_without_limit(path):
    """CharField(...) calls with a Textarea widget and no max_length, wherever they are written
    (fields added in a form's __init__ too)."""
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("CharField"):
            keywords = {k.arg: ast.unparse(k.value) for k in node.keywords}
            if "Textarea" in keywords.get("widget", "") and "max_length" not in keywords:
                yield f"{path}:{node.lineno}"


def test_no_textarea_field_is_written_without_a_limit():
    root = Path(settings.BASE_DIR)
    missing = [
        found
        for app in APPS
        for path in sorted((root / app).rglob("*.py"))
        if "migrations" not in path.parts
        for found in _calls_without_limit(path)
    ]
    assert not missing, "CharField on a Textarea without max_length: " + str(missing)


def _fields_of(serializer_class):
    try:
        return serializer_class(context={}).fields
    except Exception as exc:  # noqa: BLE001 - named in the failure
        pytest.fail(f"{serializer_class.__module__}.{serializer_class.__name__}: {exc!r}")


def test_every_text_field_the_api_reads_has_a_limit():
    _import_everything()
    missing = []
    for serializer_class in set(_subclasses(serializers.Serializer)):
        name = f"{serializer_class.__module__}.{serializer_class.__name__}"
        if not _ours(serializer_class) or name in ANSWER_ONLY:
            continue
        if issubclass(serializer_class, serializers.ModelSerializer) and not hasattr(
            getattr(serializer_class, "Meta", None), "model"
        ):
            continue  # a base for the app's model serializers
        for field_name, field in _fields_of(serializer_class).items():
            fields = [field, getattr(field, "child", None)]
            for each in fields:
                if (
                    isinstance(each, serializers.CharField)
                    and not each.read_only
                    and each.max_length is None
                    and f"{name}.{field_name}" not in NOT_TEXT
                ):
                    missing.append(f"{name}.{field_name}")
    assert not missing, "API text fields without max_length: " + str(missing)
