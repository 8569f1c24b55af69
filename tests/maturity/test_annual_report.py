"""The annual report's digital-maturity section: the year's campaign for the network, in every language and
format; figures withheld below three submissions; members named only when they shared their answers."""

from __future__ import annotations

import json

from coordination.annual_report import builder
from coordination.annual_report.exporters import export
from coordination.maturity import services as maturity
from tests.maturity.conftest import World

HEADINGS = {"en": "Digital maturity", "fr": "Maturité numérique", "es": "Madurez digital"}


async def test_the_section_renders_the_years_campaign_in_three_languages(world: World) -> None:
    current = await maturity.get_assessment(campaign=world.campaign, member="la-rochelle")
    await maturity.set_shared(campaign=world.campaign, member="la-rochelle", revision=current.revision, shared=True)
    data = await builder.load_year(2020)
    for language, heading in HEADINGS.items():
        model = builder.build_model(data, language=language)
        assert model.maturity is not None
        assert model.maturity.participants == 4
        assert model.maturity.shown
        data_theme = next(theme for theme in model.maturity.themes if theme.code == "data")
        assert (data_theme.distribution, data_theme.median) == ([2, 1, 1, 0], 1.5)
        assert model.maturity.weakest == ["data"]
        assert [item.member.slug for item in model.maturity.shared] == ["la-rochelle"]
        markdown = export(model, "md").content.decode()
        assert f"\n## {heading}\n" in markdown
        html = export(model, "html").content.decode()
        assert f'<h2 class="running">{heading}</h2>' in html
        assert "Ville d’Antony" not in markdown  # not shared: never named
        assert "La Rochelle" in markdown
        assert json.loads(export(model, "json").content)["maturity"]["participants"] == 4
    french = export(builder.build_model(data, language="fr"), "md").content.decode()
    assert "| Gestion des données | 2 | 1 | 1 | 0 | 1,5 |" in french


async def test_below_three_submissions_the_figures_are_withheld(world: World) -> None:
    model = builder.build_model(await builder.load_year(2019), language="en")
    assert model.maturity is not None
    assert model.maturity.participants == 2
    assert not model.maturity.shown
    assert model.maturity.themes == []
    markdown = export(model, "md").content.decode()
    assert "Fewer than three members took part" in markdown


async def test_a_year_without_a_campaign_has_no_section(world: World) -> None:
    model = builder.build_model(await builder.load_year(2018), language="en")
    assert model.maturity is None
    assert "Digital maturity" not in export(model, "md").content.decode()
