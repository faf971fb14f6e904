"""Reading an uploaded table of clients: CSV (any of the usual delimiters and encodings) or the
first sheet of an Excel .xlsx workbook, as rows of plain strings.

Every reader yields `(row_number, cells)` with the row numbers a spreadsheet shows (the first
row is 1; a CSV record spanning lines, its quoted cell holding a line break, is one row),
skipping rows with nothing in them, so a report can say "row 12" and the user finds it.

A file is read as a stream and within bounds whatever it holds: a CSV record or a sheet row is
never wider than MAX_COLUMNS cells (plus one, to tell a header that is too wide), reading stops
past MAX_ROW_NUMBER rows even when they are blank, and a workbook is refused before it is opened
when it would unpack to more than MAX_UNPACKED bytes or is packed unusually tightly (a few
kilobytes that unpack to hundreds of megabytes).
"""

from __future__ import annotations

import codecs
import csv
import zipfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from salonbook.errors import Invalid

CSV = "csv"
XLSX = "xlsx"
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 200
# Blank rows are skipped, not counted against MAX_ROWS; this many rows in all are read at most.
MAX_ROW_NUMBER = 2 * MAX_ROWS
# A CSV record with more delimiters than this (quoted ones too) is refused before it is split:
# one line of millions of commas would otherwise become a list of millions of cells.
MAX_DELIMITERS = 10 * MAX_COLUMNS
# What the parts of an .xlsx may unpack to, in all, and how tightly a large part may be packed
# (real sheets pack 5-20 times; a bomb, a thousand times).
MAX_UNPACKED = 200 * 2**20
MAX_RATIO = 100
RATIO_FROM = 2**20
# Sniffing looks at this much of a CSV file; a header and a few rows are enough.
SNIFF_CHARS = 64 * 1024
ENCODINGS = ("utf-8-sig", "cp1251")
# Control characters are invisible in a spreadsheet, break XML (the Excel export) and, a NUL,
# PostgreSQL's text: they are taken out of every cell. Tab and line breaks stay.
CONTROL = dict.fromkeys([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])

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


def without_controls(text: str) -> str:
    return text.translate(CONTROL)


def too_many_rows() -> Invalid:
    return Invalid(
        {
            "file": _("The file has more than %(count)s rows: split it into smaller files.")
            % {"count": MAX_ROWS}
        }
    )


def _too_wide(row: int) -> Invalid:
    return Invalid(
        {
            "file": _("Row %(row)s has more than %(count)s columns.")
            % {"row": row, "count": MAX_COLUMNS}
        }
    )


def encoding_of(path: Path) -> str:
    """The encoding of a CSV file: UTF-8 (with or without its BOM), else Windows-1251, which
    Excel in Russian saves its CSV files in. Decoded a piece at a time, nothing kept."""
    for encoding in ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as source:
                while piece := source.read(2**20):
                    decoder.decode(piece)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
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
    """A cell as typed: control characters taken out, and the apostrophe an export puts before
    "=", "+", "-" or "@" (so a spreadsheet does not run it as a formula) taken off again."""
    text = without_controls(text).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        return text[1:]
    return text


class _TooWide(Exception):
    pass


class _Lines:
    """The lines of a CSV file as csv.reader takes them, counting the delimiters of the record
    being read (the reader asks for the lines of one record at a time)."""

    def __init__(self, source: IO[str], delimiter: str) -> None:
        self.source = source
        self.delimiter = delimiter
        self.delimiters = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self.source)
        self.delimiters += line.count(self.delimiter)
        if self.delimiters > MAX_DELIMITERS:
            raise _TooWide
        return line


def _csv_rows(path: Path) -> Generator[Row, None, None]:
    encoding = encoding_of(path)
    with path.open(encoding=encoding, newline="") as source:
        delimiter = sniff_delimiter(source.read(SNIFF_CHARS))
    with path.open(encoding=encoding, newline="") as source:
        lines = _Lines(source, delimiter)
        reader = csv.reader(lines, delimiter=delimiter)
        number = 0
        try:
            for number, cells in enumerate(reader, start=1):
                lines.delimiters = 0
                if number > MAX_ROW_NUMBER:
                    raise too_many_rows()
                stripped = [unquote(c) for c in cells[: MAX_COLUMNS + 1]]
                if any(stripped):
                    yield number, stripped
        except _TooWide:
            raise _too_wide(number + 1) from None
        except csv.Error as exc:
            message = _("Row %(row)s cannot be read: %(error)s")
            raise Invalid({"file": message % {"row": number + 1, "error": exc}}) from None


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


def _not_a_workbook() -> Invalid:
    return Invalid({"file": _("This is not an Excel workbook (.xlsx) that can be read.")})


def check_workbook_size(path: Path) -> None:
    """Refuse a workbook that unpacks to too much before anything reads it: the sizes its zip
    declares are what reading it may give at most (zipfile stops there and checks the CRC)."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _not_a_workbook() from None
    unpacked = sum(part.file_size for part in parts)
    packed_tightly = any(
        part.file_size > RATIO_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1)
        for part in parts
    )
    if unpacked > MAX_UNPACKED or packed_tightly:
        raise Invalid(
            {
                "file": _(
                    "This workbook unpacks to too much data to be read (more than %(mb)s MB, "
                    "or packed unusually tightly): save it as CSV."
                )
                % {"mb": MAX_UNPACKED // 2**20}
            }
        )


def _sheet_rows(
    values: Iterator[tuple[Any, ...]], first: int
) -> Generator[tuple[int, list[str]], None, None]:
    """The sheet's rows from `first` on, with their numbers; blank ones skipped cheaply (openpyxl
    fills the gaps between the rows a sheet has with blank ones)."""
    for number, row in enumerate(values, start=first):
        if number > MAX_ROW_NUMBER:
            raise too_many_rows()
        if row.count(None) == len(row):
            continue
        cells = [cell_text(v) for v in row]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            yield number, cells


def _xlsx_rows(path: Path) -> Generator[Row, None, None]:
    from openpyxl import load_workbook

    check_workbook_size(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise _not_a_workbook() from None
    try:
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        # The size a sheet declares is not trusted (A1:XFD1048576 would make every row 16,384
        # cells): rows are as wide as asked for, the header's width once it is known.
        sheet.reset_dimensions()
        rows = _sheet_rows(sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True), 1)
        try:
            header = next(rows, None)
        finally:
            rows.close()
        if header is None:
            return
        yield header
        number, cells = header
        if len(cells) > MAX_COLUMNS:
            return  # Table refuses it
        values = sheet.iter_rows(min_row=number + 1, max_col=len(cells), values_only=True)
        yield from _sheet_rows(values, number + 1)
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
        try:
            first = next(rows, None)
            if first is None:
                raise Invalid({"file": _("The file is empty.")})
            self.header_row, header = first
            if len(header) > MAX_COLUMNS:
                raise Invalid(
                    {
                        "file": _("The file has more than %(count)s columns.")
                        % {"count": MAX_COLUMNS}
                    }
                )
        except BaseException:
            rows.close()
            raise
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


@dataclass
class Scan:
    """What one reading of a whole file tells: its columns, its first rows and how many there
    are."""

    columns: list[str]
    sample: list[tuple[int, dict[str, str]]]
    total: int


def scan(path: Path, kind: str, *, sample: int) -> Scan:
    """Read the file once: its columns, its first `sample` data rows and the number of data
    rows; Invalid past MAX_ROWS."""
    first: list[tuple[int, dict[str, str]]] = []
    count = 0
    with Table(path, kind) as table:
        for record in table.records():
            count += 1
            if count > MAX_ROWS:
                raise too_many_rows()
            if count <= sample:
                first.append(record)
    return Scan(columns=table.columns, sample=first, total=count)
