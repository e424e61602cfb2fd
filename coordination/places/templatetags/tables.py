"""``{% scrolltable %}...{% endscrolltable %}``: the one way a table is put on a page.

At 320 CSS pixels wide no page may scroll sideways (WCAG 1.4.10), so a table that is wider than
the screen scrolls inside its own region instead: a ``div.inplace-table-scroll`` with
``role="region"``, a name and ``tabindex="0"`` (so a keyboard can reach it and scroll it with the
arrow keys; static/scss/inplace.scss draws its focus).

The region is named after the table: by the table's own ``aria-labelledby`` or ``aria-label``
if it has one, else by ``aria-labelledby`` its caption when the caption has an id, else by
``aria-label`` the caption's text, else by the ``label`` the tag is given::

    {% load tables %}
    {% scrolltable %}<table class="govuk-table"><caption id="bids-caption" ...>...{% endscrolltable %}
    {% scrolltable label=_("Members") %}<table class="govuk-table">...{% endscrolltable %}

tests/browser/test_reflow_sweep.py walks every page at 320 px, and tests/test_wording.py fails on
a page template whose table is not inside the tag.
"""

import re
from html import unescape

from django import template
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

_TABLE = re.compile(r"<table\b(?P<attrs>[^>]*)>", re.I)
_NAMED = re.compile(
    r"""\b(?P<name>aria-labelledby|aria-label)\s*=\s*["'](?P<value>[^"']+)["']""", re.I
)
_CAPTION = re.compile(r"<caption\b(?P<attrs>[^>]*)>(?P<text>.*?)</caption>", re.S | re.I)
_ID = re.compile(r"""\bid\s*=\s*["'](?P<id>[^"']+)["']""", re.I)


def region_name(content, label=None):
    """(attribute, value) naming the region of a table whose HTML is ``content``."""
    table = _TABLE.search(content)
    named = _NAMED.search(table["attrs"]) if table else None
    if named:  # the table names itself (by a heading it is under): the region takes that name
        return named["name"].lower(), named["value"]
    caption = _CAPTION.search(content)
    if caption:
        found = _ID.search(caption["attrs"])
        if found:
            return "aria-labelledby", found["id"]
        text = " ".join(unescape(strip_tags(caption["text"])).split())
        if text:
            return "aria-label", text
    return "aria-label", str(label) if label else _("Table")


class ScrollTableNode(template.Node):
    def __init__(self, nodelist, label):
        self.nodelist = nodelist
        self.label = label

    def render(self, context):
        content = self.nodelist.render(context)
        label = self.label.resolve(context) if self.label is not None else None
        attribute, value = region_name(content, label)
        opening = format_html(
            '<div class="inplace-table-scroll" role="region" {}="{}" tabindex="0">',
            mark_safe(attribute),  # noqa: S308  # nosec B308 B703 - one of two fixed names
            value,
        )
        return opening + content + mark_safe("</div>")  # noqa: S308  # nosec B308 B703 - fixed


@register.tag
def scrolltable(parser, token):
    """``{% scrolltable [label=...] %}<table>...</table>{% endscrolltable %}``."""
    bits = token.split_contents()[1:]
    label = None
    for bit in bits:
        name, sep, value = bit.partition("=")
        if name != "label" or not sep:
            raise template.TemplateSyntaxError("scrolltable takes only label=...")
        label = parser.compile_filter(value)
    nodelist = parser.parse(("endscrolltable",))
    parser.delete_first_token()
    return ScrollTableNode(nodelist, label)
