"""The event form: timed in a zone with sessions, all day, to be confirmed; daylight saving; stale edits; leads."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
import pytest

from coordination.accounts.enums import Role
from coordination.events import services as events
from coordination.events.schemas import EventCreate, EventUpdate
from tests.factories.accounts import csrf_token
from tests.factories.bodies import body
from tests.factories.events import datacites_payload
from tests.forms.conftest import Login, error_of, form_values, submit
from tests.pages.html import Page

TIMED = {
    "title": "Open data workshop",
    "body": "digital-cities",
    "kind": "workshop",
    "timing": "timed",
    "start": "2026-06-10T09:30",
    "end": "2026-06-10T12:00",
    "timezone": "Europe/Paris",
    "status": "confirmed",
    "visibility": "public",
    "session-0-title": "Welcome",
    "session-0-start": "2026-06-10T09:30",
    "session-0-end": "2026-06-10T10:00",
    "session-0-kind": "round_table",
    "session-1-title": "Publishing budgets",
    "session-1-start": "2026-06-10T10:15",
    "session-1-end": "2026-06-10T12:00",
    "session-1-kind": "workshop",
    "session-2-title": "",
    "session-2-start": "",
    "session-2-end": "",
}


async def test_the_secretariat_creates_a_timed_event_with_two_sessions_in_paris_time(signed_in: Login) -> None:
    await body(slug="digital-cities", name="Digital Cities")
    http = await signed_in()
    answer = await submit(http, "/events/new?body=digital-cities", TIMED)
    assert answer.status_code == 303, answer.text
    event_id = int(answer.headers["location"].rsplit("/", 1)[1])
    event = await events.get_event(event_id=event_id)
    assert event.starts_at == datetime(2026, 6, 10, 7, 30, tzinfo=UTC)  # 09:30 in Paris in summer is 07:30 UTC
    assert [s.title for s in event.sessions] == ["Welcome", "Publishing budgets"]
    assert event.sessions[1].starts_at == datetime(2026, 6, 10, 8, 15, tzinfo=UTC)


async def test_the_zone_defaults_to_the_bodys_latest_event(signed_in: Login) -> None:
    await body(slug="digital-cities")
    await events.create_event(
        data=msgspec.convert(
            datacites_payload(body="digital-cities", timezone="America/Bogota", sessions=[]), EventCreate
        )
    )
    http = await signed_in()
    opened = await http.get("/events/new?body=digital-cities")
    assert form_values(opened.text)["timezone"] == "America/Bogota"
    assert '<option value="Europe/Paris">' in opened.text  # the searchable list


async def test_a_skipped_local_time_is_explained_next_to_the_field_in_french(signed_in: Login) -> None:
    await body(slug="digital-cities")
    http = await signed_in(language="fr")
    data = {
        **TIMED,
        "start": "2026-03-29T02:30",
        "end": "2026-03-29T04:00",
        "session-0-title": "",
        "session-0-start": "",
        "session-0-end": "",
        "session-1-title": "",
        "session-1-start": "",
        "session-1-end": "",
    }
    answer = await submit(http, "/events/new?body=digital-cities", data)
    assert answer.status_code == 400
    message = error_of(answer.text, "start")
    assert "2026-03-29T02:30" in message
    assert "n’existe pas" in message
    assert form_values(answer.text)["title"] == "Open data workshop"
    assert (await events.list_events(limit=10)).total == 0


async def test_a_session_outside_the_event_is_shown_on_its_row(signed_in: Login) -> None:
    await body(slug="digital-cities")
    http = await signed_in()
    answer = await submit(http, "/events/new?body=digital-cities", {**TIMED, "session-1-end": "2026-06-10T13:00"})
    assert answer.status_code == 400
    assert "after the event" in error_of(answer.text, "session-1-end")
    assert form_values(answer.text)["session-1-title"] == "Publishing budgets"


async def test_all_day_and_to_be_confirmed_events(signed_in: Login) -> None:
    await body(slug="digital-cities")
    http = await signed_in()
    all_day = {**TIMED, "timing": "all_day", "start_date": "2026-12-06", "end_date": "2026-12-07"}
    answer = await submit(http, "/events/new?body=digital-cities", all_day)
    assert answer.status_code == 303, answer.text
    created = await events.get_event(event_id=int(answer.headers["location"].rsplit("/", 1)[1]))
    assert (created.start_date.isoformat(), created.end_date.isoformat(), created.sessions) == (
        "2026-12-06",
        "2026-12-07",
        [],
    )
    tbc = {**TIMED, "timing": "to_be_confirmed", "year": "2027", "month": "3"}
    answer = await submit(http, "/events/new?body=digital-cities", tbc)
    assert answer.status_code == 303, answer.text
    created = await events.get_event(event_id=int(answer.headers["location"].rsplit("/", 1)[1]))
    assert (created.year, created.month) == (2027, 3)


async def test_a_lead_edits_their_bodys_event_and_not_another(signed_in: Login) -> None:
    await body(slug="digital-cities")
    await body(slug="culture")
    mine = await events.create_event(data=msgspec.convert(datacites_payload(body="digital-cities"), EventCreate))
    theirs = await events.create_event(data=msgspec.convert(datacites_payload(body="culture"), EventCreate))
    http = await signed_in(role=Role.body_lead, body="digital-cities")
    opened = await http.get(f"/events/{mine.id}/edit")
    assert opened.status_code == 200
    assert 'value="culture"' not in opened.text  # only the bodies they may edit are offered
    values = form_values(opened.text)
    values.update(
        {
            "title": "Restitution (moved online)",
            "kind": "webinar",
            "timing": "timed",
            "status": "confirmed",
            "visibility": "public",
            "body": "digital-cities",
        }
    )
    answer = await http.post(f"/events/{mine.id}/edit", data=values)
    assert answer.status_code == 303, answer.text
    changed = await events.get_event(event_id=mine.id)
    assert changed.title == "Restitution (moved online)"
    assert len(changed.sessions) == 2
    assert (await http.get(f"/events/{theirs.id}/edit")).status_code == 403
    assert (await http.get(f"/events/{theirs.id}/delete")).status_code == 403
    assert (await http.get("/events/new?body=culture")).status_code == 200  # offered their own body instead


async def test_a_stale_event_edit_is_refused_with_what_changed(signed_in: Login) -> None:
    await body(slug="digital-cities")
    event = await events.create_event(data=msgspec.convert(datacites_payload(body="digital-cities"), EventCreate))
    http = await signed_in()
    opened = await http.get(f"/events/{event.id}/edit")
    await events.update_event(event_id=event.id, data=EventUpdate(revision=event.revision, location="Lyon"))
    values = {
        **form_values(opened.text),
        "kind": "webinar",
        "timing": "timed",
        "status": "confirmed",
        "visibility": "public",
        "body": "digital-cities",
        "location": "Bilbao",
    }
    answer = await http.post(f"/events/{event.id}/edit", data=values)
    assert answer.status_code == 409
    assert "Someone else changed this" in answer.text
    assert "Lyon" in answer.text
    assert (await events.get_event(event_id=event.id)).location == "Lyon"


async def test_deleting_an_event_asks_first(signed_in: Login) -> None:
    await body(slug="digital-cities")
    event = await events.create_event(data=msgspec.convert(datacites_payload(body="digital-cities"), EventCreate))
    http = await signed_in()
    confirm = await http.get(f"/events/{event.id}/delete")
    assert "Set its status to Cancelled".lower() in confirm.text.lower()
    answer = await submit(http, f"/events/{event.id}/delete", {"revision": str(event.revision)})
    assert answer.status_code == 303
    assert (await events.list_events(limit=10)).total == 0


# Checked by hand against the catalogues: the rule's sentence, and the stale deletion naming the event by its
# title in the reader's language.
EVENT_IN = {
    "fr": {
        "year": "l’année doit être comprise entre 1900 et 2100, pas 1800",
        "stale": "Rien n’a été supprimé : quelqu’un d’autre a modifié l’événement « Restitution de DataCités 2 » "
        "(révision 2, la vôtre 1) ; rechargez la page et refaites votre modification",
    },
    "es": {
        "year": "el año debe estar entre 1900 y 2100, no 1800",
        "stale": "No se eliminó: otra persona ha modificado el evento «Restitución de DataCités 2» "
        "(revisión 2, la suya 1); recargue la página y vuelva a aplicar su cambio",
    },
}


@pytest.mark.parametrize("language", ["fr", "es"])
async def test_an_events_refusals_speak_the_readers_language(signed_in: Login, language: str) -> None:
    await body(slug="digital-cities")
    expected = EVENT_IN[language]
    http = await signed_in(language=language)
    too_early = {**TIMED, "timing": "all_day", "start_date": "1800-12-06", "end_date": "1800-12-07"}
    refused = await submit(http, "/events/new?body=digital-cities", too_early)
    assert refused.status_code == 400
    assert error_of(refused.text, "start_date") == expected["year"]
    assert (await events.list_events(limit=10)).total == 0
    titles = {"fr": {"title": "Restitution de DataCités 2"}, "es": {"title": "Restitución de DataCités 2"}}
    event = await events.create_event(
        data=msgspec.convert(datacites_payload(body="digital-cities", translations=titles), EventCreate)
    )
    confirm = await http.get(f"/events/{event.id}/delete")
    await events.update_event(event_id=event.id, data=EventUpdate(revision=event.revision, location="Lyon"))
    stale = await http.post(
        f"/events/{event.id}/delete", data={"revision": str(event.revision), "_csrf_token": csrf_token(confirm.text)}
    )
    assert stale.status_code == 409
    assert expected["stale"] in Page(stale.text).text
    assert (await events.get_event(event_id=event.id)).location == "Lyon"
