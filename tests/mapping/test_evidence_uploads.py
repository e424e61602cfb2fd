"""Evidence of need documents go through the need evidence upload policy on the form and in the
admin, are stored under a random name per place, and are served as downloads of their own type."""

from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from coordination.accounts.models import Role
from coordination.places.tenancy import scopes_disabled
from mapping import imports
from mapping.models import ImportBatch, Need
from tests.support import upload_files as files
from tests.support.factories import UserFactory


def url(place, name, **kwargs):
    return reverse(f"places:mapping:{name}", kwargs={"place_slug": place.slug, **kwargs})


@pytest.fixture
def submit_need(client, sutton, area, theme, make_member):
    client.force_login(make_member(sutton, Role.CHARITY_LEADER))

    def submit(upload):
        return client.post(
            url(sutton, "need_create"),
            {
                "area": area(sutton, "Cheam").pk,
                "theme": theme("food").pk,
                "summary": "Food bank figures",
                "severity": 3,
                "evidence_file": upload,
            },
        )

    return submit


@pytest.mark.parametrize("bad", sorted(files.BAD_FILES))
def test_the_form_refuses_each_crafted_file_on_the_field(bad, submit_need, sutton):
    name, data, reason = files.BAD_FILES[bad]
    response = submit_need(files.upload(name, data))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Evidence of need must be PDF, Word, Excel, OpenDocument, CSV" in page
    assert reason in page
    assert "govuk-file-upload--error" in page
    assert not Need.objects.for_place(sutton).exists()


def test_the_form_refuses_a_file_over_the_limit(submit_need, sutton, settings):
    settings.MAPPING_MAX_EVIDENCE_BYTES = 1024
    response = submit_need(files.upload("figures.csv", b"month,parcels\n" + b"jan,40\n" * 300))
    assert response.status_code == 200
    assert "up to 1.0\xa0KB; this file is 2.1\xa0KB." in response.content.decode()
    assert not Need.objects.for_place(sutton).exists()


def test_a_good_document_is_stored_under_a_random_name_and_served_as_a_download(
    submit_need, client, sutton, settings
):
    response = submit_need(files.upload("Our figures <b>.png", files.PNG, "text/html"))
    assert response.status_code == 302
    need = Need.objects.for_place(sutton).get()
    assert need.evidence_file.name.startswith(f"mapping/evidence/{sutton.pk}/")
    assert "figures" not in need.evidence_file.name
    download = client.get(url(sutton, "need_evidence", pk=need.pk))
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"  # from the policy, not the browser's word
    assert download["Content-Disposition"] == f'attachment; filename="evidence-{need.pk}.png"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content) == files.PNG
    # Only through that view: the storage address is not served.
    assert client.get(settings.MEDIA_URL + need.evidence_file.name).status_code == 404


def test_the_admin_refuses_a_crafted_file_too(client, sutton, area, theme):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    response = client.post(
        "/admin/mapping/need/add/",
        {
            "place": sutton.pk,
            "area": area(sutton, "Cheam").pk,
            "theme": theme("food").pk,
            "summary": "Food bank figures",
            "severity": 3,
            "evidence_file": files.upload("figures.png", files.PNG_WITH_HTML),
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["evidence_file"]
    assert errors == [
        "Evidence of need must be PDF, Word, Excel, OpenDocument, CSV, plain text, PNG, JPEG, GIF"
        " or WebP, up to 10.0\xa0MB; this file is a PNG image with other data hidden after its end."
    ]
    assert not Need.objects.for_place(sutton).exists()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("services.csv", files.HTML, "this file is an HTML page."),
        ("services.csv", files.EXE, "this file is a Windows program."),
        ("services.xlsx", files.DOCX_WITH_MACROS, "this file is a Word document."),
    ],
)
def test_an_import_file_is_judged_by_content_not_its_name(name, data, reason):
    with pytest.raises(imports.ImportFileError) as refused:
        imports.read_table(files.upload(name, data), "services")
    assert refused.value.messages[0].startswith("Import files must be CSV or Excel, up to 5.0")
    assert refused.value.messages[0].endswith(reason)


def test_an_import_page_refuses_a_web_page_named_csv(client, sutton, admin_of):
    client.force_login(admin_of(sutton))
    response = client.post(
        url(sutton, "import"), {"kind": "services", "file": files.upload("rows.csv", files.HTML)}
    )
    assert response.status_code == 200
    assert "this file is an HTML page." in response.content.decode()
    assert not ImportBatch.objects.for_place(sutton).exists()


def test_check_uploads_lists_stored_files_the_policy_refuses(
    sutton, area, theme, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    out = StringIO()
    call_command("check_uploads", stdout=out)
    assert "Every stored upload meets its upload policy." in out.getvalue()
    with scopes_disabled():  # written around the policy, as files kept before it were
        need = Need.objects.create(
            place=sutton,
            area=area(sutton, "Cheam"),
            theme=theme("food"),
            summary="Kept before the policy",
            severity=2,
            evidence_file=ContentFile(files.HTML, name="page.html"),
        )
    out = StringIO()
    with pytest.raises(CommandError, match="1 stored file"):
        call_command("check_uploads", stdout=out)
    assert f"mapping.Need {need.pk}: {need.evidence_file.name}: Evidence of need must be" in (
        out.getvalue()
    )
    assert "this file is an HTML page." in out.getvalue()
