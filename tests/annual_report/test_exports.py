"""Exporters: user text stays text in every format; the same model gives the same bytes; the schema is published."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from litestar import Litestar

from coordination.activities.enums import DatePrecision
from coordination.activities.schemas import Period
from coordination.annual_report import charts, services
from coordination.annual_report import model as m
from coordination.annual_report.exporters import FORMATS, export
from coordination.annual_report.exporters.markdown import cell, escape
from tests.annual_report.documents import read_docx, read_pdf
from tests.factories.activities import activity, priority
from tests.factories.bodies import body, term
from tests.factories.members import member

ROOT = Path(__file__).resolve().parents[2]
YEAR_2020 = Period(precision=DatePrecision.year, start=date(2020, 1, 1))
SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
async def hostile(db: Litestar) -> m.ReportModel:
    """A body named like HTML, with an activity whose texts try Markdown and HTML too."""
    await priority(code="A")
    await member(slug="bilbao", name="Bilbao", country="ES")
    await body(slug="script", name=SCRIPT, mandate="Tables | pipes, *stars* and <b>tags</b>")
    await term(body_slug="script", member_slug="bilbao", start_date=date(2019, 1, 1))
    await activity(
        body="script",
        priority="A",
        title="# Not a heading <img src=x onerror=alert(1)>",
        description="1. not a list\n\n<iframe src='https://example.org'></iframe> & co",
        planned=YEAR_2020,
    )
    return await services.draft_model(year=2020, language="en", require_draft=False)


async def test_html_shows_user_html_as_text(hostile: m.ReportModel) -> None:
    html = export(hostile, "html").content.decode()
    assert "<script>alert" not in html
    assert "<iframe" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "&lt;iframe" in html


async def test_pdf_and_word_show_user_html_as_text(hostile: m.ReportModel) -> None:
    pdf = read_pdf(export(hostile, "pdf").content)
    assert SCRIPT in pdf.text
    assert "# Not a heading <img src=x onerror=alert(1)>" in pdf.text
    word = read_docx(export(hostile, "docx").content)
    assert SCRIPT in word.headings(1)
    assert "# Not a heading <img src=x onerror=alert(1)>" in word.headings(4)
    assert "<iframe src='https://example.org'></iframe> & co" in word.text


async def test_markdown_escapes_what_it_would_otherwise_render(hostile: m.ReportModel) -> None:
    markdown = export(hostile, "md").content.decode()
    assert "## \\<script\\>alert('x')\\</script\\>" in markdown
    assert "##### \\# Not a heading \\<img src=x onerror=alert(1)\\>" in markdown
    assert "\n1\\. not a list\n" in markdown
    assert "Tables \\| pipes, \\*stars\\* and \\<b\\>tags\\</b\\>" in markdown
    assert "\\<iframe src='https://example.org'\\>\\</iframe\\> & co" in markdown
    assert not re.search(r"(?<!\\)<(iframe|script|img|b>)", markdown), "an unescaped tag reaches the Markdown"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a | b", "a \\| b"),
        ("line one\nline two", "line one<br>line two"),
        ("<b>bold</b>", "\\<b\\>bold\\</b\\>"),
        ("*not* _emphasis_", "\\*not\\* \\_emphasis\\_"),
        ("# not a heading", "\\# not a heading"),
        ("2020. A year", "2020\\. A year"),
        ("- not an item", "\\- not an item"),
        ("R&D &amp; more", "R&D \\&amp; more"),
        ("[link](https://x)", "\\[link\\](https://x)"),
        ("", " "),
    ],
)
def test_markdown_table_cells_keep_the_table_whole(text: str, escaped: str) -> None:
    assert cell(text) == escaped


def test_markdown_escapes_in_the_middle_of_a_line_only_what_needs_it() -> None:
    assert escape("A-B 1. 2020", starts_line=False) == "A-B 1. 2020"
    assert escape("see `code` ~here~") == "see \\`code\\` \\~here\\~"


async def test_the_same_model_gives_the_same_bytes_in_every_format(hostile: m.ReportModel) -> None:
    for format in FORMATS:
        assert export(hostile, format).content == export(hostile, format).content, format
    chart = hostile.overview.charts[0]
    assert charts.svg(chart) == charts.svg(chart)
    assert charts.png(chart) == charts.png(chart)


async def test_chart_text_is_escaped_and_not_read_as_mathematics(db: Litestar) -> None:
    await priority(code="A", title_en="Budgets in $ and € <b>", title_fr="", title_es="")
    await body(slug="b")
    await activity(body="b", priority="A", planned=YEAR_2020)
    report = await services.draft_model(year=2020, language="en", require_draft=False)
    svg = charts.svg(report.overview.charts[0]).decode()
    assert "A. Budgets in $ and € &lt;b&gt;" in svg


def test_the_published_schema_is_the_models() -> None:
    published = (ROOT / "docs" / "annual-report.schema.json").read_text()
    assert published == m.schema_document(), (
        "regenerate it: .venv/bin/python -m coordination.annual_report.model > docs/annual-report.schema.json"
    )


async def test_a_year_with_nothing_to_report_still_gives_every_format(db: Litestar) -> None:
    report = await services.draft_model(year=1999, language="es", require_draft=False)
    assert report.overview.charts == []
    for format in FORMATS:
        assert export(report, format).content, format
    html = export(report, "html").content.decode()
    assert "Ningún órgano sobre el que informar en 1999." in html
    assert "Ningún evento público en 1999." in html
