"""Planned periods: what each precision accepts, and how each reads in English, French and Spanish."""

from __future__ import annotations

from datetime import date

import pytest

from coordination.activities.enums import DatePrecision
from coordination.activities.periods import describe_period, describe_planned, normalise_period
from coordination.activities.schemas import PeriodOut
from coordination.core.errors import InvalidInput

D = date


@pytest.mark.parametrize(
    ("start", "end", "precision", "en", "fr", "es"),
    [
        (D(2019, 10, 1), D(2019, 12, 31), "end_of_year", "End of 2019", "Fin 2019", "Finales de 2019"),
        (D(2020, 1, 1), D(2020, 12, 31), "year", "2020", "2020", "2020"),
        (D(2019, 1, 1), D(2020, 12, 31), "year", "2019–2020", "2019–2020", "2019–2020"),
        (D(2020, 4, 1), D(2020, 6, 30), "quarter", "Q2 2020", "2e trimestre 2020", "2.º trimestre de 2020"),
        (
            D(2020, 4, 1),
            D(2020, 9, 30),
            "quarter",
            "Q2 2020 – Q3 2020",
            "2e trimestre 2020 – 3e trimestre 2020",
            "2.º trimestre de 2020 – 3.er trimestre de 2020",
        ),
        (D(2020, 3, 1), D(2020, 3, 31), "month", "March 2020", "mars 2020", "marzo de 2020"),
        (D(2020, 3, 1), D(2020, 5, 31), "month", "March – May 2020", "mars – mai 2020", "marzo–mayo de 2020"),
        (
            D(2020, 11, 1),
            D(2021, 2, 28),
            "month",
            "November 2020 – February 2021",
            "novembre 2020 – février 2021",
            "noviembre de 2020 – febrero de 2021",
        ),
        (D(2020, 12, 8), D(2020, 12, 8), "day", "8 December 2020", "8 décembre 2020", "8 de diciembre de 2020"),
        (
            D(2020, 12, 8),
            D(2020, 12, 10),
            "day",
            "8–10 December 2020",
            "8–10 décembre 2020",
            "8–10 de diciembre de 2020",
        ),
        (
            D(2020, 11, 28),
            D(2020, 12, 10),
            "day",
            "28 November – 10 December 2020",
            "28 novembre – 10 décembre 2020",
            "28 de noviembre – 10 de diciembre de 2020",
        ),
        (
            D(2020, 12, 28),
            D(2021, 1, 3),
            "day",
            "28 December 2020 – 3 January 2021",
            "28 décembre 2020 – 3 janvier 2021",
            "28 de diciembre de 2020 – 3 de enero de 2021",
        ),
    ],
)
def test_describe_period_reads_as_written_in_each_language(
    start: date, end: date, precision: str, en: str, fr: str, es: str
) -> None:
    assert [describe_period(start, end, precision, language) for language in ("en", "fr", "es")] == [en, fr, es]


def test_describe_period_in_an_unknown_language_falls_back_to_english() -> None:
    assert describe_period(D(2020, 4, 1), D(2020, 6, 30), DatePrecision.quarter, "de") == "Q2 2020"


@pytest.mark.parametrize(
    ("start", "precision", "end"),
    [
        (D(2020, 12, 8), DatePrecision.day, D(2020, 12, 8)),
        (D(2020, 2, 1), DatePrecision.month, D(2020, 2, 29)),
        (D(2020, 4, 1), DatePrecision.quarter, D(2020, 6, 30)),
        (D(2020, 10, 1), DatePrecision.quarter, D(2020, 12, 31)),
        (D(2020, 1, 1), DatePrecision.year, D(2020, 12, 31)),
        (D(2019, 10, 1), DatePrecision.end_of_year, D(2019, 12, 31)),
    ],
)
def test_period_without_end_covers_the_unit_it_starts(start: date, precision: DatePrecision, end: date) -> None:
    assert normalise_period(start=start, end=None, precision=precision) == (start, end)


@pytest.mark.parametrize(
    ("start", "end", "precision", "field"),
    [
        (D(2020, 5, 1), None, DatePrecision.quarter, "planned.start"),
        (D(2020, 4, 2), None, DatePrecision.quarter, "planned.start"),
        (D(2020, 4, 1), D(2020, 7, 31), DatePrecision.quarter, "planned.end"),
        (D(2020, 3, 15), None, DatePrecision.month, "planned.start"),
        (D(2020, 3, 1), D(2020, 4, 15), DatePrecision.month, "planned.end"),
        (D(2020, 7, 1), None, DatePrecision.year, "planned.start"),
        (D(2019, 1, 1), D(2020, 6, 30), DatePrecision.year, "planned.end"),
        (D(2019, 12, 1), None, DatePrecision.end_of_year, "planned.start"),
        (D(2019, 10, 1), D(2020, 12, 31), DatePrecision.end_of_year, "planned.end"),
        (D(2020, 12, 10), D(2020, 12, 8), DatePrecision.day, "planned.end"),
        (D(2020, 1, 1), D(2019, 12, 31), DatePrecision.year, "planned.end"),
    ],
)
def test_period_not_aligned_to_its_precision_is_refused_naming_the_side(
    start: date, end: date | None, precision: DatePrecision, field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        normalise_period(start=start, end=end, precision=precision)
    assert [error.field for error in refused.value.errors] == [field]


def test_quarter_not_starting_a_quarter_says_which_days_would() -> None:
    with pytest.raises(InvalidInput) as refused:
        normalise_period(start=D(2020, 5, 1), end=None, precision=DatePrecision.quarter)
    assert refused.value.detail == (
        "a period by quarter starts on 1 January, 1 April, 1 July or 1 October, not on 2020-05-01"
    )


def test_describe_planned_reads_an_activity_period_or_nothing() -> None:
    planned = PeriodOut(precision=DatePrecision.year, start=D(2019, 1, 1), end=D(2020, 12, 31))
    assert (describe_planned(planned, "es"), describe_planned(None, "fr")) == ("2019–2020", "")
