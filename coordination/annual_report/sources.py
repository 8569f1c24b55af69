"""What the annual report takes from progress reporting, through one narrow interface.

The report needs four things from the progress-reporting domain
(``coordination/reporting/``): the narratives of the year's *approved*
reports, per activity; the highlights of those reports, per body (the
"summary of results"); the reporting completeness and timeliness per period;
and when the year's last reporting period closes (for the job that drafts
the report). They come through ``ReportingSource``, as the plain structs
below, and nothing else in this domain knows where they come from.

``reporting_source()`` gives ``ReportingServices``, which reads them from
``coordination.reporting.services`` in a fixed number of queries whatever
the number of bodies (the report's query count must not grow with them):

- ``approved_narratives``: ``approved_entries`` of every approved report of
  the year, one per entry that names an activity;
- ``highlights``: ``approved_highlights`` of the year, for body reporters;
- ``completeness``: ``completeness(year=…, reconcile=False)`` (a read: the
  builder never writes), one ``PeriodFigures`` per period;
- ``last_period_end``: the latest end date of the year's periods.

``NOT_AVAILABLE`` and ``StaticSource`` remain for tests, the benchmark and a
network that keeps its reporting elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

import msgspec

from coordination.core.i18n import LANGUAGES
from coordination.core.translated import Translations
from coordination.maturity import services as maturity
from coordination.reporting import services as reporting
from coordination.reporting.enums import ReporterKind
from coordination.reporting.rules import Scope
from coordination.reporting.schemas import PeriodRef
from coordination.reporting.timing import describe_period

# The annual report is the secretariat's: it reads every approved report.
EVERYTHING = Scope(everything=True, body_ids=frozenset(), member_ids=frozenset())


class ApprovedNarrative(msgspec.Struct, frozen=True, kw_only=True):
    """What an approved progress report says about one activity, in the language it was written in."""

    activity_id: int
    period_label: str  # the reporting period as people name it: "2020, first half"
    period_labels: dict[str, str] = {}  # the same by language, where it differs between languages
    text: str
    language: str | None = None  # None: not recorded
    translations: Translations = {}
    approved_on: date | None = None


class Highlight(msgspec.Struct, frozen=True, kw_only=True):
    """A result a body's approved reports put forward for the year."""

    body_slug: str
    title: str
    text: str
    language: str | None = None
    translations: Translations = {}


class PeriodFigures(msgspec.Struct, frozen=True, kw_only=True):
    """Reports expected in one period, received (approved or submitted), and received by the due date."""

    label: str
    labels: dict[str, str] = {}  # the label by language, where it differs between languages
    start: date
    end: date
    expected: int
    received: int
    on_time: int
    body_slug: str | None = None  # None: the whole network


class Completeness(msgspec.Struct, frozen=True, kw_only=True):
    available: bool
    periods: list[PeriodFigures] = []


class ReportingSource(Protocol):
    async def approved_narratives(self, year: int) -> list[ApprovedNarrative]: ...

    async def highlights(self, year: int) -> list[Highlight]: ...

    async def completeness(self, year: int) -> Completeness: ...

    async def last_period_end(self, year: int) -> date | None:
        """The last day of the year's last reporting period; None when the year has no period."""
        ...


class NotAvailable:
    """Progress reporting is not there (yet): nothing approved, no figures, no periods."""

    async def approved_narratives(self, year: int) -> list[ApprovedNarrative]:
        return []

    async def highlights(self, year: int) -> list[Highlight]:
        return []

    async def completeness(self, year: int) -> Completeness:
        return Completeness(available=False)

    async def last_period_end(self, year: int) -> date | None:
        return None


NOT_AVAILABLE = NotAvailable()


# ------------------------------------------------------------------ digital maturity


class MaturityThemeFigures(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    titles: dict[str, str]  # by language
    levels: int
    distribution: list[int]
    median: float | None


class SharedLevels(msgspec.Struct, frozen=True, kw_only=True):
    member_slug: str
    member_name: str
    member_country: str = ""
    levels: dict[str, int]


class MaturityYear(msgspec.Struct, frozen=True, kw_only=True):
    """The latest maturity campaign that ended in the year, for the network (members named only if shared)."""

    campaign: str
    name: str
    start: date
    end: date
    participants: int
    themes: list[MaturityThemeFigures] = []  # empty when fewer than three members submitted
    weakest: list[str] = []
    shared: list[SharedLevels] = []


class MaturitySource(Protocol):
    async def maturity(self, year: int) -> MaturityYear | None: ...


@dataclass(frozen=True)
class StaticMaturity:
    """A fixed campaign (or none): for tests and the benchmark."""

    figures: MaturityYear | None = None

    async def maturity(self, year: int) -> MaturityYear | None:
        return self.figures


NO_MATURITY = StaticMaturity()


class MaturityServices:
    """The year's campaign through ``coordination.maturity.services``: a fixed number of queries."""

    async def maturity(self, year: int) -> MaturityYear | None:
        campaigns = await maturity.campaigns_of_year(year=year)
        if not campaigns:
            return None
        campaign = campaigns[0]
        by_language = {
            language: await maturity.campaign_figures(slug=campaign.slug, language=language) for language in LANGUAGES
        }
        figures = by_language["en"]
        submitted = await maturity.submitted_in(campaign_ids=[await maturity.campaign_id(slug=campaign.slug)])
        shown = figures.comparable
        return MaturityYear(
            campaign=campaign.slug,
            name=campaign.name,
            start=campaign.start_date,
            end=campaign.end_date,
            participants=figures.participants,
            themes=[
                MaturityThemeFigures(
                    code=theme.theme,
                    titles={language: by_language[language].themes[index].title for language in LANGUAGES},
                    levels=theme.levels,
                    distribution=theme.distribution,
                    median=theme.median,
                )
                for index, theme in enumerate(figures.themes)
            ]
            if shown
            else [],
            weakest=figures.weakest if shown else [],
            shared=[
                SharedLevels(member_slug=item.member, member_name=item.member_name, levels=item.levels)
                for items in submitted.values()
                for item in items
                if item.shared
            ],
        )


def maturity_source() -> MaturitySource:
    """The source the application uses: the network's own maturity campaigns."""
    return MaturityServices()


@dataclass(frozen=True)
class StaticSource:
    """Fixed figures: for tests, the benchmark, and a network that keeps its reporting elsewhere."""

    narratives: list[ApprovedNarrative] = field(default_factory=list)
    highlight_list: list[Highlight] = field(default_factory=list)
    figures: Completeness = field(default_factory=lambda: Completeness(available=False))
    last_end: date | None = None  # the last day of the last reporting period, for its year only

    async def approved_narratives(self, year: int) -> list[ApprovedNarrative]:
        return list(self.narratives)

    async def highlights(self, year: int) -> list[Highlight]:
        return list(self.highlight_list)

    async def completeness(self, year: int) -> Completeness:
        return self.figures

    async def last_period_end(self, year: int) -> date | None:
        return self.last_end if self.last_end is not None and self.last_end.year == year else None


def _renamed(translations: Translations, names: dict[str, str]) -> Translations:
    """Translations with reporting's field names (``narrative``, ``summary``) turned into this module's."""
    return {
        language: {names[field]: text for field, text in texts.items() if field in names}
        for language, texts in translations.items()
    }


def _labels(period: PeriodRef) -> dict[str, str]:
    """A reporting period as people say it in each language: its name, or "2020", "H1 2021", "T3 2020"…"""
    return {
        language: describe_period(
            kind=period.kind, name=period.name, start=period.start_date, end=period.end_date, language=language
        )
        for language in LANGUAGES
    }


class ReportingServices:
    """What the network's own progress reports say, through ``coordination.reporting.services``."""

    async def approved_narratives(self, year: int) -> list[ApprovedNarrative]:
        entries = await reporting.approved_entries(scope=EVERYTHING, year=year)
        periods = {ref.slug: _labels(ref) for ref in (await reporting.completeness(year=year, reconcile=False)).periods}
        return [
            ApprovedNarrative(
                activity_id=entry.activity,
                period_label=periods[entry.period]["en"] if entry.period in periods else entry.period,
                period_labels=periods.get(entry.period, {}),
                text=entry.narrative,
                language=entry.language,
                translations=_renamed(entry.translations, {"narrative": "text"}),
                approved_on=entry.approved_at.date(),
            )
            for entry in entries
            if entry.activity is not None and entry.narrative.strip()
        ]

    async def highlights(self, year: int) -> list[Highlight]:
        return [
            Highlight(
                body_slug=highlight.reporter.slug,
                title=highlight.title,
                text=highlight.summary,
                language=highlight.language,
                translations=_renamed(highlight.translations, {"summary": "text", "title": "title"}),
            )
            for highlight in await reporting.approved_highlights(scope=EVERYTHING, year=year)
            if highlight.reporter.kind is ReporterKind.body
        ]

    async def completeness(self, year: int) -> Completeness:
        figures = await reporting.completeness(year=year, reconcile=False)
        rates = {rates.period: rates for rates in figures.rates}
        periods = [
            PeriodFigures(
                label=_labels(period)["en"],
                labels=_labels(period),
                start=period.start_date,
                end=period.end_date,
                expected=rates[period.slug].expected,
                received=rates[period.slug].received,
                on_time=rates[period.slug].on_time,
            )
            for period in figures.periods
        ]
        return Completeness(available=bool(periods), periods=periods)

    async def last_period_end(self, year: int) -> date | None:
        periods = (await reporting.completeness(year=year, reconcile=False)).periods
        ends = [period.end_date for period in periods if period.end_date.year == year]
        return max(ends) if ends else None


def reporting_source() -> ReportingSource:
    """The source the application uses: the network's own progress reports."""
    return ReportingServices()
