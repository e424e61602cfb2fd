"""Papers are judged by their content and size, not by their names."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from boards import services
from boards.models import Paper, Position
from coordination.errors import RuleViolation
from tests.support import upload_files as files
from tests.support.boards import EXE_BYTES, PDF_BYTES, board, meeting, pdf, seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(in_bucks):
    recovery = board(in_bucks)
    m = meeting(in_bucks, recovery)
    return services.agenda_item_add(place=in_bucks, actor=None, meeting=m, title="Finance")


def upload(place, item, file):
    return services.paper_upload(
        place=place, actor=None, agenda_item=item, title="Paper", file=file
    )


def test_a_real_pdf_is_accepted(in_bucks, item):
    paper = upload(in_bucks, item, pdf())
    assert paper.content_type == "application/pdf"
    assert paper.size == len(PDF_BYTES)


def test_an_executable_renamed_pdf_is_refused(in_bucks, item):
    with pytest.raises(RuleViolation) as exc:
        upload(in_bucks, item, SimpleUploadedFile("minutes.pdf", EXE_BYTES))
    assert exc.value.message_dict["file"] == [
        "Board papers must be PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG,"
        " up to 20.0\xa0MB; this file is a Windows program."
    ]
    assert not Paper.objects.for_place(in_bucks).exists()


def test_a_file_named_for_another_type_is_refused(in_bucks, item):
    with pytest.raises(RuleViolation) as exc:
        upload(in_bucks, item, SimpleUploadedFile("budget.docx", PDF_BYTES))
    assert exc.value.message_dict["file"][0].endswith("this file is named .docx but is a PDF.")


def test_text_pretending_to_be_a_pdf_is_refused(in_bucks, item):
    with pytest.raises(RuleViolation, match="this file is an HTML page"):
        upload(in_bucks, item, SimpleUploadedFile("notes.pdf", b"<script>alert(1)</script>"))


def test_an_oversized_upload_is_refused(in_bucks, item, settings):
    settings.BOARDS_MAX_PAPER_BYTES = 1024
    with pytest.raises(RuleViolation) as exc:
        upload(in_bucks, item, pdf(content=PDF_BYTES + b"0" * 2048))
    assert exc.value.message_dict["file"] == [
        "Board papers must be PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG,"
        " up to 1.0\xa0KB; this file is 2.1\xa0KB."
    ]


def test_the_form_shows_the_refusal_on_the_file_field(in_bucks, item, people):
    seat(in_bucks, item.meeting.board, people["secretary"], Position.SECRETARY)
    client = Client()
    client.force_login(people["secretary"])
    url = reverse("places:boards:paper_upload", kwargs={"place_slug": in_bucks.slug, "pk": item.pk})
    response = client.post(
        url,
        {
            "title": "Budget",
            "file": SimpleUploadedFile("budget.pdf", EXE_BYTES),
            "is_private": "on",
        },
    )
    assert response.status_code == 200
    assert "this file is a Windows program" in response.content.decode()
    assert "govuk-file-upload--error" in response.content.decode()
    response = client.post(url, {"title": "Budget", "file": pdf(), "is_private": "on"})
    assert response.status_code == 302
    assert item.papers.get().title == "Budget"


@pytest.mark.parametrize("bad", sorted(files.BAD_FILES))
def test_the_form_refuses_each_crafted_file(bad, in_bucks, item, people):
    seat(in_bucks, item.meeting.board, people["secretary"], Position.SECRETARY)
    client = Client()
    client.force_login(people["secretary"])
    name, data, reason = files.BAD_FILES[bad]
    url = reverse("places:boards:paper_upload", kwargs={"place_slug": in_bucks.slug, "pk": item.pk})
    response = client.post(
        url, {"title": "Budget", "file": files.upload(name, data, "application/pdf")}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Board papers must be PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG" in page
    assert reason in page
    assert "govuk-file-upload--error" in page
    assert not Paper.objects.for_place(in_bucks).exists()


def test_a_paper_too_big_for_the_setting_is_refused_on_the_form(in_bucks, item, people, settings):
    settings.BOARDS_MAX_PAPER_BYTES = 100
    seat(in_bucks, item.meeting.board, people["secretary"], Position.SECRETARY)
    client = Client()
    client.force_login(people["secretary"])
    url = reverse("places:boards:paper_upload", kwargs={"place_slug": in_bucks.slug, "pk": item.pk})
    response = client.post(url, {"title": "Budget", "file": pdf(content=PDF_BYTES * 3)})
    assert response.status_code == 200
    assert "up to 100\xa0bytes; this file is" in response.content.decode()
    assert not Paper.objects.for_place(in_bucks).exists()


def test_a_paper_is_served_as_a_download_of_its_checked_type(in_bucks, item, people):
    paper = upload(in_bucks, item, files.upload("chart.png", files.PNG, "text/html"))
    seat(in_bucks, item.meeting.board, people["secretary"], Position.SECRETARY)
    client = Client()
    client.force_login(people["secretary"])
    response = client.get(
        reverse(
            "places:boards:paper_download", kwargs={"place_slug": in_bucks.slug, "pk": paper.pk}
        )
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="Paper.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
