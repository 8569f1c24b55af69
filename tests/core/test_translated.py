"""Translatable content: a reader gets their language where a translation exists, else the original, marked."""

from __future__ import annotations

import pytest

from coordination.core.errors import InvalidInput
from coordination.core.translated import clean_translations, dump, load, localize

MANDATE_FR = "Mettre à jour l'étude Smart Cities Study"
MANDATE_EN = "Update the Smart Cities Study"


def test_a_translated_field_is_shown_in_the_readers_language() -> None:
    shown = localize(
        original=MANDATE_FR,
        original_language="fr",
        translations={"en": {"mandate": MANDATE_EN}},
        field="mandate",
        language="en",
    )
    assert (shown.text, shown.language, shown.is_fallback) == (MANDATE_EN, "en", False)


def test_an_untranslated_field_falls_back_to_the_original_marked_as_such() -> None:
    shown = localize(
        original=MANDATE_FR,
        original_language="fr",
        translations={"en": {"mandate": MANDATE_EN}},
        field="mandate",
        language="es",
    )
    assert (shown.text, shown.language, shown.is_fallback) == (MANDATE_FR, "fr", True)


def test_the_original_language_reader_gets_the_original_unmarked() -> None:
    shown = localize(original=MANDATE_FR, original_language="fr", translations={}, field="mandate", language="fr")
    assert (shown.text, shown.is_fallback) == (MANDATE_FR, False)


def test_clean_translations_drops_empty_texts_and_the_rows_own_language() -> None:
    cleaned = clean_translations(
        {"en": {"name": " Digital Cities "}, "es": {"name": "  "}, "fr": {"name": "Villes numériques"}},
        fields={"name"},
        original_language="fr",
    )
    assert cleaned == {"en": {"name": "Digital Cities"}}


@pytest.mark.parametrize(
    ("translations", "field"),
    [
        ({"de": {"name": "Digitale Städte"}}, "translations.de"),
        ({"en": {"slug": "x"}}, "translations.en.slug"),
        ({"en": {"name": "a\x00b"}}, "translations.en.name"),
    ],
)
def test_clean_translations_refuses_what_cannot_be_stored_naming_the_field(
    translations: dict[str, dict[str, str]], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        clean_translations(translations, fields={"name"}, original_language="fr")
    assert refused.value.errors[0].field == field


def test_translations_survive_a_round_trip_through_their_json_column() -> None:
    stored = {"en": {"name": "Digital Cities"}, "es": {"name": "Ciudades digitales"}}
    assert load(dump(stored)) == stored
    assert "Ciudades" in dump(stored)  # readable, not \\u-escaped


def test_a_forms_translation_inputs_become_the_translations_object() -> None:
    from coordination.core.forms import Field, payload, translatable
    from coordination.core.translated import clean_translations

    fields = translatable(
        [Field("name", "Name"), Field("kind", "Kind"), Field("mandate", "Mandate", kind="textarea")],
        ("name", "mandate"),
    )
    assert [spec.name for spec in fields][:4] == ["name", "kind", "mandate", "language"]
    typed = {
        "name": "Commission numérique",
        "language": "fr",
        "translations.en.name": " Digital commission ",
        "translations.es.name": "",
        "translations.es.kind": "ignored: not a translatable field here",
    }
    data = payload(fields, typed)
    assert data["language"] == "fr"
    assert data["translations"]["en"] == {"name": "Digital commission", "mandate": ""}
    assert "kind" not in data["translations"]["es"]
    # Empty texts, and the language the row is written in, are dropped when the translations are checked for storage.
    assert clean_translations(data["translations"], fields=("name", "mandate"), original_language="fr") == {
        "en": {"name": "Digital commission"}
    }
