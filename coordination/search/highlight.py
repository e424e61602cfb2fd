"""The words of a query, and the safe highlighting of them in a title or a snippet.

Everything is escaped first: a stored title or body is people's text, and only the ``<mark>``
tags this module adds are markup. Used on PostgreSQL and SQLite alike, over the stored text.
"""

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString

WORD = re.compile(r"\w+", re.UNICODE)
SUFFIXES = ("ings", "ing", "ies", "es", "ed", "s")
SNIPPET_BEFORE = 80
SNIPPET_LENGTH = 240
MAX_TERMS = 20


def _stem(word):
    """A crude English stem, so that "gardens" finds "gardening" marked too."""
    for suffix in SUFFIXES:
        if len(word) - len(suffix) >= 4 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def terms(query):
    """The distinct word stems of a query, longest first (a longer stem wins where two match)."""
    found = {_stem(word.lower()) for word in WORD.findall(query or "") if len(word) > 1}
    return sorted(found, key=lambda t: (-len(t), t))[:MAX_TERMS]


def _pattern(words):
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\w*", re.IGNORECASE)


def highlight(text, words):
    """``text`` escaped, with every word starting with one of ``words`` in ``<mark>``."""
    text = text or ""
    pattern = _pattern(words)
    if pattern is None:
        return escape(text)
    html = SafeString("")
    position = 0
    for match in pattern.finditer(text):
        html += escape(text[position : match.start()])
        html += format_html('<mark class="inplace-search-mark">{}</mark>', match.group(0))
        position = match.end()
    return html + escape(text[position:])


def snippet(body, words):
    """Up to SNIPPET_LENGTH characters of ``body`` around its first matching word, highlighted."""
    body = body or ""
    pattern = _pattern(words)
    match = pattern.search(body) if pattern else None
    start = 0
    if match and match.start() > SNIPPET_BEFORE:
        start = body.rfind(" ", 0, match.start() - SNIPPET_BEFORE) + 1
    end = start + SNIPPET_LENGTH
    if end < len(body):
        cut = body.rfind(" ", start, end)
        end = cut if cut > start else end
    part = body[start:end]
    html = highlight(part, words)
    if start > 0:
        html = SafeString("… ") + html
    if end < len(body):
        html = html + SafeString(" …")
    return html
