"""Addresses of many rows at once: reversed once, with each row's id or slug put in.

A list of thousands of rows spent most of its time in ``reverse()``, although the addresses
differ only in their last part. ``address_maker`` reverses once with a stand-in value and gives a
function that puts each row's value where the stand-in was; a value that is not a plain id or
slug (so might need quoting), or an address whose shape hides the stand-in, is reversed in full.
"""

import re

from django.urls import reverse

# Digits: both the int and the slug converters take them; the last one in the address is the row's.
_STAND_IN = "918273645546372819"
_PLAIN = re.compile(r"[A-Za-z0-9_-]+")


def address_maker(reverse_for):
    """``reverse_for(value)`` reverses one row's address; returns ``value -> address``."""
    head, found, tail = reverse_for(_STAND_IN).rpartition(_STAND_IN)
    if not found:
        return reverse_for

    def address(value):
        text = str(value)
        if not _PLAIN.fullmatch(text):
            return reverse_for(value)
        return f"{head}{text}{tail}"

    return address


def place_detail_address_maker(viewname, place, lookup="pk"):
    """``pk -> path`` of ``viewname`` (a page under ``/<place>/``) for rows of ``place``."""
    return address_maker(
        lambda value: reverse(viewname, kwargs={"place_slug": place.slug, lookup: value})
    )
