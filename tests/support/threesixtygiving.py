"""The 360Giving data standard's schema (the copy in tests/opendata_schemas), as a validator for
the funding exports."""

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMAS = Path(__file__).resolve().parents[1] / "opendata_schemas" / "360giving-1.4.3"
SCHEMA_BASE = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/"


def validator():
    """The package schema with its $ref to the grant schema resolved to the local copy."""
    if not SCHEMAS.exists():
        pytest.fail(f"{SCHEMAS} is missing: the 360Giving schemas are needed", pytrace=False)
    registry = Registry()
    for path in SCHEMAS.glob("*.json"):
        contents = json.loads(path.read_text())
        resource = Resource.from_contents(contents, default_specification=DRAFT202012)
        registry = registry.with_resource(contents["$id"], resource)
        registry = registry.with_resource(SCHEMA_BASE + path.name, resource)
    package = json.loads((SCHEMAS / "360-giving-package-schema.json").read_text())
    return Draft202012Validator(package, registry=registry, format_checker=FormatChecker())
