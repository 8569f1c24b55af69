"""The secretariat's pages: start, edit, preview, freeze, download — in English, French and Spanish."""

from __future__ import annotations

import re
from datetime import date

import httpx
import pytest
from litestar import Litestar

from coordination.activities.enums import DatePrecision
from coordination.activities.schemas import Period
from coordination.annual_report import services
from tests.annual_report.documents import read_docx
from tests.factories.accounts import csrf_token, post_form
from tests.factories.activities import activity, priority
from tests.factories.bodies import body, term
from tests.factories.members import member
from tests.pages.html import Page, check_accessible


@pytest.fixture
async def network(db: Litestar) -> None:
    await priority(code="A")
    await priority(code="B", title_en="Advocacy", title_fr="Plaidoyer", title_es="Incidencia")
    await member(slug="bilbao", name="Bilbao", country="ES")
    await body(slug="digital-cities", name="Digital Cities Community of Practice")
    await term(body_slug="digital-cities", member_slug="bilbao", start_date=date(2016, 10, 15))
    await activity(
        body="digital-cities",
        priority="A",
        title="Promotion of the Smart Cities Study",
        planned=Period(precision=DatePrecision.year, start=date(2020, 1, 1)),
    )


async def _edit(client: httpx.AsyncClient, **fields: str) -> httpx.Response:
    form = await client.get("/annual-report/2020/edit")
    revision = re.search(r'name="revision" value="(\d+)"', form.text)
    assert revision is not None
    data = {"revision": revision.group(1), "language": "en", "empty_priorities": "omit", **fields}
    return await client.post(
        "/annual-report/2020/edit", data={**data, "_csrf_token": csrf_token(form.text)}, follow_redirects=False
    )


@pytest.mark.parametrize(
    ("language", "title", "start"),
    [("en", "Annual reports", "Start the report"), ("fr", "Rapports annuels", "Commencer le rapport"),
     ("es", "Informes anuales", "Iniciar el informe")],
)  # fmt: skip
async def test_the_secretariat_starts_a_report_in_its_language(
    secretariat_pages: httpx.AsyncClient, network: None, language: str, title: str, start: str
) -> None:
    index = Page((await secretariat_pages.get(f"/annual-report?lang={language}")).text)
    assert index.h1 == title
    assert start in index.text
    check_accessible(index)
    started = await post_form(secretariat_pages, "/annual-report", "/annual-report", {"year": "2020", "language": "fr"})
    assert started.status_code == 303
    assert started.headers["location"] == "/annual-report/2020?done=started"
    year = Page((await secretariat_pages.get("/annual-report/2020")).text)
    check_accessible(year)
    assert (await services.get_draft(year=2020)).language == "fr"
    assert year.link({"en": "Preview", "fr": "Aperçu", "es": "Vista previa"}[language]).startswith(
        "/annual-report/2020/preview"
    )


async def test_a_year_that_is_not_a_year_is_pointed_out(secretariat_pages: httpx.AsyncClient, network: None) -> None:
    refused = await post_form(secretariat_pages, "/annual-report", "/annual-report", {"year": "twenty"})
    assert refused.status_code == 400
    assert "Give a year between 1900 and 2200, such as 2020." in Page(refused.text).text
    assert await services.list_years() == []


async def test_edit_preview_freeze_and_download(secretariat_pages: httpx.AsyncClient, network: None) -> None:
    await services.start_draft(year=2020)
    edit_page = Page((await secretariat_pages.get("/annual-report/2020/edit?lang=fr")).text)
    check_accessible(edit_page)
    assert edit_page.h1 == "Modifier le rapport 2020"
    assert "Aucun rapport approuvé pour cet organe à ce jour." in edit_page.text

    saved = await _edit(
        secretariat_pages,
        introduction="A year of <b>promotion</b>.\n\nSecond paragraph.",
        introduction_fr="Une année de promotion.",
        empty_priorities="mark",
        **{
            "summary:digital-cities": "The study reached 40 countries.",
            "summary_language:digital-cities": "en",
            "summary_fr:digital-cities": "L’étude a touché 40 pays.",
            "summary_es:digital-cities": "",
        },
    )
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"] == "/annual-report/2020?done=saved"

    preview = await secretariat_pages.get("/annual-report/2020/preview?lang=es")
    assert preview.headers["content-language"] == "es"
    shown = Page(preview.text)
    check_accessible(shown)
    assert shown.h1 == "Informe anual 2020"
    # No Spanish translation: the English original, said to be in English once, after its last paragraph.
    assert "A year of <b>promotion</b>. Second paragraph. (en inglés)" in shown.text
    assert "A year of <b>promotion</b>." in shown.text
    assert "&lt;b&gt;promotion&lt;/b&gt;" in preview.text
    assert "The study reached 40 countries." in shown.text
    assert "Ninguna actividad en esta prioridad en 2020." in shown.text  # B is listed, marked empty
    french = Page((await secretariat_pages.get("/annual-report/2020/preview?lang=fr")).text)
    assert "Une année de promotion." in french.text
    assert "L’étude a touché 40 pays." in french.text

    frozen = await post_form(secretariat_pages, "/annual-report/2020", "/annual-report/2020/freeze", {})
    assert frozen.status_code == 303
    assert frozen.headers["location"] == "/annual-report/2020?done=frozen-1"
    year = Page((await secretariat_pages.get("/annual-report/2020?done=frozen-1&lang=fr")).text)
    assert "L’édition 1 est figée." in year.text
    assert "Rien n’a changé depuis l’édition 1." in year.text
    assert "Figer l’édition" not in year.text  # nothing new to freeze

    word = await secretariat_pages.get("/annual-report/2020/download?edition=1&lang=fr&format=docx")
    assert word.status_code == 200
    assert word.headers["content-disposition"] == 'attachment; filename="annual-report-2020-edition-1-fr.docx"'
    assert "Une année de promotion." in read_docx(word.content).text
    html = await secretariat_pages.get("/annual-report/2020/download?edition=1&lang=en&format=html")
    assert html.headers["content-disposition"].startswith("inline;")
    draft = await secretariat_pages.get("/annual-report/2020/download?lang=es&format=md")
    assert draft.headers["content-disposition"] == 'attachment; filename="annual-report-2020-draft-es.md"'


async def test_a_stale_edit_keeps_the_text_and_says_why(secretariat_pages: httpx.AsyncClient, network: None) -> None:
    await services.start_draft(year=2020)
    form = await secretariat_pages.get("/annual-report/2020/edit")
    assert (await _edit(secretariat_pages, introduction="First")).status_code == 303  # someone else, meanwhile
    stale = await secretariat_pages.post(
        "/annual-report/2020/edit",
        data={"revision": "1", "language": "en", "introduction": "Mine", "_csrf_token": csrf_token(form.text)},
    )
    assert stale.status_code == 409
    assert "Someone else saved this report while you were editing it." in Page(stale.text).text
    assert ">Mine</textarea>" in stale.text
    assert (await services.get_draft(year=2020)).introduction == "First"


async def test_pages_of_a_year_not_started_are_not_found(secretariat_pages: httpx.AsyncClient, network: None) -> None:
    for path in ("/annual-report/2020", "/annual-report/2020/edit", "/annual-report/2020/preview"):
        assert (await secretariat_pages.get(path)).status_code == 404, path
    assert (await secretariat_pages.get("/annual-report/2020/download?edition=1")).status_code == 404
