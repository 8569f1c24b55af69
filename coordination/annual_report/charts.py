"""The report's charts, drawn by matplotlib from the model's ``Chart`` data: one drawing, two encodings.

HTML and PDF get SVG with its text kept as text (searchable, in the
document's font, sharp at any size); Word gets PNG at 200 dpi. Both come from
the same ``_draw``, so every format shows the same chart. Output is
reproducible: no date in the metadata, a fixed id salt per chart, so the
same model gives the same bytes.

matplotlib's settings are process-wide, so drawing is serialised by a lock
(a chart takes about a tenth of a second).
"""

from __future__ import annotations

import io
import threading
from typing import TYPE_CHECKING, Any, Literal

from coordination.annual_report.model import Chart

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# matplotlib is imported where a chart is drawn, not with this module: it holds about 50 MB, which every worker
# would carry for the few requests that draw one (tests/test_packaging.py checks the app starts without it).

# Okabe–Ito colours: told apart by readers with colour-blindness, and in grey print.
COLOURS = {
    "planned": "#56B4E9",
    "ongoing": "#0072B2",
    "completed": "#009E73",
    "postponed": "#E69F00",
    "cancelled": "#D55E00",
    "on_time": "#009E73",
    "late": "#E69F00",
    "missing": "#999999",
}
FALLBACK_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"]
WIDTH_INCHES = 7.0
PNG_DPI = 200

_lock = threading.Lock()


def _settings(chart: Chart) -> dict[str, Any]:
    return {
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "svg.fonttype": "none",  # text stays text
        "svg.hashsalt": f"coordination-{chart.key}",  # stable ids, distinct per chart in one page
        "text.parse_math": False,  # a "$" in a priority's title is a dollar sign, not mathematics
        "text.usetex": False,
    }


def _draw(chart: Chart) -> Figure:
    # A bare Figure (no pyplot): no window, no global figure list; savefig picks the SVG or PNG canvas.
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    rows = max(1, len(chart.categories))
    figure = Figure(figsize=(WIDTH_INCHES, 1.4 + 0.42 * rows), layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(rows))
    left = [0.0] * rows
    for index, series in enumerate(chart.series):
        values = series.values or [0.0] * rows
        if not any(values):
            continue  # a status no activity has would only crowd the legend
        colour = COLOURS.get(series.key, FALLBACK_COLOURS[index % len(FALLBACK_COLOURS)])
        axes.barh(positions, values, left=left, color=colour, label=series.label, height=0.62, edgecolor="white")
        left = [start + value for start, value in zip(left, values, strict=True)]
    for position, total in zip(positions, left, strict=True):
        axes.text(total, position, f" {total:g}", va="center", ha="left", fontsize=8, color="#1d2433")
    axes.set_yticks(positions, labels=chart.category_labels or chart.categories)
    axes.invert_yaxis()  # the first category on top, as in the tables
    axes.set_xlabel(chart.value_label)
    axes.set_xlim(0, max([*left, 1.0]) * 1.12)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 2.5 activities
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="x", color="#d9dde5", linewidth=0.6)
    axes.set_axisbelow(True)
    if not axes.get_legend_handles_labels()[0]:
        return figure  # nothing to show but the axes: no legend to draw
    axes.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.18 if rows > 2 else -0.35),
        ncols=min(5, max(1, len(chart.series))),
        frameon=False,
        fontsize=8,
    )
    return figure


def render(chart: Chart, kind: Literal["svg", "png"]) -> bytes:
    """The chart as an SVG document or a PNG image."""
    from matplotlib import rc_context

    with _lock, rc_context(_settings(chart)):  # type: ignore[arg-type]
        figure = _draw(chart)
        buffer = io.BytesIO()
        if kind == "svg":
            figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        else:
            figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buffer.getvalue()


def svg(chart: Chart) -> bytes:
    return render(chart, "svg")


def png(chart: Chart) -> bytes:
    return render(chart, "png")
