"""The maturity pages' charts, drawn by matplotlib as SVG (text kept as text, reproducible), shown inline.

- ``distribution``: per theme, how many members stand at each level (stacked bars, one colour per level),
  with the median marked: the network's picture of one campaign.
- ``history``: one member's level per theme in each campaign it submitted (dots joined across campaigns),
  with the network's median of each campaign where at least three members submitted (hollow diamonds).

matplotlib's settings are process-wide, so drawing is serialised by a lock.
"""

from __future__ import annotations

import io
import threading
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from coordination.core import i18n
from coordination.maturity.schemas import CampaignFigures, MemberHistory

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# matplotlib is imported where a chart is drawn, not with this module: it holds about 50 MB, which every worker
# would carry for the few requests that draw one (tests/test_packaging.py checks the app starts without it).

# Okabe–Ito colours, from the lowest level to the highest.
LEVEL_COLOURS = ["#D55E00", "#E69F00", "#F0E442", "#56B4E9", "#0072B2", "#009E73", "#CC79A7", "#999999"]
CAMPAIGN_COLOURS = ["#999999", "#56B4E9", "#E69F00", "#0072B2", "#009E73"]
WIDTH_INCHES = 7.0
# The id of the caption that names the chart: the page that shows a chart gives its <figcaption> this id.
CAPTION_ID = "chart-caption"

_lock = threading.Lock()


def _settings(key: str) -> dict[str, Any]:
    return {
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "svg.fonttype": "none",
        "svg.hashsalt": f"maturity-{key}",
        "text.parse_math": False,
        "text.usetex": False,
    }


def _svg(figure: Figure) -> Markup:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    document = buffer.getvalue().decode()
    # Inline in the page: without the XML prologue and doctype, scaling to the screen's width, and named for screen
    # readers by the page's caption (``CAPTION_ID``).
    start = document.index("<svg")
    drawing = document[start:].replace(
        "<svg ", f'<svg role="img" aria-labelledby="{CAPTION_ID}" style="max-width:100%;height:auto" ', 1
    )
    return Markup(drawing)


def distribution(
    figures: CampaignFigures, *, level_label: str, members_label: str, median_label: str, language: str = "en"
) -> Markup:
    themes = figures.themes
    rows = max(1, len(themes))
    top = max((theme.levels for theme in themes), default=1)
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    with _lock, rc_context(_settings(f"distribution-{figures.campaign.slug}")):  # type: ignore[arg-type]
        figure = Figure(figsize=(WIDTH_INCHES, 1.5 + 0.45 * rows), layout="constrained")
        axes = figure.add_subplot()
        positions = list(range(rows))
        left = [0.0] * rows
        for level in range(1, top + 1):
            values = [float(theme.distribution[level - 1]) if level <= theme.levels else 0.0 for theme in themes]
            if not any(values):
                continue
            axes.barh(
                positions,
                values,
                left=left,
                color=LEVEL_COLOURS[(level - 1) % len(LEVEL_COLOURS)],
                label=f"{level_label} {level}",
                height=0.62,
                edgecolor="white",
            )
            left = [start + value for start, value in zip(left, values, strict=True)]
        for position, theme in zip(positions, themes, strict=True):
            if theme.median is not None:
                axes.text(
                    left[position],
                    position,
                    f"  {median_label} {i18n.format_number(theme.median, language)}",
                    va="center",
                    fontsize=8,
                )
        axes.set_yticks(positions, labels=[theme.title for theme in themes])
        axes.invert_yaxis()
        axes.set_xlabel(members_label)
        axes.set_xlim(0, max([*left, 1.0]) * 1.45)
        axes.spines[["top", "right"]].set_visible(False)
        if axes.get_legend_handles_labels()[0]:
            axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12 if rows > 3 else -0.3), ncols=5, frameon=False)
        return _svg(figure)


def history(member: MemberHistory, *, level_label: str, median_label: str) -> Markup:
    themes = member.themes
    rows = max(1, len(themes))
    positions = {code: index for index, (code, _title) in enumerate(themes)}
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    with _lock, rc_context(_settings(f"history-{member.member}")):  # type: ignore[arg-type]
        figure = Figure(figsize=(WIDTH_INCHES, 1.5 + 0.45 * rows), layout="constrained")
        axes = figure.add_subplot()
        for index, point in enumerate(member.points):
            colour = CAMPAIGN_COLOURS[(index + len(CAMPAIGN_COLOURS) - len(member.points)) % len(CAMPAIGN_COLOURS)]
            codes = [code for code, _ in themes if code in point.levels]
            axes.plot(
                [point.levels[code] for code in codes],
                [positions[code] for code in codes],
                "o",
                color=colour,
                markersize=9,
                label=point.campaign_name,
            )
        latest = member.points[-1] if member.points else None
        if latest is not None and latest.network_median:
            codes = [code for code, _ in themes if code in latest.network_median]
            axes.plot(
                [latest.network_median[code] for code in codes],
                [positions[code] for code in codes],
                "D",
                markerfacecolor="none",
                markeredgecolor="#1d2433",
                markersize=10,
                label=f"{median_label} ({latest.campaign_name})",
            )
        axes.set_yticks(list(range(rows)), labels=[title for _code, title in themes] or [""])
        axes.invert_yaxis()
        axes.set_xlabel(level_label)
        axes.set_xlim(
            0.5, 5.5 if not themes else max(5, *(max(p.levels.values(), default=1) for p in member.points)) + 0.5
        )
        axes.grid(axis="x", color="#d9dde5", linewidth=0.6)
        axes.spines[["top", "right"]].set_visible(False)
        if axes.get_legend_handles_labels()[0]:
            axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12 if rows > 3 else -0.3), ncols=2, frameon=False)
        return _svg(figure)
