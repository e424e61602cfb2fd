"""What an uploaded document may be: judged by its content (magic bytes) and size, never its name.

Board papers and bid attachments both go through ``check_document``: a program renamed ``.pdf`` is
refused as a program, a file whose content and name disagree is refused with both named.
"""

import filetype
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from coordination.errors import RuleViolation

DOCUMENT_TYPES = {
    "application/pdf": ({".pdf"}, "PDF"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        {".docx"},
        "Word document",
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (
        {".xlsx"},
        "Excel spreadsheet",
    ),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (
        {".pptx"},
        "PowerPoint presentation",
    ),
    "application/vnd.oasis.opendocument.text": ({".odt"}, "OpenDocument text"),
    "application/vnd.oasis.opendocument.spreadsheet": ({".ods"}, "OpenDocument spreadsheet"),
    "image/png": ({".png"}, "PNG image"),
    "image/jpeg": ({".jpg", ".jpeg"}, "JPEG image"),
}
EXECUTABLE_MIMES = {
    "application/x-msdownload",
    "application/x-executable",
    "application/x-elf",
    "application/x-mach-binary",
    "application/x-sh",
    "application/x-shockwave-flash",
}


def check_document(upload, *, limit, what=None):
    """The content type of an upload, read from its first bytes; RuleViolation if it is not allowed.

    ``limit`` is the largest size in bytes; ``what`` names the thing in the size message ("a paper").
    """
    if upload.size > limit:
        raise RuleViolation(
            {
                "file": _("The file is %(size)s; %(what)s must be %(limit)s or smaller.")
                % {
                    "size": filesizeformat(upload.size),
                    "what": what or _("a document"),
                    "limit": filesizeformat(limit),
                }
            }
        )
    if upload.size == 0:
        raise RuleViolation({"file": _("The file is empty.")})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    name = (upload.name or "").lower()
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    allowed = ", ".join(sorted({label for _exts, label in DOCUMENT_TYPES.values()}))
    if kind is None or kind.mime not in DOCUMENT_TYPES:
        if kind is not None and (kind.mime in EXECUTABLE_MIMES or kind.extension == "exe"):
            message = _(
                "The file is a program, not a document, whatever its name says. Upload a %(allowed)s."
            )
        else:
            message = _("The file’s content is not a type we accept. Upload a %(allowed)s.")
        raise RuleViolation({"file": message % {"allowed": allowed}})
    extensions, label = DOCUMENT_TYPES[kind.mime]
    if suffix not in extensions:
        raise RuleViolation(
            {
                "file": _(
                    "The file is named %(suffix)s but its content is a %(label)s. Rename it or upload the right file."
                )
                % {"suffix": suffix or _("without an extension"), "label": label}
            }
        )
    return kind.mime
