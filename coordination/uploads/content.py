"""What a file is, judged by its bytes alone: each format we accept, with a check deep enough to
refuse a polyglot (an image with a web page after it) or a carrier of active content (a PDF with
JavaScript, an office file holding a program or macros), and a plain description of anything else.

``Refused.reason`` finishes the sentence "this file ...", in the words a user reads.
"""

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import filetype
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Refused(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = str(reason)


@dataclass(frozen=True)
class Kind:
    """One format: its short label in a list of what is allowed, what it is called in a sentence,
    its media type, the file name endings it may carry, and the check of its content."""

    key: str
    label: object
    description: object
    mime: str
    extensions: tuple
    check: object = field(compare=False, repr=False)


# Programs and scripts, by their first bytes.
PROGRAM_MAGIC = (
    (b"MZ", gettext_lazy("is a Windows program")),
    (b"\x7fELF", gettext_lazy("is a program")),
    (b"\xfe\xed\xfa\xce", gettext_lazy("is a program")),
    (b"\xfe\xed\xfa\xcf", gettext_lazy("is a program")),
    (b"\xce\xfa\xed\xfe", gettext_lazy("is a program")),
    (b"\xcf\xfa\xed\xfe", gettext_lazy("is a program")),
    (b"\xca\xfe\xba\xbe", gettext_lazy("is a program")),
    (b"#!", gettext_lazy("is a script")),
)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# A web page or script inside a file that is meant to be an image: what browsers sniff for.
MARKUP_IN_BINARY = re.compile(
    rb"<(?:!doctype|html|head|body|script|svg|iframe|object|embed|meta|xml)[\s>/]", re.IGNORECASE
)
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


# Images --------------------------------------------------------------------------------------------


def _no_markup(data, what):
    if MARKUP_IN_BINARY.search(data):
        raise Refused(_("is %(what)s with a web page or script inside it") % {"what": what})


def _trailing(what):
    return Refused(_("is %(what)s with other data hidden after its end") % {"what": what})


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
        raise _trailing(what)
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
        raise _trailing(what)
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
        raise _trailing(what)
    _no_markup(data, what)


def check_webp(data):
    what = _("a WebP image")
    declared = int.from_bytes(data[4:8], "little") + 8
    if declared < 12 or declared > len(data):
        raise Refused(_("is a damaged WebP image"))
    if declared + (declared % 2) < len(data):
        raise _trailing(what)
    _no_markup(data, what)


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
        raise _trailing(what)
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


def _office_check(what):
    def check(data):
        _check_office(data, str(what))

    return check


# The formats ---------------------------------------------------------------------------------------

PDF = Kind(
    "pdf", gettext_lazy("PDF"), gettext_lazy("a PDF"), "application/pdf", (".pdf",), check_pdf
)
DOCX = Kind(
    "docx",
    gettext_lazy("Word"),
    gettext_lazy("a Word document"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
    _office_check(gettext_lazy("a Word document")),
)
XLSX = Kind(
    "xlsx",
    gettext_lazy("Excel"),
    gettext_lazy("an Excel spreadsheet"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
    _office_check(gettext_lazy("an Excel spreadsheet")),
)
PPTX = Kind(
    "pptx",
    gettext_lazy("PowerPoint"),
    gettext_lazy("a PowerPoint presentation"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    (".pptx",),
    _office_check(gettext_lazy("a PowerPoint presentation")),
)
ODT = Kind(
    "odt",
    gettext_lazy("OpenDocument"),
    gettext_lazy("an OpenDocument text"),
    "application/vnd.oasis.opendocument.text",
    (".odt",),
    _office_check(gettext_lazy("an OpenDocument text")),
)
ODS = Kind(
    "ods",
    gettext_lazy("OpenDocument"),
    gettext_lazy("an OpenDocument spreadsheet"),
    "application/vnd.oasis.opendocument.spreadsheet",
    (".ods",),
    _office_check(gettext_lazy("an OpenDocument spreadsheet")),
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
