"""The activity form: a lead edits their body's activity (period, status, deliverables, partners, participants)."""

from __future__ import annotations

import pytest

from coordination.accounts.enums import Role
from coordination.activities import services as activities
from coordination.activities.schemas import ActivityUpdate
from tests.factories.accounts import csrf_token
from tests.factories.activities import activity, partner, priority
from tests.factories.bodies import body
from tests.factories.members import member
from tests.forms.conftest import Login, error_of, form_values, submit
from tests.pages.html import Page


async def _world() -> tuple[int, int]:
    await body(slug="digital-cities", name="Digital Cities")
    await body(slug="culture", name="Culture")
    await priority(code="A")
    await partner(slug="un-habitat", name="UN-Habitat")
    await member(slug="bilbao", name="Bilbao", country="ES")
    mine = await activity(body="digital-cities", priority="A", title="Smart Cities Study")
    theirs = await activity(body="culture", priority="A", title="Heritage")
    return mine.id, theirs.id


async def test_a_lead_edits_their_bodys_activity_and_cannot_open_another(signed_in: Login) -> None:
    mine, theirs = await _world()
    http = await signed_in(role=Role.body_lead, body="digital-cities")
    detail = await http.get(f"/activities/{mine}")
    assert f'href="/activities/{mine}/edit"' in detail.text
    assert f'href="/activities/{theirs}/edit"' not in (await http.get(f"/activities/{theirs}")).text
    opened = await http.get(f"/activities/{mine}/edit")
    assert opened.status_code == 200
    values = form_values(opened.text)
    values.update(
        {
            "body": "digital-cities",
            "priority": "A",
            "status": "ongoing",
            "progress_percent": "40",
            "planned_precision": "year",
            "planned_start": "2026-01-01",
            "planned_end": "2027-12-31",
            "partners": "un-habitat",
            "participant-0": "bilbao",
            "deliverable-0-title": "Interim report",
            "deliverable-0-url": "https://example.org/report.pdf",
            "deliverable-0-delivered_on": "2026-05-01",
        }
    )
    answer = await http.post(f"/activities/{mine}/edit", data=values)
    assert answer.status_code == 303, answer.text
    changed = await activities.get_activity(activity_id=mine)
    assert (changed.status.value, changed.progress_percent) == ("ongoing", 40)
    assert changed.planned is not None
    assert changed.planned.end.isoformat() == "2027-12-31"
    assert [d.title for d in changed.deliverables] == ["Interim report"]
    assert [p.slug for p in changed.partners] == ["un-habitat"]
    assert [m.slug for m in changed.participants] == ["bilbao"]
    assert (await http.get(f"/activities/{theirs}/edit")).status_code == 403
    assert (await http.get(f"/activities/{theirs}/delete")).status_code == 403


async def test_progress_out_of_range_is_shown_next_to_the_field_in_french(signed_in: Login) -> None:
    mine, _ = await _world()
    http = await signed_in(language="fr")
    opened = await http.get(f"/activities/{mine}/edit")
    values = {
        **form_values(opened.text),
        "body": "digital-cities",
        "priority": "A",
        "status": "ongoing",
        "progress_percent": "140",
    }
    answer = await http.post(f"/activities/{mine}/edit", data=values)
    assert answer.status_code == 400
    assert error_of(answer.text, "progress_percent") == "Saisissez un nombre inférieur ou égal à 100."
    assert form_values(answer.text)["progress_percent"] == "140"
    assert (await activities.get_activity(activity_id=mine)).progress_percent == 0


async def test_an_unknown_participant_is_named(signed_in: Login) -> None:
    mine, _ = await _world()
    http = await signed_in()
    opened = await http.get(f"/activities/{mine}/edit")
    values = {
        **form_values(opened.text),
        "body": "digital-cities",
        "priority": "A",
        "status": "planned",
        "participant-0": "atlantis",
    }
    answer = await http.post(f"/activities/{mine}/edit", data=values)
    assert answer.status_code == 400
    assert "atlantis" in error_of(answer.text, "participants")


async def test_the_secretariat_creates_and_deletes_an_activity(signed_in: Login) -> None:
    await _world()
    http = await signed_in()
    answer = await submit(
        http,
        "/activities/new?body=culture",
        {"title": "Museums online", "body": "culture", "priority": "A", "status": "planned", "progress_percent": "0"},
    )
    assert answer.status_code == 303, answer.text
    created = int(answer.headers["location"].rsplit("/", 1)[1])
    assert (await activities.get_activity(activity_id=created)).body.slug == "culture"
    removed = await submit(http, f"/activities/{created}/delete", {"revision": "1"})
    assert removed.status_code == 303
    assert created not in [a.id for a in (await activities.list_activities(limit=50)).items]


# What a French and a Spanish reader see, checked by hand against the catalogues. The activity's title is
# translated into French only: a Spanish reader gets the English original, marked as such.
ACTIVITY_IN = {
    "fr": {
        "completed": "une activité terminée est réalisée à 100 %, pas à 60 % : indiquez 100 % ou un autre statut",
        "required": "Ce champ est obligatoire.",
        "at_most": "Saisissez un nombre inférieur ou égal à 100.",
        "confirm": "Supprimer l’activité Étude Villes intelligentes ?",
        "stale": "Rien n’a été supprimé : quelqu’un d’autre a modifié l’activité « Étude Villes intelligentes » "
        "(révision 2, la vôtre 1) ; rechargez la page et refaites votre modification",
    },
    "es": {
        "completed": "una actividad completada está realizada al 100 %, no al 60 %: indique 100 % u otro estado",
        "required": "Este campo es obligatorio.",
        "at_most": "Indique un número menor o igual que 100.",
        "confirm": "¿Eliminar la actividad Smart Cities Study (en inglés)?",
        "stale": "No se eliminó: otra persona ha modificado la actividad «Smart Cities Study» "
        "(revisión 2, la suya 1); recargue la página y vuelva a aplicar su cambio",
    },
}


@pytest.mark.parametrize("language", ["fr", "es"])
async def test_refusals_and_the_delete_confirmation_speak_the_readers_language(signed_in: Login, language: str) -> None:
    await body(slug="digital-cities", name="Digital Cities")
    await priority(code="A")
    study = await activity(
        body="digital-cities",
        priority="A",
        title="Smart Cities Study",
        translations={"fr": {"title": "Étude Villes intelligentes"}},
    )
    expected = ACTIVITY_IN[language]
    http = await signed_in(language=language)
    opened = await http.get(f"/activities/{study.id}/edit")
    values = {**form_values(opened.text), "body": "digital-cities", "priority": "A"}
    # A rule of the service: a completed activity is 100 % done.
    completed = await http.post(
        f"/activities/{study.id}/edit", data={**values, "status": "completed", "progress_percent": "60"}
    )
    assert completed.status_code == 400
    assert error_of(completed.text, "progress_percent") == expected["completed"]
    # Two fields wrong at once: both are named, each next to its field.
    both = await http.post(
        f"/activities/{study.id}/edit",
        data={**values, "status": "ongoing", "title": "", "progress_percent": "140"},
    )
    assert both.status_code == 400
    assert (error_of(both.text, "title"), error_of(both.text, "progress_percent")) == (
        expected["required"],
        expected["at_most"],
    )
    # The confirmation names the activity in the reader's language, or in its own, marked with its lang.
    confirm = await http.get(f"/activities/{study.id}/delete")
    assert Page(confirm.text).h1 == expected["confirm"]
    if language == "es":
        assert '<span lang="en">Smart Cities Study</span>' in confirm.text
    # Someone saved the activity since the confirmation was opened: nothing is deleted, and the page says why.
    await activities.update_activity(activity_id=study.id, data=ActivityUpdate(revision=1, progress_percent=10))
    stale = await http.post(
        f"/activities/{study.id}/delete", data={"revision": "1", "_csrf_token": csrf_token(confirm.text)}
    )
    assert stale.status_code == 409
    assert expected["stale"] in Page(stale.text).text
    assert (await activities.get_activity(activity_id=study.id)).progress_percent == 10
