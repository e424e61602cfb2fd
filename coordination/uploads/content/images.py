"""The checks of images: each walks the format's structure to its end, so that nothing hides
after it, and refuses a polyglot (an image with a web page or script inside it)."""

import re

from django.utils.translation import gettext as _

from .base import PNG_MAGIC, Refused, trailing

# A web page or script inside a file that is meant to be an image: what browsers sniff for.
MARKUP_IN_BINARY = re.compile(
    rb"<(?:!doctype|html|head|body|script|svg|iframe|object|embed|meta|xml)[\s>/]", re.IGNORECASE
)


def _no_markup(data, what):
    if MARKUP_IN_BINARY.search(data):
        raise Refused(_("is %(what)s with a web page or script inside it") % {"what": what})


def check_png(data):
    what = _("a PNG image")
    damaged = Refused(_("is a damaged PNG image"))
    position, end, first = len(PNG_MAGIC), len(data), True
    while True:
        if position + 12 > end:
            raise damaged
        length = int.from_bytes(data[position : position + 4], "big")
        chunk = data[position + 4 : position + 8]
        if not chunk.isalpha() or (first and chunk != b"IHDR"):
            raise damaged
        first = False
        position += 12 + length
        if position > end:
            raise damaged
        if chunk == b"IEND":
            break
    if position != end:
        raise trailing(what)
    _no_markup(data, what)


def check_jpeg(data):
    what = _("a JPEG image")
    damaged = Refused(_("is a damaged JPEG image"))
    position, end = 2, len(data)
    while True:
        if position + 2 > end or data[position] != 0xFF:
            raise damaged
        while position < end and data[position] == 0xFF:  # fill bytes
            position += 1
        if position >= end:
            raise damaged
        marker = data[position]
        position += 1
        if marker == 0xD9:  # end of image
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers with no length
            continue
        if position + 2 > end:
            raise damaged
        length = int.from_bytes(data[position : position + 2], "big")
        if length < 2:
            raise damaged
        position += length
        if marker == 0xDA:  # start of scan: entropy-coded data runs to the next real marker
            while True:
                position = data.find(b"\xff", position)
                if position < 0 or position + 1 >= end:
                    raise damaged
                following = data[position + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    position += 1 if following == 0xFF else 2
                    continue
                break
    if position != end:
        raise trailing(what)
    _no_markup(data, what)


def _gif_sub_blocks(data, position, damaged):
    while True:
        if position >= len(data):
            raise damaged
        size = data[position]
        position += 1 + size
        if size == 0:
            return position


def check_gif(data):
    what = _("a GIF image")
    damaged = Refused(_("is a damaged GIF image"))
    if len(data) < 13:
        raise damaged
    flags = data[10]
    position = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    while True:
        if position >= len(data):
            raise damaged
        block = data[position]
        if block == 0x3B:  # trailer
            position += 1
            break
        if block == 0x21:  # extension: label, then sub-blocks
            position = _gif_sub_blocks(data, position + 2, damaged)
        elif block == 0x2C:  # image: descriptor, local colours, code size, sub-blocks
            if position + 10 > len(data):
                raise damaged
            local = data[position + 9]
            position += 10 + (3 * 2 ** ((local & 7) + 1) if local & 0x80 else 0)
            position = _gif_sub_blocks(data, position + 1, damaged)
        else:
            raise damaged
    if position != len(data):
        raise trailing(what)
    _no_markup(data, what)


def check_webp(data):
    what = _("a WebP image")
    declared = int.from_bytes(data[4:8], "little") + 8
    if declared < 12 or declared > len(data):
        raise Refused(_("is a damaged WebP image"))
    if declared + (declared % 2) < len(data):
        raise trailing(what)
    _no_markup(data, what)
