"""The words on the pages: GOV.UK style, checked in every template and every translatable string.

- no Django ``---------`` (a select offers "Choose ..." instead: coordination/form_wording.py),
  no "(optional) (optional)", no "a Excel", no "Grants's";
- sentence case in headings, labels, legends, buttons, captions, table headers and page titles,
  and in the labels forms give their fields;
- every table of a page inside ``{% scrolltable %}`` (coordination/places/templatetags/tables.py),
  so it scrolls in its own region at 320 px rather than the page.
"""

import ast
import re
from pathlib import Path

import pytest
from django.template import Context, Template

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
PACKAGES = ["coordination", "boards", "funding", "commissioning", "mapping"]
TRANSLATE_FUNCTIONS = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext"}
# Emails lay out with tables and are read in mail programs, not at 320 px in the site.
EMAIL_TEMPLATES = "email/"

BAD_PHRASES = {
    "---------": "a select's empty choice says what to choose",
    "(optional) (optional)": "the renderer adds (optional) once",
    "a Excel": "an Excel",
    "a API ": "an API",
    "a HTML": "an HTML",
    "a OCDS": "an OCDS",
}
# A name ending in s given an apostrophe s ("Grants's"): a plural takes the apostrophe alone.
PLURAL_POSSESSIVE = re.compile(r"\b[A-Z][a-z]+s['’]s\b")

# Words that keep their capital inside a sentence-case text.
PROPER = {
    "InPlace", "API", "APIs", "CSV", "JSON", "OCDS", "HSDS", "GOV.UK", "UK", "I", "ID", "URL",
    "PDF", "Word", "Excel", "PowerPoint", "OpenDocument", "PNG", "JPEG", "SMS", "NHS", "VCSE",
    "Buckinghamshire", "Coventry", "Sutton", "Data", "Standard", "April", "Idea", "Comment",
    "Mark", "The", "Import", "Open", "Referral", "GeoJSON",
}  # fmt: skip
TITLE_TAGS = re.compile(
    r"<(h[1-6]|button|legend|label|title|caption|th)\b[^>]*>(.*?)</\1>", re.S | re.I
)
TITLE_BLOCKS = re.compile(r"{% block (?:title|head_title) %}(.*?){% endblock", re.S)
TRANSLATED = re.compile(r'{% (?:translate|trans) "([^"]+)"')


def _templates():
    return sorted(TEMPLATES.rglob("*.html"))


def _without_comments(text):
    text = re.sub(r"{% comment %}.*?{% endcomment %}", "", text, flags=re.S)
    return re.sub(r"{#.*?#}", "", text, flags=re.S)


def _translatable_strings():
    """(file, string) for every constant given to gettext and friends in the project's code."""
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if (
                    isinstance(node, ast.Call)
                    and getattr(node.func, "id", getattr(node.func, "attr", None))
                    in TRANSLATE_FUNCTIONS
                ):
                    for arg in node.args:
                        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                            yield path.relative_to(ROOT), arg.value


def _form_labels():
    """(file, label) for every label=_("...") in the project's code."""
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if (
                    isinstance(node, ast.keyword)
                    and node.arg in ("label", "empty_label")
                    and isinstance(node.value, ast.Call)
                    and node.value.args
                    and isinstance(node.value.args[0], ast.Constant)
                    and isinstance(node.value.args[0].value, str)
                ):
                    yield path.relative_to(ROOT), node.value.args[0].value


def _title_case_words(text):
    """The words after the first that are capitalised but are no name or acronym."""
    words = re.findall(r"[A-Za-z][A-Za-z'’.-]*", text)
    return [w for w in words[1:] if w[0].isupper() and w not in PROPER]


def test_no_bad_phrases_in_templates():
    found = []
    for path in _templates():
        text = _without_comments(path.read_text())
        for phrase, better in BAD_PHRASES.items():
            if phrase in text:
                found.append(f"{path.relative_to(ROOT)}: {phrase!r} ({better})")
        for match in PLURAL_POSSESSIVE.finditer(text):
            found.append(f"{path.relative_to(ROOT)}: {match[0]!r} (a plural takes ’ alone)")
    assert not found, "\n".join(found)


def test_no_bad_phrases_in_messages():
    found = []
    for path, text in _translatable_strings():
        for phrase, better in BAD_PHRASES.items():
            if phrase in text:
                found.append(f"{path}: {phrase!r} in {text!r} ({better})")
        for match in PLURAL_POSSESSIVE.finditer(text):
            found.append(f"{path}: {match[0]!r} in {text!r} (a plural takes ’ alone)")
    assert not found, "\n".join(found)


def test_headings_labels_buttons_and_titles_are_in_sentence_case():
    found = []
    for path in _templates():
        text = _without_comments(path.read_text())
        pieces = [m[2] for m in TITLE_TAGS.finditer(text)] + TITLE_BLOCKS.findall(text)
        for piece in pieces:
            for words in TRANSLATED.findall(piece):
                if _title_case_words(words):
                    found.append(f"{path.relative_to(ROOT)}: {words!r}")
    for path, label in _form_labels():
        if _title_case_words(label):
            found.append(f"{path}: label {label!r}")
    assert not found, "Title Case (GOV.UK uses sentence case):\n" + "\n".join(found)


@pytest.mark.parametrize(
    "path",
    [p for p in _templates() if "<table" in p.read_text() and EMAIL_TEMPLATES not in str(p)],
    ids=lambda p: str(p.relative_to(TEMPLATES)),
)
def test_every_table_scrolls_in_its_own_region(path):
    text = _without_comments(path.read_text())
    tables = len(re.findall(r"<table\b", text))
    wrapped = len(re.findall(r"{% scrolltable[^%]*%}\s*<table\b", text))
    assert tables == wrapped, (
        f"{path.relative_to(ROOT)}: put each table in {{% scrolltable %}}...{{% endscrolltable %}}"
    )
    assert "inplace-table-scroll" not in text, "the scrolltable tag draws the region: use it"


@pytest.mark.parametrize(
    ("table", "label", "region"),
    [
        ('<table aria-labelledby="your-places">', None, 'aria-labelledby="your-places"'),
        (
            '<table><caption id="bids-caption">Bids</caption>',
            None,
            'aria-labelledby="bids-caption"',
        ),
        (
            "<table><caption class='x'>Bids &amp; <b>grants</b></caption>",
            None,
            'aria-label="Bids &amp; grants"',
        ),
        ("<table>", "Members", 'aria-label="Members"'),
    ],
    ids=["table's own name", "caption by id", "caption's text", "the tag's label"],
)
def test_a_table_region_is_named_after_its_table(table, label, region):
    html = Template(
        "{% load tables %}{% scrolltable label=label %}" + table + "</table>{% endscrolltable %}"
    ).render(Context({"label": label}))
    assert html.startswith(
        f'<div class="inplace-table-scroll" role="region" {region} tabindex="0"><table'
    )
    assert html.endswith("</table></div>")
