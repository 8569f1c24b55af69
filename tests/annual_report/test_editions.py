"""Drafts, frozen editions and their files, through the API as the secretariat's scripts use it."""

from __future__ import annotations

import asyncio
import hashlib
import json
from datetime import date
from pathlib import Path

import httpx
import msgspec
import pytest
from litestar import Litestar

from coordination.activities import services as activities
from coordination.activities.enums import DatePrecision
from coordination.activities.schemas import Period
from coordination.annual_report import model as m
from coordination.annual_report import services
from coordination.annual_report.tables import AnnualReportEdition
from coordination.core.errors import Conflict
from tests.factories.activities import activity, priority
from tests.factories.bodies import body, term
from tests.factories.members import member

BASE = "/api/v1/annual-reports"
YEAR_2020 = Period(precision=DatePrecision.year, start=date(2020, 1, 1))


@pytest.fixture
async def network(db: Litestar) -> int:
    """Digital Cities led by Bilbao, with one activity in 2020; the activity's id."""
    await priority(code="A")
    await member(slug="bilbao", name="Bilbao", country="ES")
    await body(slug="digital-cities", name="Digital Cities Community of Practice")
    await term(body_slug="digital-cities", member_slug="bilbao", start_date=date(2016, 10, 15))
    made = await activity(
        body="digital-cities", priority="A", title="Promotion of the Smart Cities Study", planned=YEAR_2020
    )
    return made.id


async def _start(client: httpx.AsyncClient) -> dict[str, object]:
    started = await client.post(BASE, json={"year": 2020, "language": "en"})
    assert started.status_code == 201, started.text
    return started.json()


async def test_a_draft_is_started_once_and_edited_with_its_revision(
    secretariat_client: httpx.AsyncClient, network: int
) -> None:
    draft = await _start(secretariat_client)
    assert (draft["year"], draft["revision"], draft["introduction"]) == (2020, 1, "")
    again = await secretariat_client.post(BASE, json={"year": 2020})
    assert again.status_code == 409
    assert again.json()["errors"][0]["field"] == "year"

    edit = {
        "revision": 1,
        "introduction": "In 2020 the network adapted to the pandemic.",
        "translations": {"fr": {"introduction": "En 2020, le réseau s’est adapté à la pandémie."}},
        "summaries": [{"body": "digital-cities", "text": "The study was promoted worldwide.", "language": "en"}],
    }
    edited = await secretariat_client.patch(f"{BASE}/2020/draft", json=edit)
    assert edited.status_code == 200, edited.text
    assert edited.json()["revision"] == 2
    assert edited.json()["summaries"] == [
        {"body": "digital-cities", "text": "The study was promoted worldwide.", "language": "en", "translations": {}}
    ]
    stale = await secretariat_client.patch(f"{BASE}/2020/draft", json={**edit, "introduction": "Overwritten"})
    assert stale.status_code == 409
    assert (await secretariat_client.get(f"{BASE}/2020/draft")).json()["introduction"].startswith("In 2020")

    french = await secretariat_client.get(f"{BASE}/2020/report", params={"lang": "fr", "format": "json"})
    assert french.json()["introduction"] == {
        "text": "En 2020, le réseau s’est adapté à la pandémie.",
        "language": "fr",
        "untranslated": False,
    }
    spanish = (await secretariat_client.get(f"{BASE}/2020/report", params={"lang": "es"})).json()
    # No Spanish translation: the original, marked as English.
    assert spanish["introduction"] == {
        "text": "In 2020 the network adapted to the pandemic.",
        "language": "en",
        "untranslated": True,
    }
    chapter = spanish["bodies"][0]
    assert chapter["summary"]["source"] == "secretariat"
    assert chapter["summary"]["text"]["untranslated"] is True


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"translations": {"de": {"introduction": "Einleitung"}}}, "translations.de"),
        ({"translations": {"fr": {"title": "Titre"}}}, "translations.fr.title"),
        ({"summaries": [{"body": "no-such-body", "text": "x"}]}, "summaries[0].body"),
        ({"empty_priorities": "hide"}, "empty_priorities"),
        ({"introduction": "x" * 20_001}, "introduction"),
    ],
)
async def test_bad_edits_name_the_field_and_change_nothing(
    secretariat_client: httpx.AsyncClient, network: int, change: dict[str, object], field: str
) -> None:
    await _start(secretariat_client)
    refused = await secretariat_client.patch(f"{BASE}/2020/draft", json={"revision": 1, **change})
    assert refused.status_code == 400, refused.text
    assert refused.json()["errors"][0]["field"] == field
    assert (await secretariat_client.get(f"{BASE}/2020/draft")).json()["revision"] == 1


async def test_an_edition_never_changes_and_new_data_makes_a_new_one(
    secretariat_client: httpx.AsyncClient, network: int, settings: object
) -> None:
    await _start(secretariat_client)
    frozen = await secretariat_client.post(f"{BASE}/2020/editions")
    assert frozen.status_code == 201, frozen.text
    assert (frozen.json()["number"], frozen.json()["frozen_by"]) == (1, "api-tests@example.org")
    nothing_new = await secretariat_client.post(f"{BASE}/2020/editions")
    assert nothing_new.status_code == 409
    assert "nothing has changed since edition 1" in nothing_new.json()["detail"]

    edition_1 = {"lang": "fr", "format": "json", "edition": 1}
    before = (await secretariat_client.get(f"{BASE}/2020/report", params=edition_1)).content
    current = await activities.get_activity(activity_id=network)
    changed = await secretariat_client.patch(
        f"/api/v1/activities/{network}",
        json={"revision": current.revision, "status": "completed", "progress_percent": 100},
    )
    assert changed.status_code == 200, changed.text

    after = (await secretariat_client.get(f"{BASE}/2020/report", params=edition_1)).content
    assert after == before
    frozen_activity = json.loads(after)["bodies"][0]["priorities"][0]["activities"][0]
    assert (frozen_activity["status"], frozen_activity["status_label"]) == ("planned", "Prévu")
    draft = (await secretariat_client.get(f"{BASE}/2020/report", params={"lang": "fr"})).json()
    assert draft["bodies"][0]["priorities"][0]["activities"][0]["status_label"] == "Terminé"
    assert draft["edition"] is None

    second = await secretariat_client.post(f"{BASE}/2020/editions")
    assert second.status_code == 201
    assert second.json()["number"] == 2
    listed = (await secretariat_client.get(f"{BASE}/2020/editions")).json()
    assert [edition["number"] for edition in listed] == [1, 2]


async def test_regenerating_an_edition_from_the_same_data_gives_the_same_model(db: Litestar, network: int) -> None:
    await services.start_draft(year=2020)
    edition = await services.freeze_edition(year=2020)
    for language in ("en", "fr", "es"):
        stored = await services.edition_model(year=2020, number=edition.number, language=language)
        assert stored.edition is not None
        assert stored.edition.number == 1
        rebuilt = await services.draft_model(year=2020, language=language)
        assert m.encode(msgspec.structs.replace(rebuilt, edition=stored.edition)) == m.encode(stored)


async def test_edition_files_are_written_once_under_the_year_with_a_manifest(
    secretariat_client: httpx.AsyncClient, network: int, app: Litestar
) -> None:
    exports: Path = app.state.settings.exports_dir
    await _start(secretariat_client)
    await secretariat_client.post(f"{BASE}/2020/editions")
    asked = {"lang": "es", "format": "docx", "edition": 1}
    first = await secretariat_client.get(f"{BASE}/2020/report", params=asked)
    assert first.status_code == 200
    assert first.headers["content-disposition"] == 'attachment; filename="annual-report-2020-edition-1-es.docx"'
    path = exports / "2020" / "annual-report-2020-edition-1-es.docx"
    assert path.read_bytes() == first.content

    manifest = (await secretariat_client.get(f"{BASE}/2020/manifest")).json()
    assert manifest["files"] == [
        {
            "edition": 1,
            "language": "es",
            "format": "docx",
            "file": "annual-report-2020-edition-1-es.docx",
            "checksum": "sha256:" + hashlib.sha256(first.content).hexdigest(),
            "bytes": len(first.content),
            "created_by": "api-tests@example.org",
            "created_at": manifest["files"][0]["created_at"],
        }
    ]
    on_disk = json.loads((exports / "2020" / "manifest.json").read_text())
    assert on_disk["files"][0]["checksum"] == manifest["files"][0]["checksum"]

    written_at = path.stat().st_mtime_ns
    again = await secretariat_client.get(f"{BASE}/2020/report", params=asked)
    assert again.content == first.content
    assert path.stat().st_mtime_ns == written_at

    path.write_bytes(b"damaged")
    repaired = await secretariat_client.get(f"{BASE}/2020/report", params=asked)
    assert repaired.content == first.content  # rendered again from the frozen model: the same bytes
    assert path.read_bytes() == first.content


async def test_two_people_freezing_at_once_make_one_edition(db: Litestar, network: int) -> None:
    await services.start_draft(year=2020)
    results = await asyncio.gather(
        services.freeze_edition(year=2020), services.freeze_edition(year=2020), return_exceptions=True
    )
    assert sorted(type(result).__name__ for result in results) == ["Conflict", "EditionOut"]
    assert any(isinstance(result, Conflict) for result in results)
    assert await AnnualReportEdition.count().where(AnnualReportEdition.year == 2020) == 1


async def test_unknown_years_and_editions_are_404(secretariat_client: httpx.AsyncClient, network: int) -> None:
    assert (await secretariat_client.get(f"{BASE}/2031/draft")).status_code == 404
    assert (await secretariat_client.post(f"{BASE}/2031/editions")).status_code == 404
    await _start(secretariat_client)
    missing = await secretariat_client.get(f"{BASE}/2020/report", params={"edition": 3})
    assert missing.status_code == 404
    assert (await secretariat_client.get(f"{BASE}/2020/report", params={"format": "odt"})).status_code == 400


async def test_the_schema_is_served(secretariat_client: httpx.AsyncClient) -> None:
    answer = await secretariat_client.get(f"{BASE}/schema")
    assert answer.json() == m.schema()
