"""The completeness matrix as CSV and XLSX: bytes, a content type and a file name, nothing else.

One row per reporter, and per period three columns: the state, the timeliness, and the first submission's
date; then one row per rate. Labels are in the reader's language; the period slugs in the header keep the
columns recognisable whatever the language. The XLSX has a second sheet with the rates and their counts,
typed cells (dates as dates, numbers as numbers), a frozen header row and readable column widths.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from coordination.core import i18n
from coordination.core.i18n import N_
from coordination.reporting.enums import SLOT_STATE_LABELS, TIMELINESS_LABELS, ReporterKind
from coordination.reporting.schemas import Completeness
from coordination.reporting.timing import describe_period

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Export:
    content: bytes
    content_type: str
    file_name: str


def _header(matrix: Completeness, language: str) -> list[str]:
    def t(text: str) -> str:
        return i18n.gettext(language, text)

    header = [t(N_("Reporter type")), t(N_("Reporter")), t(N_("Slug"))]
    for period in matrix.periods:
        name = describe_period(
            kind=period.kind, name=period.name, start=period.start_date, end=period.end_date, language=language
        )
        state, timeliness, first = t(N_("State")), t(N_("Timeliness")), t(N_("First submitted"))
        header += [f"{name} — {state}", f"{name} — {timeliness}", f"{name} — {first}"]
    return header


def _rows(matrix: Completeness, language: str) -> list[list[object]]:
    def t(text: str) -> str:
        return i18n.gettext(language, text)

    kinds = {ReporterKind.body: t(N_("Body")), ReporterKind.member: t(N_("Member"))}
    rows: list[list[object]] = []
    for row in matrix.rows:
        line: list[object] = [kinds[row.reporter.kind], row.reporter.name, row.reporter.slug]
        for cell in row.cells:
            if cell is None:
                line += ["", "", None]
            else:
                submitted = cell.first_submitted_at.date() if cell.first_submitted_at else None
                line += [t(SLOT_STATE_LABELS[cell.state]), t(TIMELINESS_LABELS[cell.timeliness]), submitted]
        rows.append(line)
    for label, attribute in (
        (t(N_("Reporting rate (%)")), "reporting_rate"),
        (t(N_("Timeliness rate (%)")), "timeliness_rate"),
    ):
        line = [t(N_("Rate")), label, ""]
        for rates in matrix.rates:
            line += [getattr(rates, attribute), "", None]
        rows.append(line)
    return rows


def _file_name(matrix: Completeness, extension: str) -> str:
    slugs = [period.slug for period in matrix.periods]
    span = slugs[0] if len(slugs) == 1 else (f"{slugs[0]}_{slugs[-1]}" if slugs else "none")
    return f"reporting-completeness-{span}.{extension}"


def to_csv(matrix: Completeness, *, language: str) -> Export:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_header(matrix, language))
    for row in _rows(matrix, language):
        writer.writerow(
            ["" if value is None else value.isoformat() if hasattr(value, "isoformat") else value for value in row]
        )
    # A byte-order mark, so Excel opens the UTF-8 accents right.
    return Export(("\ufeff" + buffer.getvalue()).encode("utf-8"), CSV_TYPE, _file_name(matrix, "csv"))


def to_xlsx(matrix: Completeness, *, language: str) -> Export:
    # openpyxl is imported here, not with the module: it takes half a second that every command and worker paid.
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    def t(text: str) -> str:
        return i18n.gettext(language, text)

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = t(N_("Completeness"))[:31]
    header = _header(matrix, language)
    sheet.append(header)
    for row in _rows(matrix, language):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in range(1, len(header) + 1):
        letter = get_column_letter(column)
        widest = max(len(str(cell.value or "")) for cell in sheet[letter])
        sheet.column_dimensions[letter].width = min(60, max(10, widest + 2))
        for cell in sheet[letter][1:]:
            if hasattr(cell.value, "isoformat"):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "D2"

    rates = workbook.create_sheet(t(N_("Rates"))[:31])
    rates.append(
        [
            t(N_("Period")),
            t(N_("Expected")),
            t(N_("Received")),
            t(N_("On time")),
            t(N_("In the grace period")),
            t(N_("Late")),
            t(N_("Approved")),
            t(N_("Exempt")),
            t(N_("Reporting rate (%)")),
            t(N_("Timeliness rate (%)")),
        ]
    )
    for period, counts in zip(matrix.periods, matrix.rates, strict=True):
        name = describe_period(
            kind=period.kind, name=period.name, start=period.start_date, end=period.end_date, language=language
        )
        rates.append(
            [
                name,
                counts.expected,
                counts.received,
                counts.on_time,
                counts.in_grace,
                counts.late,
                counts.approved,
                counts.exempt,
                counts.reporting_rate,
                counts.timeliness_rate,
            ]
        )
    for cell in rates[1]:
        cell.font = Font(bold=True)
    for column in range(1, 11):
        rates.column_dimensions[get_column_letter(column)].width = 18
    rates.freeze_panes = "B2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return Export(buffer.getvalue(), XLSX_TYPE, _file_name(matrix, "xlsx"))
