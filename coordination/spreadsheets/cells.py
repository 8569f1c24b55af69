"""Columns and cells: what a cell holds, how it is written to CSV and XLSX, and how it is read back.

Pure functions, no database. Each column has a type; a cell is read into the
column's canonical value (``str``, ``int | None``, ``date | None``, ``bool``,
a list) so an exported file read back compares equal to what is stored, and
an edited cell differs in exactly that column.

Written here rather than by a library: the spreadsheet trouble people bring
(dates typed as text in several orders, ``'=`` guards, a trailing space, a
Latin-1 file) is specific to this import and small.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

from coordination.core.i18n import N_

# Cells that a spreadsheet program would run as a formula (CSV injection): written with a leading apostrophe in CSV.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CellError(Exception):
    """Why a cell cannot be read: an English template marked for translation and its values apart."""

    template: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Column:
    """One column of a kind's sheet.

    ``type``: text, int, date, bool, choice (``choices`` lists the values), datetime (local wall-clock time,
    ``YYYY-MM-DDTHH:MM``), slugs (comma-separated), json (a list, as JSON text).
    ``optional``: an empty cell is None (for text, the empty string). ``key``: matches rows with what is stored.
    ``editable``: False for columns that cannot change once a row exists (they are compared, and a change is an error).
    """

    name: str
    type: str = "text"
    optional: bool = True
    choices: tuple[str, ...] = ()
    key: bool = False
    editable: bool = True
    width: int = 0  # in characters, for XLSX; 0: from the content

    def empty(self) -> Any:
        if self.type in ("text",):
            return ""
        if self.type in ("slugs", "json"):
            return []
        if self.type == "bool":
            return False
        return None


def choice_values(enum: type[Enum]) -> tuple[str, ...]:
    return tuple(str(member.value) for member in enum)


# ------------------------------------------------------------------ reading


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_YEAR_FIRST_SLASH = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$")
_DATETIME = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})[T ](\d{1,2}):(\d{2})(?::00(?:\.0+)?)?$")
_TRUE = {"true", "yes", "1", "vrai", "oui", "sí", "si", "x"}
_FALSE = {"false", "no", "0", "faux", "non", ""}


def _text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.isoformat(timespec="minutes")
    if isinstance(raw, date):
        return raw.isoformat()
    text = str(raw).strip()
    # The apostrophe our CSV export puts before a would-be formula is not part of the value.
    if text.startswith("'") and text[1:2] in FORMULA_STARTS and text[1:2]:
        text = text[1:]
    return text


def _date(text: str) -> date:
    for pattern, order in ((_ISO_DATE, (1, 2, 3)), (_YEAR_FIRST_SLASH, (1, 2, 3)), (_DAY_FIRST, (3, 2, 1))):
        found = pattern.match(text)
        if found:
            year, month, day = (int(found.group(index)) for index in order)
            try:
                return date(year, month, day)
            except ValueError:
                break
    raise CellError(N_("%(value)r is not a date: write it as YYYY-MM-DD (or DD/MM/YYYY)"), {"value": text})


def read_cell(column: Column, raw: Any) -> Any:
    """The canonical value of a cell as a CSV or XLSX reader gave it (``str`` from CSV, typed from XLSX)."""
    kind = column.type
    if kind == "date":
        if isinstance(raw, datetime):
            if raw.time() != datetime.min.time():
                raise CellError(N_("%(value)r is not a date: it has a time of day"), {"value": raw.isoformat()})
            return raw.date()
        if isinstance(raw, date):
            return raw
        text = _text(raw)
        if not text:
            return _required(column)
        return _date(text)
    if kind == "datetime":
        if isinstance(raw, datetime):
            return raw.replace(second=0, microsecond=0, tzinfo=None).isoformat(timespec="minutes")
        text = _text(raw)
        if not text:
            return _required(column)
        found = _DATETIME.match(text)
        if found is None:
            raise CellError(N_("%(value)r is not a date and time: write it as YYYY-MM-DD HH:MM"), {"value": text})
        day = _date(found.group(1))
        try:
            moment = datetime(day.year, day.month, day.day, int(found.group(2)), int(found.group(3)))
        except ValueError:
            raise CellError(
                N_("%(value)r is not a date and time: write it as YYYY-MM-DD HH:MM"), {"value": text}
            ) from None
        return moment.isoformat(timespec="minutes")
    text = _text(raw)
    if kind == "text":
        if not text and not column.optional:
            raise CellError(N_("is empty; a value is required"))
        return text
    if kind == "int":
        if not text:
            return _required(column)
        if isinstance(raw, float) and not raw.is_integer():
            raise CellError(N_("%(value)r is not a whole number"), {"value": text})
        if not re.fullmatch(r"-?\d{1,10}", text):
            raise CellError(N_("%(value)r is not a whole number"), {"value": text})
        return int(text)
    if kind == "bool":
        lowered = text.casefold()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise CellError(N_("%(value)r is not yes or no: write true or false"), {"value": text})
    if kind == "choice":
        if not text:
            return _required(column)
        if text not in column.choices:
            by_folded = {choice.casefold(): choice for choice in column.choices}
            if text.casefold() in by_folded:
                return by_folded[text.casefold()]
            raise CellError(
                N_("%(value)r is not one of: %(choices)s"), {"value": text, "choices": ", ".join(column.choices)}
            )
        return text
    if kind == "slugs":
        return sorted({part.strip() for part in re.split(r"[,;]", text) if part.strip()})
    if kind == "json":
        if not text:
            return []
        try:
            value = json.loads(text)
        except ValueError:
            raise CellError(N_("is not valid JSON; keep the list as it was exported")) from None
        if not isinstance(value, list):
            raise CellError(N_("is not a JSON list; keep the list as it was exported"))
        return value
    raise AssertionError(f"unknown column type {kind}")


def _required(column: Column) -> Any:
    if column.optional:
        return None
    raise CellError(N_("is empty; a value is required"))


# ------------------------------------------------------------------ writing


def csv_cell(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if column.type == "bool":
        return "true" if value else "false"
    if column.type == "date":
        return value.isoformat()
    if column.type == "slugs":
        return ", ".join(value)
    if column.type == "json":
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str) if value else ""
    text = str(value)
    if column.type in ("text", "choice") and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def xlsx_cell(column: Column, value: Any) -> Any:
    """A typed cell: dates as dates, numbers as numbers, times as date-times, everything else as text."""
    if value is None:
        return None
    if column.type in ("date", "int", "bool"):
        return value
    if column.type == "datetime":
        return datetime.fromisoformat(value)
    return csv_cell(column, value).removeprefix("'") if column.type in ("text", "choice") else csv_cell(column, value)


def header_names(columns: Sequence[Column]) -> list[str]:
    return [column.name for column in columns]
