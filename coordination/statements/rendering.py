"""A statement's text as a page: a small, safe subset of Markdown.

What a statement may hold: paragraphs (separated by a blank line), headings (``## `` and ``### ``),
bulleted lists (lines starting ``- ``) and links written ``[words](address)`` to an address on this
site (``/...``), on the web (``https://...``) or an email address (``mailto:...``). Everything else
is text: every character a person typed is escaped, and no HTML of theirs reaches the page.

Placeholders like ``{{ controller }}`` are filled in first, from the place's contacts and the
site's settings (``values``); an unknown placeholder is left as it was typed.
"""

import re

from django.utils.html import format_html, format_html_join

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
LINK = re.compile(r"\[([^\[\]\n]{1,200})\]\(((?:/|https://|mailto:)[^\s()<>\"']{0,500})\)")


def fill(text, values):
    """The text with each known ``{{ name }}`` replaced by its value."""
    return PLACEHOLDER.sub(lambda m: str(values.get(m[1], m[0])), text)


def placeholders_in(text):
    return set(PLACEHOLDER.findall(text))


def _inline(text):
    """The text, escaped, with its links made links."""
    pieces, last = [], 0
    for match in LINK.finditer(text):
        pieces.append(text[last : match.start()])
        pieces.append(format_html('<a class="govuk-link" href="{}">{}</a>', match[2], match[1]))
        last = match.end()
    pieces.append(text[last:])
    # format_html escapes each piece of text; the links above are already safe markup.
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def blocks(text):
    """[(kind, content)] of the text: ("h2", line), ("h3", line), ("ul", [items]), ("p", text)."""
    found, paragraph, items = [], [], []

    def flush():
        if paragraph:
            found.append(("p", " ".join(paragraph)))
            paragraph.clear()
        if items:
            found.append(("ul", list(items)))
            items.clear()

    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("### "):
            flush()
            found.append(("h3", line[4:].strip()))
        elif line.startswith("## "):
            flush()
            found.append(("h2", line[3:].strip()))
        elif line.startswith(("- ", "* ")):
            if paragraph:
                found.append(("p", " ".join(paragraph)))
                paragraph.clear()
            items.append(line[2:].strip())
        elif items and raw[:1] in (" ", "\t"):  # an item carried on to the next line
            items[-1] += " " + line
        else:
            if items:
                found.append(("ul", list(items)))
                items.clear()
            paragraph.append(line)
    flush()
    return found


def headings(text):
    """The text of the ``## `` headings, in order: the page's contents."""
    return [content for kind, content in blocks(text) if kind == "h2"]


def render(text, values=None):
    """The statement as GOV.UK markup, safe to put on a page."""
    text = fill(text, values or {})
    html = []
    for kind, content in blocks(text):
        if kind == "h2":
            html.append(format_html('<h2 class="govuk-heading-m">{}</h2>', _inline(content)))
        elif kind == "h3":
            html.append(format_html('<h3 class="govuk-heading-s">{}</h3>', _inline(content)))
        elif kind == "ul":
            items = format_html_join("", "<li>{}</li>", ((_inline(i),) for i in content))
            html.append(format_html('<ul class="govuk-list govuk-list--bullet">{}</ul>', items))
        else:
            html.append(format_html('<p class="govuk-body">{}</p>', _inline(content)))
    return format_html_join("\n", "{}", ((block,) for block in html))
