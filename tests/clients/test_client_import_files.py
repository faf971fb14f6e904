"""Reading an uploaded file within bounds, whatever it holds: workbooks that unpack to far more
than their size, declare a sheet of a million rows by 16,384 columns or put a cell in the last
column of every row; a CSV line of millions of commas; blank rows without end. And what is read:
row numbers as a spreadsheet shows them after a cell of several lines, control characters
taken out of every cell."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

import pytest

from salonbook.clients.models import Client, ClientImport
from salonbook.clients.transfer import import_files
from tests.clients.test_client_import import (
    csv_bytes,
    e164,
    finish,
    import_file,
    phone,
    private_files,
    refused_for_field,
    start,
    upload,
)

__all__ = ["private_files"]  # the fixture, used by every test here

pytestmark = pytest.mark.django_db

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
    '"xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} xmlns:r="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Clients" '
    'sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target='
    '"worksheets/sheet1.xml"/></Relationships>'
)


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def row(number: int, *cells: tuple[str, str]) -> str:
    return f'<row r="{number}">' + "".join(cell(f"{c}{number}", t) for c, t in cells) + "</row>"


def workbook(rows: Iterable[str], *, dimension: str = "", extra: bytes = b"") -> bytes:
    """A workbook written by hand (small on disk, whatever it claims), its sheet holding
    `rows`; `extra` bytes of one letter ride along in a part of their own."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f"<worksheet {NS}>".encode())
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b"<sheetData>")
            for line in rows:
                sheet.write(line.encode())
            sheet.write(b"</sheetData></worksheet>")
        if extra:
            with archive.open("xl/padding.xml", "w") as padding:
                for _ in range(len(extra) // 2**20):
                    padding.write(extra[: 2**20])
    return buffer.getvalue()


HEADER = row(1, ("A", "Name"), ("B", "Phone"))


def test_a_workbook_that_unpacks_to_more_than_the_limit_is_refused_before_it_is_read(
    api, monkeypatch
):
    monkeypatch.setattr(import_files, "MAX_UNPACKED", 4 * 2**20)
    monkeypatch.setattr(import_files, "MAX_RATIO", 10**6)  # only the size this time
    content = workbook([HEADER, row(2, ("A", "Ann"))], extra=b"A" * 5 * 2**20)
    assert len(content) < 50_000

    response = upload(api, "bomb.xlsx", content)

    assert "unpacks to too much data" in refused_for_field(response, "file")[0]
    assert not ClientImport.objects.exists()


def test_a_workbook_packed_a_thousand_times_over_is_refused(api):
    # A 300 MB shared string in a 300 KB file took 669 MB to read: the same, at 4 MB.
    content = workbook([HEADER, row(2, ("A", "Ann"))], extra=b"A" * 4 * 2**20)

    response = upload(api, "bomb.xlsx", content)

    assert "unpacks to too much data" in refused_for_field(response, "file")[0]


@pytest.fixture
def cells_read(monkeypatch) -> list[int]:
    """One entry per cell value the reader turns into text."""
    calls: list[int] = []
    original = import_files.cell_text
    monkeypatch.setattr(import_files, "cell_text", lambda value: calls.append(1) or original(value))
    return calls


def test_a_sheet_claiming_a_million_rows_by_16384_columns_reads_the_rows_it_has(
    salon, api, cells_read
):
    rows = [HEADER] + [row(n, ("A", f"C{n}"), ("B", phone(n))) for n in range(2, 52)]
    content = workbook(rows, dimension="A1:XFD1048576")

    started = start(api, "c.xlsx", content)

    assert (started["columns"], started["total_rows"]) == (["Name", "Phone"], 50)
    # Each row read as wide as the header, not as the 16,384 columns the sheet claims.
    assert len(cells_read) <= import_files.MAX_COLUMNS + 1 + 2 * 50
    result = finish(api, salon, started)
    assert (result["created"], result["rejected"]) == (50, [])
    assert Client.objects.get(name="C2").phone == e164(2)


def test_a_sheet_with_a_row_far_past_the_limit_is_refused_without_reading_the_blanks(
    api, monkeypatch
):
    monkeypatch.setattr(import_files, "MAX_ROW_NUMBER", 1000)
    rows = [HEADER, row(2, ("A", "Ann")), row(1048576, ("A", "Zed"))]

    response = upload(api, "c.xlsx", workbook(rows, dimension="A1:XFD1048576"))

    assert "more than" in refused_for_field(response, "file")[0]


def test_cells_far_right_of_the_header_cost_nothing_to_read(api, cells_read):
    rows = [HEADER] + [row(n, ("A", f"C{n}"), ("XFD", "far")) for n in range(2, 202)]

    started = start(api, "wide.xlsx", workbook(rows))

    assert (started["columns"], started["total_rows"]) == (["Name", "Phone"], 200)
    # Every row read as wide as the header (two cells), not as wide as its last cell.
    assert len(cells_read) <= import_files.MAX_COLUMNS + 1 + 2 * 200


def test_a_workbook_header_wider_than_the_limit_is_refused(api, monkeypatch):
    monkeypatch.setattr(import_files, "MAX_COLUMNS", 3)
    header = row(1, ("A", "a"), ("B", "b"), ("C", "c"), ("D", "d"))

    response = upload(api, "c.xlsx", workbook([header, row(2, ("A", "Ann"))]))

    assert "more than 3 columns" in refused_for_field(response, "file")[0]


def test_a_csv_line_of_a_million_commas_is_refused_without_splitting_it(api):
    content = b"Name,Phone\r\n" + b"," * 1_000_000 + b"\r\nAnn,\r\n"

    response = upload(api, "commas.csv", content)

    assert refused_for_field(response, "file") == ["Row 2 has more than 200 columns."]
    assert not ClientImport.objects.exists()


def test_a_csv_header_wider_than_the_limit_is_refused(api):
    header = [f"Column {i}" for i in range(201)]

    response = upload(api, "c.csv", csv_bytes([header, ["Ann"]]))

    assert "more than 200 columns" in refused_for_field(response, "file")[0]


def test_a_csv_data_row_wider_than_its_header_keeps_the_header_columns(salon, api):
    rows = [["Name", "Phone"], ["Ann", phone(1), *(["x"] * 300)]]

    result = import_file(api, salon, "c.csv", csv_bytes(rows))

    assert result["created"] == 1 and Client.objects.get().phone == e164(1)


def test_blank_lines_without_end_stop_being_read(api, monkeypatch):
    monkeypatch.setattr(import_files, "MAX_ROW_NUMBER", 1000)

    response = upload(api, "c.csv", b"Name\r\nAnn\r\n" + b"\r\n" * 5000 + b"Bob\r\n")

    assert "more than" in refused_for_field(response, "file")[0]


def test_rows_are_numbered_as_a_spreadsheet_shows_them_after_a_cell_of_several_lines(salon, api):
    content = (
        b'Name,Phone,Comment\r\nAnn,+1 212 555 0101,"two\nlines\r\nor three"\r\n\r\nBob,12,\r\n'
    )

    result = import_file(api, salon, "c.csv", content)

    # Ann is row 2 (three lines), the blank row is 3, Bob is row 4.
    assert [entry["row"] for entry in result["rejected"]] == [4]
    assert Client.objects.get().comment == "two\nlines\r\nor three"


def test_an_unreadable_csv_row_is_named_by_its_row(api):
    content = b'Name,Comment\r\nAnn,"a\r\nb"\r\nBob,"' + b"x" * 200_000 + b'"\r\n'

    response = upload(api, "c.csv", content)

    assert refused_for_field(response, "file")[0].startswith("Row 3 cannot be read")


def test_control_characters_are_taken_out_of_every_cell_and_header(salon, api):
    content = b"Name,Phone,Com\x00ment\r\nBad\x00Name,+1 212 555 0101,bell\x07here\x7f\ttab\r\n"

    started = start(api, "c.csv", content)
    assert started["columns"] == ["Name", "Phone", "Comment"]
    assert started["rows"][0]["cells"][0] == "BadName"
    result = finish(api, salon, started)

    assert (result["status"], result["created"]) == ("done", 1)
    client = Client.objects.get()
    assert (client.name, client.comment) == ("BadName", "bellhere\ttab")


def test_control_characters_in_the_file_name_are_taken_out(api):
    started = start(api, "my\x01 clients.csv", csv_bytes([["Name"], ["Ann"]]))

    assert started["file_name"] == "my clients.csv"
