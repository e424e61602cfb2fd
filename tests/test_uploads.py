"""Upload policies: each purpose takes its own formats, judged by content, up to its own size; the
crafted files an attacker sends are refused with a message naming what the file really is."""

import random

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from boards.models import Paper
from coordination.uploads import (
    BID_ATTACHMENTS,
    BOARD_PAPERS,
    DATA_IMPORTS,
    NEED_EVIDENCE,
    POLICIES,
    UploadPolicyValidator,
)
from funding.models import BidAttachment
from mapping.models import Need
from tests.support import upload_files as files


def refusal(policy, name, data):
    with pytest.raises(ValidationError) as refused:
        policy.check(files.upload(name, data))
    (message,) = refused.value.messages
    return message


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("minutes.pdf", files.PDF, "application/pdf"),
        ("chart.png", files.PNG, "image/png"),
        ("photo.jpg", files.JPEG, "image/jpeg"),
        (
            "plan.docx",
            files.DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("budget.ods", files.ods(), "application/vnd.oasis.opendocument.spreadsheet"),
    ],
)
def test_real_documents_pass_for_board_papers_and_bid_attachments(name, data, content_type):
    for policy in (BOARD_PAPERS, BID_ATTACHMENTS):
        assert policy.check(files.upload(name, data)).mime == content_type


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("photo.png", files.PNG_WITH_HTML, "is a PNG image with other data hidden after its end"),
        ("photo.png", files.PNG_WITH_SCRIPT_INSIDE, "with a web page or script inside it"),
        ("photo.jpg", files.JPEG_WITH_HTML, "is a JPEG image with other data hidden after its end"),
        ("plan.docx", files.DOCX_WITH_EXE, "is a Word document with a program inside it"),
        ("plan.docx", files.DOCX_WITH_HIDDEN_EXE, "is a Word document with a program inside it"),
        ("plan.docx", files.DOCX_WITH_MACROS, "is a Word document with macros"),
        ("plan.docx", files.DOCX_WITH_NESTED_ZIP, "with another file packed inside it"),
        ("plan.docx", files.DOCX_WITH_TRAVERSAL, "with an unsafe path inside it"),
        ("plan.docx", files.DOCX_WITH_REMOTE_TEMPLATE, "fetches content from elsewhere"),
        ("paper.pdf", files.PDF_WITH_JAVASCRIPT, "is a PDF that contains JavaScript"),
        ("paper.pdf", files.PDF_WITH_HIDDEN_JAVASCRIPT, "is a PDF that contains JavaScript"),
        (
            "paper.pdf",
            files.pdf_with_javascript_in_object_stream(),
            "is a PDF that contains JavaScript",
        ),
        ("paper.pdf", files.PDF_LAUNCHING, "is a PDF that can start programs"),
        ("paper.pdf", files.PDF_WITH_EMBEDDED_FILE, "is a PDF with files embedded in it"),
        ("logo.svg", files.SVG, "is an SVG image"),
        ("logo.png", files.SVG, "is an SVG image"),
        ("page.html", files.HTML, "is an HTML page"),
        ("page.pdf", files.HTML, "is an HTML page"),
        ("setup.exe", files.EXE, "is a Windows program"),
        ("setup.pdf", files.EXE, "is a Windows program"),
        ("empty.pdf", b"", "is empty"),
    ],
)
@pytest.mark.parametrize("policy", ["board_papers", "bid_attachments", "need_evidence"])
def test_crafted_files_are_refused_for_every_document_purpose(policy, name, data, reason):
    policy = POLICIES[policy]
    message = refusal(policy, name, data)
    assert message.startswith(f"{policy.purpose} must be {policy.allowed()}, up to ")
    assert "; this file is " in message and reason in message


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("rows.csv", files.HTML, "is an HTML page"),
        ("rows.csv", files.SVG, "is an SVG image"),
        ("rows.csv", files.EXE, "is a Windows program"),
        ("rows.xlsx", files.DOCX_WITH_EXE, "is a Word document"),
        ("rows.xlsx", files.PDF, "is a PDF"),
    ],
)
def test_import_files_are_csv_or_excel_by_content(name, data, reason):
    assert refusal(DATA_IMPORTS, name, data).endswith(f"; this file {reason}.")


def test_the_message_says_what_the_purpose_takes_and_what_the_file_is():
    assert refusal(BOARD_PAPERS, "agenda.html", files.HTML) == (
        "Board papers must be PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG,"
        " up to 20.0\xa0MB; this file is an HTML page."
    )
    assert refusal(NEED_EVIDENCE, "figures.docx", files.PDF) == (
        "Evidence of need must be PDF, Word, Excel, OpenDocument, CSV, plain text, PNG, JPEG, GIF"
        " or WebP, up to 10.0\xa0MB; this file is named .docx but is a PDF."
    )


def test_an_office_file_that_unpacks_to_hundreds_of_megabytes_is_refused():
    message = refusal(BOARD_PAPERS, "plan.docx", files.zip_bomb_docx())
    assert "this file is a Word document that unpacks to more than 250 MB." in message


def test_text_is_utf8_without_nul_bytes_and_only_where_the_purpose_takes_it():
    assert NEED_EVIDENCE.check(files.upload("figures.csv", files.CSV)).mime == "text/csv"
    assert NEED_EVIDENCE.check(files.upload("notes.txt", b"Counted in June.\n")).mime == (
        "text/plain"
    )
    assert "is text that is not UTF-8" in refusal(NEED_EVIDENCE, "f.csv", "Café".encode("cp1252"))
    assert "type we do not recognise" in refusal(NEED_EVIDENCE, "f.csv", b"a,b\x00\n")
    assert "this file is a text file" in refusal(BOARD_PAPERS, "figures.csv", files.CSV)


def test_a_gif_is_evidence_but_not_a_board_paper():
    assert NEED_EVIDENCE.check(files.upload("chart.gif", files.GIF)).mime == "image/gif"
    assert "this file is a GIF image." in refusal(BOARD_PAPERS, "chart.gif", files.GIF)
    assert "hidden after its end" in refusal(NEED_EVIDENCE, "chart.gif", files.GIF + files.HTML)


def test_each_limit_is_a_setting(settings):
    settings.BOARDS_MAX_PAPER_BYTES = 100
    settings.FUNDING_MAX_ATTACHMENT_BYTES = 100
    settings.MAPPING_MAX_EVIDENCE_BYTES = 100
    settings.IMPORT_MAX_BYTES = 10
    big = files.PDF + b"%" + b"x" * 200 + b"\n"
    for policy in (BOARD_PAPERS, BID_ATTACHMENTS, NEED_EVIDENCE):
        assert refusal(policy, "big.pdf", big).endswith(
            ", up to 100\xa0bytes; this file is 395\xa0bytes."
        )
    assert refusal(DATA_IMPORTS, "rows.csv", files.CSV).endswith("this file is 21\xa0bytes.")


@pytest.mark.parametrize(
    ("model", "field", "policy"),
    [
        (Paper, "file", "board_papers"),
        (BidAttachment, "file", "bid_attachments"),
        (Need, "evidence_file", "need_evidence"),
    ],
)
def test_every_stored_file_field_carries_its_policy(model, field, policy):
    assert UploadPolicyValidator(policy) in model._meta.get_field(field).validators


def test_the_validator_refuses_a_bad_file_and_passes_a_good_one():
    validator = UploadPolicyValidator("need_evidence")
    validator(ContentFile(files.CSV, name="figures.csv"))
    with pytest.raises(ValidationError, match="this file is an SVG image"):
        validator(ContentFile(files.SVG, name="figures.csv"))
    with pytest.raises(ValueError, match="No upload policy"):
        UploadPolicyValidator("holiday_photos")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.pdf", files.pdf_with_javascript_in_object_stream()),
        ("a.png", files.PNG),
        ("a.jpg", files.JPEG),
        ("a.gif", files.GIF),
        ("a.docx", files.DOCX),
        ("a.ods", files.ods()),
    ],
)
def test_damaged_files_are_refused_never_an_error(name, data):
    rnd = random.Random(name)  # the same damage on every run
    for _ in range(300):
        damaged = bytearray(data)
        if rnd.random() < 0.4:
            damaged = damaged[: rnd.randrange(1, len(damaged))]
        else:
            for _ in range(rnd.randrange(1, 6)):
                damaged[rnd.randrange(len(damaged))] = rnd.randrange(256)
        try:
            NEED_EVIDENCE.check_bytes(bytes(damaged), name=name)
        except ValidationError:
            pass
