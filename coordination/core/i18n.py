"""Languages, translation catalogues and locale-aware formatting.

The catalogues are Babel ``.po`` files under ``coordination/translations``;
they are compiled in memory when first used, so there is no build step and
no compiled file to forget.
"""

from __future__ import annotations

import gettext as gettext_module
import io
from datetime import date, datetime
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.dates import format_skeleton
from babel.dates import format_time as babel_format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal as babel_format_decimal
from babel.numbers import format_percent as babel_format_percent

LANGUAGES: tuple[str, ...] = ("en", "fr", "es")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}
# The locales dates are formatted in: an international network writes "8 December 2020".
BABEL_LOCALES = {"en": "en_GB", "fr": "fr_FR", "es": "es_ES"}
TRANSLATIONS_DIR = Path(__file__).resolve().parents[1] / "translations"


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated where it is shown."""
    return message


@cache
def translations(language: str) -> gettext_module.NullTranslations:
    po_path = TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po"
    if language == DEFAULT_LANGUAGE or not po_path.exists():
        return gettext_module.NullTranslations()
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext_module.GNUTranslations(buffer)


def gettext(language: str, message: str) -> str:
    return translations(language).gettext(message)


def ngettext(language: str, singular: str, plural: str, n: int) -> str:
    return translations(language).ngettext(singular, plural, n)


def normalise_language(value: str | None) -> str | None:
    if not value:
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else None


def negotiate(accept_language: str | None) -> str | None:
    """The best of our languages from an Accept-Language header, by quality."""
    if not accept_language:
        return None
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")):
        pieces = part.strip().split(";")
        quality = 1.0
        for piece in pieces[1:]:
            if piece.strip().startswith("q="):
                try:
                    quality = float(piece.strip()[2:])
                except ValueError:
                    quality = 0.0
        language = normalise_language(pieces[0])
        if language and quality > 0:
            weighted.append((-quality, index, language))
    return sorted(weighted)[0][2] if weighted else None


@lru_cache(maxsize=16)
def babel_locale(language: str) -> Locale:
    """The parsed Babel locale of one of our languages (parsing it on every date was a tenth of a list page)."""
    return Locale.parse(locale(language))


# Pure functions of their arguments, called for every event of a list: the same days and times recur.
@lru_cache(maxsize=4096)
def format_date(value: date, language: str, format: str = "long") -> str:
    """``8 December 2020`` / ``8 décembre 2020`` / ``8 de diciembre de 2020``."""
    return babel_format_date(value, format=format, locale=babel_locale(language))


@lru_cache(maxsize=4096)
def format_time(value: datetime, language: str) -> str:
    return babel_format_time(value, format="short", locale=babel_locale(language))


def format_datetime(value: datetime, language: str, format: str = "long") -> str:
    return babel_format_datetime(value, format=format, locale=babel_locale(language), tzinfo=value.tzinfo)


@lru_cache(maxsize=1024)
def format_month(year: int, month: int, language: str) -> str:
    """``December 2020`` / ``décembre 2020``: the stand-alone month and year."""
    return format_skeleton("yMMMM", date(year, month, 1), locale=babel_locale(language))


def format_number(value: float, language: str, *, signed: bool = False) -> str:
    """A figure as the reader writes it, up to two decimals: ``1.5`` / ``1,5``; ``signed`` shows ``+0.25``."""
    pattern = "+#,##0.##;-#,##0.##" if signed else "#,##0.##"
    return str(babel_format_decimal(value, format=pattern, locale=babel_locale(language)))


def format_percent(value: float, language: str) -> str:
    """A percentage given out of 100, its decimals kept: ``66.7%`` / ``66,7 %`` / ``66,7 %``."""
    return str(babel_format_percent(value / 100, locale=babel_locale(language), decimal_quantization=False))


def language_name(code: str, in_language: str) -> str:
    """The name of language ``code`` as a reader of ``in_language`` says it ("French", "français", "francés")."""
    return str(Locale.parse(locale(in_language)).languages.get(code, code))


def locale(language: str) -> str:
    return BABEL_LOCALES.get(language, language)
