"""Planned periods: how precisely a plan is dated, and how to say it in each language.

Work plans are dated loosely: "End 2019: finalisation of the study", "2020:
promotion and dissemination", "2019–2020: learning meetings", a quarter, a
month, or a day. A period is stored as the first and last day it covers plus
its precision, so it can be filtered by date and still be shown as it was
written. Every period is a whole number of units of its precision:

- ``day``: any first and last day;
- ``month``: from the 1st of a month to the last day of a month;
- ``quarter``: from 1 January, 1 April, 1 July or 1 October to the last day of a quarter;
- ``year``: from 1 January to 31 December (of the same or a later year);
- ``end_of_year``: the last quarter of one year, 1 October to 31 December
  ("the last months of 2019").

The input names the precision and the first day; the last day defaults to the
end of the unit that starts there (``{"precision": "year", "start": "2020-01-01"}``
is 2020).
"""

from __future__ import annotations

import calendar
from datetime import date

from babel.dates import format_interval, format_skeleton

from coordination.activities.enums import DatePrecision
from coordination.activities.schemas import PeriodOut
from coordination.core.errors import InvalidInput
from coordination.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, format_date, format_month, locale

# CLDR has no "end of <year>" pattern, and these three belong together with
# the rest of this module rather than in the page catalogues.
_END_OF_YEAR = {"en": "End of {year}", "fr": "Fin {year}", "es": "Finales de {year}"}

# "Q2 2020" is how English plans are written; "T2 2020" is cryptic in French
# and Spanish, where the full "2e trimestre 2020" is usual.
_QUARTER_SKELETONS = {"en": "yQQQ", "fr": "yQQQQ", "es": "yQQQQ"}

_QUARTER_FIRST_MONTHS = (1, 4, 7, 10)


def _last_day_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def unit_end(start: date, precision: DatePrecision) -> date:
    """The last day of the unit of ``precision`` that begins on ``start``."""
    if precision is DatePrecision.day:
        return start
    if precision is DatePrecision.month:
        return _last_day_of_month(start.year, start.month)
    if precision is DatePrecision.quarter:
        return _last_day_of_month(start.year, start.month + 2)
    return date(start.year, 12, 31)


def _check_start(start: date, precision: DatePrecision, field: str) -> None:
    """``start`` must begin a unit of ``precision``; else ``InvalidInput`` naming ``field``."""
    params = {"date": start.isoformat()}
    if precision is DatePrecision.month and start.day != 1:
        raise InvalidInput(
            N_("a period by month starts on the 1st of a month, not on %(date)s"), field=field, params=params
        )
    if precision is DatePrecision.quarter and (start.day != 1 or start.month not in _QUARTER_FIRST_MONTHS):
        raise InvalidInput(
            N_("a period by quarter starts on 1 January, 1 April, 1 July or 1 October, not on %(date)s"),
            field=field,
            params=params,
        )
    if precision is DatePrecision.year and (start.month, start.day) != (1, 1):
        raise InvalidInput(N_("a period by year starts on 1 January, not on %(date)s"), field=field, params=params)
    if precision is DatePrecision.end_of_year and (start.month, start.day) != (10, 1):
        raise InvalidInput(
            N_("the end of a year is its last quarter and starts on 1 October, not on %(date)s"),
            field=field,
            params=params,
        )


def _check_end(start: date, end: date, precision: DatePrecision, field: str) -> None:
    """``end`` must close a unit of ``precision``, not before ``start``; else ``InvalidInput`` naming ``field``."""
    params = {"date": end.isoformat(), "start": start.isoformat(), "year": start.year}
    if end < start:
        raise InvalidInput(N_("the period ends (%(date)s) before it starts (%(start)s)"), field=field, params=params)
    if precision is DatePrecision.month and end != _last_day_of_month(end.year, end.month):
        raise InvalidInput(
            N_("a period by month ends on the last day of a month, not on %(date)s"), field=field, params=params
        )
    if precision is DatePrecision.quarter and (
        end.month not in {m + 2 for m in _QUARTER_FIRST_MONTHS} or end != _last_day_of_month(end.year, end.month)
    ):
        raise InvalidInput(
            N_("a period by quarter ends on 31 March, 30 June, 30 September or 31 December, not on %(date)s"),
            field=field,
            params=params,
        )
    if precision is DatePrecision.year and (end.month, end.day) != (12, 31):
        raise InvalidInput(N_("a period by year ends on 31 December, not on %(date)s"), field=field, params=params)
    if precision is DatePrecision.end_of_year and end != date(start.year, 12, 31):
        raise InvalidInput(
            N_("the end of %(year)s ends on %(year)s-12-31, not on %(date)s"), field=field, params=params
        )


def normalise_period(
    *, start: date, end: date | None, precision: DatePrecision, field: str = "planned"
) -> tuple[date, date]:
    """The first and last day of a period, checked against its precision.

    Raises ``InvalidInput`` naming ``<field>.start`` or ``<field>.end``.
    """
    _check_start(start, precision, f"{field}.start")
    last = unit_end(start, precision) if end is None else end
    _check_end(start, last, precision, f"{field}.end")
    return start, last


def _language(language: str) -> str:
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def _day(value: date, language: str) -> str:
    return format_date(value, language)


def _days(start: date, end: date, language: str) -> str:
    babel_locale = locale(language)
    if start == end:
        return _day(start, language)
    # The three languages put the day first, so the shared tail can be dropped
    # from the first day: "8–10 December 2020", "28 November – 10 December 2020".
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{_day(end, language)}"
    if start.year == end.year:
        return f"{format_skeleton('MMMMd', start, locale=babel_locale)} – {_day(end, language)}"
    return f"{_day(start, language)} – {_day(end, language)}"


def _quarter(value: date, language: str) -> str:
    return format_skeleton(_QUARTER_SKELETONS[language], value, locale=locale(language))


def describe_planned(planned: PeriodOut | None, language: str) -> str:
    """An activity's planned period in ``language``, or "" when it has none."""
    if planned is None:
        return ""
    return describe_period(planned.start, planned.end, planned.precision, language)


def describe_period(start: date, end: date, precision: DatePrecision | str, language: str) -> str:
    """A period as a person would write it in ``language`` (en, fr or es).

    >>> describe_period(date(2019, 10, 1), date(2019, 12, 31), "end_of_year", "fr")
    'Fin 2019'
    """
    language = _language(language)
    precision = DatePrecision(precision)
    babel_locale = locale(language)
    if precision is DatePrecision.end_of_year:
        return _END_OF_YEAR[language].format(year=start.year)
    if precision is DatePrecision.year:
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    if precision is DatePrecision.quarter:
        first, last = _quarter(start, language), _quarter(end, language)
        return first if first == last else f"{first} – {last}"
    if precision is DatePrecision.month:
        if (start.year, start.month) == (end.year, end.month):
            return format_month(start.year, start.month, language)
        # CLDR pads this dash with thin spaces; the other ranges here use plain ones.
        return format_interval(start, end, skeleton="yMMMM", locale=babel_locale).replace("\u2009", " ")
    return _days(start, end, language)
