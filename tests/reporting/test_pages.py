"""The reporting pages as people use them, signed in: forms posted with their CSRF token, answers read as text."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from litestar import Litestar

from coordination.accounts.enums import Role
from coordination.activities import services as activities
from coordination.reporting import services as reporting
from tests.factories import accounts
from tests.pages.html import Page, check_accessible
from tests.reporting.conftest import World


async def _signed_in(app: Litestar, email: str) -> httpx.AsyncClient:
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
    signed = await accounts.sign_in(http, email=email)
    assert signed.status_code == 303, signed.text
    return http


@pytest.fixture
async def lead(app: Litestar, world: World) -> AsyncIterator[httpx.AsyncClient]:
    await accounts.user(role=Role.body_lead, body="digital-cities", email="lead@bilbao.example.org")
    http = await _signed_in(app, "lead@bilbao.example.org")
    try:
        yield http
    finally:
        await http.aclose()


@pytest.fixture
async def secretariat(app: Litestar, world: World) -> AsyncIterator[httpx.AsyncClient]:
    await accounts.user(role=Role.secretariat, email="secretariat@example.org")
    http = await _signed_in(app, "secretariat@example.org")
    try:
        yield http
    finally:
        await http.aclose()


def _form_fields(html: str, form_id: str = "report-form") -> dict[str, str]:
    """The values a browser would send for the report form as it is shown (ticked boxes, selected options)."""
    import re

    start = html.index(f'id="{form_id}"')
    body = html[start : html.index("</form>", start)]
    fields: dict[str, str] = {}
    for match in re.finditer(r"<input([^>]*)>", body):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', match.group(1)))
        if "name" not in attrs or attrs.get("type") == "file":
            continue
        if attrs.get("type") == "checkbox":
            if " checked" in match.group(1):
                fields[attrs["name"]] = attrs.get("value", "on")
            continue
        fields[attrs["name"]] = attrs.get("value", "")
    for match in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', body, re.S):
        fields[match.group(1)] = match.group(2)
    for match in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', body, re.S):
        selected = re.search(r'<option value="([^"]*)" selected', match.group(2))
        first = re.search(r'<option value="([^"]*)"', match.group(2))
        fields[match.group(1)] = (selected or first).group(1) if (selected or first) else ""
    return fields


async def test_a_lead_fills_in_submits_and_reads_the_secretariats_reason(
    lead: httpx.AsyncClient, secretariat: httpx.AsyncClient, world: World
) -> None:
    slot = world.digital_cities_slot
    home = Page((await lead.get("/reporting")).text)
    check_accessible(home)
    assert "Digital Cities Community of Practice — 2020" in home.text
    opened = await lead.get(f"/reporting/slots/{slot}")
    assert opened.status_code == 200
    check_accessible(Page(opened.text))
    fields = _form_fields(opened.text)
    assert fields["entry-0-progress"] == "40"
    fields["entry-0-progress"] = "65"
    fields["entry-0-narrative"] = "Lancement de l’étude sur le site web."
    fields["language"] = "fr"
    fields["highlight-0-title"] = "Smart Cities Study"
    fields["highlight-0-summary"] = "Un.\n\nDeux.\n\nTrois."
    fields["_csrf_token"] = accounts.csrf_token(opened.text)
    refused = await lead.post(f"/reporting/slots/{slot}", data={**fields, "then": "submit"})
    assert refused.status_code == 400
    page = Page(refused.text)
    assert "a summary of results is at most 2 paragraphs" in page.text
    assert "Lancement de l’étude sur le site web." in refused.text  # nothing typed is lost

    fields["highlight-0-summary"] = "Vingt-quatre villes ont participé."
    submitted = await lead.post(f"/reporting/slots/{slot}", data={**fields, "then": "submit"})
    assert submitted.status_code == 303, submitted.text
    shown = Page((await lead.get(submitted.headers["location"])).text)
    assert "Your report is submitted. The secretariat will review it." in shown.text
    assert "Submitted" in shown.text

    review = await secretariat.get(f"/reporting/slots/{slot}/review")
    assert review.status_code == 200
    check_accessible(Page(review.text))
    returned = await secretariat.post(
        f"/reporting/slots/{slot}/transitions",
        data={
            "action": "return",
            "reason": "Ajoutez les partenaires.",
            "back": "review",
            "_csrf_token": accounts.csrf_token(review.text),
        },
    )
    assert returned.status_code == 303, returned.text

    again = await lead.get(f"/reporting/slots/{slot}")
    assert "Returned by the secretariat: Ajoutez les partenaires." in Page(again.text).text
    assert "Returned: Ajoutez les partenaires." in Page((await lead.get("/reporting")).text).text
    assert "Ajoutez les partenaires." in Page((await lead.get("/account")).text).text
    fields = _form_fields(again.text)
    fields["entry-0-progress"] = "70"
    fields["_csrf_token"] = accounts.csrf_token(again.text)
    resubmitted = await lead.post(f"/reporting/slots/{slot}", data={**fields, "then": "submit"})
    assert resubmitted.status_code == 303

    versions = Page((await lead.get(f"/reporting/slots/{slot}/versions")).text)
    check_accessible(versions)
    assert "Version 1 beside version 2" in versions.text
    assert "Promotion and dissemination of the Smart Cities Study — Percent done changed 65 % 70 %" in versions.text

    review = await secretariat.get(f"/reporting/slots/{slot}/review")
    approved = await secretariat.post(
        f"/reporting/slots/{slot}/transitions",
        data={"action": "approve", "back": "review", "_csrf_token": accounts.csrf_token(review.text)},
    )
    assert approved.status_code == 303
    assert (await activities.get_activity(activity_id=world.promotion)).progress_percent == 70
    body = Page((await lead.get("/bodies/digital-cities")).text)
    assert "Progress as approved in the report for 2020" in body.text

    completeness = await secretariat.get("/reporting/completeness")
    assert completeness.status_code == 200
    check_accessible(Page(completeness.text))
    csv = await secretariat.get("/reporting/completeness/export?format=csv")
    assert csv.headers["content-type"].startswith("text/csv")


async def test_the_secretariat_creates_a_period_and_sees_its_slots(
    secretariat: httpx.AsyncClient, world: World
) -> None:
    form = await secretariat.get("/reporting/periods/new")
    check_accessible(Page(form.text))
    created = await secretariat.post(
        "/reporting/periods",
        data={
            "kind": "half",
            "year": "2021",
            "number": "1",
            "due_date": "2021-07-31",
            "grace_days": "7",
            "include_bodies": "on",
            "members": "bilbao",
            "_csrf_token": accounts.csrf_token(form.text),
        },
    )
    assert created.status_code == 303, created.text
    assert created.headers["location"] == "/reporting/periods/2021-h1"
    period = Page((await secretariat.get("/reporting/periods/2021-h1")).text)
    check_accessible(period)
    assert period.h1 == "Reporting period H1 2021"
    assert "Bilbao" in period.text
    french = Page((await secretariat.get("/reporting/periods/2021-h1?lang=fr")).text)
    assert french.h1 == "Période de rapport 1ᵉʳ semestre 2021"


async def test_another_bodys_lead_may_not_open_the_report(app: Litestar, world: World) -> None:
    await accounts.user(role=Role.body_lead, body="culture", email="lead@culture.example.org")
    other = await _signed_in(app, "lead@culture.example.org")
    try:
        assert (await other.get(f"/reporting/slots/{world.digital_cities_slot}")).status_code == 403
        home = Page((await other.get("/reporting")).text)
        assert "Digital Cities" not in home.text
        assert "Committee on Culture — 2020" in home.text
    finally:
        await other.aclose()


# Checked by hand against the catalogues: the rules of a period's dates, and a report changed since the review
# page was opened (``what`` named in the reader's language).
REFUSED_IN = {
    "fr": {
        "half": "un semestre porte le numéro 1 ou 2",
        "year": "une période par année demande son année",
        "stale": "quelqu’un d’autre a modifié le rapport {slot} (révision {current}, la vôtre 99) ; "
        "rechargez d’abord la page",
    },
    "es": {
        "half": "un semestre es el número 1 o 2",
        "year": "un periodo por año necesita su año",
        "stale": "otra persona ha modificado el informe {slot} (revisión {current}, la suya 99); "
        "vuelva a cargar la página primero",
    },
}


@pytest.mark.parametrize("language", ["fr", "es"])
async def test_reporting_refusals_speak_the_readers_language(
    secretariat: httpx.AsyncClient, world: World, language: str
) -> None:
    expected = REFUSED_IN[language]
    form = await secretariat.get("/reporting/periods/new", params={"lang": language})
    sent = {"due_date": "2022-01-31", "grace_days": "7", "_csrf_token": accounts.csrf_token(form.text)}
    half = await secretariat.post("/reporting/periods", data={**sent, "kind": "half", "year": "2021", "number": "3"})
    assert half.status_code == 400
    assert expected["half"] in Page(half.text).text
    year = await secretariat.post("/reporting/periods", data={**sent, "kind": "year", "year": ""})
    assert year.status_code == 400
    assert expected["year"] in Page(year.text).text
    slot = world.digital_cities_slot
    current = (await reporting.get_slot(slot_id=slot)).revision
    stale = await secretariat.post(
        f"/reporting/slots/{slot}/transitions",
        data={"action": "approve", "revision": "99", "_csrf_token": accounts.csrf_token(form.text)},
    )
    assert stale.status_code == 409
    assert expected["stale"].format(slot=slot, current=current) in Page(stale.text).text
    assert (await reporting.get_slot(slot_id=slot)).state.value == "not_started"
