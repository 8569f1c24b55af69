"""Translations in the forms: the language the texts are written in, and their translations side by side."""

from __future__ import annotations

import re

from coordination.accounts.enums import Role
from coordination.activities import services as activities
from coordination.bodies import services as bodies
from tests.factories.activities import activity, priority
from tests.factories.bodies import body
from tests.forms.conftest import Login, error_of, form_values, submit


def _translation_box(html: str, language: str) -> str:
    """The opening tag of the form's box for the translation into ``language``."""
    found = re.search(rf'<details class="translations" id="translations-{language}"[^>]*>', html)
    assert found, f"no translation box for {language}"
    return found.group(0)


async def test_a_body_written_in_french_with_a_spanish_name_is_shown_in_each_language(signed_in: Login) -> None:
    http = await signed_in()
    opened = await http.get("/bodies/new")
    assert 'name="translations.es.name"' in opened.text
    assert " open" not in _translation_box(opened.text, "es")  # empty translations start closed
    created = await submit(
        http,
        "/bodies/new",
        {
            "slug": "villes-numeriques",
            "name": "Villes numériques",
            "kind": "commission",
            "status": "active",
            "mandate": "Partager les outils numériques des villes.",
            "language": "fr",
            "translations.es.name": "Ciudades digitales",
            "translations.es.mandate": "",
            "translations.en.name": "",
            "translations.en.mandate": "",
        },
    )
    assert created.status_code == 303, created.text
    stored = await bodies.get_body(slug="villes-numeriques")
    assert (stored.language, stored.translations) == ("fr", {"es": {"name": "Ciudades digitales"}})

    spanish = await signed_in(language="es")
    page = (await spanish.get("/bodies/villes-numeriques")).text
    assert re.search(r"<h1[^>]*>\s*Ciudades digitales", page)
    english = await signed_in(language="en")
    page = (await english.get("/bodies/villes-numeriques")).text
    assert re.search(r'<h1[^>]*>\s*<span lang="fr">Villes numériques</span>\s*<small[^>]*>\(in French\)</small>', page)

    edit = (await http.get("/bodies/villes-numeriques/edit")).text
    assert form_values(edit)["translations.es.name"] == "Ciudades digitales"
    assert " open" in _translation_box(edit, "es")
    assert " open" not in _translation_box(edit, "en")
    assert 'id="translations-fr"' not in edit  # no box for the language it is written in
    assert '<option value="fr" selected>French</option>' in edit


async def _activity_in_english() -> int:
    await body(slug="digital-cities", name="Digital Cities")
    await priority(code="A")
    made = await activity(
        body="digital-cities",
        priority="A",
        title="Smart Cities Study",
        language="en",
        translations={"fr": {"title": "Étude villes intelligentes"}},
    )
    return made.id


async def test_a_lead_edits_the_translation_of_their_activity(signed_in: Login) -> None:
    activity_id = await _activity_in_english()
    http = await signed_in(role=Role.body_lead, body="digital-cities")
    opened = await http.get(f"/activities/{activity_id}/edit")
    values = form_values(opened.text)
    assert values["translations.fr.title"] == "Étude villes intelligentes"
    values.update(
        {
            "body": "digital-cities",
            "priority": "A",
            "status": "ongoing",
            "language": "en",
            "translations.fr.title": "Étude sur les villes intelligentes",
            "translations.es.title": "Estudio de ciudades inteligentes",
        }
    )
    saved = await http.post(f"/activities/{activity_id}/edit", data=values)
    assert saved.status_code == 303, saved.text
    now = await activities.get_activity(activity_id=activity_id)
    assert now.title == "Smart Cities Study"
    assert now.translations == {
        "fr": {"title": "Étude sur les villes intelligentes"},
        "es": {"title": "Estudio de ciudades inteligentes"},
    }
    french = await signed_in(language="fr")
    assert "Étude sur les villes intelligentes" in (await french.get(f"/activities/{activity_id}")).text

    # Emptying a translation removes it; the stale form (revision 1) is refused and shows what changed.
    values["translations.fr.title"] = ""
    stale = await http.post(f"/activities/{activity_id}/edit", data=values)
    assert stale.status_code == 409
    assert '<th scope="row">Title (French)</th><td>Étude sur les villes intelligentes</td><td></td>' in stale.text
    values["revision"] = form_values(stale.text)["revision"]
    cleared = await http.post(f"/activities/{activity_id}/edit", data=values)
    assert cleared.status_code == 303, cleared.text
    assert (await activities.get_activity(activity_id=activity_id)).translations == {
        "es": {"title": "Estudio de ciudades inteligentes"}
    }


async def test_a_too_long_translation_is_refused_next_to_its_field_in_french(signed_in: Login) -> None:
    activity_id = await _activity_in_english()
    before = await activities.get_activity(activity_id=activity_id)
    http = await signed_in(role=Role.body_lead, body="digital-cities", language="fr")
    values = form_values((await http.get(f"/activities/{activity_id}/edit")).text)
    values.update(
        {
            "body": "digital-cities",
            "priority": "A",
            "status": "ongoing",
            "language": "en",
            "translations.es.title": "x" * 301,
        }
    )
    refused = await http.post(f"/activities/{activity_id}/edit", data=values)
    assert refused.status_code == 400
    assert error_of(refused.text, "translations.es.title") == "au plus 300 caractères"
    assert " open" in _translation_box(refused.text, "es")  # the error is not hidden in a closed box
    assert form_values(refused.text)["translations.es.title"] == "x" * 301  # what was typed is kept
    after = await activities.get_activity(activity_id=activity_id)
    assert (after.revision, after.status, after.translations) == (before.revision, before.status, before.translations)
