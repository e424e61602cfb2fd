"""The options of a select, written in one pass.

Django's select template includes a template for every option (and one more for its attributes):
a list of a county's 7,800 members or 1,600 organisations spent most of a page's time there.
``{% select_options widget %}`` (a builtin of the forms renderer's engine, used by the project's
``django/forms/widgets/select.html``) writes what those templates write, character for character;
an option with a template of its own is still rendered by it.
"""

from django import template
from django.template.base import render_value_in_context
from django.utils.safestring import mark_safe

register = template.Library()

OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _text(value, context):
    """``{{ value|stringformat:'s' }}``: the value as text, escaped unless it was safe."""
    # str() of a safe string is that safe string; of anything else, plain text to escape.
    return render_value_in_context(str(value), context)


def _attrs(attrs, context):
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(" " + render_value_in_context(name, context))
        if value is not True:
            parts.append('="' + _text(value, context) + '"')
    return "".join(parts)


def _option(option, context):
    if option["template_name"] != OPTION_TEMPLATE:
        with context.push(widget=option):
            return context.template.engine.get_template(option["template_name"]).render(context)
    return (
        f'<option value="{_text(option["value"], context)}"{_attrs(option["attrs"], context)}>'
        f"{render_value_in_context(option['label'], context)}</option>\n"  # the file's last line end
    )


@register.simple_tag(takes_context=True)
def select_options(context, widget):
    parts = []
    for group_name, group_choices, _group_index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{render_value_in_context(group_name, context)}">')
        for option in group_choices:
            parts.append("\n  " + _option(option, context))
        if group_name:
            parts.append("\n  </optgroup>")
    # Every value and label went through render_value_in_context, as in the templates (and
    # tests/test_form_options.py checks the escaping against them): safe to mark safe.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703
