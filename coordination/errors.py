"""One error type for broken business rules, shown as a form error in the browser and a 400 in the API."""

from django.core.exceptions import ValidationError


class RuleViolation(ValidationError):
    """A request that breaks a rule of the domain (not a programming error).

    It is a ValidationError so that forms and the API's error handler turn it into
    field-level messages without special cases.
    """


def add_to_form(form, exc):
    """Show a service's RuleViolation on a form: field messages on their fields, the rest on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def full_clean(obj, exclude=None):
    """Run the model's own validation; a broken rule becomes a RuleViolation by field."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise RuleViolation(exc.error_dict if hasattr(exc, "error_dict") else exc.messages) from exc
