"""Content in several languages: each row is written in one language and may carry translations.

The network works in English, French and Spanish. A row with translatable
texts (a body's name and mandate, an activity's title and description, a
report's summaries…) keeps:

- its texts as written, in their ordinary columns (``name``, ``description``…),
  so search, sort and every existing reader keep working on them;
- ``language``: the language those texts were written in;
- ``translations``: the same fields in other languages, as one JSON object
  ``{"fr": {"name": "…"}, "es": {"name": "…", "description": "…"}}``.

A reader gets their language where a translation exists and the original
otherwise, marked as such (``Localized.is_fallback``) so pages can say "in
French" and set the ``lang`` attribute. The API reads and writes
``language`` and ``translations`` as they are stored; the pages' forms take
them side by side with the original (``core.forms.translatable``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from msgspec import Meta

from coordination.core import i18n
from coordination.core.errors import FieldError, InvalidInput
from coordination.core.schemas import (
    LINES_PATTERN,
    ONE_LINE_PATTERN,
    PATTERN_MESSAGES,
    TITLE_LENGTH,
    matches,
    pattern_message,
    whole,
)

Translations = dict[str, dict[str, str]]
"""Language → field → text; never holds the row's own language."""

Language = Annotated[
    str,
    Meta(
        min_length=2,
        max_length=2,
        pattern=pattern_message(whole("en|fr|es"), "must be en, fr or es"),
        description="The language the texts were written in: `en`, `fr` or `es`.",
    ),
]

# The longest translated text accepted: a one-line field (a name, a title) as long as the longest one-line
# original, any other text as long as the longest description.
ONE_LINE_TRANSLATION_LENGTH = TITLE_LENGTH
MAX_TRANSLATION_LENGTH = 20_000
TOO_LONG = i18n.N_("at most %(count)s characters")


@dataclass(frozen=True)
class Localized:
    text: str
    language: str  # the language ``text`` is in
    is_fallback: bool  # the reader asked for another language and gets the original

    def __str__(self) -> str:
        return self.text


def localize(
    *,
    original: str,
    original_language: str,
    translations: Mapping[str, Mapping[str, str]] | None,
    field: str,
    language: str,
) -> Localized:
    """``field`` in ``language`` if translated, else the original (marked as a fallback when the languages differ)."""
    if language != original_language:
        translated = ((translations or {}).get(language) or {}).get(field, "")
        if translated.strip():
            return Localized(text=translated, language=language, is_fallback=False)
    return Localized(text=original, language=original_language, is_fallback=language != original_language)


@dataclass(frozen=True)
class Text:
    """A row's translatable text (an activity's title) inside a message: the reader's language where translated.

    A ``core.errors`` message param: a page says it in its language (the original where no translation is), the
    API says the original.
    """

    original: str
    original_language: str
    translations: Mapping[str, Mapping[str, str]] | None
    field: str

    def in_language(self, language: str) -> str:
        return localize(
            original=self.original,
            original_language=self.original_language,
            translations=self.translations,
            field=self.field,
            language=language,
        ).text

    def __str__(self) -> str:
        return self.original

    @classmethod
    def of_row(cls, row: Mapping[str, Any], field: str) -> Text:
        """``field`` of a table row that has ``language`` and ``translations`` columns."""
        return cls(
            original=row[field],
            original_language=row["language"],
            translations=load(row["translations"]),
            field=field,
        )


def localize_struct(value: Any, field: str, language: str) -> Localized:
    """``localize`` for an object (an API struct) that has ``field``, ``language`` and ``translations``."""
    if not hasattr(value, "language"):
        # A reference (a body's slug and name inside an activity…) that does not say its language: shown as is.
        text = str(getattr(value, field) or "")
        return Localized(text=text, language=language, is_fallback=False)
    return localize(
        original=str(getattr(value, field) or ""),
        original_language=str(getattr(value, "language", None) or i18n.DEFAULT_LANGUAGE),
        translations=getattr(value, "translations", None),
        field=field,
        language=language,
    )


def clean_translations(
    value: Mapping[str, Mapping[str, str]] | None,
    *,
    fields: Iterable[str],
    original_language: str,
    one_line: Iterable[str] = (),
) -> Translations:
    """Check translations from a request and keep what is worth storing.

    Unknown languages or fields are refused, naming ``translations.<lang>.<field>``;
    so are control characters (NUL included; line breaks too in the ``one_line``
    fields, such as names and titles). Empty texts and the row's own language
    are dropped (the original columns hold it).
    """
    single = set(one_line)
    allowed = set(fields)
    errors: list[FieldError] = []
    cleaned: Translations = {}
    for language, texts in (value or {}).items():
        if language not in i18n.LANGUAGES:
            unknown = i18n.N_("unknown language: use en, fr or es")
            errors.append(FieldError(f"translations.{language}", unknown, unknown))
            continue
        for name, text in texts.items():
            where = f"translations.{language}.{name}"
            if name not in allowed:
                these = {"fields": ", ".join(sorted(allowed))}
                not_translatable = i18n.N_("not a translatable field; these are: %(fields)s")
                errors.append(FieldError(where, not_translatable % these, not_translatable, these))
            elif len(text) > (limit := ONE_LINE_TRANSLATION_LENGTH if name in single else MAX_TRANSLATION_LENGTH):
                errors.append(FieldError(where, TOO_LONG % {"count": limit}, TOO_LONG, {"count": limit}))
            elif not matches(ONE_LINE_PATTERN if name in single else LINES_PATTERN, text):
                meaning = PATTERN_MESSAGES[ONE_LINE_PATTERN if name in single else LINES_PATTERN]
                errors.append(FieldError(where, meaning, meaning))
            elif language != original_language and text.strip():
                cleaned.setdefault(language, {})[name] = text.strip()
    if errors:
        raise InvalidInput(errors[0].template, errors=errors, params=errors[0].params)
    return cleaned


def load(raw: str | Mapping[str, Any] | None) -> Translations:
    """Translations as read from a JSON column (a string on SQLite, sometimes already decoded)."""
    if not raw:
        return {}
    data = json.loads(raw) if isinstance(raw, str) else raw
    return {str(lang): {str(k): str(v) for k, v in texts.items()} for lang, texts in data.items()}


def dump(translations: Translations) -> str:
    """Translations for a JSON column: stable key order, accents kept readable."""
    return json.dumps(translations, ensure_ascii=False, sort_keys=True)


def prepare_columns(
    values: dict[str, Any], *, fields: Iterable[str], one_line: Iterable[str] = (), current_language: str = "en"
) -> dict[str, Any]:
    """A create's or update's ``language``/``translations`` made ready for their columns, in place.

    The translations are checked (``clean_translations``) against the language the row will be in.
    """
    if "translations" in values:
        values["translations"] = dump(
            clean_translations(
                values["translations"],
                fields=fields,
                original_language=values.get("language") or current_language,
                one_line=one_line,
            )
        )
    return values
