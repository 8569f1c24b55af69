"""The network's figures of a campaign, computed from the submitted levels: pure functions, no database.

- Participants: members whose assessment was submitted at least once (their latest submission counts).
- Per theme: how many members stand at each level, the median (of an even count, the mean of the two middle
  levels) and the mean, rounded to two decimals.
- Weakest themes: those with the lowest median (ties kept, in the framework's order); the mean breaks no tie,
  so a reader can check them from the distribution alone.
- Progress: a member's level now minus its level in the latest earlier campaign it submitted for, per theme
  present in both, and the mean of those changes.
"""

from __future__ import annotations

from statistics import mean, median

from coordination.maturity.schemas import MemberProgress, SubmittedAssessment, ThemeFigures, ThemeIn


def theme_figures(theme: ThemeIn, title: str, submitted: list[SubmittedAssessment]) -> ThemeFigures:
    top = max(level.level for level in theme.levels)
    levels = [item.levels[theme.code] for item in submitted if theme.code in item.levels]
    distribution = [sum(1 for level in levels if level == value) for value in range(1, top + 1)]
    return ThemeFigures(
        theme=theme.code,
        title=title,
        levels=top,
        distribution=distribution,
        answered=len(levels),
        median=round(float(median(levels)), 2) if levels else None,
        mean=round(float(mean(levels)), 2) if levels else None,
    )


def weakest(themes: list[ThemeFigures]) -> list[str]:
    medians = [theme.median for theme in themes if theme.median is not None]
    if not medians:
        return []
    lowest = min(medians)
    return [theme.theme for theme in themes if theme.median == lowest]


def progress(
    now: list[SubmittedAssessment], earlier: list[tuple[str, list[SubmittedAssessment]]]
) -> list[MemberProgress]:
    """``earlier``: the previous campaigns, latest first, each with its submissions."""
    changes: list[MemberProgress] = []
    for item in now:
        for campaign_slug, submissions in earlier:
            before = next((old for old in submissions if old.member == item.member), None)
            if before is None:
                continue
            deltas = {code: level - before.levels[code] for code, level in item.levels.items() if code in before.levels}
            if deltas:
                changes.append(
                    MemberProgress(
                        member=item.member,
                        member_name=item.member_name,
                        previous_campaign=campaign_slug,
                        changes=deltas,
                        mean_change=round(mean(deltas.values()), 2),
                    )
                )
            break
    return sorted(changes, key=lambda change: (-change.mean_change, change.member_name.casefold()))
