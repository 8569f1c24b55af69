"""What progress reporting gives (approved narratives, highlights, completeness) reaches every format.

``sources.reporting_source()`` reads the network's own progress reports (the demo's
approved 2020 report is checked in ``test_demo_report.py``); a ``StaticSource``
stands for them here, with figures computed by hand.
"""

from __future__ import annotations

from datetime import date

import pytest
from litestar import Litestar

from coordination.annual_report import builder, services, sources
from coordination.annual_report import model as m
from coordination.annual_report.exporters import export
from tests.annual_report.documents import read_docx, read_pdf
from tests.factories.annual_report import synthetic_network


@pytest.fixture
async def reported(db: Litestar) -> tuple[m.ReportModel, m.ReportModel]:
    """The 2020 report of two bodies whose reports were approved, in French and in Spanish."""
    network = await synthetic_network(2, activities_per_body=2, events_per_body=1)
    data = await builder.load_year(2020, source=network.source)
    return builder.build_model(data, language="fr"), builder.build_model(data, language="es")


async def test_narratives_highlights_and_reporting_figures_are_in_the_model(
    reported: tuple[m.ReportModel, m.ReportModel],
) -> None:
    french, spanish = reported
    activity = french.bodies[0].priorities[0].activities[0]
    assert activity.narratives[0].text.text.startswith("Avancement de l'activité")  # translated
    assert activity.narratives[0].text.untranslated is False
    spanish_activity = spanish.bodies[0].priorities[0].activities[0]
    assert spanish_activity.narratives[0].text.untranslated is True  # no Spanish: the English original, marked
    assert spanish_activity.narratives[0].text.language == "en"
    assert french.bodies[0].summary.source == "approved_reports"
    assert french.bodies[0].summary.highlights[0].title.text == "Guide published"

    reporting = french.overview.reporting
    # Two bodies × two periods × 5 reports expected; body 1 misses one report per period, and some come late.
    assert (reporting.expected, reporting.received, reporting.on_time) == (20, 18, 16)
    assert (reporting.completeness_percent, reporting.timeliness_percent) == (90, 80)
    assert [chart.key for chart in french.overview.charts] == ["activities_by_priority", "reporting_timeliness"]
    timeliness = french.overview.charts[1]
    assert timeliness.series[0].label == "Reçus à temps"
    assert [series.values for series in timeliness.series] == [[9.0, 7.0], [0.0, 2.0], [1.0, 1.0]]


async def test_every_format_carries_them(reported: tuple[m.ReportModel, m.ReportModel]) -> None:
    french, _ = reported
    narrative = french.bodies[0].priorities[0].activities[0].narratives[0].text.text
    html = export(french, "html").content.decode()
    assert narrative.replace("'", "&#39;") in html
    assert html.count("<figure") == 2
    assert "Complétude\u00a0: 18 rapports reçus sur 20 attendus (90\u00a0%)." in html
    word = read_docx(export(french, "docx").content)
    assert narrative in word.text
    assert len(word.document.inline_shapes) == 2
    assert "Guide published" in word.text
    markdown = export(french, "md").content.decode()
    assert "| 2020, first half | 10 | 9 | 9 |" in markdown
    pdf = read_pdf(export(french, "pdf").content)
    assert "Ponctualité des rapports par période" in pdf.text


async def test_a_year_without_reporting_periods_says_so(db: Litestar) -> None:
    """No period covers the year: nothing approved, no figures; the report says so rather than show zeros."""
    await synthetic_network(1, activities_per_body=1, events_per_body=0)
    report = await services.draft_model(year=2020, language="en", require_draft=False)
    assert isinstance(sources.reporting_source(), sources.ReportingServices)
    assert report.overview.reporting.available is False
    assert report.bodies[0].summary.source == "none"
    html = export(report, "html").content.decode()
    assert "No approved report for this body yet." in html
    assert "Reporting figures are not available for 2020." in html


async def test_the_scheduled_job_drafts_a_year_once_its_last_period_has_closed(db: Litestar) -> None:
    closes = sources.StaticSource(last_end=date(2020, 12, 31))
    assert await services.draft_after_last_period_closed(today=date(2020, 12, 31), source=closes) == []
    assert await services.draft_after_last_period_closed(today=date(2021, 1, 1), source=closes) == [2020]
    assert (await services.get_draft(year=2020)).updated_by == "system"
    # Every worker runs it: the second run, and later days, leave the draft alone.
    assert await services.draft_after_last_period_closed(today=date(2021, 1, 2), source=closes) == []
    assert await services.draft_after_last_period_closed(today=date(2021, 1, 2)) == []  # nothing to go on yet
