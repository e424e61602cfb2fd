"""The checks of documents: plain text and CSV, PDF, and office files. Each refuses a carrier of
active content: a PDF with JavaScript, an office file holding a program or macros."""

import io
import re
import struct
import zipfile
import zlib
from pathlib import PurePosixPath

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import OLE_MAGIC, PROGRAM_MAGIC, ZIP_MAGIC, Refused, trailing

# Text a browser would take for a web page.
MARKUP_TEXT = re.compile(
    r"<(?:!doctype\s+html|html|head|body|script|iframe|object|embed|meta|a\s|img\s|style|div|p[\s>])",
    re.IGNORECASE,
)


# Text: CSV and plain text --------------------------------------------------------------------------


def as_text(data):
    """The text of ``data`` if it is UTF-8 with no NUL byte, else None."""
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def markup_of(text):
    """How to describe text that is really markup a browser would run or draw, or None."""
    head = text[:4096].lstrip().lower()
    if "<svg" in head and (
        head.startswith("<svg") or head.startswith("<?xml") or "<!doctype svg" in head
    ):
        return _("is an SVG image")
    if head.startswith("<?xml"):
        return _("is an XML file")
    if head.startswith("<") and MARKUP_TEXT.search(head):
        return _("is an HTML page")
    if "<script" in head or "<html" in head:
        return _("is an HTML page")
    return None


def check_text(data):
    pass  # as_text and markup_of decided it before the kind was chosen


# PDF -----------------------------------------------------------------------------------------------


def _name_pattern(word):
    # A PDF name may spell any character as #xx (/J#61vaScript is /JavaScript).
    parts = []
    for char in word:
        code = ord(char)
        parts.append(
            b"(?:"
            + re.escape(char.encode())
            + b"|#"
            + (b"%02x" % code)
            + b"|#"
            + (b"%02X" % code)
            + b")"
        )
    return b"/" + b"".join(parts) + rb"(?![^\s/<>\[\]()%{}])"


def _names(*words):
    return re.compile(b"|".join(b"(?:" + _name_pattern(w) + b")" for w in words))


PDF_ACTIVE = (
    (_names("JavaScript", "JS"), gettext_lazy("is a PDF that contains JavaScript")),
    (_names("Launch"), gettext_lazy("is a PDF that can start programs")),
    (_names("EmbeddedFile", "EmbeddedFiles"), gettext_lazy("is a PDF with files embedded in it")),
    (_names("RichMedia"), gettext_lazy("is a PDF with embedded media (such as Flash)")),
)
PDF_OBJECT_STREAM = _names("ObjStm")
PDF_FLATE = _names("FlateDecode", "Fl")
PDF_STREAM = re.compile(rb"(?<!end)stream\r?\n")
# Object streams hold dictionaries out of sight of a plain scan: they are unpacked, within bounds.
PDF_UNPACK_EACH = 8 * 1024 * 1024
PDF_UNPACK_TOTAL = 64 * 1024 * 1024


def _pdf_active(buffer):
    for pattern, reason in PDF_ACTIVE:
        if pattern.search(buffer):
            raise Refused(reason)


def check_pdf(data):
    if not data.startswith(b"%PDF-"):
        raise Refused(_("is a damaged PDF"))
    _pdf_active(data)
    budget = PDF_UNPACK_TOTAL
    for match in PDF_STREAM.finditer(data):
        before = data[max(0, match.start() - 4096) : match.start()]
        dictionary = before[before.rfind(b"obj") + 3 :] if b"obj" in before else before
        if not (PDF_OBJECT_STREAM.search(dictionary) and PDF_FLATE.search(dictionary)):
            continue
        end = data.find(b"endstream", match.end())
        body = data[match.end() : end if end >= 0 else len(data)]
        try:
            unpacked = zlib.decompressobj().decompress(body, min(PDF_UNPACK_EACH, budget) + 1)
        except zlib.error:
            continue
        budget -= len(unpacked)
        if len(unpacked) > PDF_UNPACK_EACH or budget < 0:
            raise Refused(_("is a PDF too complex to check"))
        _pdf_active(unpacked)


# Office files (Office Open XML and OpenDocument: ZIP archives of known parts) ---------------------

OFFICE_MAX_PARTS = 5000
OFFICE_MAX_UNPACKED = 250 * 1024 * 1024
OFFICE_MAX_MANIFEST = 4 * 1024 * 1024
PROGRAM_ENDINGS = {
    ".exe", ".dll", ".com", ".scr", ".bat", ".cmd", ".msi", ".ps1", ".vbs", ".vbe", ".js", ".jse",
    ".wsf", ".hta", ".jar", ".sh", ".app", ".elf", ".so", ".dylib", ".lnk", ".cpl", ".pif",
}  # fmt: skip
ARCHIVE_ENDINGS = {
    ".zip", ".rar", ".7z", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".cab", ".iso",
    ".docx", ".docm", ".xlsx", ".xlsm", ".pptx", ".pptm", ".odt", ".ods", ".odp",
}  # fmt: skip
# Relationships that fetch or run something from elsewhere when the document opens.
REMOTE_PARTS = re.compile(
    rb"Type=\"[^\"]*/(?:attachedTemplate|oleObject|frame|subDocument)\"[^>]*TargetMode=\"External\"|"
    rb"TargetMode=\"External\"[^>]*Type=\"[^\"]*/(?:attachedTemplate|oleObject|frame|subDocument)\"",
    re.IGNORECASE,
)
ODF_TYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
OOXML_MAIN = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}


# What a damaged or hostile archive makes zipfile raise, as its documentation and source show.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    RuntimeError,
    NotImplementedError,
    ValueError,
    EOFError,
    OSError,
    zlib.error,
    struct.error,
)


def _open_zip(data):
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS as exc:
        raise Refused(_("is a damaged ZIP archive")) from exc


def _read_small(archive, name, what):
    info = archive.getinfo(name)
    if info.file_size > OFFICE_MAX_MANIFEST:
        raise Refused(
            _("is %(what)s with an oversized part (%(part)s)") % {"what": what, "part": name}
        )
    try:
        return archive.read(name)
    except ZIP_ERRORS as exc:
        raise Refused(_("is a damaged file")) from exc


def office_key(data):
    """Which office format a ZIP archive is ("docx", ...), or Refused naming what it is instead."""
    archive = _open_zip(data)
    names = set(archive.namelist())
    if "mimetype" in names:
        declared = _read_small(archive, "mimetype", _("an OpenDocument file")).strip()
        if declared in ODF_TYPES:
            return ODF_TYPES[declared]
        raise Refused(_("is an OpenDocument file of a kind we do not accept"))
    if "[Content_Types].xml" in names:
        for part, key in OOXML_MAIN.items():
            if part in names:
                return key
        raise Refused(_("is an Office file of a kind we do not accept"))
    raise Refused(_("is a ZIP archive"))


def _unsafe_path(name):
    path = PurePosixPath(name)
    return (
        name.startswith(("/", "\\"))
        or "\\" in name
        or re.match(r"^[A-Za-z]:", name) is not None
        or ".." in path.parts
        or "\x00" in name
    )


def _check_office(data, what):
    archive = _open_zip(data)
    end_record = data.rfind(b"PK\x05\x06")
    if end_record < 0 or len(data) - end_record != 22 or archive.comment:
        raise trailing(what)
    parts = archive.infolist()
    if len(parts) > OFFICE_MAX_PARTS:
        raise Refused(
            _("is %(what)s of more than %(count)d parts")
            % {"what": what, "count": OFFICE_MAX_PARTS}
        )
    unpacked = 0
    for info in parts:
        name = info.filename
        lower = name.lower()
        base = lower.rsplit("/", 1)[-1]
        ending = PurePosixPath(base).suffix
        if _unsafe_path(name):
            raise Refused(_("is %(what)s with an unsafe path inside it") % {"what": what})
        if info.flag_bits & 0x1:
            raise Refused(
                _("is %(what)s with encrypted parts, which cannot be checked") % {"what": what}
            )
        if (
            base.startswith("vbaproject")
            or base.startswith("vbadata")
            or lower.startswith(("basic/", "scripts/"))
            or "macroenabled" in lower
        ):
            raise Refused(_("is %(what)s with macros") % {"what": what})
        if ending in PROGRAM_ENDINGS:
            raise Refused(_("is %(what)s with a program inside it") % {"what": what})
        if (
            ending in ARCHIVE_ENDINGS
            or "/embeddings/" in lower
            or base.startswith(("oleobject", "activex"))
        ):
            raise Refused(_("is %(what)s with another file packed inside it") % {"what": what})
        unpacked += info.file_size
        if unpacked > OFFICE_MAX_UNPACKED:
            raise Refused(
                _("is %(what)s that unpacks to more than %(size)d MB")
                % {"what": what, "size": OFFICE_MAX_UNPACKED // 1024 // 1024}
            )
    try:
        for info in parts:
            if info.is_dir() or info.file_size == 0:
                continue
            with archive.open(info) as part:
                head = part.read(8)
            if any(head.startswith(magic) for magic, _reason in PROGRAM_MAGIC[:-1]):
                raise Refused(_("is %(what)s with a program inside it") % {"what": what})
            if head.startswith((ZIP_MAGIC, OLE_MAGIC)):
                raise Refused(_("is %(what)s with another file packed inside it") % {"what": what})
            if info.filename == "[Content_Types].xml" or info.filename.endswith(".rels"):
                text = _read_small(archive, info.filename, what)
                if b"macroEnabled" in text or b"vbaProject" in text:
                    raise Refused(_("is %(what)s with macros") % {"what": what})
                if REMOTE_PARTS.search(text):
                    raise Refused(
                        _("is %(what)s that fetches content from elsewhere when opened")
                        % {"what": what}
                    )
    except ZIP_ERRORS as exc:
        raise Refused(_("is a damaged file")) from exc


def office_check(what):
    def check(data):
        _check_office(data, str(what))

    return check
