"""What a file is, judged by its bytes alone: each format we accept, with a check deep enough to
refuse a polyglot (an image with a web page after it) or a carrier of active content (a PDF with
JavaScript, an office file holding a program or macros), and a plain description of anything else.

``Refused.reason`` finishes the sentence "this file ...", in the words a user reads.
"""

from .base import Kind, Refused
from .documents import as_text, markup_of, office_key
from .kinds import (
    CSV,
    DOCX,
    GIF,
    JPEG,
    ODS,
    ODT,
    OFFICE,
    PDF,
    PNG,
    PPTX,
    TEXT,
    WEBP,
    XLSX,
    candidates,
)

__all__ = [
    "CSV",
    "DOCX",
    "GIF",
    "JPEG",
    "ODS",
    "ODT",
    "OFFICE",
    "PDF",
    "PNG",
    "PPTX",
    "TEXT",
    "WEBP",
    "XLSX",
    "Kind",
    "Refused",
    "as_text",
    "candidates",
    "markup_of",
    "office_key",
]
