"""The reporting API as a script uses it: a stale save is a 409 that overwrites nothing, bad input names its
field, attachments are checked by content, completeness downloads, and the OpenAPI document has examples."""

from __future__ import annotations

import io
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from coordination.reporting import services as reporting
from coordination.reporting.enums import ReportAction
from tests.factories import reporting as factories
from tests.reporting.conftest import World

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


async def _report(client: httpx.AsyncClient, slot: int, **query: str) -> dict[str, Any]:
    answer = await client.get(f"/api/v1/reporting/slots/{slot}/report", params=query)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def _payload(report: dict[str, Any], **changes: Any) -> dict[str, Any]:
    content = report["content"]
    payload = {
        "revision": report["revision"],
        "language": content["language"],
        "leadership_note": content["leadership_note"],
        "translations": content["translations"],
        "entries": [
            {key: entry[key] for key in ("activity", "status", "progress_percent", "narrative", "added_in_period")}
            for entry in content["entries"]
        ],
        "highlights": [{"title": h["title"], "summary": h["summary"]} for h in content["highlights"]],
    }
    payload.update(changes)
    return payload


async def test_a_stale_save_is_a_409_with_the_current_report_and_overwrites_nothing(
    secretariat_client: httpx.AsyncClient, world: World
) -> None:
    slot = world.digital_cities_slot
    opened = await _report(secretariat_client, slot)
    first = _payload(opened, leadership_note="Saved by the first person.")
    second = _payload(opened, leadership_note="Saved by the second person, from an older page.")
    saved = await secretariat_client.put(f"/api/v1/reporting/slots/{slot}/report", json=first)
    assert saved.status_code == 200, saved.text
    assert saved.json()["revision"] == opened["revision"] + 1

    stale = await secretariat_client.put(f"/api/v1/reporting/slots/{slot}/report", json=second)
    assert stale.status_code == 409
    body = stale.json()
    assert body["errors"][0]["field"] == "revision"
    assert body["current"]["content"]["leadership_note"] == "Saved by the first person."
    assert body["current"]["revision"] == opened["revision"] + 1
    now = await _report(secretariat_client, slot)
    assert now["content"]["leadership_note"] == "Saved by the first person."


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"highlights": [{"title": "Collaboration", "summary": "One.\n\nTwo.\n\nThree."}]}, "highlights[0].summary"),
        ({"leadership_note": "Bell\x07"}, "leadership_note"),
        ({"leadership_note": "Nul\x00"}, "leadership_note"),
        ({"highlights": [{"title": "Tab\tin a title", "summary": ""}]}, "highlights[0].title"),
        ({"highlights": [{"title": "x", "summary": "y" * 4001}]}, "highlights[0].summary"),
        ({"language": "de"}, "language"),
        ({"translations": {"de": {"leadership_note": "Kein Wechsel"}}}, "translations"),
    ],
)
async def test_bad_input_is_a_400_naming_the_field_and_saves_nothing(
    secretariat_client: httpx.AsyncClient, world: World, change: dict[str, Any], field: str
) -> None:
    slot = world.digital_cities_slot
    opened = await _report(secretariat_client, slot)
    answer = await secretariat_client.put(f"/api/v1/reporting/slots/{slot}/report", json=_payload(opened, **change))
    assert answer.status_code == 400, answer.text
    assert answer.json()["errors"][0]["field"].startswith(field), answer.json()
    assert (await _report(secretariat_client, slot))["saved"] is False


async def test_an_entry_must_be_one_of_the_reporters_activities_and_completed_means_100(
    secretariat_client: httpx.AsyncClient, world: World
) -> None:
    slot = world.digital_cities_slot
    opened = await _report(secretariat_client, slot)
    entries = [
        {"activity": world.other_body_activity, "status": "ongoing", "progress_percent": 10},
        {"activity": world.promotion, "status": "completed", "progress_percent": 90},
    ]
    answer = await secretariat_client.put(
        f"/api/v1/reporting/slots/{slot}/report", json=_payload(opened, entries=entries)
    )
    assert answer.status_code == 400
    assert [error["field"] for error in answer.json()["errors"]] == [
        "entries[0].activity",
        "entries[1].progress_percent",
    ]


async def test_attachments_are_checked_by_content_and_stored_by_hash(
    secretariat_client: httpx.AsyncClient, world: World, settings: Any
) -> None:
    slot = world.digital_cities_slot
    url = f"/api/v1/reporting/slots/{slot}/attachments"
    renamed = await secretariat_client.post(url, files={"data": ("budget.pdf", PNG, "application/pdf")})
    assert renamed.status_code == 400
    assert renamed.json()["errors"] == [
        {"field": "file", "message": "budget.pdf is named .pdf but its content is a .png file"}
    ]
    script = await secretariat_client.post(url, files={"data": ("run.exe", b"MZ\x90\x00", "application/pdf")})
    assert script.status_code == 400
    too_big = await secretariat_client.post(
        url, files={"data": ("big.pdf", PDF + b"0" * (10 * 1024 * 1024), "application/pdf")}
    )
    assert too_big.status_code in (400, 413)

    added = await secretariat_client.post(url, files={"data": ("../../rapport 2020.pdf", PDF, "text/plain")})
    assert added.status_code == 201, added.text
    attachment = added.json()
    assert (attachment["file_name"], attachment["kind"], attachment["content_type"]) == (
        "rapport 2020.pdf",
        "pdf",
        "application/pdf",
    )
    stored = settings.data_dir / "attachments" / attachment["sha256"][:2] / attachment["sha256"]
    assert stored.read_bytes() == PDF
    download = await secretariat_client.get(f"{url}/{attachment['id']}")
    assert download.status_code == 200
    assert download.content == PDF
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["content-disposition"].startswith("attachment;")


async def test_completeness_has_rates_as_dhis2_defines_them_and_downloads(
    secretariat_client: httpx.AsyncClient, world: World
) -> None:
    await factories.save(world.digital_cities_slot)
    await reporting.transition(slot_id=world.digital_cities_slot, action=ReportAction.submit)
    answer = await secretariat_client.get("/api/v1/reporting/completeness", params={"period": "2020"})
    assert answer.status_code == 200, answer.text
    matrix = answer.json()
    rates = matrix["rates"][0]
    # Four expected (three bodies and Antony); one received, late (submitted today, long after March 2021).
    assert (rates["expected"], rates["received"], rates["on_time"], rates["late"]) == (4, 1, 0, 1)
    assert (rates["reporting_rate"], rates["timeliness_rate"]) == (25.0, 0.0)
    cells = {row["reporter"]["slug"]: row["cells"][0] for row in matrix["rows"]}
    assert (cells["digital-cities"]["state"], cells["digital-cities"]["timeliness"]) == ("submitted", "late")
    assert (cells["culture"]["state"], cells["culture"]["timeliness"]) == ("not_started", "overdue")

    csv = await secretariat_client.get(
        "/api/v1/reporting/completeness/export", params={"period": "2020", "format": "csv", "lang": "fr"}
    )
    assert csv.status_code == 200
    text = csv.content.decode("utf-8-sig")
    assert (
        text.splitlines()[0] == "Type,Rapporteur,Identifiant,2020 — État,2020 — Ponctualité,2020 — Première soumission"
    )
    assert "Digital Cities Community of Practice,digital-cities,Soumis,En retard," in text
    xlsx = await secretariat_client.get(
        "/api/v1/reporting/completeness/export", params={"period": "2020", "format": "xlsx"}
    )
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Completeness", "Rates"]
    assert [cell.value for cell in book["Rates"][2]][:3] == ["2020", 4, 1]


async def test_the_openapi_document_has_the_reporting_api_with_examples(client: httpx.AsyncClient) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    save = document["paths"]["/api/v1/reporting/slots/{slot_id}/report"]["put"]
    assert save["requestBody"]["content"]["application/json"]["schema"]["examples"][0]["language"] == "fr"
    assert "409" in save["responses"]
    for path in (
        "/api/v1/reporting/periods",
        "/api/v1/reporting/slots",
        "/api/v1/reporting/slots/{slot_id}/versions",
        "/api/v1/reporting/slots/{slot_id}/transitions",
        "/api/v1/reporting/slots/{slot_id}/attachments",
        "/api/v1/reporting/completeness",
    ):
        assert path in document["paths"]


async def test_lists_hold_only_what_the_asker_may_read(app: Any, world: World) -> None:
    from coordination.accounts.enums import Role
    from tests.factories import accounts

    lead = await accounts.user(role=Role.body_lead, body="digital-cities", password=None)
    focal = await accounts.user(role=Role.focal_point, member="antony", password=None)
    for user, expected in ((lead, [("body", "digital-cities")]), (focal, [("member", "antony")])):
        token = await accounts.api_token(user_id=user.id)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver", headers=accounts.bearer(token)
        ) as http:
            listed = (await http.get("/api/v1/reporting/slots")).json()
            assert [(s["reporter"]["kind"], s["reporter"]["slug"]) for s in listed["items"]] == expected
            other = await http.get(f"/api/v1/reporting/slots/{world.villes_moyennes_slot}/report")
            assert other.status_code == 403
            assert (await http.get("/api/v1/reporting/completeness")).status_code == 403
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as public:
        assert (await public.get("/api/v1/reporting/slots")).status_code == 401
