"""Every string the pages show is translated into French and Spanish.

The strings are extracted from the code and templates now, with the same
configuration as ``make messages``, so a string added without a translation
fails here rather than showing up in English on a French page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from coordination.core import i18n

ROOT = Path(__file__).resolve().parents[2]


def extracted_messages() -> set[str]:
    method_map = [
        ("coordination/**.py", "python"),
        ("coordination/**/templates/**.html", "jinja2"),
        ("coordination/**/templates/**.txt", "jinja2"),
    ]
    keywords = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
    found: set[str] = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=keywords
    ):
        found.update([message] if isinstance(message, str) else [m for m in message if m])
    return found


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_extracted_string_has_a_translation(language: str) -> None:
    with (i18n.TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale=language)
    translated = {
        message_id
        for message in catalog
        if message.id and (all(message.string) if isinstance(message.string, tuple) else message.string)
        for message_id in ([message.id] if isinstance(message.id, str) else message.id)
    }
    fuzzy = {message.id for message in catalog if message.fuzzy and message.id}
    missing = sorted(extracted_messages() - translated)
    assert missing == [], f"untranslated into {language}: {missing}"
    assert fuzzy == set(), f"fuzzy (unchecked) translations in {language}: {fuzzy}"


def test_a_known_string_is_translated_at_run_time() -> None:
    assert i18n.gettext("fr", "Page not found") == "Page introuvable"
    assert i18n.gettext("es", "Page not found") == "Página no encontrada"
    assert i18n.gettext("en", "Page not found") == "Page not found"
