"""Reading an uploaded table of clients: CSV (any of the usual delimiters and encodings) or the
first sheet of an Excel .xlsx workbook, as rows of plain strings.

Every reader yields `(row_number, cells)` with the file's own row numbers (the first line or
row is 1), skipping rows with nothing in them, so a report can say "row 12" and the user finds
it in their spreadsheet.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Generator, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from salonbook.errors import Invalid

CSV = "csv"
XLSX = "xlsx"
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 200
# Sniffing looks at this much of a CSV file; a header and a few rows are enough.
SNIFF_BYTES = 64 * 1024
ENCODINGS = ("utf-8-sig", "cp1251")

# A whole row of a table: its number in the file and its cells (stripped strings).
Row = tuple[int, list[str]]


def file_kind(name: str, head: bytes) -> str:
    """ "csv" or "xlsx", judged by the content first and the name second; Invalid otherwise."""
    lower = name.lower()
    # An .xlsx is a zip (so is an .ods or a .docx: openpyxl refuses those when read).
    if head.startswith(b"PK\x03\x04") and not lower.endswith(".csv"):
        return XLSX
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise Invalid({"file": _("This is an old Excel file (.xls): save it as .xlsx or CSV.")})
    if lower.endswith((".csv", ".txt", ".tsv")) and b"\x00" not in head:
        return CSV
    raise Invalid({"file": _("Upload a CSV file or an Excel workbook (.xlsx).")})


def decode(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without its BOM), else Windows-1251, which
    Excel in Russian saves its CSV files in."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Invalid({"file": _("The file's characters cannot be read: save it as UTF-8 CSV.")})


def sniff_delimiter(sample: str) -> str:
    """The delimiter of a CSV file: comma, semicolon (Excel where the decimal point is a comma)
    or tab. Counting in the first line decides when the sniffer cannot."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first_line = sample.split("\n", 1)[0]
        return max(",;\t", key=first_line.count)


def unquote(text: str) -> str:
    """A cell as typed: the apostrophe an export puts before "=", "+", "-" or "@" (so a
    spreadsheet does not run it as a formula) taken off again."""
    text = text.strip()
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        return text[1:]
    return text


def _csv_rows(path: Path) -> Generator[Row, None, None]:
    text = decode(path.read_bytes())
    delimiter = sniff_delimiter(text[:SNIFF_BYTES])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            stripped = [unquote(c) for c in cells]
            if any(stripped):
                yield reader.line_num, stripped
    except csv.Error as exc:
        message = _("Line %(line)s cannot be read: %(error)s")
        raise Invalid({"file": message % {"line": reader.line_num, "error": exc}}) from None


def cell_text(value: Any) -> str:
    """What a spreadsheet cell says, as the user typed it: 79161234567 and not 79161234567.0,
    a date as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)).normalize(), "f")
    return unquote(str(value))


def _xlsx_rows(path: Path) -> Generator[Row, None, None]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        message = _("This is not an Excel workbook (.xlsx) that can be read.")
        raise Invalid({"file": message}) from None
    try:
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [cell_text(v) for v in values]
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                yield number, cells
    finally:
        workbook.close()


def read_rows(path: Path, kind: str) -> Generator[Row, None, None]:
    """Every row with something in it, the header first."""
    return _xlsx_rows(path) if kind == XLSX else _csv_rows(path)


def unique_columns(header: list[str]) -> list[str]:
    """Column names a mapping can refer to: empty ones named by position, repeated ones
    numbered ("Phone", "Phone (2)")."""
    names: list[str] = []
    seen: set[str] = set()
    for position, raw in enumerate(header, start=1):
        base = raw.strip() or _("Column %(number)s") % {"number": position}
        name, copy = base, 1
        while name.casefold() in seen:
            copy += 1
            name = f"{base} ({copy})"
        seen.add(name.casefold())
        names.append(name)
    return names


class Table:
    """An uploaded file opened for reading: its columns, and its data rows as dicts."""

    def __init__(self, path: Path, kind: str) -> None:
        rows = read_rows(path, kind)
        first = next(rows, None)
        if first is None:
            rows.close()
            raise Invalid({"file": _("The file is empty.")})
        self.header_row, header = first
        if len(header) > MAX_COLUMNS:
            raise Invalid(
                {"file": _("The file has more than %(count)s columns.") % {"count": MAX_COLUMNS}}
            )
        self.columns = unique_columns(header)
        self._rows = rows

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Let go of the file (a workbook read only halfway keeps it open otherwise)."""
        self._rows.close()

    def records(self) -> Iterator[tuple[int, dict[str, str]]]:
        """Each data row as {column: text}; cells beyond the header's columns are dropped."""
        width = len(self.columns)
        for number, cells in self._rows:
            cells = (cells + [""] * width)[:width]
            if any(cells):
                yield number, dict(zip(self.columns, cells, strict=True))


def count_rows(path: Path, kind: str) -> int:
    """The number of data rows; Invalid past MAX_ROWS."""
    count = 0
    with Table(path, kind) as table:
        for _record in table.records():
            count += 1
            if count > MAX_ROWS:
                raise Invalid(
                    {
                        "file": _(
                            "The file has more than %(count)s rows: split it into smaller files."
                        )
                        % {"count": MAX_ROWS}
                    }
                )
    return count
