"""The demo's 2020 campaign: the five DataCités 2 territories assessed, the figures by hand, the CLI."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from litestar import Litestar

from coordination.maturity import services as maturity

pytestmark = pytest.mark.demo

DATACITES = {"antony", "bassin-de-pompey", "grand-poitiers", "la-rochelle", "geneve"}


async def test_the_five_datacites_territories_submitted_for_2020(db: Litestar) -> None:
    assessments = await maturity.list_assessments(campaign="digital-maturity-2020")
    assert {item.member for item in assessments} == DATACITES
    assert {item.state.value for item in assessments} == {"submitted"}
    figures = await maturity.campaign_figures(slug="digital-maturity-2020", language="es")
    assert figures.campaign.published
    assert figures.participants == 5
    by_code = {theme.theme: theme for theme in figures.themes}
    assert by_code["data"].title == "Gestión de datos"
    # Data management: Antony 2, Pompey 1, Poitiers 2, La Rochelle 3, Geneva 4.
    assert (by_code["data"].distribution, by_code["data"].median, by_code["data"].mean) == ([1, 2, 1, 1, 0], 2.0, 2.4)
    # Digital inclusion: 1, 2, 2, 3, 2.
    assert (by_code["inclusion"].distribution, by_code["inclusion"].mean) == ([1, 3, 1, 0, 0], 2.0)
    assert figures.weakest == ["data", "inclusion"]


async def test_the_cli_lists_campaigns_and_prints_a_campaigns_figures(database_url: str) -> None:
    env = {**os.environ, "COORDINATION_DATABASE_URL": database_url, "COORDINATION_SCHEDULER": "off"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "coordination.cli", "maturity", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    campaigns = run("campaigns")
    assert campaigns.returncode == 0, campaigns.stderr
    assert (
        campaigns.stdout == "digital-maturity-2020\t2020-01-01..2020-12-31\tsmart-city-self-diagnostic v1\tpublished\n"
    )
    figures = run("figures", "digital-maturity-2020", "--lang", "fr")
    assert figures.returncode == 0, figures.stderr
    lines = figures.stdout.splitlines()
    assert lines[0] == "Digital maturity 2020 (DataCités 2): 5 submitted, 5 started"
    assert any(
        line.startswith("Gestion des données") and line.endswith("median 2  mean 2.4  (weakest)") for line in lines
    )
    csv = run("figures", "digital-maturity-2020", "--format", "csv")
    assert "data,Data management,1,2,1,1,0,5,2.0,2.4" in csv.stdout
    missing = run("figures", "nope")
    assert missing.returncode != 0
    assert "no campaign has the slug nope" in missing.stderr
