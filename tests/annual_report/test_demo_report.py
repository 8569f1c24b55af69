"""The 2020 report of the demo network, in every format and language, read back as a reader's software reads it.

The facts come from seed 001 (UCLG's Digital Cities community of practice):
Bilbao leads it, it reported on the third edition of the Smart Cities
Study, and 24 cities took part in that study (the community's members).
"""

from __future__ import annotations

import json
import re

import jsonschema_rs
import pytest
from litestar import Litestar

from coordination.annual_report import model as m
from coordination.annual_report import services
from coordination.annual_report.exporters import export
from tests.annual_report.documents import normalise, read_docx, read_pdf

pytestmark = pytest.mark.demo

NBSP = "\u00a0"
SECTIONS = {
    "en": {
        "contents": "Contents",
        "overview": "Network overview",
        "maturity": "Digital maturity",
        "activities": "1. Main activities",
        "leadership": "2. Leadership updates and other relevant information",
        "summary": "3. Summary of results",
        "annex": "Annex: events of 2020",
        "title": "Annual report 2020",
    },
    "fr": {
        "contents": "Sommaire",
        "overview": "Vue d’ensemble du réseau",
        "maturity": "Maturité numérique",
        "activities": "1. Principales activités",
        "leadership": "2. Mises à jour du leadership et autres informations pertinentes",
        "summary": "3. Synthèse des résultats",
        "annex": f"Annexe{NBSP}: événements de 2020",
        "title": "Rapport annuel 2020",
    },
    "es": {
        "contents": "Índice",
        "overview": "Panorama de la red",
        "maturity": "Madurez digital",
        "activities": "1. Actividades principales",
        "leadership": "2. Cambios en el liderazgo y otra información pertinente",
        "summary": "3. Resumen de resultados",
        "annex": "Anexo: eventos de 2020",
        "title": "Informe anual 2020",
    },
}
FACTS = {
    "en": [
        "Lead: Bilbao, since 15 October 2016",
        "24 members",
        "No change in leadership is foreseen for 2020.",
        "Bilbao: Co-chair of Policy Council on Opportunities for all",
        "Bilbao: Vice-chair of Committee on Culture",
        "No approved report for this body yet.",
    ],
    "fr": [
        f"Chef de file{NBSP}: Bilbao, depuis le 15 octobre 2016",
        "24 membres",
        "Aucun changement n’est prévu en 2020 dans le leadership.",
        "Aucun rapport approuvé pour cet organe à ce jour.",
    ],
    "es": [
        "Líder: Bilbao, desde el 15 de octubre de 2016",
        "24 miembros",
        "No se prevé ningún cambio en el liderazgo en 2020.",
        "Todavía no hay ningún informe aprobado para este órgano.",
    ],
}
# Written in English in the demo's data: the same in every language's report.
CONTENT = ["in particular the third edition of the Smart Cities Study", "Digital Cities Community of Practice"]
DIGITAL_CITIES = "Digital Cities Community of Practice"
# The body's name was written in English and has no translation: other languages' reports say so after it.
DIGITAL_CITIES_HEADING = {
    "en": DIGITAL_CITIES,
    "fr": f"{DIGITAL_CITIES} (en anglais)",
    "es": f"{DIGITAL_CITIES} (en inglés)",
}


def _spaces(text: str) -> str:
    return normalise(text.replace(NBSP, " ").replace("\u202f", " "))


@pytest.fixture
async def reports(db: Litestar) -> dict[str, m.ReportModel]:
    return {
        language: await services.draft_model(year=2020, language=language, require_draft=False)
        for language in ("en", "fr", "es")
    }


@pytest.mark.parametrize("language", ["en", "fr", "es"])
async def test_the_word_file_has_real_headings_a_contents_field_charts_and_the_demos_facts(
    reports: dict[str, m.ReportModel], language: str
) -> None:
    report = reports[language]
    exported = export(report, "docx")
    assert exported.filename == f"annual-report-2020-draft-{language}.docx"
    document = read_docx(exported.content)
    sections = SECTIONS[language]

    top = document.headings(1)
    assert top[0] == sections["overview"]
    assert top[1] == sections["maturity"]  # the demo's 2020 maturity campaign (five DataCités 2 territories)
    assert DIGITAL_CITIES_HEADING[language] in top
    assert top[-1] == sections["annex"]
    assert len(top) == 3 + len(report.bodies)  # the overview, digital maturity, one chapter per body, the annex
    second = document.headings(2)
    for key in ("activities", "leadership", "summary"):
        assert second.count(sections[key]) == len(report.bodies)
    assert "A. " + report.overview.activities_by_priority[0].title.text in document.headings(3)
    assert any("Smart Cities Study" in title for title in document.headings(4))  # activities

    assert any(code.startswith('TOC \\o "1-2"') for code in document.field_codes)
    pictures = document.document.inline_shapes
    # Activities per priority and status; reporting timeliness per period (the demo's 2020 reports); then the
    # members at each maturity level per theme.
    assert len(report.overview.charts) == 2
    assert len(pictures) == 3
    assert round(pictures[0].width.cm) == 16

    text = _spaces(document.text)
    for fact in [*FACTS[language], *CONTENT]:
        assert _spaces(fact) in text, fact

    properties = document.document.core_properties
    assert properties.title.startswith(sections["title"])
    assert properties.author == "United Cities and Local Governments — demo network"
    assert properties.language == {"en": "en-GB", "fr": "fr-FR", "es": "es-ES"}[language]
    assert properties.created is not None
    assert properties.created.year == report.data_as_of.year


@pytest.mark.parametrize("language", ["en", "fr", "es"])
async def test_the_pdf_has_a_cover_contents_with_right_page_numbers_sections_and_facts(
    reports: dict[str, m.ReportModel], language: str
) -> None:
    report = reports[language]
    pdf = read_pdf(export(report, "pdf").content)
    sections = SECTIONS[language]

    cover = normalise(pdf.pages[0])
    assert sections["title"] in cover
    assert report.network.name in cover
    assert normalise(pdf.pages[1]).startswith(sections["contents"])
    # Every chapter is in the contents with the page it really starts on (target-counter).
    contents = _spaces(pdf.pages[1])
    for chapter in report.bodies:
        listed = re.search(re.escape(_spaces(chapter.name.text)) + r" [. ]*(\d+)", contents)
        assert listed is not None, chapter.name.text
        assert int(listed.group(1)) == pdf.first_page_starting_with(chapter.name.text), chapter.name.text
    # Pages are numbered "n / total" in the footer, from the contents page on.
    assert f"2 / {len(pdf.pages)}" in pdf.pages[1]

    text = _spaces(pdf.text)
    for key in ("overview", "activities", "leadership", "summary", "annex"):
        assert _spaces(sections[key]) in text, key
    for fact in [*FACTS[language], *CONTENT]:
        assert _spaces(fact) in text, fact


@pytest.mark.parametrize("language", ["en", "fr", "es"])
async def test_html_markdown_and_json_say_the_same(reports: dict[str, m.ReportModel], language: str) -> None:
    report = reports[language]
    sections = SECTIONS[language]
    html = export(report, "html").content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{sections['title']}</h1>" in html
    assert html.count('<section class="part chapter"') == len(report.bodies)
    assert 'src="data:image/svg+xml;base64,' in html  # the chart, as in the PDF

    markdown = export(report, "md").content.decode()
    assert markdown.startswith(f"# {sections['title']}\n")
    assert f"## {DIGITAL_CITIES}" in markdown
    assert f"### {sections['activities']}" in markdown
    for fact in FACTS[language]:
        assert fact in markdown.replace("\\.", "."), fact

    exported = json.loads(export(report, "json").content)
    jsonschema_rs.validate(m.schema(), exported)
    assert exported["language"] == language
    digital = next(chapter for chapter in exported["bodies"] if chapter["slug"] == "digital-cities")
    assert digital["members_count"] == 24
    assert digital["leadership"]["leaders"][0]["member"]["name"] == "Bilbao"
    assert digital["leadership"]["changes"] == []
    assert {role["body_slug"] for role in digital["leadership"]["other_roles"]} == {"opportunities-for-all", "culture"}


async def test_the_2019_report_says_the_commission_became_a_community_and_24_cities_took_part(db: Litestar) -> None:
    report = await services.draft_model(year=2019, language="fr", require_draft=False)
    digital = next(chapter for chapter in report.bodies if chapter.slug == "digital-cities")
    assert digital.leadership.renaming is not None
    assert digital.leadership.renaming.on_text == "15 novembre 2019"
    study = next(
        activity
        for group in digital.priorities
        for activity in group.activities
        if activity.title.text.startswith("Finalisation of the Smart Cities Study")
    )
    assert study.planned is not None
    assert study.planned.text == "Fin 2019"
    assert len(study.participants) == 24
    assert "Twenty-four cities took part" in study.description.text


async def test_members_only_events_stay_out_and_cancelled_ones_are_listed_not_counted(
    reports: dict[str, m.ReportModel],
) -> None:
    report = reports["en"]
    titles = [event.title.text for event in report.events]
    assert "Smart Cities Study: results for member cities (demo)" not in titles  # members only
    cancelled = next(event for event in report.events if event.title.text.startswith("Learning meeting with WBA"))
    assert cancelled.status_label == "Cancelled"
    figures = report.overview.events
    assert (figures.total, figures.held, figures.cancelled, figures.to_be_confirmed) == (3, 1, 1, 1)
    assert figures.online == 1  # the DataCités 2 restitution, on 8 December 2020


async def test_the_approved_2020_report_of_digital_cities_feeds_its_chapter_and_the_figures(
    reports: dict[str, m.ReportModel],
) -> None:
    """Seed 001 as the demo approved it: its narratives, its two highlights, and the year's reporting figures."""
    french, english, spanish = reports["fr"], reports["en"], reports["es"]
    digital = next(chapter for chapter in french.bodies if chapter.slug == "digital-cities")
    assert digital.summary.source == "approved_reports"
    assert [highlight.title.text for highlight in digital.summary.highlights] == ["Smart Cities Study", "Collaboration"]
    assert "Vingt-quatre villes ont participé à cette édition" in digital.summary.highlights[0].text.text
    promotion = next(
        activity
        for group in digital.priorities
        for activity in group.activities
        if activity.title.text.startswith("Promotion and dissemination")
    )
    assert promotion.narratives[0].text.text.startswith("2020 : promotion et diffusion de l’étude")
    assert promotion.narratives[0].period == "2020"
    assert promotion.narratives[0].approved_on_text == "25 mars 2021"

    # Written in French with an English translation: English readers get the translation, Spanish ones the
    # French original, marked as such.
    english_study = next(c for c in english.bodies if c.slug == "digital-cities").summary.highlights[0].text
    assert english_study.text.startswith("The new edition of the Smart Cities Study was prepared during 2019.")
    assert english_study.untranslated is False
    spanish_study = next(c for c in spanish.bodies if c.slug == "digital-cities").summary.highlights[0].text
    assert (spanish_study.language, spanish_study.untranslated) == ("fr", True)

    # Seven reports expected (six bodies and Antony); received: Digital Cities (15 March 2021), France urbaine's
    # commission (30 March), the dialogue platform (8 April, in the grace period) and the mid-sized cities'
    # working group (2 May, late); on time by the 31 March due date: the first two.
    reporting = french.overview.reporting
    assert (reporting.expected, reporting.received, reporting.on_time) == (7, 4, 2)
    assert [period.label for period in reporting.periods] == ["2020"]
