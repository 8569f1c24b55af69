"""``coordination report YEAR --format … --lang … --output …``, run as an operator runs it: in its own process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.annual_report.documents import read_docx

pytestmark = pytest.mark.demo


def _report(database_url: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COORDINATION_DATABASE_URL": database_url, "COORDINATION_SCHEDULER": "off"}
    return subprocess.run(
        [sys.executable, "-m", "coordination.cli", "report", *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


async def test_the_french_word_report_of_2020(database_url: str, tmp_path: Path) -> None:
    done = _report(database_url, "2020", "--format", "docx", "--lang", "fr", "--output", str(tmp_path))
    assert done.returncode == 0, done.stderr
    written = tmp_path / "annual-report-2020-draft-fr.docx"
    assert done.stdout.startswith(f"wrote {written} (")
    assert "annual report 2020 (docx, fr)" in done.stderr  # the progress bar's label
    document = read_docx(written.read_bytes())
    assert document.headings(1)[0] == "Vue d’ensemble du réseau"
    assert "Chef de file\u00a0: Bilbao, depuis le 15 octobre 2016" in document.text


async def test_one_body_in_markdown(database_url: str, tmp_path: Path) -> None:
    target = tmp_path / "digital-cities.md"
    done = _report(
        database_url, "2020", "--format", "md", "--lang", "es", "--body", "digital-cities", "--output", str(target)
    )
    assert done.returncode == 0, done.stderr
    markdown = target.read_text()
    assert "Este informe trata de un solo órgano: Digital Cities Community of Practice." in markdown
    assert markdown.count("\n## ") == 4  # contents, overview, the one chapter, the annex


async def test_mistakes_are_said_plainly_and_write_nothing(database_url: str, tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    unknown_body = _report(database_url, "2020", "--body", "atlantis", "--output", str(target))
    assert unknown_body.returncode != 0
    assert "body: no body has the slug 'atlantis'" in unknown_body.stderr
    no_edition = _report(database_url, "2020", "--edition", "3", "--output", str(target))
    assert "the 2020 report has no edition 3" in no_edition.stderr
    bad_format = _report(database_url, "2020", "--format", "odt", "--output", str(target))
    assert "Invalid value for '--format'" in bad_format.stderr
    assert not target.exists()
