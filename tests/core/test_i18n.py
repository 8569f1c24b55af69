from __future__ import annotations

from datetime import date

import pytest

from coordination.core import i18n


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "8 December 2020"), ("fr", "8 décembre 2020"), ("es", "8 de diciembre de 2020")],
)
def test_format_date_reads_naturally_in_each_language(language: str, expected: str) -> None:
    assert i18n.format_date(date(2020, 12, 8), language) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("fr-FR,fr;q=0.9,en;q=0.8", "fr"),
        ("de-DE,es;q=0.5,en;q=0.7", "en"),
        ("es-419", "es"),
        ("de-DE", None),
        ("", None),
        ("fr;q=0", None),
    ],
)
def test_negotiate_picks_the_best_supported_language(header: str, expected: str | None) -> None:
    assert i18n.negotiate(header) == expected


def test_month_stands_alone_in_each_language() -> None:
    assert [i18n.format_month(2020, 12, lang) for lang in i18n.LANGUAGES] == [
        "December 2020",
        "décembre 2020",
        "diciembre de 2020",
    ]
