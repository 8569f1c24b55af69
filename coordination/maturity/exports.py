"""A campaign's figures as CSV and XLSX: bytes, a content type and a file name, nothing else.

One row per theme: its code and title (in the reader's language), the number of members at each level, how
many answered, the median and the mean. The XLSX adds a sheet with each member's progress since its previous
campaign (the secretariat's export names members; nothing else does). Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from coordination.core import i18n
from coordination.core.i18n import N_
from coordination.maturity.schemas import CampaignFigures

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Export:
    content: bytes
    content_type: str
    file_name: str


def _t(language: str, text: str) -> str:
    return i18n.gettext(language, text)


def _top(figures: CampaignFigures) -> int:
    return max((theme.levels for theme in figures.themes), default=0)


def theme_rows(figures: CampaignFigures, language: str) -> list[list[object]]:
    level = _t(language, N_("Level"))
    header: list[object] = [_t(language, N_("Theme code")), _t(language, N_("Theme"))]
    header += [f"{level} {number}" for number in range(1, _top(figures) + 1)]
    header += [_t(language, N_("Answered")), _t(language, N_("Median")), _t(language, N_("Mean"))]
    rows: list[list[object]] = [header]
    for theme in figures.themes:
        counts: list[object] = list(theme.distribution) + [None] * (_top(figures) - theme.levels)
        rows.append([theme.theme, theme.title, *counts, theme.answered, theme.median, theme.mean])
    return rows


def progress_rows(figures: CampaignFigures, language: str) -> list[list[object]]:
    codes = [theme.theme for theme in figures.themes]
    header: list[object] = [
        _t(language, N_("Member")),
        _t(language, N_("Slug")),
        _t(language, N_("Previous campaign")),
        *codes,
        _t(language, N_("Mean change")),
    ]
    rows: list[list[object]] = [header]
    for item in figures.progress:
        rows.append(
            [
                item.member_name,
                item.member,
                item.previous_campaign,
                *(item.changes.get(code) for code in codes),
                item.mean_change,
            ]
        )
    return rows


def to_csv(figures: CampaignFigures, *, language: str) -> Export:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([figures.campaign.name, _t(language, N_("Members who submitted")), figures.participants])
    writer.writerows(theme_rows(figures, language))
    return Export(
        content=("\ufeff" + buffer.getvalue()).encode(),  # a BOM so spreadsheet programs read UTF-8
        content_type=CSV_TYPE,
        file_name=f"maturity-{figures.campaign.slug}-{language}.csv",
    )


def to_xlsx(figures: CampaignFigures, *, language: str) -> Export:
    # openpyxl is imported here, not with the module: it takes half a second that every command and worker paid.
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _t(language, N_("Themes"))[:31]
    sheets = [(sheet, theme_rows(figures, language))]
    if figures.progress:
        sheets.append((book.create_sheet(_t(language, N_("Progress"))[:31]), progress_rows(figures, language)))
    for target, rows in sheets:
        for row in rows:
            target.append(row)
        for cell in target[1]:
            cell.font = Font(bold=True)
        target.freeze_panes = "A2"
        for index, column in enumerate(target.columns, start=1):
            width = max(len(str(cell.value or "")) for cell in column)
            target.column_dimensions[get_column_letter(index)].width = min(60, max(10, width + 2))
    buffer = io.BytesIO()
    book.save(buffer)
    return Export(
        content=buffer.getvalue(),
        content_type=XLSX_TYPE,
        file_name=f"maturity-{figures.campaign.slug}-{language}.xlsx",
    )
