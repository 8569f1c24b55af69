"""HTML: the report template rendered with the model; the PDF and the preview page use the same template."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from jinja2 import Environment

from coordination.annual_report import charts, wording
from coordination.annual_report.model import ReportModel
from coordination.annual_report.wording import Wording
from coordination.core.settings import PACKAGE_ROOT
from coordination.core.templating import build_environment, package_template_dirs

TEMPLATE = "annual_report/report.html"


@dataclass(frozen=True)
class Preview:
    """The bar the preview page shows above the report: a way back and the language switch."""

    back: str
    languages: Sequence[tuple[str, str]]  # (language code, address of the preview in it)


@cache
def environment() -> Environment:
    return build_environment(package_dirs=package_template_dirs(PACKAGE_ROOT))


def chart_images(model: ReportModel) -> dict[str, str]:
    """Each chart as an SVG data address: an image cannot run scripts, and its ids never clash with the page's."""
    drawn = list(model.overview.charts)
    if model.maturity is not None and model.maturity.chart is not None:
        drawn.append(model.maturity.chart)
    return {
        chart.key: "data:image/svg+xml;base64," + base64.b64encode(charts.svg(chart)).decode("ascii") for chart in drawn
    }


def render_text(model: ReportModel, *, preview: Preview | None = None) -> str:
    template = environment().get_template(TEMPLATE)
    return template.render(
        report=model,
        words=Wording(model.language),
        W=wording,
        charts=chart_images(model),
        preview=preview,
        lang=model.language,
    )


def render(model: ReportModel) -> bytes:
    return render_text(model).encode("utf-8")
