"""Dates of reporting, without the database: a period's first and last day, its name in each language, and
whether a report came on time.

A due date ends at midnight *anywhere on Earth* (UTC−12), the convention of academic deadlines: a report
sent on its due day counts as on time wherever its author is, Montevideo as well as Seoul. The grace period
adds whole days to that. Timeliness is frozen at the first submission (a report returned and resubmitted
keeps it): that is when the secretariat received it.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta

from babel.dates import format_skeleton

from coordination.core.errors import InvalidInput, Phrase
from coordination.core.i18n import LANGUAGES, N_, format_date, locale
from coordination.reporting.enums import PERIOD_KIND_LABELS, PeriodKind, Timeliness

# Midnight at UTC−12 is noon UTC of the next day.
_END_OF_DAY_ANYWHERE = time(12, 0, tzinfo=UTC)

# Half-years have no CLDR pattern; these read as people write them in each language.
_FIRST_HALF = {"en": "H1 {year}", "fr": "1ᵉʳ semestre {year}", "es": "1.er semestre de {year}"}
_SECOND_HALF = {"en": "H2 {year}", "fr": "2ᵉ semestre {year}", "es": "2.º semestre de {year}"}
_QUARTER_SKELETONS = {"en": "yQQQ", "fr": "yQQQQ", "es": "yQQQQ"}


def _last_day_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_dates(
    *, kind: PeriodKind, year: int | None, number: int | None, start: date | None, end: date | None
) -> tuple[date, date]:
    """The first and last day of a period, checked: raises ``InvalidInput`` naming the field at fault."""
    if kind is PeriodKind.custom:
        if start is None:
            raise InvalidInput(N_("a period with other dates needs its first day"), field="start_date")
        if end is None:
            raise InvalidInput(N_("a period with other dates needs its last day"), field="end_date")
        if end < start:
            raise InvalidInput(
                N_("the period ends (%(date)s) before it starts (%(start)s)"),
                field="end_date",
                params={"date": end.isoformat(), "start": start.isoformat()},
            )
        if (end - start).days > 366 * 5:
            raise InvalidInput(N_("a reporting period lasts at most five years"), field="end_date")
        return start, end
    if year is None:
        raise InvalidInput(
            N_("a period by %(kind)s needs its year"),
            field="year",
            params={"kind": Phrase(PERIOD_KIND_LABELS[kind], lowercase=True)},
        )
    if start is not None or end is not None:
        raise InvalidInput(
            N_("a period by %(kind)s takes its dates from year and number; leave start_date and end_date out"),
            field="start_date" if start is not None else "end_date",
            params={"kind": Phrase(PERIOD_KIND_LABELS[kind], lowercase=True)},
        )
    if kind is PeriodKind.year:
        if number is not None:
            raise InvalidInput(N_("a year has no number; leave number out"), field="number")
        return date(year, 1, 1), date(year, 12, 31)
    if kind is PeriodKind.half:
        if number not in (1, 2):
            raise InvalidInput(N_("a half-year is number 1 or 2"), field="number")
        return (date(year, 1, 1), date(year, 6, 30)) if number == 1 else (date(year, 7, 1), date(year, 12, 31))
    if number not in (1, 2, 3, 4):
        raise InvalidInput(N_("a quarter is number 1, 2, 3 or 4"), field="number")
    first_month = 3 * (number - 1) + 1
    return date(year, first_month, 1), _last_day_of_month(year, first_month + 2)


def default_slug(*, kind: PeriodKind, start: date, end: date, name: str) -> str:
    if kind is PeriodKind.year:
        return str(start.year)
    if kind is PeriodKind.half:
        return f"{start.year}-h{1 if start.month == 1 else 2}"
    if kind is PeriodKind.quarter:
        return f"{start.year}-q{(start.month - 1) // 3 + 1}"
    words = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", words).strip("-")[:60].strip("-")
    return slug or f"{start.isoformat()}-{end.isoformat()}"


def describe_period(*, kind: PeriodKind | str, name: str, start: date, end: date, language: str) -> str:
    """A period as people say it: "2020", "H1 2021" / "1ᵉʳ semestre 2021", "Q3 2020", or its own name."""
    if name:
        return name
    language = language if language in LANGUAGES else "en"
    kind = PeriodKind(kind)
    if kind is PeriodKind.year:
        return str(start.year)
    if kind is PeriodKind.half:
        pattern = _FIRST_HALF[language] if start.month == 1 else _SECOND_HALF[language]
        return pattern.format(year=start.year)
    if kind is PeriodKind.quarter:
        return format_skeleton(_QUARTER_SKELETONS[language], start, locale=locale(language))
    return f"{format_date(start, language)} – {format_date(end, language)}"


def end_of_day_anywhere(day: date) -> datetime:
    """The moment ``day`` is over everywhere on Earth."""
    return datetime.combine(day + timedelta(days=1), _END_OF_DAY_ANYWHERE)


def grace_ends(due_date: date, grace_days: int) -> date:
    return due_date + timedelta(days=grace_days)


def timeliness(
    *, first_submitted_at: datetime | None, due_date: date, grace_days: int, now: datetime | None = None
) -> Timeliness:
    """On time, in grace or late (a report received); not due, due in grace or overdue (none received yet)."""
    due_over = end_of_day_anywhere(due_date)
    grace_over = end_of_day_anywhere(grace_ends(due_date, grace_days))
    if first_submitted_at is not None:
        if first_submitted_at < due_over:
            return Timeliness.on_time
        return Timeliness.in_grace if first_submitted_at < grace_over else Timeliness.late
    moment = now or datetime.now(UTC)
    if moment < due_over:
        return Timeliness.not_due
    return Timeliness.due_in_grace if moment < grace_over else Timeliness.overdue


def overlaps(start: date | None, end: date | None, period_start: date, period_end: date) -> bool:
    """Whether a dated span (open on a missing side) shares a day with the period."""
    return (start is None or start <= period_end) and (end is None or end >= period_start)


def count_paragraphs(text: str) -> int:
    return len([part for part in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if part.strip()])
