"""Uploads that cannot hold a worker: rows are read as a stream and stop at the limit, a sheet that
declares too many rows or a workbook that unpacks too large is refused before it is read, and bad
bytes become clear errors by line or file (never a server error). Exports write plain text cells."""

import csv
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from coordination.csvfiles import csv_text, plain_cell
from mapping import imports
from mapping.models import ImportBatch, Need, Service
from tests.support.factories import OrganisationFactory

HEADER = ["external_id", "name", "organisation", "themes", "areas"]


@pytest.fixture
def setting(sutton, area):
    area(sutton, "Cheam")
    return OrganisationFactory(name="St Helier Hub", places=[sutton])


def xlsx_bytes(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite_sheet(raw, change):
    """The workbook with its first sheet's XML passed through change(xml) -> xml."""
    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data.decode()).encode()
            target.writestr(info.filename, data)
    return out.getvalue()


def no_dimension(xml):
    return re.sub(r"<dimension [^>]*/>", "", xml)


def good_rows(count):
    return [HEADER] + [
        [f"s{i}", f"Pantry {i}", "St Helier Hub", "Food", "Cheam"] for i in range(count)
    ]


def upload(client, sutton, admin_of, name, content, kind="services"):
    client.force_login(admin_of(sutton))
    url = reverse("places:mapping:import", kwargs={"place_slug": sutton.slug})
    return client.post(url, {"kind": kind, "file": SimpleUploadedFile(name, content)})


def field_error(response):
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    assert 'class="govuk-error-summary' in page
    return page


def test_a_sheet_declaring_two_million_rows_is_refused_before_its_rows_are_read(
    client, sutton, admin_of
):
    raw = rewrite_sheet(
        xlsx_bytes(good_rows(2)),
        lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:Z2000000"', xml),
    )
    assert len(raw) < 10_000  # a tiny file that says it is huge

    with pytest.raises(imports.ImportFileError) as caught:
        imports.read_table(SimpleUploadedFile("big.xlsx", raw), "services")
    assert "2,000,000 rows" in caught.value.messages[0]
    assert "at most 20,000" in caught.value.messages[0]

    page = field_error(upload(client, sutton, admin_of, "big.xlsx", raw))
    assert "2,000,000 rows" in page
    assert not ImportBatch.objects.for_place(sutton).exists()


def test_a_sheet_with_rows_past_excels_last_row_is_a_clear_error(client, sutton, admin_of):
    """Row 1,048,577 does not exist in Excel; a crafted sheet that has it is refused, not a 500."""

    def add_far_row(xml):
        xml = no_dimension(xml)
        far = '<row r="1048577"><c r="A1048577" t="inlineStr"><is><t>x</t></is></c></row>'
        return xml.replace("</sheetData>", far + "</sheetData>")

    raw = rewrite_sheet(xlsx_bytes(good_rows(2)), add_far_row)
    page = field_error(upload(client, sutton, admin_of, "far.xlsx", raw))
    assert "import at most 20,000" in page
    assert not ImportBatch.objects.for_place(sutton).exists()


def test_a_sheet_whose_dimension_understates_its_rows_loses_none(sutton, admin_of, setting):
    raw = rewrite_sheet(
        xlsx_bytes(good_rows(5)),
        lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:B2"', xml),
    )
    rows = imports.read_table(SimpleUploadedFile("s.xlsx", raw), "services")
    assert [line for line, _cells in rows] == [2, 3, 4, 5, 6]
    assert rows[-1][1]["areas"] == "Cheam"


def test_the_row_limit_is_a_setting_and_reading_stops_there(settings, sutton):
    settings.IMPORT_MAX_ROWS = 3
    text = ",".join(HEADER) + "\n" + "s,P,St Helier Hub,Food,Cheam\n" * 3
    assert len(imports.read_table(SimpleUploadedFile("ok.csv", text.encode()), "services")) == 3
    # A fourth row is refused; what follows it (here, a line that is not valid CSV) is never read.
    text += 's4,P,St Helier Hub,Food,Cheam\ns5,"broken\n'
    for name, raw in (
        ("long.csv", text.encode()),
        # A sheet that declares no size is stopped by counting its rows.
        ("long.xlsx", rewrite_sheet(xlsx_bytes(good_rows(4) + [["s5", "P"]] * 50), no_dimension)),
    ):
        with pytest.raises(imports.ImportFileError) as caught:
            imports.read_table(SimpleUploadedFile(name, raw), "services")
        assert caught.value.messages == [
            "The file has more than 3 rows; import at most 3 at a time. Split it into parts."
        ]


def test_a_workbook_that_unpacks_too_large_is_refused_before_it_is_opened(
    settings, client, sutton, admin_of
):
    settings.IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    book = io.BytesIO(xlsx_bytes(good_rows(2)))
    with zipfile.ZipFile(book, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (2 * 1024 * 1024))
    raw = book.getvalue()
    assert len(raw) < 20_000  # small on the wire, 2 MB unpacked

    page = field_error(upload(client, sutton, admin_of, "bomb.xlsx", raw))
    assert "unpacks to 2.0 MB" in page and "at most 1.0 MB" in page
    assert not ImportBatch.objects.for_place(sutton).exists()


def test_an_xlsx_that_is_not_a_zip_is_a_field_error(client, sutton, admin_of):
    page = field_error(upload(client, sutton, admin_of, "fake.xlsx", b"external_id,name\n1,x\n"))
    # Judged by its content before any parser sees it (the import files upload policy).
    assert "this file is named .xlsx but is a text file" in page
    assert not ImportBatch.objects.for_place(sutton).exists()


def test_a_nul_byte_in_a_csv_is_reported_by_line_and_nothing_is_kept(client, sutton, admin_of):
    text = (
        ",".join(HEADER) + "\n"
        "s1,Pantry,St Helier Hub,Food,Cheam\n"
        "s2,Pan\0try,St Helier Hub,Food,Cheam\n"
        "s3,Pantry,St\0 Helier Hub,Food,Cheam\n"
    )
    with pytest.raises(imports.ImportFileError) as caught:
        imports.read_table(SimpleUploadedFile("nul.csv", text.encode()), "services")
    assert caught.value.messages == [
        "Line 3, column name: the cell holds a NUL character (a zero byte), which is not text.",
        "Line 4, column organisation: the cell holds a NUL character (a zero byte), "
        "which is not text.",
        "Save the file again from your spreadsheet as “CSV UTF-8”, then upload it.",
    ]
    page = field_error(upload(client, sutton, admin_of, "nul.csv", text.encode()))
    assert "Line 3, column name" in page
    assert not ImportBatch.objects.for_place(sutton).exists()


def test_a_workbook_with_broken_xml_inside_is_a_field_error(client, sutton, admin_of):
    raw = rewrite_sheet(xlsx_bytes(good_rows(1)), lambda xml: xml.replace("Pantry 0", "Pan&#0;"))
    page = field_error(upload(client, sutton, admin_of, "broken.xlsx", raw))
    assert "not a readable .xlsx workbook" in page
    assert not ImportBatch.objects.for_place(sutton).exists()


@pytest.fixture
def needs_with_severity(sutton, admin_of, setting, area):
    admin = admin_of(sutton)
    text = (
        "external_id,area,theme,summary,severity\n"
        "n1,Cheam,Food,Empty cupboards,Medium\n"
        "n2,Cheam,Housing,Damp,High\n"
    )
    rows = imports.read_table(SimpleUploadedFile("needs.csv", text.encode()), "needs")
    assert imports.run(sutton, admin, "needs", rows, commit=True).created == 2
    assert Need.objects.for_place(sutton).count() == 2
    return admin


def test_the_needs_xlsx_export_writes_severity_as_text(client, sutton, needs_with_severity):
    client.force_login(needs_with_severity)
    url = reverse("places:mapping:export", kwargs={"place_slug": sutton.slug})
    response = client.get(url, {"kind": "needs", "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sorted(sheet.cell(row=r, column=5).value for r in (2, 3)) == ["High", "Medium"]

    response = client.get(url, {"kind": "needs", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(r["severity"] for r in rows) == ["High", "Medium"]


def test_every_export_cell_is_plain(sutton, needs_with_severity, make_service, setting):
    make_service(sutton, "Pantry", organisation=setting, external_id="e1")
    plain = (str, int, float, Decimal, bool)
    for kind in ("services", "needs", "assets"):
        for cells in imports.export_rows(sutton, needs_with_severity, kind):
            cleaned = [plain_cell(c) for c in cells]
            assert all(type(c) in plain for c in cleaned), cleaned
    assert Service.objects.for_place(sutton).count() == 1


def test_a_translated_label_is_escaped_like_any_text_in_every_csv():
    from django.utils.translation import gettext_lazy

    body = csv_text(["a", "b"], [[gettext_lazy("=HYPERLINK(1)"), None]])
    assert body.splitlines()[1] == "'=HYPERLINK(1),"


def test_the_upload_page_states_the_limits_in_force(settings, client, sutton, admin_of):
    settings.IMPORT_MAX_ROWS = 1500
    client.force_login(admin_of(sutton))
    page = client.get(reverse("places:mapping:import", kwargs={"place_slug": sutton.slug}))
    assert "at most 5 MB and 1,500 rows" in page.content.decode()


def excel_style_workbook():
    """A workbook as Excel writes it: texts in the shared table (one in rich-text runs), a date
    as a number in a date format, a formula with its cached result, a true/false cell."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    texts = ["external_id", "name", "organisation", "themes", "areas", "indicator_date"]
    texts += ["s1", "St Helier Hub", "Food", "Cheam", "=not a formula"]
    shared = "".join(f"<si><t>{t}</t></si>" for t in texts)
    shared += '<si><r><t>Pan</t></r><r><rPr><b/></rPr><t>try</t></r><rPh sb="0" eb="1"><t>x</t></rPh></si>'
    header = "".join(f'<c r="{col}1" t="s"><v>{i}</v></c>' for i, col in enumerate("ABCDEF"))
    row2 = (
        '<c r="A2" t="s"><v>6</v></c><c r="B2" t="s"><v>11</v></c><c r="C2" t="s"><v>7</v></c>'
        '<c r="D2" t="s"><v>8</v></c><c r="E2" t="s"><v>9</v></c><c r="F2" s="1"><v>45747</v></c>'
        '<c r="G2" t="b"><v>1</v></c><c r="H2"><v>12.5</v></c>'
    )
    row4 = (
        '<c r="A4" t="s"><v>10</v></c><c r="B4" t="str"><f>UPPER("x")</f><v>X</v></c>'
        '<c r="C4"><f>1+1</f><v>2</v></c>'
    )
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" '
            f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook {ns} xmlns:r="{rel}"><sheets>'
            '<sheet name="Services" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{pkg}">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/styles" Target="/xl/styles.xml"/>'
            "</Relationships>"
        ),
        "xl/sharedStrings.xml": f"<sst {ns}>{shared}</sst>",
        "xl/styles.xml": (
            f'<styleSheet {ns}><fonts count="1"><font><sz val="11"/></font></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            '</cellStyleXfs><cellXfs count="2">'
            '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
            "</cellXfs></styleSheet>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet {ns}><dimension ref="A1:H4"/><sheetData>'
            f'<row r="1">{header}</row><row r="2">{row2}</row><row r="4">{row4}</row>'
            "</sheetData></worksheet>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def test_an_excel_style_workbook_reads_as_the_person_sees_it(sutton):
    raw = excel_style_workbook()
    seen = load_workbook(io.BytesIO(raw)).active  # the file is a valid workbook
    assert seen["B2"].value == "Pantry" and seen["F2"].is_date

    rows = imports.read_table(SimpleUploadedFile("excel.xlsx", raw), "services")
    assert rows[0] == (
        2,
        {
            "external_id": "s1",
            "name": "Pantry",
            "organisation": "St Helier Hub",
            "themes": "Food",
            "areas": "Cheam",
            "indicator_date": "2025-03-31",
        },
    )
    # Row 3 is missing in the file; row 4 keeps its number. A text that starts with "=" is text
    # (marked with an apostrophe); formulas are formulas, whatever their cached result.
    assert rows[1] == (
        4,
        {"external_id": "'=not a formula", "name": '=UPPER("x")', "organisation": "=1+1"},
    )


def test_a_row_of_a_million_parts_is_refused_not_held_in_memory(client, sutton, admin_of):
    cells = '<c r="A3"><v>1</v></c>' + "<c/>" * 100_000
    raw = rewrite_sheet(
        xlsx_bytes(good_rows(1)),
        lambda xml: xml.replace("</sheetData>", f'<row r="3">{cells}</row></sheetData>'),
    )
    assert len(raw) < 20_000
    page = field_error(upload(client, sutton, admin_of, "wide.xlsx", raw))
    assert "far larger than any import needs" in page
