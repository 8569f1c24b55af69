"""What the spreadsheet tests share: the secretariat as a principal, files as a person would edit them."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

from coordination.accounts.schemas import Principal

SECRETARIAT = Principal(user_id=None, is_secretariat=True, via="test")


def csv_rows(content: bytes) -> list[list[str]]:
    import csv

    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def csv_bytes(rows: list[list[str]], *, separator: str = ",", encoding: str = "utf-8") -> bytes:
    import csv

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def edit_xlsx(content: bytes, edits: dict[str, Any]) -> bytes:
    """The file as LibreOffice or Excel would save it after typing ``edits`` (cell → value) into it."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    assert sheet is not None
    for cell, value in edits.items():
        sheet[cell] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
