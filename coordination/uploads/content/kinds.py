"""The formats we accept, and which of them a file could be by its first bytes."""

import filetype
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import OLE_MAGIC, PNG_MAGIC, PROGRAM_MAGIC, ZIP_MAGIC, Kind, Refused
from .documents import as_text, check_pdf, check_text, markup_of, office_check, office_key
from .images import check_gif, check_jpeg, check_png, check_webp

PDF = Kind(
    "pdf", gettext_lazy("PDF"), gettext_lazy("a PDF"), "application/pdf", (".pdf",), check_pdf
)
DOCX = Kind(
    "docx",
    gettext_lazy("Word"),
    gettext_lazy("a Word document"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
    office_check(gettext_lazy("a Word document")),
)
XLSX = Kind(
    "xlsx",
    gettext_lazy("Excel"),
    gettext_lazy("an Excel spreadsheet"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
    office_check(gettext_lazy("an Excel spreadsheet")),
)
PPTX = Kind(
    "pptx",
    gettext_lazy("PowerPoint"),
    gettext_lazy("a PowerPoint presentation"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    (".pptx",),
    office_check(gettext_lazy("a PowerPoint presentation")),
)
ODT = Kind(
    "odt",
    gettext_lazy("OpenDocument"),
    gettext_lazy("an OpenDocument text"),
    "application/vnd.oasis.opendocument.text",
    (".odt",),
    office_check(gettext_lazy("an OpenDocument text")),
)
ODS = Kind(
    "ods",
    gettext_lazy("OpenDocument"),
    gettext_lazy("an OpenDocument spreadsheet"),
    "application/vnd.oasis.opendocument.spreadsheet",
    (".ods",),
    office_check(gettext_lazy("an OpenDocument spreadsheet")),
)
PNG = Kind(
    "png", gettext_lazy("PNG"), gettext_lazy("a PNG image"), "image/png", (".png",), check_png
)
JPEG = Kind(
    "jpeg",
    gettext_lazy("JPEG"),
    gettext_lazy("a JPEG image"),
    "image/jpeg",
    (".jpg", ".jpeg"),
    check_jpeg,
)
GIF = Kind(
    "gif", gettext_lazy("GIF"), gettext_lazy("a GIF image"), "image/gif", (".gif",), check_gif
)
WEBP = Kind(
    "webp", gettext_lazy("WebP"), gettext_lazy("a WebP image"), "image/webp", (".webp",), check_webp
)
CSV = Kind(
    "csv", gettext_lazy("CSV"), gettext_lazy("a text file"), "text/csv", (".csv",), check_text
)
TEXT = Kind(
    "text",
    gettext_lazy("plain text"),
    gettext_lazy("a text file"),
    "text/plain",
    (".txt",),
    check_text,
)
OFFICE = {kind.key: kind for kind in (DOCX, XLSX, PPTX, ODT, ODS)}


def candidates(data):
    """The formats ``data`` could be (more than one only for text); Refused saying what it is when
    it is none we know: a program, a web page, an SVG image, an archive, ..."""
    if data.startswith(b"%PDF-"):
        return [PDF]
    if data.startswith(PNG_MAGIC):
        return [PNG]
    if data.startswith(b"\xff\xd8\xff"):
        return [JPEG]
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return [GIF]
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return [WEBP]
    if data.startswith(ZIP_MAGIC):
        return [OFFICE[office_key(data)]]
    for magic, reason in PROGRAM_MAGIC:
        if data.startswith(magic):
            raise Refused(reason)
    if data.startswith(OLE_MAGIC):
        raise Refused(
            _("is an old-style Office file or installer, which can carry macros or programs")
        )
    text = as_text(data)
    if text is not None:
        markup = markup_of(text)
        if markup:
            raise Refused(markup)
        return [CSV, TEXT]
    guess = filetype.guess(data[:8192])
    if guess is not None:
        raise Refused(_("is a .%(extension)s file") % {"extension": guess.extension})
    if b"\x00" not in data:
        raise Refused(_("is text that is not UTF-8"))
    raise Refused(_("is of a type we do not recognise"))
