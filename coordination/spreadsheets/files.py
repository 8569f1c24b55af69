"""Reading and writing the files: CSV (any of the encodings and separators older tools write) and XLSX.

Reading never runs anything: CSV is text, and XLSX is opened with
``data_only=True``, so a formula gives the value the spreadsheet program last
saved with it, never a computed one. Writing: CSV in UTF-8 with a byte-order
mark (Excel needs it to show accents), every would-be formula behind an
apostrophe; XLSX with one sheet, typed cells, a bold frozen header row,
readable widths, and text cells stored as text (openpyxl would otherwise store
a value beginning with ``=`` as a formula).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from coordination.core.errors import InvalidInput
from coordination.core.i18n import N_
from coordination.spreadsheets.cells import Column, csv_cell, xlsx_cell

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
MAX_ROWS = 50_000
HEADER_SEARCH_ROWS = 10  # a title row or two (often merged) may stand above the header


@dataclass(frozen=True)
class Table:
    """What a file holds: its header (lower-cased, trimmed) and its rows, each with its row number in the file."""

    header: list[str]
    rows: list[tuple[int, list[Any]]]


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")


def _delimiter(first_line: str) -> str:
    # The separator is the one the header row uses most: "," from most tools, ";" from French or Spanish Excel.
    counts = {separator: first_line.count(separator) for separator in (",", ";", "\t")}
    best = max(counts, key=lambda separator: counts[separator])
    return best if counts[best] else ","


def _normalized(value: Any) -> str:
    return str(value or "").strip().lower().lstrip("\ufeff")


def _find_header(rows: list[list[Any]], known: set[str]) -> int:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if known & {_normalized(value) for value in row}:
            return index
    raise InvalidInput(
        N_("no header row found: the first row must name the columns (%(columns)s)"),
        field="file",
        params={"columns": ", ".join(sorted(known))},
    )


def read_csv(content: bytes, *, known: set[str]) -> Table:
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        raw = list(reader)
    except csv.Error as exc:
        raise InvalidInput(
            N_("the file is not readable as CSV: %(reason)s"), field="file", params={"reason": str(exc)}
        ) from None
    return _table(raw, known)


def read_xlsx(content: bytes, *, known: set[str]) -> Table:
    # openpyxl is imported where a workbook is read or written: it takes half a second at import.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InvalidInput(
            N_("the file is not readable as XLSX: %(reason)s"), field="file", params={"reason": str(exc)}
        ) from None
    sheet = workbook.worksheets[0]
    raw = [list(row) for row in sheet.iter_rows(values_only=True)]
    return _table(raw, known)


def _table(raw: list[list[Any]], known: set[str]) -> Table:
    if not raw:
        raise InvalidInput(N_("the file is empty"), field="file")
    start = _find_header(raw, known)
    header = [_normalized(value) for value in raw[start]]
    rows: list[tuple[int, list[Any]]] = []
    for offset, row in enumerate(raw[start + 1 :], start=start + 2):
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in row):
            continue  # blank lines, and the empty rows spreadsheet programs leave at the end
        rows.append((offset, list(row) + [None] * (len(header) - len(row))))
    if len(rows) > MAX_ROWS:
        raise InvalidInput(N_("at most %(count)s rows at a time"), field="file", params={"count": f"{MAX_ROWS:,}"})
    return Table(header=header, rows=rows)


def read_table(content: bytes, *, format: str, known: set[str]) -> Table:
    if format == "xlsx" or content[:2] == b"PK":
        return read_xlsx(content, known=known)
    return read_csv(content, known=known)


def format_of(file_name: str, content: bytes) -> str:
    return "xlsx" if file_name.lower().endswith(".xlsx") or content[:2] == b"PK" else "csv"


# ------------------------------------------------------------------ writing


def write_csv(columns: Sequence[Column], records: Sequence[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.name for column in columns])
    for record in records:
        writer.writerow([csv_cell(column, record.get(column.name)) for column in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(columns: Sequence[Column], records: Sequence[dict[str, Any]], *, sheet_name: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_name[:31]
    sheet.append([column.name for column in columns])
    widths = [len(column.name) for column in columns]
    for row_index, record in enumerate(records, start=2):
        for column_index, column in enumerate(columns, start=1):
            value = xlsx_cell(column, record.get(column.name))
            if value is None:
                continue
            cell = sheet.cell(row=row_index, column=column_index)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text, even "=1+1"
            elif isinstance(value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            shown = len(str(value)) if not isinstance(value, date) else 16
            widths[column_index - 1] = max(widths[column_index - 1], min(shown, 60))
    for index, cell in enumerate(sheet[1], start=1):
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = max(10, widths[index - 1] + 2)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
