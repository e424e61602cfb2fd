"""Examples for every operation in the OpenAPI document: request bodies, responses and errors.

A drf-spectacular postprocessing hook. Bodies are built from each operation's own schema, with
values a partner would recognise (a Buckinghamshire food bank, a winter grants programme) where
the field's name says what it holds, and a value of the right type, format and bounds otherwise;
tests/api/test_schema.py validates every example against the schema it illustrates, so an example
can never drift from what the API really sends. Error examples are produced by the API's own error
handler from the exception that causes them, so their wording is what a caller will see.
"""

import copy
import re

from django.utils.translation import gettext as _
from rest_framework import exceptions

from .filters import ALWAYS_ALLOWED, unknown_parameters_error

PLACE_SLUG = "buckinghamshire"
OBJECT_ID = 42
TIMESTAMP = "2026-11-25T09:30:00Z"
DATE = "2026-11-25"

# Values by property name, whatever the resource. Each must fit the property's schema where it is
# used; a value that does not is skipped for a generated one (and the test would catch a bad one).
BY_NAME = {
    "title": "Warm spaces for older residents in Aylesbury",
    "name": "Wycombe Community Larder",
    "summary": "A weekly warm space with a hot lunch and advice from Citizens Advice.",
    "description": (
        "Run by volunteers at the St Mary's church hall every Tuesday and Thursday, 10:00 to 15:00."
    ),
    "address": "St Mary's Church Hall, Oxford Road, High Wycombe",
    "postcode": "HP11 2BW",
    "latitude": "51.62868",
    "longitude": "-0.74810",
    "email": "coordinator@example.org",
    "contact_email": "coordinator@example.org",
    "contact_name": "Priya Shah",
    "contact_phone": "01494 421000",
    "phone": "01494 421000",
    "website": "https://example.org/",
    "online_url": "https://meet.example.org/recovery-board",
    "evidence_url": "https://example.org/evidence/winter-2026.pdf",
    "venue": "The Gateway, Gatehouse Road, Aylesbury",
    "reference": "BC-2026-014",
    "external_id": "CRM-10482",
    "org_id": "GB-CHC-1089464",
    "recipient_org_id": "GB-CHC-1089464",
    "gss_code": "E06000060",
    "slug": PLACE_SLUG,
    "place": PLACE_SLUG,
    "timezone": "Europe/London",
    "colour": "#1d70b8",
    "tagline": "Working together for a stronger Buckinghamshire",
    "remit": "Recovery of the voluntary and community sector after the pandemic.",
    "eligibility": "Constituted groups and unregistered community groups working in the county.",
    "question": "Can a consortium of two small charities bid for one lot together?",
    "answer": "Yes: name a lead organisation, which holds the contract.",
    "text": "Please include transport for people who cannot get to the hub.",
    "body": "Please include transport for people who cannot get to the hub.",
    "comment": "We would add a Saturday session for working carers.",
    "response": "Added to the specification as a Saturday session in lot 2.",
    "response_text": "Added to the specification as a Saturday session in lot 2.",
    "you_said_we_did": "You asked for a Saturday session; lot 2 now includes one.",
    "rationale": "Two funders already cover the north of the county; this fills the gap in the south.",
    "reason": "The programme is fully committed for this year.",
    "cancellation_reason": "The venue flooded; the meeting moves to 2 December.",
    "feedback": "A clear need and strong local links; the budget needed more detail on staffing.",
    "strengths": "Deep roots in the community and volunteers who speak six languages.",
    "to_strengthen": "Show how the project continues after the grant ends.",
    "progress": "Venue booked and volunteers recruited; first session on 3 December.",
    "note": "Papers circulated a week early.",
    "change_note": "Lot 2 now includes a Saturday session.",
    "minutes": "The board agreed the winter priorities and asked the subgroup to report back.",
    "heading": "Service outcomes",
    "indicator_source": "Office for National Statistics, 2021 Census",
    "indicator_unit": "households",
    "availability": "Tuesdays and Thursdays, 10:00 to 15:00",
    "opens_at": "10:00:00",
    "closes_at": "15:00:00",
    "free_text": "A volunteer drove me to the appointment and waited.",
    "helped_comment": "The feedback showed us what to change next time.",
    "flexibility_statement": "Payments can be re-profiled across quarters by agreement.",
    "pause_reason": "Paused after 10 failed deliveries in a row.",
    "last_error": "Connection refused",
    "supplier": "Wycombe Community Larder",
    "organisation": "Wycombe Community Larder",
    "owner_organisation": "Wycombe Community Larder",
    "applicant": "Wycombe Community Larder",
    "recipient": "Wycombe Community Larder",
    "funder": "Heart of Bucks",
    "programme": "Winter Warmth Fund 2026",
    "person": "Priya Shah",
    "area": "high-wycombe",
    "parent": PLACE_SLUG,
    "theme": "food",
    "community": "older-people",
    "digest_weekday_name": "Monday",
    "resource": "services",
    "asks": "Please confirm the venue has step-free access.",
    "changed_by": "Priya Shah",
    "by": "Priya Shah",
    "owner": "Priya Shah",
    "label": "2023 to 2026 contract",
    "indicator": "referrals a quarter",
    "demand": "340.00",
    "funder_name": "Heart of Bucks",
    "role_label": "Place admin",
    "amount": "2500.00",
    "amount_requested": "2500.00",
    "amount_awarded": "2500.00",
    "amount_min": "500.00",
    "amount_max": "10000.00",
    "estimated_value": "120000.00",
    "value": "120000.00",
    "price": "118500.00",
    "indicator_value": "1240.000",
    "awarded_total": "182500.00",
    "digest_hour": 8,
    "contract_months": 24,
    "duration_months": 12,
    "grant_length_months": 12,
    "months": 12,
    "weight": 40,
    "score": 4,
    "seats": 12,
    "order": 1,
    "position": 1,
    "decision_within_days": 56,
    "feedback_commitment_days": 28,
    "papers_due_days": 7,
    "report_back_lead_days": 14,
    "weekly_capacity": 60,
    "size": 184320,
    "attempts": 1,
    "consecutive_failures": 0,
    "last_status_code": 200,
    "status_code": 200,
    "content_type": "application/pdf",
    "event": "commissioning.tender.stage",
    "events": ["commissioning.tender.stage", "funding.bid.award"],
    "themes": ["food", "loneliness"],
    "areas": ["high-wycombe"],
    "communities": ["older-people"],
    "from_state": "submitted",
    "to_state": "under_review",
    "from_stage": "market_engagement",
    "to_stage": "open",
    "download": f"https://inplace.example.org/{PLACE_SLUG}/funding/attachments/7/",
}

# Made-up credentials for the documentation's examples (ruff and bandit would take them for real).
BY_NAME["password"] = "correct horse battery staple"  # noqa: S105  # nosec B105
BY_NAME["secret"] = "whsec_3kXb0cK1n1v9rTqz7P2aYfD4hL8mW6sE"  # noqa: S105  # nosec B105
BY_NAME["token"] = "8f14e45fceea167a5a36dedd4bea2543ae5c5f3f"  # noqa: S105  # nosec B105

# Where a resource gives a common name a different meaning, its own value wins (component names
# without drf-spectacular's "Patched" prefix and "Request" suffix).
BY_COMPONENT = {
    "Place": {"name": "Buckinghamshire", "slug": PLACE_SLUG},
    "Area": {"name": "High Wycombe", "slug": "high-wycombe"},
    "Board": {"name": "Chesham and Villages Community Board"},
    "Programme": {"name": "Winter Warmth Fund 2026", "title": "Winter Warmth Fund 2026"},
    "Tender": {"title": "Community mental health support, 2027 to 2029"},
    "Lot": {"title": "Lot 2: peer support groups"},
    "Criterion": {"name": "Local reach", "title": "Local reach"},
    "Service": {"name": "Tuesday warm space and lunch club"},
    "Asset": {"name": "High Wycombe Library"},
    "Need": {"title": "Fuel poverty among older residents"},
    "Meeting": {"title": "Recovery Board, November"},
    "NewSubscription": {"name": "Council CRM", "url": "https://crm.example.org/inplace/webhooks"},
    "Subscription": {
        "name": "Council CRM",
        "url": "https://crm.example.org/inplace/webhooks",
    },
    "Proposal": {"title": "A community fridge at the Aylesbury hub"},
}

_DECIMAL_PATTERN = re.compile(r"^\^-\?\\d\{0,(\d+)\}\(\?:\\\.\\d\{0,(\d+)\}\)\?\$$")


def _component_key(name):
    name = name.removeprefix("Patched")
    return name.removesuffix("Request")


class ExampleBuilder:
    """Builds one example value for a schema of this document (resolving its $refs)."""

    def __init__(self, document):
        self.components = document.get("components", {}).get("schemas", {})
        self.self_url = None  # the address of the operation's object, for its "url" field

    def resolve(self, schema):
        seen = 0
        while "$ref" in schema and seen < 20:
            schema = self.components[schema["$ref"].rsplit("/", 1)[-1]]
            seen += 1
        return schema

    def value(self, schema, *, direction, name=None, component=None, depth=0):
        if "$ref" in schema:
            ref_name = schema["$ref"].rsplit("/", 1)[-1]
            return self.value(
                self.components[ref_name],
                direction=direction,
                name=name,
                component=_component_key(ref_name),
                depth=depth,
            )
        for combiner in ("allOf", "oneOf", "anyOf"):
            if combiner in schema:
                choices = [s for s in schema[combiner] if self.resolve(s).get("type") != "null"]
                if combiner == "allOf":
                    merged = {}
                    for part in choices:
                        merged.update(copy.deepcopy(self.resolve(part)))
                    return self.value(merged, direction=direction, name=name, depth=depth)
                return self.value(choices[0], direction=direction, name=name, depth=depth)
        if "example" in schema:
            return copy.deepcopy(schema["example"])
        if "enum" in schema:
            return next(v for v in schema["enum"] if v not in (None, ""))
        kind = schema.get("type")
        if name is not None:
            known = BY_COMPONENT.get(component or "", {}).get(name, BY_NAME.get(name))
            if known is not None and self.fits(schema, known):
                return copy.deepcopy(known)
        if name == "url" and kind == "string" and self.self_url:
            return self.self_url
        if kind == "object" or "properties" in schema:
            return self.object(schema, direction=direction, component=component, depth=depth)
        if kind == "array":
            item = self.value(schema.get("items", {}), direction=direction, name=name, depth=depth)
            return [item] * max(1, schema.get("minItems", 1))
        return self.scalar(schema, name=name)

    def object(self, schema, *, direction, component, depth):
        properties = schema.get("properties", {})
        if not properties:
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict) and depth < 4:
                return {"key": self.value(extra, direction=direction, depth=depth + 1)}
            return {}
        skip = "readOnly" if direction == "request" else "writeOnly"
        required = set(schema.get("required", []))
        result = {}
        for prop, prop_schema in properties.items():
            if self.resolve(prop_schema).get(skip) or prop_schema.get(skip):
                continue
            if depth >= 4 and prop not in required:
                continue
            result[prop] = self.value(
                prop_schema, direction=direction, name=prop, component=component, depth=depth + 1
            )
        return result

    def fits(self, schema, value):
        schema = self.resolve(schema)
        if "enum" in schema:
            return value in schema["enum"]
        kind = schema.get("type")
        if kind == "string":
            if not isinstance(value, str):
                return False
            if len(value) > schema.get("maxLength", len(value)):
                return False
            if len(value) < schema.get("minLength", 0):
                return False
            pattern = schema.get("pattern")
            return not pattern or re.search(pattern, value) is not None
        if kind == "integer":
            return (
                isinstance(value, int)
                and not isinstance(value, bool)
                and schema.get("minimum", value) <= value <= schema.get("maximum", value)
            )
        if kind == "array":
            items = schema.get("items", {})
            return isinstance(value, list) and all(self.fits(items, item) for item in value)
        if kind == "boolean":
            return isinstance(value, bool)
        return False

    def scalar(self, schema, *, name):
        kind = schema.get("type")
        fmt = schema.get("format")
        if kind == "boolean":
            return True
        if kind == "integer":
            # Integers without a named value are ids of related rows: one inside the bounds.
            guess = OBJECT_ID
            if schema.get("minimum") is not None:
                guess = max(guess, int(schema["minimum"]))
            if schema.get("maximum") is not None:
                guess = min(guess, int(schema["maximum"]))
            return guess
        if kind == "number":
            return 0.75
        if kind != "string":
            return None
        if fmt == "date-time":
            return TIMESTAMP
        if fmt == "date":
            return DATE
        if fmt == "email":
            return "coordinator@example.org"
        if fmt == "uri":
            return f"https://inplace.example.org/api/v1/places/{PLACE_SLUG}/"
        if fmt == "uuid":
            return "3f2b8a1e-6c4d-4b7a-9e0f-5d1c2b3a4f60"
        if fmt == "binary":
            return "(the file's bytes)"
        pattern = schema.get("pattern")
        if pattern:
            decimal = _DECIMAL_PATTERN.match(pattern)
            if decimal:
                places = int(decimal.group(2))
                return "250" + ("." + "0" * places if places else "")
            for candidate in (PLACE_SLUG, "HP11 2BW", "high-wycombe"):
                if re.search(pattern, candidate):
                    return candidate
        text = (name or "text").replace("_", " ").capitalize()
        limit = schema.get("maxLength")
        return text[:limit] if limit else text


# -- Errors ------------------------------------------------------------------------------------


def _error_example(exc):
    """The body the API's own handler gives for this exception."""
    from .errors import exception_handler

    response = exception_handler(exc, {})
    return response.data


def _first_field(request_schema, builder):
    if not request_schema:
        return None
    schema = builder.resolve(request_schema)
    required = schema.get("required") or []
    if required:
        return required[0]
    return next(iter(schema.get("properties", {})), None)


def error_examples(code, *, operation, method, request_schema, builder):
    """Named examples for one documented error status of one operation."""
    if code == "400":
        field = (
            _first_field(request_schema, builder) if method in ("post", "put", "patch") else None
        )
        if field:
            exc = exceptions.ValidationError({field: [_("This field is required.")]})
            summary = _("A field not accepted")
        else:
            accepted = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
            accepted |= ALWAYS_ALLOWED
            exc = unknown_parameters_error(["colour"], accepted)
            summary = _("A query parameter this operation does not take")
        return {"invalid": {"summary": summary, "value": _error_example(exc)}}
    if code == "401":
        return {
            "not_authenticated": {
                "summary": _("No credentials sent"),
                "value": _error_example(exceptions.NotAuthenticated()),
            }
        }
    if code == "403":
        return {
            "permission_denied": {
                "summary": _("Your role does not allow this"),
                "value": _error_example(exceptions.PermissionDenied()),
            }
        }
    if code == "415":
        return {
            "unsupported_media_type": {
                "summary": _("A body in a form the operation does not read"),
                "value": _error_example(exceptions.UnsupportedMediaType("text/plain")),
            }
        }
    if code == "429":
        return {
            "throttled": {
                "summary": _("Too many requests"),
                "value": _error_example(exceptions.Throttled(wait=42)),
            }
        }
    return {}


# -- The hook ----------------------------------------------------------------------------------


def _json_media(content):
    for media_type, media in content.items():
        if media_type == "application/json" or media_type.endswith("+json"):
            yield media_type, media


def _request_schema(operation):
    content = operation.get("requestBody", {}).get("content", {})
    for _media_type, media in _json_media(content):
        return media.get("schema")
    return None


def _object_address(path):
    """The address of the object an operation on ``path`` shows (its serializer's "url")."""
    for key in ("{id}/", "{uuid}/", "{slug}/"):
        if key in path:
            path = path[: path.index(key) + len(key)]
            break
    else:
        path += f"{OBJECT_ID}/"
    path = path.replace("{place_slug}", PLACE_SLUG).replace("{id}", str(OBJECT_ID))
    path = path.replace("{uuid}", "3f2b8a1e-6c4d-4b7a-9e0f-5d1c2b3a4f60")
    return "https://inplace.example.org" + path.replace("{slug}", "high-wycombe")


def add_examples(result, generator, request, public):
    """POSTPROCESSING_HOOKS entry: give every operation request, response and error examples."""
    builder = ExampleBuilder(result)
    for path, operations in result.get("paths", {}).items():
        builder.self_url = _object_address(path)
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path" and "example" not in parameter:
                    if parameter["name"] == "place_slug":
                        parameter["example"] = PLACE_SLUG
                    elif parameter.get("schema", {}).get("type") == "integer":
                        parameter["example"] = OBJECT_ID
            request_schema = _request_schema(operation)
            for media_type, media in operation.get("requestBody", {}).get("content", {}).items():
                if "schema" in media and "examples" not in media and "example" not in media:
                    value = builder.value(media["schema"], direction="request")
                    if media_type != "application/json":
                        continue  # forms and multipart: the JSON example shows the fields
                    media["examples"] = {
                        "example": {"summary": _("A typical request"), "value": value}
                    }
            for code, response in operation.get("responses", {}).items():
                for _media_type, media in _json_media(response.get("content", {})):
                    if "examples" in media or "example" in media:
                        continue
                    if code.startswith(("4", "5")):
                        examples = error_examples(
                            code,
                            operation=operation,
                            method=method,
                            request_schema=request_schema,
                            builder=builder,
                        )
                    else:
                        examples = {
                            "example": {
                                "summary": _("A typical response"),
                                "value": builder.value(media["schema"], direction="response"),
                            }
                        }
                    if examples:
                        media["examples"] = examples
    return result
